// DesktopApp: what the desktop app runs on: the profile (locked), the engine, the ledger
// and its recorder, the bridge to the GUI thread and the main window. Shutting down
// closes the engine off the GUI thread.
#pragma once

#include <shoal/common/result.h>

#include <QStringList>

#include <filesystem>
#include <memory>
#include <optional>

class QIcon;

namespace shoal::engine {
class Engine;
struct Settings;
}  // namespace shoal::engine

namespace shoal::ui {

class MainWindow;

struct DesktopOptions {
    std::filesystem::path profile_dir;
    // The profile's settings.json when unset; tests pass loopback-only settings.
    std::shared_ptr<const engine::Settings> settings;
    bool record_ledger = true;
};

class DesktopApp {
  public:
    static Result<std::unique_ptr<DesktopApp>> open(const DesktopOptions& options);
    ~DesktopApp();  // shuts down if not done yet

    MainWindow& window();
    engine::Engine& engine();
    // Saves everything and closes the engine, keeping the GUI thread's event loop running.
    void shutdown();

    class Impl;

  private:
    explicit DesktopApp(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// The window icon, drawn (no image plugin needed).
QIcon app_icon();

}  // namespace shoal::ui
