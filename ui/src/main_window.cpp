#include "add_torrent_dialog.h"
#include "create_torrent_dialog.h"
#include "details_panel.h"
#include "ledger_window.h"
#include "preferences_dialog.h"
#include "progress_delegate.h"
#include "state_panel.h"

#include <shoal/engine/metainfo.h>
#include <shoal/ui/display_format.h>
#include <shoal/ui/engine_bridge.h>
#include <shoal/ui/main_window.h>
#include <shoal/ui/transfer_filter_model.h>
#include <shoal/ui/transfer_list_model.h>

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QFileDialog>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QPointer>
#include <QSplitter>
#include <QStatusBar>
#include <QStorageInfo>
#include <QSystemTrayIcon>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QUrl>
#include <QVBoxLayout>

namespace shoal::ui {
namespace {

using engine::EngineEvent;
using engine::TorrentId;

std::optional<TorrentId> id_of(const QString& hex) {
    return TorrentId::parse(hex.toStdString());
}

}  // namespace

MainWindow::MainWindow(EngineBridge& bridge, MainWindowOptions options, QWidget* parent)
    : QMainWindow(parent),
      bridge_(bridge),
      options_(std::move(options)),
      state_(QString::fromStdString((options_.profile_dir / "shoal-qt.ini").string()),
             QSettings::IniFormat),
      model_(new TransferListModel(this)),
      filter_(new TransferFilterModel(this)) {
    setWindowTitle(QStringLiteral("Shoal"));
    setAcceptDrops(true);
    filter_->setSourceModel(model_);
    build_layout();
    build_actions();
    connect(&bridge_, &EngineBridge::updated, this, &MainWindow::on_update);
    connect(&bridge_, &EngineBridge::event, this, &MainWindow::on_event);
    restoreGeometry(state_.value("window/geometry").toByteArray());
    if (!view_->horizontalHeader()->restoreState(state_.value("window/columns").toByteArray()))
        view_->sortByColumn(TransferListModel::Added, Qt::AscendingOrder);
    auto* disk_timer = new QTimer(this);
    connect(disk_timer, &QTimer::timeout, this, &MainWindow::refresh_free_space);
    disk_timer->start(5000);
    refresh_free_space();
}

MainWindow::~MainWindow() = default;

QTabWidget& MainWindow::details() {
    return *details_;
}

void MainWindow::build_layout() {
    states_ = new StatePanel;
    search_ = new QLineEdit;
    search_->setPlaceholderText(tr("Search by name…"));
    search_->setClearButtonEnabled(true);
    // A table view: after a re-sort it lays out nothing per row (a tree view walks all
    // 10,000), which keeps an update with a tenth of the rows changed under 10 ms.
    view_ = new QTableView;
    view_->setModel(filter_);
    view_->verticalHeader()->hide();
    view_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view_->verticalHeader()->setDefaultSectionSize(view_->fontMetrics().height() + 8);
    view_->setShowGrid(false);
    view_->setWordWrap(false);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->horizontalHeader()->setHighlightSections(false);
    view_->horizontalHeader()->setStretchLastSection(true);
    view_->setSortingEnabled(true);
    view_->setAlternatingRowColors(true);
    view_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    view_->setContextMenuPolicy(Qt::CustomContextMenu);
    view_->setItemDelegateForColumn(TransferListModel::Progress, new ProgressDelegate(view_));
    view_->horizontalHeader()->setSectionsMovable(true);
    view_->horizontalHeader()->resizeSection(TransferListModel::Name, 320);
    details_ = new DetailsPanel(bridge_.engine());

    auto* list_side = new QWidget;
    auto* list_layout = new QVBoxLayout(list_side);
    list_layout->setContentsMargins(0, 0, 0, 0);
    list_layout->addWidget(search_);
    list_layout->addWidget(view_);
    auto* vertical = new QSplitter(Qt::Vertical);
    vertical->addWidget(list_side);
    vertical->addWidget(details_);
    vertical->setStretchFactor(0, 3);
    vertical->setStretchFactor(1, 2);
    auto* horizontal = new QSplitter;
    horizontal->addWidget(states_);
    horizontal->addWidget(vertical);
    horizontal->setStretchFactor(1, 1);
    setCentralWidget(horizontal);
    resize(1200, 760);

    connect(states_, &StatePanel::filter_chosen, filter_, &TransferFilterModel::set_state_filter);
    connect(search_, &QLineEdit::textChanged, filter_, &TransferFilterModel::set_search);
    connect(view_, &QTableView::customContextMenuRequested, this, &MainWindow::show_context_menu);
    connect(view_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                const auto id = id_of(current.data(TransferListModel::IdRole).toString());
                details_->show_torrent(id.value_or(TorrentId{}));
            });

    rates_ = new QLabel;
    dht_ = new QLabel;
    connection_ = new QLabel(tr("starting…"));
    free_space_ = new QLabel;
    for (QLabel* l : {connection_, dht_, free_space_, rates_})
        statusBar()->addPermanentWidget(l);

    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        tray_ = new QSystemTrayIcon(QApplication::windowIcon(), this);
        tray_->setToolTip(QStringLiteral("Shoal"));
        auto* menu = new QMenu(this);
        menu->addAction(tr("Show Shoal"), this, [this] {
            showNormal();
            activateWindow();
        });
        menu->addAction(tr("Quit"), this, [this] {
            quitting_ = true;
            close();
        });
        tray_->setContextMenu(menu);
        connect(tray_, &QSystemTrayIcon::activated, this, [this](auto reason) {
            if (reason == QSystemTrayIcon::Trigger) isVisible() ? hide() : showNormal();
        });
        tray_->show();
    }
}

void MainWindow::build_actions() {
    auto* bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("main_toolbar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    auto icon = [this](QStyle::StandardPixmap p) { return style()->standardIcon(p); };
    bar->addAction(icon(QStyle::SP_DialogOpenButton), tr("Add file"), this,
                   &MainWindow::add_torrent_files);
    bar->addAction(icon(QStyle::SP_DriveNetIcon), tr("Add magnet or URL"), this,
                   &MainWindow::add_magnet_or_url);
    bar->addAction(icon(QStyle::SP_FileDialogNewFolder), tr("Create torrent"), this, [this] {
        auto* d = new CreateTorrentDialog(bridge_.engine(), options_.record_created, this);
        d->setAttribute(Qt::WA_DeleteOnClose);
        d->show();
    });
    bar->addSeparator();
    bar->addAction(icon(QStyle::SP_MediaPlay), tr("Start"), this, [this] {
        for (const auto& hex : selected_ids())
            if (auto id = id_of(hex)) bridge_.engine().resume(*id);
    });
    bar->addAction(icon(QStyle::SP_MediaPause), tr("Pause"), this, [this] {
        for (const auto& hex : selected_ids())
            if (auto id = id_of(hex)) bridge_.engine().pause(*id);
    });
    bar->addAction(icon(QStyle::SP_TrashIcon), tr("Remove"), this, &MainWindow::remove_selected);
    bar->addSeparator();
    bar->addAction(icon(QStyle::SP_FileDialogDetailedView), tr("Ledger"), this, [this] {
        auto* w = new LedgerWindow(options_.profile_dir / "ledger", this);
        w->setAttribute(Qt::WA_DeleteOnClose);
        w->show();
    });
    bar->addAction(icon(QStyle::SP_FileDialogInfoView), tr("Preferences"), this, [this] {
        auto* d = new PreferencesDialog(bridge_.engine(), state_, this);
        d->setAttribute(Qt::WA_DeleteOnClose);
        d->show();
    });

    auto* paste_action = new QAction(this);
    paste_action->setShortcut(QKeySequence::Paste);
    connect(paste_action, &QAction::triggered, this, &MainWindow::paste);
    addAction(paste_action);
    auto* delete_action = new QAction(this);
    delete_action->setShortcut(QKeySequence::Delete);
    connect(delete_action, &QAction::triggered, this, &MainWindow::remove_selected);
    view_->addAction(delete_action);
}

void MainWindow::on_update(const engine::TorrentUpdate& update) {
    model_->apply(update);
    if (!update.added.empty() || !update.removed.empty() || !update.changed.empty())
        states_->recount(*model_);
    details_->on_update(update);
    if (update.stats) {
        const auto& s = *update.stats;
        rates_->setText(tr("↓ %1  ↑ %2")
                            .arg(rate_text(s.download_rate).isEmpty() ? QStringLiteral("0 B/s")
                                                                      : rate_text(s.download_rate),
                                 rate_text(s.upload_rate).isEmpty() ? QStringLiteral("0 B/s")
                                                                    : rate_text(s.upload_rate)));
        dht_->setText(tr("DHT: %1 nodes").arg(s.dht_nodes));
        if (tray_)
            tray_->setToolTip(QStringLiteral("Shoal\n") + rates_->text() +
                              tr("\n%1 torrents").arg(model_->rowCount()));
    }
}

void MainWindow::on_event(const EngineEvent& e) {
    const QString message = QString::fromStdString(e.message);
    switch (e.kind) {
        case EngineEvent::Kind::listen_succeeded:
            connection_->setText(tr("listening on %1").arg(message));
            break;
        case EngineEvent::Kind::listen_failed:
            connection_->setText(tr("not listening"));
            show_error(tr("Shoal cannot accept connections: %1").arg(message));
            break;
        case EngineEvent::Kind::torrent_finished:
            if (tray_) tray_->showMessage(tr("Download complete"), message);
            statusBar()->showMessage(tr("Download complete: %1").arg(message), 10000);
            break;
        case EngineEvent::Kind::torrent_error:
        case EngineEvent::Kind::file_error:
        case EngineEvent::Kind::storage_move_failed:
        case EngineEvent::Kind::resume_save_failed:
            show_error(message);
            break;
        case EngineEvent::Kind::tracker_error:
            statusBar()->showMessage(message, 10000);
            break;
        default:
            break;
    }
}

void MainWindow::show_error(const QString& text) {
    statusBar()->showMessage(text, 15000);
    // Offscreen (tests) and while hidden in the tray, a status line and the log suffice.
    if (isVisible() && QGuiApplication::platformName() != QLatin1String("offscreen")) {
        auto* box = new QMessageBox(QMessageBox::Warning, tr("Shoal"), text, QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
}

QStringList MainWindow::selected_ids() const {
    QStringList ids;
    for (const auto& index : view_->selectionModel()->selectedRows())
        ids << index.data(TransferListModel::IdRole).toString();
    return ids;
}

void MainWindow::show_context_menu(const QPoint& pos) {
    const QStringList ids = selected_ids();
    if (ids.isEmpty()) return;
    auto& engine = bridge_.engine();
    auto each = [ids](auto f) {
        return [ids, f] {
            for (const auto& hex : ids)
                if (auto id = id_of(hex)) f(*id);
        };
    };
    QMenu menu(this);
    menu.addAction(tr("Start"), this, each([&engine](const TorrentId& id) { engine.resume(id); }));
    menu.addAction(tr("Pause"), this, each([&engine](const TorrentId& id) { engine.pause(id); }));
    menu.addAction(tr("Force recheck"), this,
                   each([&engine](const TorrentId& id) { engine.recheck(id); }));
    menu.addSeparator();
    const auto first = view_->selectionModel()->selectedRows().front();
    const auto row = filter_->mapToSource(first).row();
    const auto* s = model_->snapshot(row);
    if (!s) return;
    const QString save_path = QString::fromStdString(s->save_path);
    menu.addAction(tr("Open folder"), this,
                   [save_path] { QDesktopServices::openUrl(QUrl::fromLocalFile(save_path)); });
    const TorrentId first_id = s->id;
    menu.addAction(tr("Copy magnet link"), this, [this, first_id] {
        engine::DetailRequest what{false, false, false, false};
        QPointer<MainWindow> self(this);
        bridge_.engine().details(first_id, what, [self](Result<engine::TorrentDetails> d) {
            if (!d) return;
            QMetaObject::invokeMethod(qApp, [self, uri = QString::fromStdString(d->magnet_uri)] {
                QGuiApplication::clipboard()->setText(uri);
                if (self) self->statusBar()->showMessage(tr("Magnet link copied"), 3000);
            });
        });
    });
    menu.addAction(tr("Set location…"), this, [this, ids, save_path] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Move to"), save_path);
        if (dir.isEmpty()) return;
        for (const auto& hex : ids)
            if (auto id = id_of(hex)) bridge_.engine().move_storage(*id, dir.toStdString());
    });
    menu.addAction(tr("Set limits…"), this, [this, ids, s_down = s->download_limit] {
        bool ok = false;
        const int kib = QInputDialog::getInt(this, tr("Download limit"),
                                             tr("Download limit in KiB/s (0: none):"),
                                             s_down / 1024, 0, 10 * 1024 * 1024, 1, &ok);
        if (!ok) return;
        const int up =
            QInputDialog::getInt(this, tr("Upload limit"), tr("Upload limit in KiB/s (0: none):"),
                                 0, 0, 10 * 1024 * 1024, 1, &ok);
        if (!ok) return;
        for (const auto& hex : ids)
            if (auto id = id_of(hex)) bridge_.engine().set_rate_limits(*id, kib * 1024, up * 1024);
    });
    menu.addSeparator();
    menu.addAction(tr("Remove…"), this, &MainWindow::remove_selected);
    menu.exec(view_->viewport()->mapToGlobal(pos));
}

void MainWindow::remove_selected() {
    const QStringList ids = selected_ids();
    if (ids.isEmpty()) return;
    QMessageBox box(QMessageBox::Question, tr("Remove torrents"),
                    ids.size() == 1 ? tr("Remove the selected torrent from Shoal?")
                                    : tr("Remove %1 torrents from Shoal?").arg(ids.size()),
                    QMessageBox::Yes | QMessageBox::Cancel, this);
    auto* with_data = new QCheckBox(tr("Also delete the downloaded files"));
    box.setCheckBox(with_data);
    if (box.exec() != QMessageBox::Yes) return;
    const auto mode =
        with_data->isChecked() ? engine::RemoveMode::delete_data : engine::RemoveMode::keep_data;
    for (const auto& hex : ids)
        if (auto id = id_of(hex)) bridge_.engine().remove(*id, mode);
}

void MainWindow::add_torrent_files() {
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Add torrent files"), QString(), tr("Torrent files (*.torrent);;All files (*)"));
    for (const auto& f : files)
        open_source(f);
}

void MainWindow::add_magnet_or_url() {
    bool ok = false;
    QString initial;
    const QString clip = QGuiApplication::clipboard()->text().trimmed();
    if (engine::is_magnet_uri(clip.toStdString()) || engine::is_http_url(clip.toStdString()))
        initial = clip;
    const QString text = QInputDialog::getText(this, tr("Add magnet or URL"),
                                               tr("Magnet link or http(s) URL of a .torrent:"),
                                               QLineEdit::Normal, initial, &ok);
    if (ok && !text.trimmed().isEmpty()) open_source(text.trimmed());
}

void MainWindow::paste() {
    const QString text = QGuiApplication::clipboard()->text().trimmed();
    if (engine::is_magnet_uri(text.toStdString()) || engine::is_http_url(text.toStdString()))
        open_source(text);
}

void MainWindow::add(engine::AddRequest request) {
    QPointer<MainWindow> self(this);
    bridge_.engine().add(std::move(request), [self](Result<engine::TorrentId> r) {
        if (r) return;
        QMetaObject::invokeMethod(qApp, [self, msg = QString::fromStdString(r.error().message)] {
            if (self) self->show_error(msg);
        });
    });
}

QDialog* MainWindow::open_source(const QString& text) {
    const std::string s = text.toStdString();
    if (engine::is_http_url(s)) {
        engine::AddRequest request;
        request.source = engine::UrlSource{s};
        add(std::move(request));
        return nullptr;
    }
    QString source = text;
    if (text.startsWith(QLatin1String("file://"))) source = QUrl(text).toLocalFile();
    auto* dialog = new AddTorrentDialog(bridge_, source, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
    return dialog;
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    const auto* mime = event->mimeData();
    if (mime->hasUrls() || mime->hasText()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const auto* mime = event->mimeData();
    if (mime->hasUrls()) {
        for (const QUrl& url : mime->urls())
            open_source(url.isLocalFile() ? url.toLocalFile() : url.toString());
    } else if (mime->hasText()) {
        for (const auto& line : mime->text().split(QLatin1Char('\n'), Qt::SkipEmptyParts))
            open_source(line.trimmed());
    }
    event->acceptProposedAction();
}

void MainWindow::refresh_free_space() {
    const auto settings = bridge_.engine().settings();
    QString path = QString::fromStdString(settings.default_save_path);
    if (path.isEmpty()) path = QDir::homePath() + QStringLiteral("/Downloads");
    QStorageInfo info(QDir(path).exists() ? path : QDir::homePath());
    free_space_->setText(tr("free: %1").arg(size_text(info.bytesAvailable())));
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (tray_ && !quitting_ && state_.value("window/close_to_tray", false).toBool()) {
        hide();
        event->ignore();
        return;
    }
    state_.setValue("window/geometry", saveGeometry());
    state_.setValue("window/columns", view_->horizontalHeader()->saveState());
    state_.sync();
    event->accept();
}

}  // namespace shoal::ui
