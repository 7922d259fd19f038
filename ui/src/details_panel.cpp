#include "details_panel.h"

#include "file_tree_model.h"

#include <shoal/ui/display_format.h>

#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPainter>
#include <QPainterPath>
#include <QPointer>
#include <QScrollArea>
#include <QTimer>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace shoal::ui {

using engine::PieceState;

void PiecesBar::set_pieces(std::vector<PieceState> pieces) {
    pieces_ = std::move(pieces);
    update();
}

void PiecesBar::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const QRect r = rect().adjusted(0, 0, -1, -1);
    p.fillRect(r, palette().base());
    const int n = static_cast<int>(pieces_.size());
    if (n > 0) {
        // Each pixel column shows the pieces under it: blue if all are there, green if
        // some are being fetched, the base colour if none.
        for (int x = 0; x < r.width(); ++x) {
            const int from = x * n / r.width();
            const int to = std::max(from + 1, (x + 1) * n / r.width());
            int have = 0, busy = 0;
            for (int i = from; i < to && i < n; ++i) {
                have += pieces_[static_cast<std::size_t>(i)] == PieceState::have;
                busy += pieces_[static_cast<std::size_t>(i)] == PieceState::downloading;
            }
            if (busy)
                p.setPen(QColor(60, 170, 80));
            else if (have)
                p.setPen(QColor(40, 110, 200, 80 + 175 * have / (to - from)));
            else
                continue;
            p.drawLine(x, 1, x, r.height() - 1);
        }
    }
    p.setPen(palette().mid().color());
    p.drawRect(r);
}

void SpeedGraph::add_sample(std::int64_t down, std::int64_t up) {
    samples_.emplace_back(down, up);
    while (samples_.size() > 300)
        samples_.pop_front();
    update();
}

void SpeedGraph::clear() {
    samples_.clear();
    update();
}

void SpeedGraph::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF r = QRectF(rect()).adjusted(4, 18, -4, -4);
    p.fillRect(rect(), palette().base());
    std::int64_t top = 1024;
    for (const auto& [d, u] : samples_)
        top = std::max({top, d, u});
    p.setPen(palette().text().color());
    p.drawText(QPointF(6, 14), tr("max %1").arg(rate_text(top)));
    auto curve = [&](bool down, QColor colour) {
        if (samples_.size() < 2) return;
        QPainterPath path;
        for (std::size_t i = 0; i < samples_.size(); ++i) {
            const auto v = down ? samples_[i].first : samples_[i].second;
            const QPointF pt(
                r.right() - static_cast<double>(samples_.size() - 1 - i) * r.width() / 299.0,
                r.bottom() - static_cast<double>(v) * r.height() / static_cast<double>(top));
            i == 0 ? path.moveTo(pt) : path.lineTo(pt);
        }
        p.setPen(QPen(colour, 1.5));
        p.drawPath(path);
    };
    curve(true, QColor(40, 110, 200));
    curve(false, QColor(60, 170, 80));
}

DetailsPanel::DetailsPanel(engine::Engine& engine, QWidget* parent)
    : QTabWidget(parent), engine_(engine), timer_(new QTimer(this)) {
    auto* general = new QWidget;
    auto* form = new QFormLayout(general);
    for (const char* key :
         {"Name", "Info-hash v1", "Info-hash v2", "Save path", "Size", "Downloaded", "Uploaded",
          "Ratio", "Added", "Completed", "Active time", "Pieces", "Comment", "Magnet"}) {
        auto* value = new QLabel;
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        value->setWordWrap(true);
        form->addRow(tr(key) + QLatin1Char(':'), value);
        general_[QString::fromLatin1(key)] = value;
    }
    auto* scroll = new QScrollArea;
    scroll->setWidget(general);
    scroll->setWidgetResizable(true);
    addTab(scroll, tr("General"));

    trackers_ = new QTreeWidget;
    trackers_->setRootIsDecorated(false);
    trackers_->setHeaderLabels(
        {tr("URL"), tr("Tier"), tr("Status"), tr("Seeds"), tr("Peers"), tr("Message")});
    addTab(trackers_, tr("Trackers"));

    peers_ = new QTreeWidget;
    peers_->setRootIsDecorated(false);
    peers_->setHeaderLabels({tr("Address"), tr("Client"), tr("Flags"), tr("Connection"), tr("Down"),
                             tr("Up"), tr("Progress")});
    addTab(peers_, tr("Peers"));

    files_ = new FileTreeModel(this);
    file_view_ = new QTreeView;
    file_view_->setModel(files_);
    file_view_->setContextMenuPolicy(Qt::CustomContextMenu);
    file_view_->header()->resizeSection(FileTreeModel::Name, 320);
    connect(file_view_, &QTreeView::customContextMenuRequested, this,
            &DetailsPanel::show_file_menu);
    connect(files_, &FileTreeModel::priorities_changed, this, [this](auto changes) {
        if (!id_.empty()) engine_.set_file_priorities(id_, std::move(changes));
    });
    addTab(file_view_, tr("Files"));

    pieces_ = new PiecesBar;
    speed_ = new SpeedGraph;
    auto* graphs = new QWidget;
    auto* v = new QVBoxLayout(graphs);
    v->addWidget(new QLabel(tr("Pieces")));
    v->addWidget(pieces_);
    v->addWidget(new QLabel(tr("Speed (blue: down, green: up)")));
    v->addWidget(speed_, 1);
    addTab(graphs, tr("Pieces and speed"));

    connect(timer_, &QTimer::timeout, this, &DetailsPanel::request_details);
    setEnabled(false);
}

void DetailsPanel::show_torrent(const engine::TorrentId& id) {
    if (id == id_) return;
    id_ = id;
    files_loaded_ = false;
    files_->set_files({});
    trackers_->clear();
    peers_->clear();
    pieces_->set_pieces({});
    speed_->clear();
    for (auto& [k, label] : general_)
        label->clear();
    setEnabled(!id.empty());
    if (id.empty()) {
        timer_->stop();
        return;
    }
    request_details();
    timer_->start(1000);
}

void DetailsPanel::on_update(const engine::TorrentUpdate& update) {
    if (id_.empty()) return;
    for (const auto& s : update.added)
        if (s.id == id_) show_snapshot(s);
    for (const auto& c : update.changed)
        if (c.snapshot.id == id_) show_snapshot(c.snapshot);
    for (const auto& r : update.removed)
        if (r == id_) show_torrent({});
}

void DetailsPanel::show_snapshot(const engine::TorrentSnapshot& s) {
    general_["Name"]->setText(QString::fromStdString(s.name));
    general_["Info-hash v1"]->setText(QString::fromStdString(s.hashes.v1));
    general_["Info-hash v2"]->setText(QString::fromStdString(s.hashes.v2));
    general_["Save path"]->setText(QString::fromStdString(s.save_path));
    general_["Size"]->setText(
        tr("%1 (%2 selected, %3 done)")
            .arg(size_text(s.total_size), size_text(s.wanted_size), size_text(s.wanted_done)));
    general_["Downloaded"]->setText(
        tr("%1 (%2 this session)")
            .arg(size_text(s.downloaded_total), size_text(s.downloaded_session)));
    general_["Uploaded"]->setText(
        tr("%1 (%2 this session)").arg(size_text(s.uploaded_total), size_text(s.uploaded_session)));
    general_["Ratio"]->setText(QString::number(s.ratio, 'f', 3));
    general_["Added"]->setText(date_text(s.added_time));
    general_["Completed"]->setText(date_text(s.completed_time));
    general_["Active time"]->setText(eta_text(s.active_seconds));
    general_["Pieces"]->setText(
        tr("%1 of %2 × %3").arg(s.pieces_done).arg(s.num_pieces).arg(size_text(s.piece_size)));
    speed_->add_sample(s.download_rate, s.upload_rate);
}

void DetailsPanel::request_details() {
    if (id_.empty()) return;
    engine::DetailRequest what;
    what.files = true;
    what.trackers = currentIndex() == 1 || trackers_->topLevelItemCount() == 0;
    what.peers = currentIndex() == 2;
    what.pieces = currentIndex() == 4;
    QPointer<DetailsPanel> self(this);
    const engine::TorrentId asked = id_;
    engine_.details(id_, what, [self, asked](Result<engine::TorrentDetails> d) {
        if (!d) return;
        QMetaObject::invokeMethod(
            self,
            [self, asked, details = std::move(*d)] {
                if (self && self->id_ == asked) self->show_details(details);
            },
            Qt::QueuedConnection);
    });
}

void DetailsPanel::show_details(const engine::TorrentDetails& d) {
    general_["Comment"]->setText(QString::fromStdString(d.comment));
    general_["Magnet"]->setText(QString::fromStdString(d.magnet_uri));
    if (!d.files.empty()) {
        if (!files_loaded_) {
            std::vector<FileItem> items;
            for (const auto& f : d.files)
                items.push_back(
                    {f.index, QString::fromStdString(f.path), f.size, f.done, f.priority});
            files_->set_files(items);
            file_view_->expandToDepth(0);
            files_loaded_ = true;
        } else {
            files_->update_files(d.files);
        }
    }
    if (!d.trackers.empty()) {
        trackers_->clear();
        for (const auto& t : d.trackers) {
            auto* item = new QTreeWidgetItem(
                {QString::fromStdString(t.url), QString::number(t.tier),
                 QString::fromStdString(t.status), t.seeds >= 0 ? QString::number(t.seeds) : "",
                 t.peers >= 0 ? QString::number(t.peers) : "", QString::fromStdString(t.message)});
            trackers_->addTopLevelItem(item);
        }
    }
    if (currentIndex() == 2) {
        peers_->clear();
        for (const auto& p : d.peers)
            peers_->addTopLevelItem(new QTreeWidgetItem(
                {QString::fromStdString(p.address), QString::fromStdString(p.client),
                 QString::fromStdString(p.flags), QString::fromStdString(p.connection),
                 rate_text(p.download_rate), rate_text(p.upload_rate),
                 QString::number(p.progress * 100, 'f', 1) + QLatin1Char('%')}));
    }
    if (!d.pieces.empty()) pieces_->set_pieces(d.pieces);
}

void DetailsPanel::show_file_menu(const QPoint& pos) {
    const QModelIndex index = file_view_->indexAt(pos);
    if (!index.isValid()) return;
    QMenu menu(this);
    for (auto [label, priority] : {std::pair{tr("Do not download"), engine::FilePriority::skip},
                                   std::pair{tr("Low priority"), engine::FilePriority::low},
                                   std::pair{tr("Normal priority"), engine::FilePriority::normal},
                                   std::pair{tr("High priority"), engine::FilePriority::high}})
        menu.addAction(label, this,
                       [this, index, p = priority] { files_->set_priority(index, p); });
    menu.exec(file_view_->viewport()->mapToGlobal(pos));
}

}  // namespace shoal::ui
