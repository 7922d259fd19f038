// ProgressDelegate: draws a 0..1 value as a progress bar with its percentage (internal).
#pragma once

#include <QStyledItemDelegate>

namespace shoal::ui {

class ProgressDelegate : public QStyledItemDelegate {
  public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
};

}  // namespace shoal::ui
