// How the desktop app writes sizes, rates, durations and dates (Qt strings).
#pragma once

#include <QString>

#include <cstdint>
#include <optional>

namespace shoal::ui {

QString size_text(std::int64_t bytes);                  // "1.5 GiB"
QString rate_text(std::int64_t bytes_per_second);       // "2.0 MiB/s", "" when 0
QString eta_text(std::optional<std::int64_t> seconds);  // "3:20", "∞" when unknown
QString date_text(std::int64_t unix_seconds);           // local "2026-11-21 14:03"

}  // namespace shoal::ui
