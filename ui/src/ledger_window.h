// LedgerWindow: the node's ledger: its entries (searchable), the node's public key, the
// latest signed head, and Verify with its result. Reading and verifying run off the GUI
// thread (internal).
#pragma once

#include <QWidget>

#include <filesystem>

class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTableView;

namespace shoal::ui {

class LedgerWindow : public QWidget {
    Q_OBJECT
  public:
    explicit LedgerWindow(std::filesystem::path ledger_dir, QWidget* parent = nullptr);

    QStandardItemModel& entries() { return *entries_; }
    QLabel& verify_result() { return *verify_result_; }

  signals:
    void loaded();
    void verified(bool ok);

  public slots:
    void reload();
    void verify();

  private:
    std::filesystem::path dir_;
    QLabel* key_;
    QLabel* head_;
    QLineEdit* search_;
    QStandardItemModel* entries_;
    QSortFilterProxyModel* filter_;
    QTableView* view_;
    QPushButton* verify_button_;
    QLabel* verify_result_;
};

}  // namespace shoal::ui
