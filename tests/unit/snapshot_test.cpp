#include <shoal/engine/torrent_snapshot.h>

#include <gtest/gtest.h>

namespace shoal::engine {
namespace {

TEST(Snapshot, DiffNamesTheChangedFieldGroups) {
    TorrentSnapshot a;
    a.name = "x";
    TorrentSnapshot b = a;
    EXPECT_TRUE(b.differs_from(a).empty());
    b.download_rate = 10;
    b.peers = 2;
    const FieldSet f = b.differs_from(a);
    EXPECT_TRUE(f.has(Field::transfer));
    EXPECT_TRUE(f.has(Field::swarm));
    EXPECT_FALSE(f.has(Field::identity));
    EXPECT_FALSE(f.has(Field::progress));
}

TEST(Snapshot, DisplayState) {
    TorrentSnapshot s;
    s.state = TorrentState::downloading;
    s.download_rate = 5;
    EXPECT_EQ(display_state(s), "downloading");
    s.download_rate = 0;
    EXPECT_EQ(display_state(s), "stalled");
    s.paused = true;
    EXPECT_EQ(display_state(s), "paused");
    s.state = TorrentState::checking_files;
    EXPECT_EQ(display_state(s), "checking");
    s.error = "disk full";
    EXPECT_EQ(display_state(s), "error");
    TorrentSnapshot m;
    m.state = TorrentState::fetching_metadata;
    EXPECT_EQ(display_state(m), "fetching metadata");
}

}  // namespace
}  // namespace shoal::engine
