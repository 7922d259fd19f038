// `kill -9` in the middle of batch appends: after each kill the ledger verifies, and every
// batch is either wholly there or wholly absent.
#include "process.h"
#include "sandbox.h"

#include <shoal/ledger/ledger.h>

#include <gtest/gtest.h>

#include <csignal>
#include <map>
#include <random>
#include <regex>

namespace shoal::test {
namespace {

using namespace std::chrono_literals;

TEST(LedgerCrash, KillNineDuringBatchAppendsLeavesWholeBatchesAndAValidLog) {
    Sandbox box;
    const auto dir = box.path("ledger");
    std::mt19937 rng(7);
    std::uint64_t last_size = 0;
    for (int round = 0; round < 8; ++round) {
        Process appender({SHOAL_LEDGER_APPENDER, dir.string()});
        // Let it get going, then kill it at a random moment: most of its time is spent
        // inside a transaction, writing or syncing.
        ASSERT_TRUE(appender.wait_for_output("batch", 30s)) << appender.err();
        std::this_thread::sleep_for(std::chrono::microseconds(rng() % 50000));
        appender.signal(SIGKILL);
        auto r = appender.wait(10s);
        ASSERT_EQ(r.exit_code, 128 + SIGKILL) << r.err;

        auto l = ledger::Ledger::open(dir, ledger::OpenMode::read_only);
        ASSERT_TRUE(l) << l.error().message;
        const auto report = (*l)->verify();
        ASSERT_TRUE(report.ok) << "round " << round << ": " << report.summary();
        const std::uint64_t size = (*l)->size();
        EXPECT_EQ(size % 100, 0u) << "a batch was cut in round " << round;
        EXPECT_GE(size, last_size);
        ASSERT_TRUE((*l)->latest_head());
        EXPECT_EQ((*l)->latest_head()->tree_size, size) << "the head lags the entries";
        // Every batch whose entries are there has all 100 of them, in order.
        std::map<std::uint64_t, int> per_batch;
        static const std::regex name("batch ([0-9]+) entry ([0-9]+)");
        auto each = (*l)->for_each({}, [&](std::uint64_t index, const ledger::LedgerEntry& e) {
            std::smatch m;
            EXPECT_TRUE(std::regex_match(e.name, m, name)) << e.name;
            EXPECT_EQ(std::stoull(m[1].str()), index / 100);
            EXPECT_EQ(std::stoi(m[2].str()), static_cast<int>(index % 100));
            ++per_batch[std::stoull(m[1].str())];
            return true;
        });
        ASSERT_TRUE(each);
        for (const auto& [batch, n] : per_batch)
            EXPECT_EQ(n, 100) << "batch " << batch;
        last_size = size;
    }
    EXPECT_GT(last_size, 0u);
}

}  // namespace
}  // namespace shoal::test
