// TransferFilterModel: the side panel's state filter, the search box and sorting over the
// transfer list, as a proxy model. Unlike QSortFilterProxyModel, which moves each changed
// row on its own (quadratic when a tenth of 10,000 rows change at once), it re-sorts its
// whole mapping once per update, comparing the torrents' values directly, and tells views
// with one layout change.
#pragma once

#include <shoal/ui/transfer_list_model.h>

#include <QAbstractProxyModel>
#include <QStringList>

#include <vector>

namespace shoal::ui {

class TransferFilterModel : public QAbstractProxyModel {
    Q_OBJECT
  public:
    explicit TransferFilterModel(QObject* parent = nullptr);

    void setSourceModel(QAbstractItemModel* source) override;  // a TransferListModel

    // 0 shows every torrent; otherwise rows whose state groups include any of these bits.
    void set_state_filter(unsigned groups);
    unsigned state_filter() const { return groups_; }
    // Case-insensitive words that must all appear in the name.
    void set_search(const QString& text);

    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    int sort_column() const { return sort_column_; }
    Qt::SortOrder sort_order() const { return order_; }

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QModelIndex mapToSource(const QModelIndex& proxy) const override;
    QModelIndex mapFromSource(const QModelIndex& source) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

  private:
    const TransferListModel* source() const;
    bool accepts(int source_row) const;
    bool less(int source_a, int source_b) const;
    // Brings the rows `source_rows` in or out of the filter; true if the order may have
    // changed (rows came in, or a sort key moved).
    bool refilter(const std::vector<int>& source_rows, bool sort_key_changed);
    void remove_proxy_rows(std::vector<int> proxy_rows);
    void resort();
    void rebuild_reverse();

    void on_data_changed(const QModelIndex& top_left, const QModelIndex& bottom_right);
    void on_rows_about_to_be_removed(const QModelIndex& parent, int first, int last);
    void on_rows_removed(const QModelIndex& parent, int first, int last);
    void on_rows_inserted(const QModelIndex& parent, int first, int last);
    void on_reset();

    std::vector<int> proxy_to_source_;
    std::vector<int> source_to_proxy_;  // -1: filtered out
    unsigned groups_ = 0;
    QStringList words_;
    int sort_column_ = -1;
    Qt::SortOrder order_ = Qt::AscendingOrder;
    const TransferListModel* source_ = nullptr;
    bool sort_pending_ = false;  // re-sort when the source's update is applied
    QMetaObject::Connection connections_[7];
};

}  // namespace shoal::ui
