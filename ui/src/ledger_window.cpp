#include "ledger_window.h"

#include <shoal/common/format.h>
#include <shoal/common/hex.h>
#include <shoal/ledger/ledger.h>
#include <shoal/ui/display_format.h>

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTableView>
#include <QThreadPool>
#include <QVBoxLayout>

namespace shoal::ui {
namespace {

struct Loaded {
    QString error;
    QString key;
    QString head;
    std::vector<QList<QStandardItem*>> rows;
};

QStandardItem* item(const QString& text) {
    auto* i = new QStandardItem(text);
    i->setEditable(false);
    return i;
}

Loaded load(const std::filesystem::path& dir) {
    Loaded out;
    auto ledger = ledger::Ledger::open(dir, ledger::OpenMode::read_only);
    if (!ledger) {
        out.error = QString::fromStdString(ledger.error().message);
        return out;
    }
    const auto& key = (*ledger)->public_key();
    out.key = QString::fromStdString(to_hex(key));
    if (auto h = (*ledger)->latest_head())
        out.head = LedgerWindow::tr("%1 entries, root %2, signed %3")
                       .arg(h->tree_size)
                       .arg(QString::fromStdString(to_hex(h->root)))
                       .arg(QString::fromStdString(
                           format_utc_time(static_cast<std::int64_t>(h->timestamp_ms / 1000))));
    auto r = (*ledger)->for_each({}, [&](std::uint64_t index, const ledger::LedgerEntry& e) {
        QList<QStandardItem*> row;
        auto* number = item(QString::number(index));
        number->setData(static_cast<qulonglong>(index), Qt::UserRole);
        row << number << item(QString::fromStdString(format_utc_time(e.time)))
            << item(QString::fromStdString(std::string(ledger::kind_name(e.kind))))
            << item(QString::fromStdString(e.name)) << item(size_text(e.size))
            << item(e.uploaded ? size_text(*e.uploaded) : QString())
            << item(e.downloaded ? size_text(*e.downloaded) : QString())
            << item(QString::fromStdString(e.info_hash_v1.empty() ? e.info_hash_v2
                                                                  : e.info_hash_v1));
        out.rows.push_back(std::move(row));
        return true;
    });
    if (!r) out.error = QString::fromStdString(r.error().message);
    return out;
}

}  // namespace

LedgerWindow::LedgerWindow(std::filesystem::path ledger_dir, QWidget* parent)
    : QWidget(parent, Qt::Window), dir_(std::move(ledger_dir)) {
    setWindowTitle(tr("Shoal — ledger"));
    resize(1000, 600);
    key_ = new QLabel;
    key_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    head_ = new QLabel;
    head_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    search_ = new QLineEdit;
    search_->setPlaceholderText(tr("Search entries (name, kind, hash)…"));
    search_->setClearButtonEnabled(true);
    entries_ = new QStandardItemModel(this);
    entries_->setHorizontalHeaderLabels({tr("#"), tr("Time"), tr("Kind"), tr("Name"), tr("Size"),
                                         tr("Uploaded"), tr("Downloaded"), tr("Info-hash")});
    filter_ = new QSortFilterProxyModel(this);
    filter_->setSourceModel(entries_);
    filter_->setFilterKeyColumn(-1);
    filter_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    view_ = new QTableView;
    view_->setModel(filter_);
    view_->verticalHeader()->hide();
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->horizontalHeader()->setStretchLastSection(true);
    view_->setWordWrap(false);
    verify_button_ = new QPushButton(tr("Verify"));
    verify_result_ = new QLabel;
    verify_result_->setWordWrap(true);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(key_);
    layout->addWidget(head_);
    layout->addWidget(search_);
    layout->addWidget(view_, 1);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(verify_button_);
    bottom->addWidget(verify_result_, 1);
    layout->addLayout(bottom);

    connect(search_, &QLineEdit::textChanged, filter_,
            &QSortFilterProxyModel::setFilterFixedString);
    connect(verify_button_, &QPushButton::clicked, this, &LedgerWindow::verify);
    reload();
}

void LedgerWindow::reload() {
    QPointer<LedgerWindow> self(this);
    QThreadPool::globalInstance()->start([self, dir = dir_] {
        auto loaded = std::make_shared<Loaded>(load(dir));
        QMetaObject::invokeMethod(
            qApp,
            [self, loaded] {
                if (!self) {
                    for (auto& row : loaded->rows)
                        qDeleteAll(row);
                    return;
                }
                self->entries_->removeRows(0, self->entries_->rowCount());
                if (!loaded->error.isEmpty()) {
                    self->key_->setText(loaded->error);
                    emit self->loaded();
                    return;
                }
                self->key_->setText(tr("Node public key (Ed25519): %1").arg(loaded->key));
                self->head_->setText(tr("Latest signed tree head: %1").arg(loaded->head));
                for (auto& row : loaded->rows)
                    self->entries_->appendRow(row);
                self->view_->resizeColumnsToContents();
                emit self->loaded();
            },
            Qt::QueuedConnection);
    });
}

void LedgerWindow::verify() {
    verify_button_->setEnabled(false);
    verify_result_->setText(tr("Verifying…"));
    QPointer<LedgerWindow> self(this);
    QThreadPool::globalInstance()->start([self, dir = dir_] {
        bool ok = false;
        QString text;
        auto ledger = ledger::Ledger::open(dir, ledger::OpenMode::read_only);
        if (!ledger) {
            text = QString::fromStdString(ledger.error().message);
        } else {
            const auto report = (*ledger)->verify();
            ok = report.ok;
            text = QString::fromStdString(report.summary());
        }
        QMetaObject::invokeMethod(
            qApp,
            [self, ok, text] {
                if (!self) return;
                self->verify_button_->setEnabled(true);
                self->verify_result_->setText(
                    QStringLiteral("<b style='color:%1'>%2</b>")
                        .arg(ok ? QStringLiteral("#1a7f37") : QStringLiteral("#cf222e"),
                             text.toHtmlEscaped()));
                emit self->verified(ok);
            },
            Qt::QueuedConnection);
    });
}

}  // namespace shoal::ui
