// AddTorrentDialog: what a .torrent file or a magnet link holds, before it is added: the
// files as a tree with check boxes and sizes, the save path with its free space, start
// paused, sequential. For a magnet it fetches the metadata from peers and fills the tree
// when it arrives; "Add" does not have to wait for it (internal).
#pragma once

#ifndef Q_MOC_RUN
#include <shoal/engine/engine.h>
#endif

#include <QDialog>

#include <optional>
#include <string>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QTreeView;

namespace shoal::ui {

class EngineBridge;
class FileTreeModel;

class AddTorrentDialog : public QDialog {
    Q_OBJECT
  public:
    // `source`: a magnet URI or the path of a .torrent file.
    AddTorrentDialog(EngineBridge& bridge, const QString& source, QWidget* parent = nullptr);
    ~AddTorrentDialog() override;

    FileTreeModel& files() { return *files_; }
    QLineEdit& save_path() { return *save_path_; }
    QCheckBox& start_paused() { return *paused_; }
    QLabel& status() { return *status_; }
    bool has_metadata() const { return metainfo_.has_value(); }

  signals:
    void metadata_ready();  // the tree is filled in
    void added(const QString& id_hex);

  public slots:
    void accept() override;
    void reject() override;

  private:
    void show_metainfo(std::string bytes);
    void show_problem(const QString& text, bool can_add);
    void update_space();

    EngineBridge& bridge_;
    QString source_;
    std::optional<std::string> metainfo_;  // the .torrent's bytes, once known
    std::optional<engine::TorrentId> probing_;
    QLabel* title_;
    QLabel* status_;
    QTreeView* tree_;
    FileTreeModel* files_;
    QLineEdit* save_path_;
    QLabel* space_;
    QCheckBox* paused_;
    QCheckBox* sequential_;
    QDialogButtonBox* buttons_;
};

}  // namespace shoal::ui
