#include "source_scan.h"

#include <algorithm>
#include <sys/stat.h>

namespace shoal::hashing {
namespace {

bool is_executable(const std::filesystem::path& p) {
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0 && (st.st_mode & S_IXUSR) != 0;
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
        const auto size = static_cast<std::int64_t>(std::filesystem::file_size(source, ec));
        if (ec) return bad_input(what + ec.message());
        scan.files.push_back({scan.name, source, size, is_executable(source)});
    } else if (std::filesystem::is_directory(status)) {
        std::filesystem::recursive_directory_iterator it(source, ec), end;
        if (ec) return bad_input(what + ec.message());
        for (; it != end; it.increment(ec)) {
            if (ec) return bad_input(what + ec.message());
            const auto& entry = *it;
            if (!entry.is_regular_file(ec)) continue;  // directories, sockets, broken links
            auto rel = entry.path().lexically_relative(source).generic_string();
            const auto size = static_cast<std::int64_t>(entry.file_size(ec));
            if (ec) return bad_input(what + ec.message());
            scan.files.push_back(
                {scan.name + "/" + rel, entry.path(), size, is_executable(entry.path())});
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
