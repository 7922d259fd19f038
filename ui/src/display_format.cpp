#include <shoal/common/format.h>
#include <shoal/ui/display_format.h>

#include <QDateTime>

namespace shoal::ui {

QString size_text(std::int64_t bytes) {
    return QString::fromStdString(format_bytes(bytes));
}

QString rate_text(std::int64_t bytes_per_second) {
    return bytes_per_second > 0 ? QString::fromStdString(format_rate(bytes_per_second)) : QString();
}

QString eta_text(std::optional<std::int64_t> seconds) {
    if (!seconds) return QStringLiteral("∞");
    if (*seconds == 0) return {};
    return QString::fromStdString(format_duration(*seconds));
}

QString date_text(std::int64_t unix_seconds) {
    if (unix_seconds <= 0) return {};
    return QDateTime::fromSecsSinceEpoch(unix_seconds).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

}  // namespace shoal::ui
