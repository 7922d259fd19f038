// EngineBridge: the engine's callbacks (on the engine thread) as Qt signals on the GUI
// thread, and coalescing: when the GUI is busy, updates waiting for it are merged into one,
// so a slow frame never builds a queue.
#pragma once

// moc (Qt 6.4) cannot parse C++20 standard headers such as <compare>; it needs no
// definitions from these.
#ifndef Q_MOC_RUN
#include <shoal/engine/engine.h>
#endif

#include <QObject>

#include <mutex>

namespace shoal::ui {

class EngineBridge : public QObject {
    Q_OBJECT
  public:
    // Subscribes to `engine`: construct before engine.start(). Lives on the GUI thread.
    explicit EngineBridge(engine::Engine& engine, QObject* parent = nullptr);

    engine::Engine& engine() { return engine_; }

  signals:
    void updated(const shoal::engine::TorrentUpdate& update);
    void event(const shoal::engine::EngineEvent& event);

  private:
    void deliver();

    engine::Engine& engine_;
    std::mutex mutex_;
    engine::TorrentUpdate pending_;
    bool scheduled_ = false;
};

// Merges `next` into `into`, as if both batches had been one.
void merge_update(engine::TorrentUpdate& into, engine::TorrentUpdate next);

}  // namespace shoal::ui
