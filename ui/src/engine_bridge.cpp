#include <shoal/ui/engine_bridge.h>

#include <QMetaObject>

#include <algorithm>
#include <unordered_map>

namespace shoal::ui {

void merge_update(engine::TorrentUpdate& into, engine::TorrentUpdate next) {
    std::unordered_map<engine::TorrentId, std::size_t> added, changed;
    for (std::size_t i = 0; i < into.added.size(); ++i)
        added[into.added[i].id] = i;
    for (std::size_t i = 0; i < into.changed.size(); ++i)
        changed[into.changed[i].snapshot.id] = i;

    bool dropped = false;
    for (auto& id : next.removed) {
        if (auto it = changed.find(id); it != changed.end()) {
            into.changed[it->second].fields = {};  // marks it for erasing below
            changed.erase(it);
            dropped = true;
        }
        if (auto it = added.find(id); it != added.end()) {
            // Added and removed while the GUI was busy: it never needs to appear.
            into.added[it->second].id = {};
            added.erase(it);
            dropped = true;
        } else {
            into.removed.push_back(std::move(id));
        }
    }
    if (dropped) {
        std::erase_if(into.changed, [](const auto& c) { return c.fields.empty(); });
        std::erase_if(into.added, [](const auto& s) { return s.id.empty(); });
        added.clear();
        changed.clear();
        for (std::size_t i = 0; i < into.added.size(); ++i)
            added[into.added[i].id] = i;
        for (std::size_t i = 0; i < into.changed.size(); ++i)
            changed[into.changed[i].snapshot.id] = i;
    }
    for (auto& s : next.added) {
        added[s.id] = into.added.size();
        into.added.push_back(std::move(s));
    }
    for (auto& c : next.changed) {
        if (auto it = added.find(c.snapshot.id); it != added.end()) {
            into.added[it->second] = std::move(c.snapshot);
        } else if (auto ct = changed.find(c.snapshot.id); ct != changed.end()) {
            auto& existing = into.changed[ct->second];
            existing.snapshot = std::move(c.snapshot);
            existing.fields |= c.fields;
        } else {
            changed[c.snapshot.id] = into.changed.size();
            into.changed.push_back(std::move(c));
        }
    }
    if (next.stats) into.stats = std::move(next.stats);
}

EngineBridge::EngineBridge(engine::Engine& engine, QObject* parent)
    : QObject(parent), engine_(engine) {
    qRegisterMetaType<engine::TorrentUpdate>("shoal::engine::TorrentUpdate");
    qRegisterMetaType<engine::EngineEvent>("shoal::engine::EngineEvent");
    engine_.on_update([this](const engine::TorrentUpdate& u) {
        std::lock_guard lock(mutex_);
        merge_update(pending_, u);
        if (scheduled_) return;
        scheduled_ = true;
        QMetaObject::invokeMethod(
            this, [this] { deliver(); }, Qt::QueuedConnection);
    });
    engine_.on_event([this](const engine::EngineEvent& e) {
        // Events come after the state they talk about: the pending update goes first.
        QMetaObject::invokeMethod(
            this,
            [this, e] {
                deliver();
                emit event(e);
            },
            Qt::QueuedConnection);
    });
}

void EngineBridge::deliver() {
    engine::TorrentUpdate batch;
    {
        std::lock_guard lock(mutex_);
        scheduled_ = false;
        batch = std::exchange(pending_, {});
    }
    if (!batch.empty()) emit updated(batch);
}

}  // namespace shoal::ui
