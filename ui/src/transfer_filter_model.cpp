#include <shoal/ui/transfer_filter_model.h>

#include <algorithm>
#include <numeric>
#include <utility>

namespace shoal::ui {

TransferFilterModel::TransferFilterModel(QObject* parent) : QAbstractProxyModel(parent) {}

const TransferListModel* TransferFilterModel::source() const {
    return source_;
}

void TransferFilterModel::setSourceModel(QAbstractItemModel* model) {
    beginResetModel();
    for (auto& c : connections_)
        disconnect(c);
    QAbstractProxyModel::setSourceModel(model);
    source_ = static_cast<const TransferListModel*>(model);
    sort_pending_ = false;
    if (model) {
        connections_[6] = connect(source_, &TransferListModel::applied, this, [this] {
            if (std::exchange(sort_pending_, false)) resort();
        });
        connections_[0] = connect(model, &QAbstractItemModel::dataChanged, this,
                                  &TransferFilterModel::on_data_changed);
        connections_[1] = connect(model, &QAbstractItemModel::rowsAboutToBeRemoved, this,
                                  &TransferFilterModel::on_rows_about_to_be_removed);
        connections_[2] = connect(model, &QAbstractItemModel::rowsRemoved, this,
                                  &TransferFilterModel::on_rows_removed);
        connections_[3] = connect(model, &QAbstractItemModel::rowsInserted, this,
                                  &TransferFilterModel::on_rows_inserted);
        connections_[4] =
            connect(model, &QAbstractItemModel::modelReset, this, &TransferFilterModel::on_reset);
        connections_[5] = connect(model, &QAbstractItemModel::layoutChanged, this,
                                  &TransferFilterModel::on_reset);
    }
    proxy_to_source_.clear();
    const int rows = model ? model->rowCount() : 0;
    for (int r = 0; r < rows; ++r)
        if (accepts(r)) proxy_to_source_.push_back(r);
    if (sort_column_ >= 0)
        std::stable_sort(proxy_to_source_.begin(), proxy_to_source_.end(),
                         [this](int a, int b) { return less(a, b); });
    rebuild_reverse();
    endResetModel();
}

bool TransferFilterModel::accepts(int source_row) const {
    const auto* s = source()->snapshot(source_row);
    if (!s) return false;
    if (groups_ != 0 && (TransferListModel::state_groups(*s) & groups_) == 0) return false;
    if (!words_.isEmpty()) {
        const QString name = QString::fromStdString(s->name);
        for (const auto& w : words_)
            if (!name.contains(w, Qt::CaseInsensitive)) return false;
    }
    return true;
}

bool TransferFilterModel::less(int a, int b) const {
    const auto* sa = source()->snapshot(a);
    const auto* sb = source()->snapshot(b);
    if (order_ == Qt::DescendingOrder) std::swap(sa, sb);
    return TransferListModel::less(*sa, *sb, sort_column_);
}

void TransferFilterModel::rebuild_reverse() {
    source_to_proxy_.assign(static_cast<std::size_t>(sourceModel() ? sourceModel()->rowCount() : 0),
                            -1);
    for (std::size_t p = 0; p < proxy_to_source_.size(); ++p) {
        const auto s = static_cast<std::size_t>(proxy_to_source_[p]);
        if (s < source_to_proxy_.size()) source_to_proxy_[s] = static_cast<int>(p);
    }
}

void TransferFilterModel::set_state_filter(unsigned groups) {
    if (groups == groups_) return;
    groups_ = groups;
    std::vector<int> all(source_to_proxy_.size());
    std::iota(all.begin(), all.end(), 0);
    if (refilter(all, false)) resort();
}

void TransferFilterModel::set_search(const QString& text) {
    QStringList words = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (words == words_) return;
    words_ = std::move(words);
    std::vector<int> all(source_to_proxy_.size());
    std::iota(all.begin(), all.end(), 0);
    if (refilter(all, false)) resort();
}

void TransferFilterModel::sort(int column, Qt::SortOrder order) {
    if (column == sort_column_ && order == order_) return;
    sort_column_ = column;
    order_ = order;
    resort();
}

void TransferFilterModel::remove_proxy_rows(std::vector<int> rows) {
    std::sort(rows.begin(), rows.end(), std::greater<>());
    for (std::size_t i = 0; i < rows.size();) {
        std::size_t j = i;
        while (j + 1 < rows.size() && rows[j + 1] == rows[j] - 1)
            ++j;
        const int first = rows[j], last = rows[i];
        beginRemoveRows({}, first, last);
        proxy_to_source_.erase(proxy_to_source_.begin() + first,
                               proxy_to_source_.begin() + last + 1);
        rebuild_reverse();
        endRemoveRows();
        i = j + 1;
    }
}

bool TransferFilterModel::refilter(const std::vector<int>& source_rows, bool sort_key_changed) {
    std::vector<int> leaving, entering;
    for (int s : source_rows) {
        const bool in = source_to_proxy_[static_cast<std::size_t>(s)] >= 0;
        const bool wanted = accepts(s);
        if (in && !wanted) leaving.push_back(source_to_proxy_[static_cast<std::size_t>(s)]);
        if (!in && wanted) entering.push_back(s);
    }
    if (!leaving.empty()) remove_proxy_rows(std::move(leaving));
    if (!entering.empty()) {
        const int first = static_cast<int>(proxy_to_source_.size());
        beginInsertRows({}, first, first + static_cast<int>(entering.size()) - 1);
        proxy_to_source_.insert(proxy_to_source_.end(), entering.begin(), entering.end());
        rebuild_reverse();
        endInsertRows();
    }
    return sort_column_ >= 0 && (sort_key_changed || !entering.empty());
}

void TransferFilterModel::resort() {
    if (sort_column_ < 0 || proxy_to_source_.size() < 2) return;
    std::vector<int> sorted = proxy_to_source_;
    std::stable_sort(sorted.begin(), sorted.end(), [this](int a, int b) { return less(a, b); });
    if (sorted == proxy_to_source_) return;
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    QModelIndexList after;
    after.reserve(before.size());
    std::vector<int> source_rows;
    source_rows.reserve(static_cast<std::size_t>(before.size()));
    for (const auto& i : before)
        source_rows.push_back(proxy_to_source_[static_cast<std::size_t>(i.row())]);
    proxy_to_source_ = std::move(sorted);
    rebuild_reverse();
    for (int i = 0; i < before.size(); ++i) {
        const int row =
            source_to_proxy_[static_cast<std::size_t>(source_rows[static_cast<std::size_t>(i)])];
        after << createIndex(row, before[i].column());
    }
    changePersistentIndexList(before, after);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void TransferFilterModel::on_data_changed(const QModelIndex& top_left,
                                          const QModelIndex& bottom_right) {
    const int top = top_left.row(), bottom = bottom_right.row();
    std::vector<int> rows(static_cast<std::size_t>(bottom - top + 1));
    std::iota(rows.begin(), rows.end(), top);
    const bool key = sort_column_ >= top_left.column() && sort_column_ <= bottom_right.column();
    sort_pending_ = refilter(rows, key) || sort_pending_;
    // Repaint what the rows map to: one range, the view clips it to what is visible.
    int first = rowCount(), last = -1;
    for (int s = top; s <= bottom; ++s) {
        const int p = source_to_proxy_[static_cast<std::size_t>(s)];
        if (p < 0) continue;
        first = std::min(first, p);
        last = std::max(last, p);
    }
    if (last >= 0)
        emit dataChanged(index(first, top_left.column()), index(last, bottom_right.column()));
}

void TransferFilterModel::on_rows_about_to_be_removed(const QModelIndex&, int first, int last) {
    std::vector<int> rows;
    for (int s = first; s <= last; ++s)
        if (const int p = source_to_proxy_[static_cast<std::size_t>(s)]; p >= 0) rows.push_back(p);
    remove_proxy_rows(std::move(rows));
}

void TransferFilterModel::on_rows_removed(const QModelIndex&, int first, int last) {
    const int count = last - first + 1;
    for (int& s : proxy_to_source_)
        if (s > last) s -= count;
    rebuild_reverse();
}

void TransferFilterModel::on_rows_inserted(const QModelIndex&, int first, int last) {
    const int count = last - first + 1;
    for (int& s : proxy_to_source_)
        if (s >= first) s += count;
    rebuild_reverse();
    std::vector<int> rows(static_cast<std::size_t>(count));
    std::iota(rows.begin(), rows.end(), first);
    sort_pending_ = refilter(rows, false) || sort_pending_;
}

void TransferFilterModel::on_reset() {
    setSourceModel(sourceModel());
}

QModelIndex TransferFilterModel::index(int row, int column, const QModelIndex& parent) const {
    if (parent.isValid() || row < 0 || row >= rowCount() || column < 0 || column >= columnCount())
        return {};
    return createIndex(row, column);
}

QModelIndex TransferFilterModel::parent(const QModelIndex&) const {
    return {};
}

int TransferFilterModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(proxy_to_source_.size());
}

int TransferFilterModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() || !sourceModel() ? 0 : sourceModel()->columnCount();
}

QModelIndex TransferFilterModel::mapToSource(const QModelIndex& proxy) const {
    if (!proxy.isValid() || !sourceModel() || proxy.row() >= rowCount()) return {};
    return sourceModel()->index(proxy_to_source_[static_cast<std::size_t>(proxy.row())],
                                proxy.column());
}

QModelIndex TransferFilterModel::mapFromSource(const QModelIndex& src) const {
    if (!src.isValid() || static_cast<std::size_t>(src.row()) >= source_to_proxy_.size()) return {};
    const int p = source_to_proxy_[static_cast<std::size_t>(src.row())];
    return p < 0 ? QModelIndex() : createIndex(p, src.column());
}

QVariant TransferFilterModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation == Qt::Horizontal && sourceModel())
        return sourceModel()->headerData(section, orientation, role);
    return QAbstractProxyModel::headerData(section, orientation, role);
}

}  // namespace shoal::ui
