// Bench helper: writes N small files and a .torrent of each (v1, one file) into DIR/data
// and DIR/torrents, for the weight benchmarks (10,000 torrents in one profile).
//   shoal_make_torrents DIR [N]
#include <shoal/common/atomic_file.h>
#include <shoal/hashing/torrent_creator.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s DIR [N]\n", argv[0]);
        return 2;
    }
    const std::filesystem::path dir = argv[1];
    const int count = argc > 2 ? std::atoi(argv[2]) : 10000;
    std::filesystem::create_directories(dir / "data");
    std::filesystem::create_directories(dir / "torrents");
    for (int i = 0; i < count; ++i) {
        const auto file = dir / "data" / ("file-" + std::to_string(i) + ".bin");
        std::ofstream(file) << "payload number " << i << "\n";
        shoal::hashing::CreateOptions o;
        o.source = file;
        o.threads = 1;
        o.file_roots = shoal::hashing::FileRoots::never;
        auto t = shoal::hashing::create_torrent(o);
        if (!t) {
            std::fprintf(stderr, "%s\n", t.error().message.c_str());
            return 1;
        }
        if (!shoal::write_file_atomic(dir / "torrents" / ("t-" + std::to_string(i) + ".torrent"),
                                      t->metainfo))
            return 1;
    }
    std::printf("wrote %d torrents in %s\n", count, dir.c_str());
    return 0;
}
