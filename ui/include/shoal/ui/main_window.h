// MainWindow: toolbar, state filters with counts, search, the transfer list, the details
// panel of the selected torrent, and the status bar. Everything it asks of the engine is
// posted; answers arrive through the EngineBridge on the GUI thread.
#pragma once

#include <QMainWindow>
#include <QSettings>

#include <filesystem>
#include <functional>
#include <memory>

class QLabel;
class QLineEdit;
class QSystemTrayIcon;
class QTabWidget;
class QTableView;

namespace shoal::hashing {
struct CreatedTorrent;
}  // namespace shoal::hashing

class QDialog;

namespace shoal::engine {
struct AddRequest;
struct EngineEvent;
struct TorrentUpdate;
}  // namespace shoal::engine

namespace shoal::ui {

class DetailsPanel;
class EngineBridge;
class StatePanel;
class TransferFilterModel;
class TransferListModel;

struct MainWindowOptions {
    std::filesystem::path profile_dir;  // for the ledger window and the window's own state
    // Records a torrent the create dialog made (the ledger's `created` entry).
    std::function<void(const hashing::CreatedTorrent&)> record_created;
};

class MainWindow : public QMainWindow {
    Q_OBJECT
  public:
    MainWindow(EngineBridge& bridge, MainWindowOptions options, QWidget* parent = nullptr);
    ~MainWindow() override;

    TransferListModel& transfers() { return *model_; }
    QTableView& transfer_view() { return *view_; }
    QTabWidget& details();  // the details panel of the selected torrent

  public slots:
    // A magnet URI, a .torrent path or an http(s) URL: from the command line, a second
    // instance, drag and drop or the clipboard. Shows the add dialog and returns it (URLs
    // are added as they are: nullptr).
    QDialog* open_source(const QString& text);
    // Adds a torrent; a refusal is shown in the window.
    void add(engine::AddRequest request);

  protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

  private:
    void build_actions();
    void build_layout();
    void on_update(const engine::TorrentUpdate& update);
    void on_event(const engine::EngineEvent& event);
    void show_context_menu(const QPoint& pos);
    QStringList selected_ids() const;
    void remove_selected();
    void add_torrent_files();
    void add_magnet_or_url();
    void paste();
    void show_error(const QString& text);
    void refresh_free_space();

    EngineBridge& bridge_;
    MainWindowOptions options_;
    QSettings state_;
    TransferListModel* model_;
    TransferFilterModel* filter_;
    QTableView* view_ = nullptr;
    StatePanel* states_ = nullptr;
    QLineEdit* search_ = nullptr;
    DetailsPanel* details_ = nullptr;
    QLabel* rates_ = nullptr;
    QLabel* dht_ = nullptr;
    QLabel* connection_ = nullptr;
    QLabel* free_space_ = nullptr;
    QSystemTrayIcon* tray_ = nullptr;
    bool quitting_ = false;
};

}  // namespace shoal::ui
