// Benchmark (not a test) of the ledger: appends in batches of 100, `verify` of a
// 1,000,000-entry ledger, and `lookup`'s BEP 52 root of a large file. Prints a table.
//   shoal_ledger_bench DIR [ENTRIES] [FILE]
#include <shoal/hashing/pieces_root.h>
#include <shoal/ledger/ledger.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace {

using shoal::ledger::Ledger;
using shoal::ledger::LedgerEntry;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// A realistic entry: a completed two-file torrent with roots and counters.
LedgerEntry entry(std::uint64_t i) {
    LedgerEntry e;
    e.kind = shoal::ledger::EntryKind::completed;
    e.time = 1795000000 + static_cast<std::int64_t>(i);
    char hash[65];
    std::snprintf(hash, sizeof hash, "%064llx", static_cast<unsigned long long>(i * 2654435761u));
    e.info_hash_v2 = hash;
    e.info_hash_v1 = e.info_hash_v2.substr(0, 40);
    e.name = "torrent " + std::to_string(i);
    e.size = 3 << 20;
    e.files = {{"torrent/a.bin", 1 << 20, hash}, {"torrent/b.bin", 2 << 20, hash}};
    e.uploaded = static_cast<std::int64_t>(i);
    e.downloaded = 3 << 20;
    return e;
}

bool fill(Ledger& l, std::uint64_t from, std::uint64_t count, std::size_t batch) {
    std::vector<LedgerEntry> entries;
    for (std::uint64_t i = from; i < from + count; i += batch) {
        entries.clear();
        for (std::uint64_t j = i; j < std::min(from + count, i + batch); ++j)
            entries.push_back(entry(j));
        if (auto r = l.append(entries); !r) {
            std::fprintf(stderr, "append: %s\n", r.error().message.c_str());
            return false;
        }
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s DIR [ENTRIES] [FILE]\n", argv[0]);
        return 2;
    }
    const std::filesystem::path dir = argv[1];
    const std::uint64_t total = argc > 2 ? std::stoull(argv[2]) : 1000000;
    std::filesystem::remove_all(dir);

    std::printf("| ledger job | figure |\n| --- | --- |\n");
    {
        auto l = Ledger::open(dir / "append", shoal::ledger::OpenMode::read_write);
        if (!l) return std::fprintf(stderr, "%s\n", l.error().message.c_str()), 1;
        const std::uint64_t n = 50000;
        const auto start = Clock::now();
        if (!fill(**l, 0, n, 100)) return 1;
        const double s = seconds_since(start);
        std::printf(
            "| append %llu entries in batches of 100 (synchronous=FULL) | %.0f entries/s |\n",
            static_cast<unsigned long long>(n), static_cast<double>(n) / s);
    }
    {
        auto l = Ledger::open(dir / "verify", shoal::ledger::OpenMode::read_write);
        if (!l) return std::fprintf(stderr, "%s\n", l.error().message.c_str()), 1;
        // Batches of 100 as the recorder writes them: one signed head per 100 entries.
        const auto start = Clock::now();
        if (!fill(**l, 0, total, 100)) return 1;
        std::fprintf(stderr, "filled %llu entries in %.1f s\n",
                     static_cast<unsigned long long>(total), seconds_since(start));
    }
    {
        auto l = Ledger::open(dir / "verify", shoal::ledger::OpenMode::read_only);
        if (!l) return std::fprintf(stderr, "%s\n", l.error().message.c_str()), 1;
        const auto start = Clock::now();
        const auto report = (*l)->verify();
        const double s = seconds_since(start);
        if (!report.ok) return std::fprintf(stderr, "%s\n", report.summary().c_str()), 1;
        std::printf("| verify %llu entries, %llu signed heads | %.2f s |\n",
                    static_cast<unsigned long long>(report.entries),
                    static_cast<unsigned long long>(total / 100), s);
    }
    if (argc > 3) {
        const std::filesystem::path file = argv[3];
        const double mb = static_cast<double>(std::filesystem::file_size(file)) / 1e6;
        for (unsigned threads : {1u, 0u}) {
            const auto start = Clock::now();
            auto root = shoal::hashing::file_pieces_root(file, threads);
            const double s = seconds_since(start);
            if (!root) return std::fprintf(stderr, "%s\n", root.error().message.c_str()), 1;
            std::printf("| BEP 52 root of a %.0f MB file (lookup), %s | %.0f MB/s |\n", mb,
                        threads == 1 ? "1 thread" : "all cores", mb / s);
        }
    }
    return 0;
}
