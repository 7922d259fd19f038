// Benchmark (not a test): the transfer list with 10,000 torrents. Applies engine updates in
// which 10% of the rows changed (rates, progress, swarm) to the model, with the filter
// model sorting by download rate on top, as the main window has it. Prints a table.
//   shoal_transfer_list_bench [TORRENTS] [ROUNDS]
#include <shoal/ui/transfer_filter_model.h>
#include <shoal/ui/transfer_list_model.h>

#include <QApplication>
#include <QHeaderView>
#include <QTableView>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <vector>

namespace {

using shoal::engine::Field;
using shoal::engine::TorrentSnapshot;
using Clock = std::chrono::steady_clock;

TorrentSnapshot torrent(int n) {
    TorrentSnapshot s;
    char hex[41];
    std::snprintf(hex, sizeof hex, "%040x", n);
    s.id = *shoal::engine::TorrentId::parse(hex);
    s.name = "Some.Linux.Distribution." + std::to_string(n) + ".iso";
    s.state = shoal::engine::TorrentState::downloading;
    s.wanted_size = 1000000LL * (n % 5000);
    s.save_path = "/home/user/Downloads";
    return s;
}

}  // namespace

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int count = argc > 1 ? std::atoi(argv[1]) : 10000;
    const int rounds = argc > 2 ? std::atoi(argv[2]) : 50;

    const int sort_column = argc > 3 ? std::atoi(argv[3]) : shoal::ui::TransferListModel::DownRate;
    shoal::ui::TransferListModel model;
    shoal::ui::TransferFilterModel filter;
    filter.setSourceModel(&model);
    filter.sort(sort_column, Qt::DescendingOrder);
    QTableView view;  // a real view on the proxy, as in the window
    view.setModel(&filter);
    view.verticalHeader()->hide();
    view.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view.resize(1200, 800);
    view.show();

    shoal::engine::TorrentUpdate first;
    for (int i = 0; i < count; ++i)
        first.added.push_back(torrent(i));
    auto start = Clock::now();
    model.apply(first);
    app.processEvents();
    const double add_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();

    std::mt19937 rng(1);
    std::vector<TorrentSnapshot> current = first.added;
    std::vector<double> times;
    for (int r = 0; r < rounds; ++r) {
        shoal::engine::TorrentUpdate u;
        for (int k = 0; k < count / 10; ++k) {
            auto& s = current[rng() % current.size()];
            s.download_rate = static_cast<std::int64_t>(rng() % 10000000);
            s.progress = std::min(1.0, s.progress + 0.001);
            s.peers = static_cast<int>(rng() % 50);
            u.changed.push_back({s, shoal::engine::FieldSet(Field::transfer) |= Field::progress});
        }
        start = Clock::now();
        model.apply(u);
        app.processEvents();  // the view's repaint requests, as the event loop would
        times.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    }
    std::sort(times.begin(), times.end());
    std::printf("| transfer list, %d torrents, sorted by rate, in a view | ms |\n| --- | --- |\n",
                count);
    std::printf("| add all (one batch) | %.1f |\n", add_ms);
    std::printf("| update with 10%% of rows changed, median of %d | %.2f |\n", rounds,
                times[times.size() / 2]);
    std::printf("| same, worst | %.2f |\n", times.back());
    return 0;
}
