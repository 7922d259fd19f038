#include "swarm.h"

#include <shoal/common/atomic_file.h>

#include <gtest/gtest.h>

namespace shoal::test {

std::vector<PayloadFile> standard_files() {
    return {{"a.bin", (3 << 20) + 5}, {"dir/b.bin", 1 << 20}, {"c.txt", 1000}};
}

TestTorrent make_test_torrent(const std::filesystem::path& dir, const std::string& name,
                              const std::vector<PayloadFile>& files, hashing::TorrentFormat format,
                              int piece_size, std::uint64_t seed) {
    TestTorrent t;
    t.data_root = dir;
    t.name = name;
    write_payload_dir(dir / name, files, seed);
    hashing::CreateOptions o;
    o.source = dir / name;
    o.format = format;
    o.piece_size = piece_size;
    auto created = hashing::create_torrent(o);
    if (!created) throw std::runtime_error(created.error().message);
    t.metainfo = created->metainfo;
    auto info = engine::parse_metainfo(t.metainfo, name);
    if (!info) throw std::runtime_error(info.error().message);
    t.info = *info;
    t.torrent_file = dir.parent_path() / (name + ".torrent");
    if (auto r = write_file_atomic(t.torrent_file, t.metainfo); !r)
        throw std::runtime_error(r.error().message);
    return t;
}

::testing::AssertionResult same_payload(const TestTorrent& t,
                                        const std::filesystem::path& other_root) {
    for (const auto& f : t.info.files) {
        if (f.pad) continue;
        if (!same_contents(t.data_root / f.path, other_root / f.path))
            return ::testing::AssertionFailure()
                   << f.path << " differs or is missing under " << other_root;
    }
    return ::testing::AssertionSuccess();
}

engine::AddRequest add_metainfo(const TestTorrent& t, const std::filesystem::path& save_path) {
    engine::AddRequest r;
    r.source = engine::MetainfoSource{t.metainfo, t.torrent_file.string()};
    r.save_path = save_path;
    return r;
}

}  // namespace shoal::test
