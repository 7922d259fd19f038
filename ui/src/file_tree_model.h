// FileTreeModel: a torrent's files as a folder tree with check boxes (folders partly
// checked when some of their files are), sizes, and in the details panel progress and
// priorities. Checking a file is priority "normal", unchecking it "skip" (internal).
#pragma once

#ifndef Q_MOC_RUN
#include <shoal/engine/torrent_details.h>
#endif

#include <QAbstractItemModel>

#include <memory>
#include <vector>

namespace shoal::ui {

struct FileItem {
    int index = 0;  // in the torrent's file list
    QString path;   // '/'-separated, as in the torrent
    std::int64_t size = 0;
    std::int64_t done = -1;  // verified bytes; -1 when not known (add dialog)
    engine::FilePriority priority = engine::FilePriority::normal;
};

class FileTreeModel : public QAbstractItemModel {
    Q_OBJECT
  public:
    enum Column { Name, Size, Progress, Priority, ColumnCount };

    explicit FileTreeModel(QObject* parent = nullptr);
    ~FileTreeModel() override;

    void set_files(const std::vector<FileItem>& files);
    // Progress and priorities from the engine, without rebuilding the tree.
    void update_files(const std::vector<engine::FileEntry>& files);
    bool empty() const { return files_.empty(); }
    std::size_t file_count() const { return files_.size(); }
    // Indices of the checked files.
    std::vector<int> selected() const;
    std::int64_t selected_size() const;
    // Sets the priority of the files under `index` (a file or a folder).
    void set_priority(const QModelIndex& index, engine::FilePriority priority);

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

  signals:
    // The user changed priorities (check boxes or the priority menu).
    void priorities_changed(std::vector<std::pair<int, shoal::engine::FilePriority>> changes);

  private:
    struct Node;
    Node* node(const QModelIndex& index) const;
    QModelIndex index_of(Node* n, int column) const;
    void collect(Node* n, std::vector<int>& files) const;
    void refresh_folders(Node* n);
    void announce_all();

    std::unique_ptr<Node> root_;
    std::vector<FileItem> files_;
    std::vector<Node*> file_nodes_;  // by position in files_
};

}  // namespace shoal::ui
