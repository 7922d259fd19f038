#include "export_format.h"

#include <shoal/common/atomic_file.h>
#include <shoal/common/base64.h>
#include <shoal/ledger/ledger.h>

#include <nlohmann/json.hpp>

#include <fstream>

namespace shoal::ledger {
namespace {

using nlohmann::json;
constexpr const char* kExportFormat = "shoal-ledger-export/1";
constexpr const char* kHeadEncoding =
    "Ed25519 over RFC 6962 TreeHeadSignature: 0x00 0x01 timestamp_ms(u64 BE) tree_size(u64 BE) "
    "root(32)";

std::string b64(std::span<const std::uint8_t> b) {
    return base64_encode(b);
}

std::optional<std::vector<std::uint8_t>> unb64(const json& j) {
    if (!j.is_string()) return std::nullopt;
    return base64_decode(j.get<std::string>());
}

// An export read back: heads in memory, entries streamed from the file.
class ExportSource : public LogSource {
  public:
    explicit ExportSource(std::filesystem::path file) : file_(std::move(file)) {}

    Result<void> read_header_and_heads() {
        std::ifstream in(file_);
        if (!in) return bad_input("cannot read '" + file_.string() + "'");
        std::string line;
        std::size_t line_no = 0;
        while (std::getline(in, line)) {
            ++line_no;
            auto j = json::parse(line, nullptr, false);
            if (j.is_discarded() || !j.is_object())
                return bad_input("'" + file_.string() + "' line " + std::to_string(line_no) +
                                 " is not JSON");
            if (line_no == 1) {
                if (j.value("format", "") != kExportFormat)
                    return bad_input("'" + file_.string() + "' is not a Shoal ledger export");
                auto key = unb64(j["public_key"]);
                if (!key)
                    return bad_input("'" + file_.string() + "': the public key is not base64");
                key_ = *key;
                continue;
            }
            if (!j.contains("head")) continue;
            const json& h = j["head"];
            SignedTreeHead head;
            auto root = unb64(h["root"]);
            auto sig = unb64(h["signature"]);
            if (!root || root->size() != 32 || !sig || !h["tree_size"].is_number_unsigned() ||
                !h["timestamp_ms"].is_number_unsigned())
                return bad_input("'" + file_.string() + "' line " + std::to_string(line_no) +
                                 ": a malformed head");
            head.tree_size = h["tree_size"].get<std::uint64_t>();
            std::copy(root->begin(), root->end(), head.root.begin());
            head.timestamp_ms = h["timestamp_ms"].get<std::uint64_t>();
            head.signature = *sig;
            heads_.push_back(std::move(head));
        }
        if (line_no == 0) return bad_input("'" + file_.string() + "' is empty");
        return {};
    }

    std::vector<std::uint8_t> public_key() override { return key_; }
    std::vector<SignedTreeHead> heads() override { return heads_; }

    Result<void> for_each_record(const std::function<bool(const LogRecord&)>& f) override {
        std::ifstream in(file_);
        std::string line;
        std::size_t line_no = 0;
        while (std::getline(in, line)) {
            ++line_no;
            if (line_no == 1) continue;
            auto j = json::parse(line, nullptr, false);
            if (j.is_discarded() || !j.contains("entry")) continue;
            auto body = unb64(j["body"]);
            auto leaf = unb64(j["leaf"]);
            if (!j["entry"].is_number_unsigned() || !body || !leaf || leaf->size() != 32)
                return bad_input("'" + file_.string() + "' line " + std::to_string(line_no) +
                                 ": a malformed entry");
            LogRecord r;
            r.index = j["entry"].get<std::uint64_t>();
            r.body.assign(body->begin(), body->end());
            Hash h{};
            std::copy(leaf->begin(), leaf->end(), h.begin());
            r.recorded_leaf = h;
            if (!f(r)) break;
        }
        return {};
    }

  private:
    std::filesystem::path file_;
    std::vector<std::uint8_t> key_;
    std::vector<SignedTreeHead> heads_;
};

}  // namespace

Result<void> write_export(LogSource& source, const std::filesystem::path& file) {
    const auto heads = source.heads();
    return write_file_atomic_streamed(file, [&](const auto& write) -> Result<void> {
        json header{{"format", kExportFormat},
                    {"public_key", b64(source.public_key())},
                    {"tree_head", kHeadEncoding}};
        if (auto r = write(header.dump() + "\n"); !r) return r;
        std::size_t next_head = 0;
        std::string buffer;
        Result<void> failed;
        auto flush_heads_at = [&](std::uint64_t size) {
            while (next_head < heads.size() && heads[next_head].tree_size == size) {
                const auto& h = heads[next_head++];
                json j{{"head",
                        {{"tree_size", h.tree_size},
                         {"root", b64(h.root)},
                         {"timestamp_ms", h.timestamp_ms},
                         {"signature", b64(h.signature)}}}};
                buffer += j.dump() + "\n";
            }
        };
        flush_heads_at(0);
        auto r = source.for_each_record([&](const LogRecord& rec) {
            json j{{"entry", rec.index},
                   {"leaf", rec.recorded_leaf ? b64(*rec.recorded_leaf) : std::string()},
                   {"body", base64_encode({reinterpret_cast<const std::uint8_t*>(rec.body.data()),
                                           rec.body.size()})}};
            buffer += j.dump() + "\n";
            flush_heads_at(rec.index + 1);
            if (buffer.size() > (1 << 20)) {
                failed = write(buffer);
                buffer.clear();
                if (!failed) return false;
            }
            return true;
        });
        if (!r) return r;
        if (!failed) return failed;
        return write(buffer);
    });
}

VerifyReport verify_export(const std::filesystem::path& file) {
    ExportSource source(file);
    if (auto r = source.read_header_and_heads(); !r) {
        VerifyReport report;
        report.problem = r.error().message;
        return report;
    }
    return verify_log(source);
}

}  // namespace shoal::ledger
