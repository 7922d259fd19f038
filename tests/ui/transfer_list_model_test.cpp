// The transfer list model under QAbstractItemModelTester: deltas insert, change and remove
// rows as they should, with signals for the rows and columns that moved only; the filter
// model's state groups and search.
#include <shoal/ui/engine_bridge.h>
#include <shoal/ui/transfer_filter_model.h>
#include <shoal/ui/transfer_list_model.h>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <gtest/gtest.h>

namespace shoal::ui {
namespace {

using engine::ChangedTorrent;
using engine::Field;
using engine::TorrentSnapshot;
using engine::TorrentState;
using engine::TorrentUpdate;

TorrentSnapshot torrent(int n, TorrentState state = TorrentState::downloading) {
    TorrentSnapshot s;
    char hex[41];
    std::snprintf(hex, sizeof hex, "%040x", n);
    s.id = *engine::TorrentId::parse(hex);
    s.name = "torrent " + std::to_string(n);
    s.state = state;
    s.wanted_size = 1000 * n;
    return s;
}

TorrentUpdate added(int from, int to) {
    TorrentUpdate u;
    for (int i = from; i < to; ++i)
        u.added.push_back(torrent(i));
    return u;
}

class ModelTest : public ::testing::Test {
  protected:
    TransferListModel model;
    QAbstractItemModelTester tester{&model, QAbstractItemModelTester::FailureReportingMode::Fatal};
};

TEST_F(ModelTest, DeltasInsertChangeAndRemoveRows) {
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.apply(added(0, 10));
    ASSERT_EQ(model.rowCount(), 10);
    ASSERT_EQ(inserted.count(), 1);  // one block
    EXPECT_EQ(model.data(model.index(3, TransferListModel::Name)).toString().toStdString(),
              "torrent 3");

    // A change of rates repaints the rate columns of that row only.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    TorrentUpdate u;
    auto s = torrent(4);
    s.download_rate = 2048;
    u.changed.push_back({s, Field::transfer});
    model.apply(u);
    ASSERT_EQ(changed.count(), 1);
    const auto top = changed[0][0].value<QModelIndex>();
    const auto bottom = changed[0][1].value<QModelIndex>();
    EXPECT_EQ(top.row(), 4);
    EXPECT_EQ(bottom.row(), 4);
    EXPECT_EQ(top.column(), TransferListModel::DownRate);
    EXPECT_EQ(bottom.column(), TransferListModel::Ratio);
    EXPECT_EQ(model.data(model.index(4, TransferListModel::DownRate)).toString().toStdString(),
              "2.00 KiB/s");
    EXPECT_EQ(reset.count(), 0);

    // Removing rows 2, 3 and 7: two blocks; the rest keep their data and find their rows.
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    TorrentUpdate r;
    r.removed = {torrent(2).id, torrent(7).id, torrent(3).id};
    model.apply(r);
    EXPECT_EQ(removed.count(), 2);
    ASSERT_EQ(model.rowCount(), 7);
    for (int i : {0, 1, 4, 5, 6, 8, 9}) {
        auto row = model.row_of(torrent(i).id);
        ASSERT_TRUE(row) << i;
        EXPECT_EQ(model.snapshot(*row)->name, "torrent " + std::to_string(i));
    }
    EXPECT_FALSE(model.row_of(torrent(7).id));
}

TEST_F(ModelTest, ManyChangedRowsAreOneSignal) {
    model.apply(added(0, 100));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    TorrentUpdate u;
    for (int i = 0; i < 100; i += 3) {
        auto s = torrent(i);
        s.progress = 0.5;
        u.changed.push_back({s, Field::progress});
    }
    model.apply(u);
    EXPECT_EQ(changed.count(), 1);
    EXPECT_DOUBLE_EQ(model.data(model.index(99, TransferListModel::Progress)).toDouble(), 0.5);
}

TEST_F(ModelTest, FilterByStateAndSearchThenSort) {
    TransferFilterModel filter;
    filter.setSourceModel(&model);
    QAbstractItemModelTester filter_tester(&filter,
                                           QAbstractItemModelTester::FailureReportingMode::Fatal);
    TorrentUpdate u;
    u.added = {torrent(1), torrent(2, TorrentState::seeding), torrent(3, TorrentState::seeding)};
    u.added[0].name = "Debian netinst";
    u.added[1].name = "debian DVD";
    u.added[2].name = "Ubuntu";
    u.added[2].paused = true;
    model.apply(u);

    filter.set_state_filter(TransferListModel::Seeding);
    EXPECT_EQ(filter.rowCount(), 1);  // the paused one is not seeding
    filter.set_state_filter(TransferListModel::Completed);
    EXPECT_EQ(filter.rowCount(), 2);
    filter.set_search("DEBIAN");
    EXPECT_EQ(filter.rowCount(), 1);
    filter.set_state_filter(0);
    EXPECT_EQ(filter.rowCount(), 2);
    filter.set_search("debian net");
    EXPECT_EQ(filter.rowCount(), 1);
    filter.set_search({});

    // A row that changes state leaves and enters filters live.
    filter.set_state_filter(TransferListModel::Paused);
    EXPECT_EQ(filter.rowCount(), 1);
    TorrentUpdate pause;
    auto s = u.added[0];
    s.paused = true;
    pause.changed.push_back({s, Field::state});
    model.apply(pause);
    EXPECT_EQ(filter.rowCount(), 2);

    // Sizes sort as numbers, not as text.
    filter.set_state_filter(0);
    filter.sort(TransferListModel::Size, Qt::DescendingOrder);
    EXPECT_EQ(filter.data(filter.index(0, TransferListModel::Name)).toString().toStdString(),
              "Ubuntu");
}

TEST(MergeUpdate, MergedBatchesEqualTheirSequence) {
    TorrentUpdate a = added(0, 3);
    TorrentUpdate b;
    auto s = torrent(1);
    s.progress = 0.25;
    b.changed.push_back({s, Field::progress});
    b.removed.push_back(torrent(2).id);
    b.added.push_back(torrent(5));
    merge_update(a, b);
    ASSERT_EQ(a.added.size(), 3u);  // 0, 1 (with its change), 5; 2 never appears
    EXPECT_DOUBLE_EQ(a.added[1].progress, 0.25);
    EXPECT_TRUE(a.removed.empty());
    EXPECT_TRUE(a.changed.empty());

    TorrentUpdate c;
    c.removed.push_back(torrent(9).id);  // known from an earlier batch
    auto t = torrent(0);
    c.changed.push_back({t, Field::swarm});
    TorrentUpdate d;
    d.changed.push_back({t, Field::transfer});
    merge_update(c, d);
    ASSERT_EQ(c.changed.size(), 1u);
    EXPECT_TRUE(c.changed[0].fields.has(Field::swarm));
    EXPECT_TRUE(c.changed[0].fields.has(Field::transfer));
    EXPECT_EQ(c.removed.size(), 1u);
}

}  // namespace
}  // namespace shoal::ui
