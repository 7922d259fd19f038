#include "create_torrent_dialog.h"

#include <shoal/common/atomic_file.h>
#include <shoal/ui/display_format.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QThreadPool>
#include <QTimer>
#include <QVBoxLayout>

#include <chrono>

namespace shoal::ui {

struct CreateTorrentDialog::Job {
    std::atomic<std::int64_t> done{0};
    std::atomic<std::int64_t> total{0};
    std::atomic<bool> cancel{false};
};

namespace {

// Lines are trackers; an empty line starts the next tier.
std::vector<std::vector<std::string>> tiers_from(const QString& text) {
    std::vector<std::vector<std::string>> tiers(1);
    for (const auto& line : text.split(QLatin1Char('\n'))) {
        const QString url = line.trimmed();
        if (url.isEmpty()) {
            if (!tiers.back().empty()) tiers.emplace_back();
        } else {
            tiers.back().push_back(url.toStdString());
        }
    }
    if (tiers.back().empty()) tiers.pop_back();
    return tiers;
}

}  // namespace

CreateTorrentDialog::CreateTorrentDialog(engine::Engine& engine, RecordCreated record,
                                         QWidget* parent)
    : QDialog(parent), engine_(engine), record_(std::move(record)), poll_(new QTimer(this)) {
    setWindowTitle(tr("Create torrent"));
    resize(620, 520);
    source_ = new QLineEdit;
    auto* pick_file = new QPushButton(tr("File…"));
    auto* pick_dir = new QPushButton(tr("Folder…"));
    output_ = new QLineEdit;
    format_ = new QComboBox;
    format_->addItem(tr("v1 (opens in every client)"),
                     static_cast<int>(hashing::TorrentFormat::v1));
    format_->addItem(tr("hybrid (v1 + v2)"), static_cast<int>(hashing::TorrentFormat::hybrid));
    format_->addItem(tr("v2 only"), static_cast<int>(hashing::TorrentFormat::v2));
    piece_size_ = new QComboBox;
    piece_size_->addItem(tr("Automatic"), 0);
    for (int kib = 16; kib <= 16 * 1024; kib *= 2)
        piece_size_->addItem(size_text(std::int64_t{kib} * 1024), kib * 1024);
    trackers_ = new QPlainTextEdit;
    trackers_->setPlaceholderText(tr("One tracker URL per line; an empty line starts a new tier"));
    web_seeds_ = new QPlainTextEdit;
    web_seeds_->setPlaceholderText(tr("One web seed URL per line"));
    web_seeds_->setMaximumHeight(60);
    private_ = new QCheckBox(tr("Private (no DHT or peer exchange)"));
    comment_ = new QLineEdit;
    progress_ = new QProgressBar;
    progress_->setRange(0, 1000);
    status_ = new QLabel;
    status_->setWordWrap(true);
    buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons_->button(QDialogButtonBox::Ok)->setText(tr("Create"));

    auto* source_row = new QHBoxLayout;
    source_row->addWidget(source_, 1);
    source_row->addWidget(pick_file);
    source_row->addWidget(pick_dir);
    auto* form = new QFormLayout;
    form->addRow(tr("Files:"), source_row);
    form->addRow(tr("Save .torrent as:"), output_);
    form->addRow(tr("Format:"), format_);
    form->addRow(tr("Piece size:"), piece_size_);
    form->addRow(tr("Trackers:"), trackers_);
    form->addRow(tr("Web seeds:"), web_seeds_);
    form->addRow(QString(), private_);
    form->addRow(tr("Comment:"), comment_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(progress_);
    layout->addWidget(status_);
    layout->addWidget(buttons_);

    connect(pick_file, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getOpenFileName(this, tr("File to share"));
        if (!f.isEmpty()) set_source(f);
    });
    connect(pick_dir, &QPushButton::clicked, this, [this] {
        const QString d = QFileDialog::getExistingDirectory(this, tr("Folder to share"));
        if (!d.isEmpty()) set_source(d);
    });
    connect(buttons_, &QDialogButtonBox::accepted, this, &CreateTorrentDialog::start);
    connect(buttons_, &QDialogButtonBox::rejected, this, &CreateTorrentDialog::reject);
    connect(poll_, &QTimer::timeout, this, [this] {
        if (!job_ || job_->total == 0) return;
        progress_->setValue(static_cast<int>(1000 * job_->done / job_->total));
    });
}

CreateTorrentDialog::~CreateTorrentDialog() {
    if (job_) job_->cancel = true;
}

void CreateTorrentDialog::set_source(const QString& path) {
    source_->setText(path);
    if (output_->text().isEmpty() || output_->isModified() == false) {
        const QFileInfo info(path);
        output_->setText(info.absolutePath() + QLatin1Char('/') + info.fileName() +
                         QStringLiteral(".torrent"));
    }
}

void CreateTorrentDialog::set_output(const QString& path) {
    output_->setText(path);
    output_->setModified(true);
}

void CreateTorrentDialog::set_format(hashing::TorrentFormat format) {
    format_->setCurrentIndex(format_->findData(static_cast<int>(format)));
}

void CreateTorrentDialog::start() {
    if (job_) return;
    hashing::CreateOptions o;
    o.source = source_->text().toStdString();
    o.format = static_cast<hashing::TorrentFormat>(format_->currentData().toInt());
    o.piece_size = piece_size_->currentData().toInt();
    o.tracker_tiers = tiers_from(trackers_->toPlainText());
    for (const auto& line : web_seeds_->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        o.web_seeds.push_back(line.trimmed().toStdString());
    o.is_private = private_->isChecked();
    o.comment = comment_->text().toStdString();
    const QString output = output_->text();
    if (source_->text().isEmpty() || !QFileInfo::exists(source_->text())) {
        status_->setText(tr("Choose an existing file or folder to share."));
        return;
    }
    if (output.isEmpty()) {
        status_->setText(tr("Choose where to save the .torrent file."));
        return;
    }
    job_ = std::make_shared<Job>();
    buttons_->button(QDialogButtonBox::Ok)->setEnabled(false);
    status_->setText(tr("Hashing…"));
    poll_->start(100);
    QPointer<CreateTorrentDialog> self(this);
    QThreadPool::globalInstance()->start([self, job = job_, o, output] {
        const auto begin = std::chrono::steady_clock::now();
        auto result = hashing::create_torrent(
            o,
            [job](const hashing::CreateProgress& p) {
                job->done = p.bytes_hashed;
                job->total = p.total_bytes;
            },
            &job->cancel);
        if (result) {
            if (auto w = write_file_atomic(output.toStdString(), result->metainfo); !w)
                result = w.error();
        }
        const double secs =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
        QMetaObject::invokeMethod(
            qApp,
            [self, result = std::move(result), output, secs]() mutable {
                if (self) self->finish(std::move(result), output, secs);
            },
            Qt::QueuedConnection);
    });
}

void CreateTorrentDialog::finish(Result<hashing::CreatedTorrent> result, const QString& output,
                                 double seconds) {
    poll_->stop();
    job_.reset();
    buttons_->button(QDialogButtonBox::Ok)->setEnabled(true);
    if (!result) {
        const QString message = QString::fromStdString(result.error().message);
        status_->setText(QStringLiteral("<b>%1</b>").arg(message.toHtmlEscaped()));
        emit failed(message);
        return;
    }
    progress_->setValue(1000);
    if (record_) record_(*result);
    status_->setText(tr("Created %1 in %2 s.\nMagnet: %3")
                         .arg(output)
                         .arg(seconds, 0, 'f', 2)
                         .arg(QString::fromStdString(result->magnet_uri)));
    emit created(output, QString::fromStdString(result->magnet_uri));
    if (offer_seeding_ &&
        QMessageBox::question(
            this, tr("Seed it?"),
            tr("Start seeding %1 now?").arg(QString::fromStdString(result->name))) ==
            QMessageBox::Yes)
        seed(*result);
}

void CreateTorrentDialog::seed(const hashing::CreatedTorrent& torrent) {
    engine::AddRequest request;
    request.source = engine::MetainfoSource{torrent.metainfo, source_->text().toStdString()};
    request.save_path = QFileInfo(source_->text()).absolutePath().toStdString();
    request.skip_checking = true;  // its hashes were just read from this data
    engine_.add(std::move(request));
}

void CreateTorrentDialog::reject() {
    if (job_) {
        job_->cancel = true;  // the worker reports back "cancelled"
        return;
    }
    QDialog::reject();
}

}  // namespace shoal::ui
