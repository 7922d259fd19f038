// SingleInstance: one desktop app per profile. The first launch listens on a local socket
// named after the profile; a later launch hands its arguments (magnet links, .torrent
// paths) to it and exits at once.
#pragma once

#include <QObject>
#include <QStringList>

#include <filesystem>

class QLocalServer;

namespace shoal::ui {

class SingleInstance : public QObject {
    Q_OBJECT
  public:
    explicit SingleInstance(const std::filesystem::path& profile_dir, QObject* parent = nullptr);

    // True if another instance took `arguments` (this process should exit); false if this
    // process is now the one instance (or none answered in time).
    bool hand_over(const QStringList& arguments);
    // Starts listening; false with `error` filled if the socket cannot be created.
    bool listen(QString* error = nullptr);
    QString name() const { return name_; }

  signals:
    void received(const QStringList& arguments);

  private:
    QString name_;
    QLocalServer* server_ = nullptr;
};

}  // namespace shoal::ui
