#include "tick_rate.h"

#include <gtest/gtest.h>
#include <libtorrent/session_stats.hpp>

namespace shoal::engine {
namespace {

TEST(TickRate, SlowOnlyWhenNothingIsAtWork) {
    EXPECT_EQ(tick_interval_for(SessionWork{}), kIdleTickMs);

    SessionWork downloading;
    downloading.downloading = 1;
    EXPECT_EQ(tick_interval_for(downloading), kBusyTickMs);

    SessionWork serving;
    serving.peers = 3;
    EXPECT_EQ(tick_interval_for(serving), kBusyTickMs);

    SessionWork adding;
    adding.engine_busy = true;
    EXPECT_EQ(tick_interval_for(adding), kBusyTickMs);
    EXPECT_LT(kBusyTickMs, kIdleTickMs);
}

TEST(TickRate, TheCountersItReadsExistInThisLibtorrent) {
    // A missing counter would read as 0: the session would tick slowly while it downloads.
    EXPECT_GE(lt::find_metric_idx(kDownloadingMetric), 0);
    EXPECT_GE(lt::find_metric_idx(kCheckingMetric), 0);
    EXPECT_GE(lt::find_metric_idx(kPeersMetric), 0);
}

}  // namespace
}  // namespace shoal::engine
