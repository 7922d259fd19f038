#include "file_tree_model.h"

#include <shoal/ui/display_format.h>

#include <array>
#include <map>

namespace shoal::ui {

using engine::FilePriority;

struct FileTreeModel::Node {
    QString name;
    Node* parent = nullptr;
    int row = 0;
    std::vector<std::unique_ptr<Node>> children;
    int file = -1;  // position in files_, or -1 for a folder
    std::int64_t size = 0;
    std::int64_t done = 0;
    Qt::CheckState check = Qt::Checked;
    int priority = -1;  // a folder's: -1 when its files differ
};

namespace {

QString priority_text(int p) {
    switch (p) {
        case static_cast<int>(FilePriority::skip):
            return FileTreeModel::tr("Skip");
        case static_cast<int>(FilePriority::low):
            return FileTreeModel::tr("Low");
        case static_cast<int>(FilePriority::normal):
            return FileTreeModel::tr("Normal");
        case static_cast<int>(FilePriority::high):
            return FileTreeModel::tr("High");
        default:
            return FileTreeModel::tr("Mixed");
    }
}

}  // namespace

FileTreeModel::FileTreeModel(QObject* parent)
    : QAbstractItemModel(parent), root_(std::make_unique<Node>()) {}

FileTreeModel::~FileTreeModel() = default;

void FileTreeModel::set_files(const std::vector<FileItem>& files) {
    beginResetModel();
    root_ = std::make_unique<Node>();
    files_ = files;
    file_nodes_.assign(files.size(), nullptr);
    for (std::size_t i = 0; i < files_.size(); ++i) {
        Node* at = root_.get();
        const QStringList parts = files_[i].path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
        for (int k = 0; k < parts.size(); ++k) {
            const bool leaf = k == parts.size() - 1;
            Node* next = nullptr;
            if (!leaf)
                for (auto& c : at->children)
                    if (c->file < 0 && c->name == parts[k]) next = c.get();
            if (!next) {
                auto n = std::make_unique<Node>();
                n->name = parts[k];
                n->parent = at;
                n->row = static_cast<int>(at->children.size());
                next = n.get();
                at->children.push_back(std::move(n));
            }
            at = next;
        }
        at->file = static_cast<int>(i);
        file_nodes_[i] = at;
    }
    for (std::size_t i = 0; i < files_.size(); ++i) {
        Node* n = file_nodes_[i];
        n->size = files_[i].size;
        n->done = std::max<std::int64_t>(files_[i].done, 0);
        n->priority = static_cast<int>(files_[i].priority);
        n->check = files_[i].priority == FilePriority::skip ? Qt::Unchecked : Qt::Checked;
    }
    refresh_folders(root_.get());
    endResetModel();
}

// Sizes, progress, check state and priority of folders, from their files.
void FileTreeModel::refresh_folders(Node* n) {
    if (n->file >= 0) return;
    n->size = n->done = 0;
    bool any_checked = false, any_unchecked = false;
    int priority = -2;
    for (auto& c : n->children) {
        refresh_folders(c.get());
        n->size += c->size;
        n->done += c->done;
        any_checked = any_checked || c->check != Qt::Unchecked;
        any_unchecked = any_unchecked || c->check != Qt::Checked;
        priority = priority == -2 ? c->priority : (priority == c->priority ? priority : -1);
    }
    n->check = any_checked && any_unchecked ? Qt::PartiallyChecked
               : any_checked                ? Qt::Checked
                                            : Qt::Unchecked;
    n->priority = priority;
}

void FileTreeModel::update_files(const std::vector<engine::FileEntry>& entries) {
    if (entries.size() != files_.size()) return;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        Node* n = file_nodes_[i];
        n->done = entries[i].done;
        n->priority = static_cast<int>(entries[i].priority);
        n->check = entries[i].priority == FilePriority::skip ? Qt::Unchecked : Qt::Checked;
        files_[i].done = entries[i].done;
        files_[i].priority = entries[i].priority;
    }
    refresh_folders(root_.get());
    announce_all();
}

// Every row may show new values: one signal per level of the tree.
void FileTreeModel::announce_all() {
    std::vector<Node*> stack{root_.get()};
    while (!stack.empty()) {
        Node* n = stack.back();
        stack.pop_back();
        if (n->children.empty()) continue;
        emit dataChanged(index_of(n->children.front().get(), 0),
                         index_of(n->children.back().get(), ColumnCount - 1));
        for (auto& c : n->children)
            if (!c->children.empty()) stack.push_back(c.get());
    }
}

void FileTreeModel::collect(Node* n, std::vector<int>& files) const {
    if (n->file >= 0) {
        files.push_back(n->file);
        return;
    }
    for (auto& c : n->children)
        collect(c.get(), files);
}

std::vector<int> FileTreeModel::selected() const {
    std::vector<int> out;
    for (std::size_t i = 0; i < files_.size(); ++i)
        if (file_nodes_[i]->check == Qt::Checked) out.push_back(files_[i].index);
    return out;
}

std::int64_t FileTreeModel::selected_size() const {
    std::int64_t total = 0;
    for (std::size_t i = 0; i < files_.size(); ++i)
        if (file_nodes_[i]->check == Qt::Checked) total += files_[i].size;
    return total;
}

void FileTreeModel::set_priority(const QModelIndex& index, FilePriority priority) {
    Node* n = node(index);
    if (!n || n == root_.get()) return;
    std::vector<int> files;
    collect(n, files);
    std::vector<std::pair<int, FilePriority>> changes;
    for (int f : files) {
        Node* leaf = file_nodes_[static_cast<std::size_t>(f)];
        leaf->priority = static_cast<int>(priority);
        leaf->check = priority == FilePriority::skip ? Qt::Unchecked : Qt::Checked;
        files_[static_cast<std::size_t>(f)].priority = priority;
        changes.emplace_back(files_[static_cast<std::size_t>(f)].index, priority);
    }
    refresh_folders(root_.get());
    announce_all();
    emit priorities_changed(std::move(changes));
}

FileTreeModel::Node* FileTreeModel::node(const QModelIndex& index) const {
    return index.isValid() ? static_cast<Node*>(index.internalPointer()) : root_.get();
}

QModelIndex FileTreeModel::index_of(Node* n, int column) const {
    if (!n || n == root_.get()) return {};
    return createIndex(n->row, column, n);
}

QModelIndex FileTreeModel::index(int row, int column, const QModelIndex& parent) const {
    Node* p = node(parent);
    if (!p || row < 0 || row >= static_cast<int>(p->children.size()) || column < 0 ||
        column >= ColumnCount)
        return {};
    return createIndex(row, column, p->children[static_cast<std::size_t>(row)].get());
}

QModelIndex FileTreeModel::parent(const QModelIndex& child) const {
    Node* n = child.isValid() ? node(child) : nullptr;
    if (!n || !n->parent || n->parent == root_.get()) return {};
    return createIndex(n->parent->row, 0, n->parent);
}

int FileTreeModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid() && parent.column() != 0) return 0;
    Node* n = node(parent);
    return n ? static_cast<int>(n->children.size()) : 0;
}

int FileTreeModel::columnCount(const QModelIndex&) const {
    return ColumnCount;
}

QVariant FileTreeModel::data(const QModelIndex& index, int role) const {
    Node* n = index.isValid() ? node(index) : nullptr;
    if (!n) return {};
    const bool known = n->file < 0 || files_[static_cast<std::size_t>(n->file)].done >= 0;
    if (role == Qt::CheckStateRole && index.column() == Name) return n->check;
    if (role == Qt::TextAlignmentRole && index.column() != Name)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
        case Name:
            return n->name;
        case Size:
            return size_text(n->size);
        case Progress:
            if (!known || n->size == 0) return {};
            return QString::number(
                       100.0 * static_cast<double>(n->done) / static_cast<double>(n->size), 'f',
                       1) +
                   QLatin1Char('%');
        case Priority:
            return priority_text(n->priority);
        default:
            return {};
    }
}

bool FileTreeModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (role != Qt::CheckStateRole || index.column() != Name) return false;
    const auto state = static_cast<Qt::CheckState>(value.toInt());
    set_priority(index, state == Qt::Unchecked ? FilePriority::skip : FilePriority::normal);
    return true;
}

Qt::ItemFlags FileTreeModel::flags(const QModelIndex& index) const {
    if (!index.isValid()) return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.column() == Name) f |= Qt::ItemIsUserCheckable;
    return f;
}

QVariant FileTreeModel::headerData(int section, Qt::Orientation orientation, int role) const {
    static constexpr std::array<const char*, ColumnCount> kTitles{"Name", "Size", "Progress",
                                                                  "Priority"};
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 ||
        section >= ColumnCount)
        return {};
    return tr(kTitles[static_cast<std::size_t>(section)]);
}

}  // namespace shoal::ui
