#include <shoal/ui/single_instance.h>

#include <QCryptographicHash>
#include <QDataStream>
#include <QDir>
#include <QLocalServer>
#include <QLocalSocket>

namespace shoal::ui {

SingleInstance::SingleInstance(const std::filesystem::path& profile_dir, QObject* parent)
    : QObject(parent) {
    std::error_code ec;
    const auto canonical = std::filesystem::weakly_canonical(profile_dir, ec);
    const QByteArray key = QByteArray::fromStdString((ec ? profile_dir : canonical).string());
    name_ = QStringLiteral("shoal-qt-") +
            QString::fromLatin1(
                QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex().left(24));
}

bool SingleInstance::hand_over(const QStringList& arguments) {
    QLocalSocket socket;
    socket.connectToServer(name_);
    if (!socket.waitForConnected(1000)) return false;
    QByteArray payload;
    QDataStream out(&payload, QIODevice::WriteOnly);
    out << arguments;
    socket.write(payload);
    socket.flush();
    // The running instance answers once it has taken them.
    if (!socket.waitForReadyRead(5000)) return false;
    return socket.readAll().startsWith("ok");
}

bool SingleInstance::listen(QString* error) {
    server_ = new QLocalServer(this);
    server_->setSocketOptions(QLocalServer::UserAccessOption);
    if (!server_->listen(name_)) {
        // A socket left by a crashed instance: nobody answered hand_over(), so remove it.
        QLocalServer::removeServer(name_);
        if (!server_->listen(name_)) {
            if (error) *error = server_->errorString();
            return false;
        }
    }
    connect(server_, &QLocalServer::newConnection, this, [this] {
        while (QLocalSocket* socket = server_->nextPendingConnection()) {
            connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
            connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
                // The arguments may arrive in pieces: keep what came until they parse.
                QByteArray data = socket->property("received").toByteArray() + socket->readAll();
                socket->setProperty("received", data);
                QDataStream in(data);
                QStringList arguments;
                in >> arguments;
                if (in.status() != QDataStream::Ok) return;
                socket->write("ok\n");
                socket->flush();
                emit received(arguments);
            });
        }
    });
    return true;
}

}  // namespace shoal::ui
