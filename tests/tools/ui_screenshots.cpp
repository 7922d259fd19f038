// Renders the desktop app's main window, add dialog and details panel to PNG files, on a
// scene of real torrents on 127.0.0.1: some seeding, one downloading from a local seed
// held to a slow rate, one paused. Used by scripts/screenshots.sh under Xvfb.
//   shoal_ui_screenshots OUT_DIR
#include "sandbox.h"
#include "test_engine.h"

#include <shoal/common/atomic_file.h>
#include <shoal/hashing/torrent_creator.h>
#include <shoal/ui/desktop_app.h>
#include <shoal/ui/main_window.h>

#include <QApplication>
#include <QDialog>
#include <QDir>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QWidget>

#include <cstdio>
#include <memory>

namespace {

using namespace shoal;

void wait(int ms) {
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

hashing::CreatedTorrent make(const std::filesystem::path& dir, const std::string& name,
                             const std::vector<test::PayloadFile>& files, std::uint64_t seed,
                             hashing::TorrentFormat format = hashing::TorrentFormat::v1) {
    test::write_payload_dir(dir / name, files, seed);
    hashing::CreateOptions o;
    o.source = dir / name;
    o.format = format;
    auto t = hashing::create_torrent(o);
    if (!t) {
        std::fprintf(stderr, "%s\n", t.error().message.c_str());
        std::exit(1);
    }
    return *t;
}

bool save(QWidget& w, const QString& file) {
    const bool ok = w.grab().save(file);
    std::printf("%s %s\n", ok ? "wrote" : "FAILED", qPrintable(file));
    return ok;
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setWindowIcon(ui::app_icon());
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s OUT_DIR\n", argv[0]);
        return 2;
    }
    const QString out = QDir(QString::fromLocal8Bit(argv[1])).absolutePath();
    QDir().mkpath(out);
    const auto root = std::filesystem::temp_directory_path() / "shoal-screenshots";
    std::filesystem::remove_all(root);
    const auto data = root / "Downloads";

    auto debian = make(data, "debian-12.8.0-amd64-netinst",
                       {{"debian.iso", 6 << 20}, {"SHA256SUMS", 2000}}, 1);
    auto photos = make(data, "Holiday photos 2026",
                       {{"IMG_0001.jpg", 900000},
                        {"IMG_0002.jpg", 1100000},
                        {"IMG_0003.jpg", 800000},
                        {"album/cover.png", 300000}},
                       2, hashing::TorrentFormat::hybrid);
    auto talk = make(data, "Conference talk (1080p)", {{"talk.mkv", 5 << 20}}, 3);
    auto album = make(root / "seed", "Free music album",
                      {{"01 Opening.flac", 3 << 20},
                       {"02 Middle.flac", 4 << 20},
                       {"03 Closing.flac", 3 << 20},
                       {"cover.jpg", 200000}},
                      4, hashing::TorrentFormat::hybrid);
    std::filesystem::remove_all(data / "Conference talk (1080p)");  // paused, not there yet

    // A local seed for the album; the download is held to a slow rate so that it is under
    // way in the shot.
    test::TestEngine seed(root / "seed-profile");
    engine::AddRequest seed_request;
    seed_request.source = engine::MetainfoSource{album.metainfo, "album"};
    seed_request.save_path = root / "seed";
    seed_request.skip_checking = true;
    if (!seed.add(seed_request)) return 1;

    auto settings = std::make_shared<engine::Settings>(test::loopback_settings());
    settings->default_save_path = data.string();
    auto desktop = ui::DesktopApp::open({root / "profile", settings, true});
    if (!desktop) {
        std::fprintf(stderr, "%s\n", desktop.error().message.c_str());
        return 1;
    }
    auto& window = (*desktop)->window();
    window.resize(1280, 760);
    window.show();
    auto add = [&](const hashing::CreatedTorrent& t, bool paused, bool seeding,
                   std::vector<std::string> peers = {}) {
        engine::AddRequest r;
        r.source = engine::MetainfoSource{t.metainfo, t.name};
        r.save_path = data;
        r.paused = paused;
        r.skip_checking = seeding;
        if (!peers.empty()) r.download_limit = 1 << 20;
        r.peers = std::move(peers);
        window.add(std::move(r));
    };
    add(debian, false, true);
    add(photos, false, true);
    add(talk, true, false);
    add(album, false, false, {seed.endpoint()});
    wait(4000);

    auto& view = window.transfer_view();
    for (int row = 0; row < view.model()->rowCount(); ++row)
        if (view.model()->index(row, 0).data().toString() == "Free music album")
            view.selectRow(row);
    wait(1500);
    bool ok = save(window, out + "/main-window.png");

    window.details().setCurrentIndex(3);  // Files
    wait(1500);
    ok = save(window.details(), out + "/details-panel.png") && ok;

    const auto torrent_file = root / "Conference talk.torrent";
    (void)write_file_atomic(torrent_file, talk.metainfo);
    auto* dialog = window.open_source(QString::fromStdString(torrent_file.string()));
    wait(1500);
    ok = save(*dialog, out + "/add-dialog.png") && ok;
    dialog->close();

    (*desktop)->shutdown();
    seed.shutdown();
    std::filesystem::remove_all(root);
    return ok ? 0 : 1;
}
