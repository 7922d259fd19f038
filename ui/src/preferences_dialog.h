// PreferencesDialog: the engine's settings in pages (downloads, connection, speed,
// BitTorrent), each editor made from the typed settings registry, checked by it, applied
// live and saved in the profile; plus the window's own close-to-tray choice (internal).
#pragma once

#ifndef Q_MOC_RUN
#include <shoal/engine/engine.h>
#endif

#include <QDialog>

#include <map>
#include <string>

class QCheckBox;
class QLabel;
class QSettings;
class QWidget;

namespace shoal::ui {

class PreferencesDialog : public QDialog {
    Q_OBJECT
  public:
    PreferencesDialog(engine::Engine& engine, QSettings& app_state, QWidget* parent = nullptr);

    // The editor of a setting, by its registry name (for tests).
    QWidget* editor(const std::string& name) const;
    QLabel& problems() { return *problems_; }

  public slots:
    bool apply();  // false (and the problems shown) if a value is refused
    void accept() override;

  private:
    engine::Engine& engine_;
    QSettings& app_state_;
    std::map<std::string, QWidget*> editors_;
    QCheckBox* close_to_tray_;
    QLabel* problems_;
};

}  // namespace shoal::ui
