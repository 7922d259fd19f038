// Exact all-time counters from libtorrent's lagging all-time and restarting per-run ones.
#include "transfer_counters.h"

#include <gtest/gtest.h>

namespace shoal::engine {
namespace {

TEST(TransferCounters, AddWhatThePerRunCountersMovedAndSurviveTheirRestart) {
    TransferCounters c;
    c.start_from(1000, 500);  // from resume data
    c.observe(0, 0, 1000, 500);
    EXPECT_EQ(c.downloaded, 1000);
    // libtorrent's all-time figure has not ticked yet; the per-run one has.
    c.observe(300, 20, 1000, 500);
    EXPECT_EQ(c.downloaded, 1300);
    EXPECT_EQ(c.uploaded, 520);
    c.observe(400, 20, 1300, 520);
    EXPECT_EQ(c.downloaded, 1400);
    // Paused and resumed: the per-run counters start again at zero.
    c.observe(50, 0, 1400, 520);
    EXPECT_EQ(c.downloaded, 1450);
    EXPECT_EQ(c.uploaded, 520);
}

TEST(TransferCounters, NeverBelowLibtorrentsOwnTotal) {
    TransferCounters c;
    c.start_from(0, 0);
    c.observe(100, 0, 0, 0);
    // Bytes this object never saw (between two statuses around a restart) reach it
    // through libtorrent's all-time figure.
    c.observe(10, 0, 250, 40);
    EXPECT_EQ(c.downloaded, 250);
    EXPECT_EQ(c.uploaded, 40);
}

}  // namespace
}  // namespace shoal::engine
