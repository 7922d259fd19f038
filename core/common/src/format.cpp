#include <shoal/common/format.h>

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace shoal {

std::string format_bytes(std::int64_t bytes) {
    static constexpr std::array<const char*, 6> units{"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    double value = static_cast<double>(bytes < 0 ? 0 : bytes);
    std::size_t unit = 0;
    while (value >= 1024.0 && unit + 1 < units.size()) {
        value /= 1024.0;
        ++unit;
    }
    char buf[32];
    if (unit == 0)
        std::snprintf(buf, sizeof buf, "%lld B", static_cast<long long>(bytes < 0 ? 0 : bytes));
    else
        std::snprintf(buf, sizeof buf, value < 10 ? "%.2f %s" : "%.1f %s", value, units[unit]);
    return buf;
}

std::string format_rate(std::int64_t bytes_per_second) {
    return format_bytes(bytes_per_second) + "/s";
}

std::string format_duration(std::optional<std::int64_t> seconds) {
    if (!seconds || *seconds < 0) return "--:--";
    const std::int64_t s = *seconds;
    char buf[48];
    if (s >= 100 * 3600)
        std::snprintf(buf, sizeof buf, "%lldd", static_cast<long long>(s / 86400));
    else if (s >= 3600)
        std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                      static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
    else
        std::snprintf(buf, sizeof buf, "%lld:%02lld", static_cast<long long>(s / 60),
                      static_cast<long long>(s % 60));
    return buf;
}

std::string format_utc_time(std::int64_t unix_seconds) {
    std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[40];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
    return buf;
}

std::optional<std::int64_t> parse_utc_time(std::string_view text) {
    std::int64_t seconds = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (ec == std::errc{} && ptr == text.data() + text.size()) return seconds;
    std::string s(text);
    for (char& c : s)
        if (c == 'T') c = ' ';
    for (const char* fmt : {"%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"}) {
        std::tm tm{};
        const char* end = strptime(s.c_str(), fmt, &tm);
        if (end && *end == '\0') return static_cast<std::int64_t>(timegm(&tm));
    }
    return std::nullopt;
}

std::optional<std::int64_t> parse_size(std::string_view text) {
    if (text.empty()) return std::nullopt;
    double number = 0;
    const char* begin = text.data();
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(begin, end, number);
    if (ec != std::errc{} || number < 0 || !std::isfinite(number)) return std::nullopt;
    std::string suffix;
    for (const char* p = ptr; p != end; ++p)
        suffix.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(*p))));
    if (suffix.ends_with("/s")) suffix.resize(suffix.size() - 2);
    double scale = 1;
    if (suffix.empty() || suffix == "b")
        scale = 1;
    else if (suffix == "k" || suffix == "kb" || suffix == "kib")
        scale = 1024.0;
    else if (suffix == "m" || suffix == "mb" || suffix == "mib")
        scale = 1024.0 * 1024;
    else if (suffix == "g" || suffix == "gb" || suffix == "gib")
        scale = 1024.0 * 1024 * 1024;
    else
        return std::nullopt;
    const double bytes = number * scale;
    if (bytes > 9.0e18) return std::nullopt;
    return static_cast<std::int64_t>(std::llround(bytes));
}

}  // namespace shoal
