// DetailsPanel: the selected torrent's general facts, trackers, peers, files (a tree with
// check boxes and priorities), a pieces bar and a speed graph. Snapshot fields come with
// each update; files, trackers, peers and pieces are asked of the engine once a second
// while a torrent is selected (internal).
#pragma once

#ifndef Q_MOC_RUN
#include <shoal/engine/engine.h>
#endif

#include <QTabWidget>

#include <deque>

class QFormLayout;
class QLabel;
class QTimer;
class QTreeView;
class QTreeWidget;

namespace shoal::ui {

class FileTreeModel;

// The pieces of a torrent as a bar: have, downloading, missing.
class PiecesBar : public QWidget {
  public:
    using QWidget::QWidget;
    void set_pieces(std::vector<engine::PieceState> pieces);
    QSize sizeHint() const override { return {400, 24}; }

  protected:
    void paintEvent(QPaintEvent* event) override;

  private:
    std::vector<engine::PieceState> pieces_;
};

// Download and upload rates of the last five minutes.
class SpeedGraph : public QWidget {
  public:
    using QWidget::QWidget;
    void add_sample(std::int64_t down, std::int64_t up);
    void clear();
    QSize sizeHint() const override { return {400, 160}; }

  protected:
    void paintEvent(QPaintEvent* event) override;

  private:
    std::deque<std::pair<std::int64_t, std::int64_t>> samples_;
};

class DetailsPanel : public QTabWidget {
    Q_OBJECT
  public:
    explicit DetailsPanel(engine::Engine& engine, QWidget* parent = nullptr);

    void show_torrent(const engine::TorrentId& id);  // empty: nothing selected
    void on_update(const engine::TorrentUpdate& update);
    FileTreeModel& files() { return *files_; }

  private:
    void request_details();
    void show_snapshot(const engine::TorrentSnapshot& s);
    void show_details(const engine::TorrentDetails& d);
    void show_file_menu(const QPoint& pos);

    engine::Engine& engine_;
    engine::TorrentId id_;
    bool files_loaded_ = false;
    QTimer* timer_;
    std::map<QString, QLabel*> general_;
    QTreeWidget* trackers_;
    QTreeWidget* peers_;
    QTreeView* file_view_;
    FileTreeModel* files_;
    PiecesBar* pieces_;
    SpeedGraph* speed_;
};

}  // namespace shoal::ui
