#include "source_scan.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <sys/stat.h>

namespace shoal::hashing {
namespace {

// One stat per file: regular (after symlinks), size, executable.
struct FileStat {
    bool regular = false;
    std::int64_t size = 0;
    bool executable = false;
};

std::optional<FileStat> stat_file(const std::filesystem::path& p) {
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) return std::nullopt;
    return FileStat{S_ISREG(st.st_mode), static_cast<std::int64_t>(st.st_size),
                    (st.st_mode & S_IXUSR) != 0};
}

}  // namespace

Result<SourceScan> scan_source(const std::filesystem::path& source) {
    const std::string what = "cannot create a torrent from '" + source.string() + "': ";
    std::error_code ec;
    auto status = std::filesystem::status(source, ec);
    if (ec || !std::filesystem::exists(status))
        return bad_input(what + (ec ? ec.message() : "no such file or directory"));

    SourceScan scan;
    auto canonical = std::filesystem::weakly_canonical(std::filesystem::absolute(source), ec);
    scan.name = (ec ? source : canonical).filename().string();
    if (scan.name.empty() || scan.name == "." || scan.name == "/")
        return bad_input(what + "the path has no name to give the torrent");

    if (std::filesystem::is_regular_file(status)) {
        const auto st = stat_file(source);
        if (!st) return bad_input(what + std::strerror(errno));
        scan.files.push_back({scan.name, source, st->size, st->executable});
    } else if (std::filesystem::is_directory(status)) {
        std::filesystem::recursive_directory_iterator it(source, ec), end;
        if (ec) return bad_input(what + ec.message());
        for (; it != end; it.increment(ec)) {
            if (ec) return bad_input(what + ec.message());
            const auto& entry = *it;
            if (entry.is_directory(ec)) continue;
            const auto st = stat_file(entry.path());
            if (!st || !st->regular) continue;  // sockets, broken links, gone since listed
            auto rel = entry.path().lexically_relative(source).generic_string();
            scan.files.push_back({scan.name + "/" + rel, entry.path(), st->size, st->executable});
        }
        if (ec) return bad_input(what + ec.message());
        std::sort(scan.files.begin(), scan.files.end(),
                  [](const SourceFile& a, const SourceFile& b) {
                      return a.torrent_path < b.torrent_path;
                  });
    } else {
        return bad_input(what + "not a regular file or directory");
    }
    for (const auto& f : scan.files)
        scan.total_size += f.size;
    if (scan.total_size == 0)
        return bad_input(what + "there is no data to share (every file is empty)");
    return scan;
}

}  // namespace shoal::hashing
