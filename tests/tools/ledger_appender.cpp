// Test helper: appends batches of 100 entries to the ledger in DIR until killed, printing
// "batch N" after each one has returned (and so is durable). The crash test kills it -9.
#include <shoal/ledger/ledger.h>

#include <cstdio>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s LEDGER_DIR\n", argv[0]);
        return 2;
    }
    auto ledger = shoal::ledger::Ledger::open(argv[1], shoal::ledger::OpenMode::read_write);
    if (!ledger) {
        std::fprintf(stderr, "%s\n", ledger.error().message.c_str());
        return 1;
    }
    for (std::uint64_t batch = (*ledger)->size() / 100;; ++batch) {
        std::vector<shoal::ledger::LedgerEntry> entries(100);
        for (int i = 0; i < 100; ++i) {
            auto& e = entries[static_cast<std::size_t>(i)];
            e.kind = shoal::ledger::EntryKind::seeded;
            e.time = 1700000000 + static_cast<std::int64_t>(batch);
            e.info_hash_v2 = std::string(64, "0123456789abcdef"[batch % 16]);
            e.name = "batch " + std::to_string(batch) + " entry " + std::to_string(i);
            e.size = i;
            e.uploaded = static_cast<std::int64_t>(batch * 100) + i;
        }
        if (auto r = (*ledger)->append(entries); !r) {
            std::fprintf(stderr, "%s\n", r.error().message.c_str());
            return 1;
        }
        std::printf("batch %llu\n", static_cast<unsigned long long>(batch));
        std::fflush(stdout);
    }
}
