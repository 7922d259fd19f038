// CreateTorrentDialog: make a .torrent of a file or folder (v1, v2 or hybrid; piece size;
// trackers by tier; web seeds; private; comment), hashing on every core off the GUI thread
// with a progress bar and Cancel; then offers to seed it (internal).
#pragma once

#ifndef Q_MOC_RUN
#include <shoal/engine/engine.h>
#include <shoal/hashing/torrent_creator.h>
#endif

#include <QDialog>

#include <atomic>
#include <functional>
#include <memory>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QTimer;

namespace shoal::ui {

using RecordCreated = std::function<void(const hashing::CreatedTorrent&)>;

class CreateTorrentDialog : public QDialog {
    Q_OBJECT
  public:
    CreateTorrentDialog(engine::Engine& engine, RecordCreated record, QWidget* parent = nullptr);
    ~CreateTorrentDialog() override;

    // For tests and for "create from this folder": fill the form.
    void set_source(const QString& path);
    void set_output(const QString& path);
    void set_format(hashing::TorrentFormat format);
    // Whether to ask "seed it now?" when done (tests answer for the user).
    void set_offer_seeding(bool ask) { offer_seeding_ = ask; }

  signals:
    void created(const QString& torrent_file, const QString& magnet);
    void failed(const QString& message);

  public slots:
    void start();

  protected:
    void reject() override;

  private:
    struct Job;
    void finish(Result<hashing::CreatedTorrent> result, const QString& output, double seconds);
    void seed(const hashing::CreatedTorrent& torrent);

    engine::Engine& engine_;
    RecordCreated record_;
    bool offer_seeding_ = true;
    std::shared_ptr<Job> job_;
    QLineEdit* source_;
    QLineEdit* output_;
    QComboBox* format_;
    QComboBox* piece_size_;
    QPlainTextEdit* trackers_;
    QPlainTextEdit* web_seeds_;
    QCheckBox* private_;
    QLineEdit* comment_;
    QProgressBar* progress_;
    QLabel* status_;
    QDialogButtonBox* buttons_;
    QTimer* poll_;
};

}  // namespace shoal::ui
