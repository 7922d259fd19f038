#include <shoal/common/clock.h>
#include <shoal/common/profile_lock.h>
#include <shoal/engine/engine.h>
#include <shoal/ledger/ledger.h>
#include <shoal/recorder/created_entry.h>
#include <shoal/recorder/ledger_recorder.h>
#include <shoal/recorder/profile_recording.h>
#include <shoal/ui/desktop_app.h>
#include <shoal/ui/engine_bridge.h>
#include <shoal/ui/main_window.h>

#include <QEventLoop>
#include <QIcon>
#include <QPainter>
#include <QPixmap>
#include <QTimer>

#include <atomic>
#include <thread>

namespace shoal::ui {

class DesktopApp::Impl {
  public:
    ProfileLock lock;
    std::unique_ptr<ledger::Ledger> ledger;
    std::unique_ptr<engine::Engine> engine;
    std::unique_ptr<recorder::LedgerRecorder> recorder;
    std::unique_ptr<EngineBridge> bridge;
    std::unique_ptr<MainWindow> window;
    bool stopped = false;

    explicit Impl(ProfileLock l) : lock(std::move(l)) {}
};

Result<std::unique_ptr<DesktopApp>> DesktopApp::open(const DesktopOptions& o) {
    auto lock = ProfileLock::acquire(o.profile_dir);
    if (!lock) return lock.error();
    auto impl = std::make_unique<Impl>(std::move(*lock));
    engine::EngineConfig config;
    config.profile_dir = o.profile_dir;
    if (o.settings) {
        config.settings = *o.settings;
    } else {
        auto settings = engine::load_profile_settings(o.profile_dir);
        if (!settings) return settings.error();
        config.settings = std::move(*settings);
    }
    config.restore_torrents = true;
    impl->engine = std::make_unique<engine::Engine>(config);
    if (o.record_ledger) {
        auto recording = recorder::record_profile(*impl->engine, o.profile_dir);
        if (!recording) return recording.error();
        impl->ledger = std::move(recording->ledger);
        impl->recorder = std::move(recording->recorder);
    }
    impl->bridge = std::make_unique<EngineBridge>(*impl->engine);
    MainWindowOptions wo;
    wo.profile_dir = o.profile_dir;
    if (impl->recorder) {
        // Appended on the recorder's thread: the GUI thread never waits for the disk.
        recorder::LedgerRecorder* rec = impl->recorder.get();
        wo.record_created = [rec](const hashing::CreatedTorrent& t) {
            rec->record(recorder::created_entry(t, unix_now()));
        };
    }
    impl->window = std::make_unique<MainWindow>(*impl->bridge, std::move(wo));
    impl->engine->start();
    return std::unique_ptr<DesktopApp>(new DesktopApp(std::move(impl)));
}

DesktopApp::DesktopApp(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

DesktopApp::~DesktopApp() {
    shutdown();
}

MainWindow& DesktopApp::window() {
    return *impl_->window;
}

engine::Engine& DesktopApp::engine() {
    return *impl_->engine;
}

void DesktopApp::shutdown() {
    if (impl_->stopped) return;
    impl_->stopped = true;
    impl_->window->hide();
    // The engine saves resume data and closes libtorrent on another thread; the GUI
    // thread keeps handling events meanwhile.
    std::atomic<bool> done{false};
    std::thread closer([this, &done] {
        impl_->engine->shutdown();
        done = true;
    });
    QEventLoop loop;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done) loop.quit();
    });
    poll.start(20);
    loop.exec();
    closer.join();
    if (impl_->recorder) impl_->recorder->stop();
}

QIcon app_icon() {
    QIcon icon;
    for (int size : {16, 32, 48, 64, 128, 256}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        const double s = size / 64.0;
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(22, 94, 160));
        p.drawEllipse(QRectF(2 * s, 2 * s, 60 * s, 60 * s));
        // Three fish of a shoal, swimming right.
        p.setBrush(QColor(240, 248, 255));
        for (auto [x, y] : {std::pair{14.0, 20.0}, {30.0, 32.0}, {14.0, 42.0}}) {
            p.drawEllipse(QRectF(x * s, (y - 5) * s, 20 * s, 10 * s));
            QPolygonF tail;
            tail << QPointF(x * s, y * s) << QPointF((x - 7) * s, (y - 6) * s)
                 << QPointF((x - 7) * s, (y + 6) * s);
            p.drawPolygon(tail);
        }
        icon.addPixmap(pixmap);
    }
    return icon;
}

}  // namespace shoal::ui
