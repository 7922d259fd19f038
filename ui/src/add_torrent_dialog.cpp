#include "add_torrent_dialog.h"

#include "file_tree_model.h"

#include <shoal/common/atomic_file.h>
#include <shoal/engine/metainfo.h>
#include <shoal/ui/display_format.h>
#include <shoal/ui/engine_bridge.h>

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QStorageInfo>
#include <QThreadPool>
#include <QTreeView>
#include <QVBoxLayout>

namespace shoal::ui {

namespace {

QString default_save_path(const engine::Engine& engine) {
    const auto configured = engine.settings().default_save_path;
    return configured.empty() ? QDir::homePath() + QStringLiteral("/Downloads")
                              : QString::fromStdString(configured);
}

}  // namespace

AddTorrentDialog::AddTorrentDialog(EngineBridge& bridge, const QString& source, QWidget* parent)
    : QDialog(parent), bridge_(bridge), source_(source) {
    setWindowTitle(tr("Add torrent"));
    resize(640, 520);
    title_ = new QLabel;
    title_->setWordWrap(true);
    QFont bold = title_->font();
    bold.setBold(true);
    title_->setFont(bold);
    status_ = new QLabel;
    status_->setWordWrap(true);
    files_ = new FileTreeModel(this);
    tree_ = new QTreeView;
    tree_->setModel(files_);
    tree_->hideColumn(FileTreeModel::Progress);
    tree_->hideColumn(FileTreeModel::Priority);
    tree_->header()->resizeSection(FileTreeModel::Name, 440);
    save_path_ = new QLineEdit(default_save_path(bridge_.engine()));
    auto* browse = new QPushButton(tr("Browse…"));
    space_ = new QLabel;
    paused_ = new QCheckBox(tr("Start paused"));
    sequential_ = new QCheckBox(tr("Download in order (sequential)"));
    buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons_->button(QDialogButtonBox::Ok)->setText(tr("Add"));

    auto* path_row = new QHBoxLayout;
    path_row->addWidget(save_path_, 1);
    path_row->addWidget(browse);
    auto* form = new QFormLayout;
    form->addRow(tr("Save to:"), path_row);
    form->addRow(QString(), space_);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(title_);
    layout->addWidget(status_);
    layout->addWidget(tree_, 1);
    layout->addLayout(form);
    layout->addWidget(paused_);
    layout->addWidget(sequential_);
    layout->addWidget(buttons_);

    connect(buttons_, &QDialogButtonBox::accepted, this, &AddTorrentDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &AddTorrentDialog::reject);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir =
            QFileDialog::getExistingDirectory(this, tr("Save to"), save_path_->text());
        if (!dir.isEmpty()) save_path_->setText(dir);
    });
    connect(save_path_, &QLineEdit::textChanged, this, &AddTorrentDialog::update_space);
    connect(files_, &QAbstractItemModel::dataChanged, this, &AddTorrentDialog::update_space);
    update_space();

    const std::string text = source.toStdString();
    if (engine::is_magnet_uri(text)) {
        auto magnet = engine::parse_magnet(text);
        if (!magnet) {
            title_->setText(source.left(80));
            show_problem(QString::fromStdString(magnet.error().message), false);
            return;
        }
        title_->setText(
            QString::fromStdString(magnet->name.empty() ? magnet->id.hex() : magnet->name));
        status_->setText(
            tr("Fetching metadata… (you can add it now; the files will be known "
               "once peers send them)"));
        probing_ = magnet->id;
        QPointer<AddTorrentDialog> self(this);
        bridge_.engine().fetch_metadata(text, [self](Result<std::string> r) {
            QMetaObject::invokeMethod(
                qApp,
                [self, r = std::move(r)]() mutable {
                    if (!self) return;
                    self->probing_.reset();
                    if (r)
                        self->show_metainfo(std::move(*r));
                    else
                        self->show_problem(QString::fromStdString(r.error().message),
                                           r.error().kind != ErrorKind::bad_input);
                },
                Qt::QueuedConnection);
        });
        return;
    }
    // A .torrent file: read and parsed off the GUI thread.
    title_->setText(QFileInfo(source).fileName());
    status_->setText(tr("Reading…"));
    QPointer<AddTorrentDialog> self(this);
    QThreadPool::globalInstance()->start([self, path = source.toStdString()] {
        auto bytes = read_file(path);
        QMetaObject::invokeMethod(
            qApp,
            [self, bytes = std::move(bytes)]() mutable {
                if (!self) return;
                if (bytes)
                    self->show_metainfo(std::move(*bytes));
                else
                    self->show_problem(QString::fromStdString(bytes.error().message), false);
            },
            Qt::QueuedConnection);
    });
}

AddTorrentDialog::~AddTorrentDialog() {
    if (probing_) bridge_.engine().cancel_metadata(*probing_);
}

void AddTorrentDialog::show_metainfo(std::string bytes) {
    auto meta = engine::parse_metainfo(bytes, source_.toStdString());
    if (!meta) {
        show_problem(QString::fromStdString(meta.error().message), false);
        return;
    }
    metainfo_ = std::move(bytes);
    title_->setText(QString::fromStdString(meta->name));
    status_->setText(tr("%1 in %2 files, %3 pieces of %4")
                         .arg(size_text(meta->total_size))
                         .arg(meta->files.size())
                         .arg(meta->num_pieces)
                         .arg(size_text(meta->piece_size)));
    std::vector<FileItem> items;
    for (const auto& f : meta->files)
        if (!f.pad) items.push_back({f.index, QString::fromStdString(f.path), f.size});
    files_->set_files(items);
    tree_->expandToDepth(0);
    update_space();
    emit metadata_ready();
}

void AddTorrentDialog::show_problem(const QString& text, bool can_add) {
    status_->setText(QStringLiteral("<b>%1</b>").arg(text.toHtmlEscaped()));
    buttons_->button(QDialogButtonBox::Ok)->setEnabled(can_add);
}

void AddTorrentDialog::update_space() {
    QString dir = save_path_->text();
    while (!dir.isEmpty() && !QDir(dir).exists())
        dir = QFileInfo(dir).path() == dir ? QString() : QFileInfo(dir).path();
    const QStorageInfo info(dir.isEmpty() ? QDir::rootPath() : dir);
    QString text = tr("Free space: %1").arg(size_text(info.bytesAvailable()));
    if (!files_->empty()) text += tr("; selected: %1").arg(size_text(files_->selected_size()));
    space_->setText(text);
}

void AddTorrentDialog::accept() {
    engine::AddRequest request;
    if (metainfo_) {
        request.source = engine::MetainfoSource{*metainfo_, source_.toStdString()};
        auto chosen = files_->selected();
        if (chosen.size() < files_->file_count()) request.selected_files = std::move(chosen);
    } else {
        request.source = engine::MagnetSource{source_.toStdString()};
    }
    request.save_path = save_path_->text().toStdString();
    request.paused = paused_->isChecked();
    request.sequential = sequential_->isChecked();
    if (probing_) {
        bridge_.engine().cancel_metadata(*probing_);
        probing_.reset();
    }
    buttons_->setEnabled(false);
    status_->setText(tr("Adding…"));
    QPointer<AddTorrentDialog> self(this);
    bridge_.engine().add(std::move(request), [self](Result<engine::TorrentId> r) {
        QMetaObject::invokeMethod(
            qApp,
            [self, r = std::move(r)] {
                if (!self) return;
                self->buttons_->setEnabled(true);
                if (!r) {
                    self->show_problem(QString::fromStdString(r.error().message), false);
                    return;
                }
                emit self->added(QString::fromStdString(r->hex()));
                self->QDialog::accept();
            },
            Qt::QueuedConnection);
    });
}

void AddTorrentDialog::reject() {
    if (probing_) {
        bridge_.engine().cancel_metadata(*probing_);
        probing_.reset();
    }
    QDialog::reject();
}

}  // namespace shoal::ui
