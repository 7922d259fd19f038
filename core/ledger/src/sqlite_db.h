// A thin RAII layer over SQLite's C API: a connection, prepared statements, and
// transactions that roll back unless committed (internal).
#pragma once

#include <shoal/common/result.h>

#include <cstdint>
#include <filesystem>
#include <span>
#include <sqlite3.h>
#include <string>
#include <string_view>
#include <vector>

namespace shoal::ledger {

class Statement {
  public:
    Statement(sqlite3* db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int i, std::int64_t v);
    Statement& bind(int i, std::string_view text);
    Statement& bind_blob(int i, std::span<const std::uint8_t> blob);
    Statement& bind_null(int i);
    // true: a row is ready; false: done. Throws on error (caught by the callers' Result).
    bool step();
    void reset();

    std::int64_t column_int(int i) const;
    std::string column_text(int i) const;
    std::vector<std::uint8_t> column_blob(int i) const;
    std::string column_blob_string(int i) const;
    bool column_is_null(int i) const;

  private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

class Database {
  public:
    static Result<Database> open(const std::filesystem::path& file, bool read_only);
    Database(Database&& o) noexcept : db_(o.db_) { o.db_ = nullptr; }
    Database& operator=(Database&&) = delete;
    ~Database();

    void exec(std::string_view sql);
    Statement prepare(std::string_view sql) { return Statement(db_, sql); }
    sqlite3* handle() { return db_; }

  private:
    explicit Database(sqlite3* db) : db_(db) {}
    sqlite3* db_;
};

// Thrown by Statement and Database on SQLite errors; converted to Error at the API edge.
struct SqliteError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

}  // namespace shoal::ledger
