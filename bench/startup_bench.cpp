// Benchmark (not a test): the desktop app's start with a profile of many torrents. Builds
// the profile once (tiny paused torrents, added through a real engine and saved), then
// measures the time from start until the main window is shown and until every torrent is
// in the transfer list, and the resident memory then. Prints a table.
//   shoal_startup_bench PROFILE_DIR [TORRENTS]
#include <shoal/engine/engine.h>
#include <shoal/hashing/torrent_creator.h>
#include <shoal/ui/desktop_app.h>
#include <shoal/ui/main_window.h>
#include <shoal/ui/transfer_list_model.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QTest>

#include <cstdio>
#include <fstream>
#include <future>

namespace {

using namespace shoal;

engine::Settings loopback() {
    engine::Settings s;
    s.listen_interfaces = "127.0.0.1";
    s.enable_upnp = s.enable_natpmp = s.enable_lsd = s.enable_dht = false;
    s.dht_bootstrap_nodes = "";
    return s;
}

bool build_profile(const std::filesystem::path& profile, int count) {
    const auto data = profile.parent_path() / "startup-data";
    std::filesystem::create_directories(data);
    engine::EngineConfig config;
    config.profile_dir = profile;
    config.settings = loopback();
    engine::Engine engine(config);
    engine.start();
    std::vector<std::future<Result<engine::TorrentId>>> added;
    for (int i = 0; i < count; ++i) {
        const auto file = data / ("file-" + std::to_string(i) + ".bin");
        std::ofstream(file) << "payload " << i;
        hashing::CreateOptions o;
        o.source = file;
        o.threads = 1;
        auto t = hashing::create_torrent(o);
        if (!t) return false;
        engine::AddRequest r;
        r.source = engine::MetainfoSource{t->metainfo, file.string()};
        r.save_path = data;
        r.paused = true;
        auto promise = std::make_shared<std::promise<Result<engine::TorrentId>>>();
        added.push_back(promise->get_future());
        engine.add(std::move(r),
                   [promise](Result<engine::TorrentId> id) { promise->set_value(std::move(id)); });
    }
    for (auto& f : added)
        if (!f.get()) return false;
    engine.shutdown(std::chrono::seconds(60));
    return true;
}

long rss_kib() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return -1;
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s PROFILE_DIR [TORRENTS]\n", argv[0]);
        return 2;
    }
    const std::filesystem::path profile = argv[1];
    const int count = argc > 2 ? std::atoi(argv[2]) : 10000;
    if (!std::filesystem::exists(profile / "torrents")) {
        QElapsedTimer t;
        t.start();
        if (!build_profile(profile, count)) return 1;
        std::fprintf(stderr, "built a %d-torrent profile in %.1f s\n", count, t.elapsed() / 1e3);
    }

    QElapsedTimer clock;
    clock.start();
    auto desktop =
        ui::DesktopApp::open({profile, std::make_shared<engine::Settings>(loopback()), true});
    if (!desktop) return std::fprintf(stderr, "%s\n", desktop.error().message.c_str()), 1;
    auto& window = (*desktop)->window();
    window.show();
    if (!QTest::qWaitForWindowExposed(&window, 5000)) std::fprintf(stderr, "window not exposed\n");
    const double shown = clock.elapsed() / 1e3;
    if (!QTest::qWaitFor([&] { return window.transfers().rowCount() >= count; }, 120000))
        std::fprintf(stderr, "not every torrent was listed\n");
    const double listed = clock.elapsed() / 1e3;
    const long rss = rss_kib();
    std::printf("| desktop start, %d torrents | figure |\n| --- | --- |\n", count);
    std::printf("| main window shown | %.2f s |\n", shown);
    std::printf("| all %d torrents in the list | %.2f s (%d listed) |\n", count, listed,
                window.transfers().rowCount());
    std::printf("| resident memory then | %.0f MiB |\n", rss / 1024.0);
    (*desktop)->shutdown();
    return 0;
}
