// Helpers shared by the integration tests: a payload turned into a torrent, ready to seed.
#pragma once

#include "sandbox.h"
#include "test_engine.h"

#include <shoal/engine/metainfo.h>
#include <shoal/hashing/torrent_creator.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace shoal::test {

struct TestTorrent {
    std::filesystem::path data_root;  // the directory holding the payload (the save path)
    std::string name;                 // top-level file or directory name
    std::string metainfo;             // .torrent bytes
    engine::Metainfo info;
    std::filesystem::path torrent_file;  // written next to data_root
};

// Writes a multi-file payload under `dir/name` and creates a torrent of it.
TestTorrent make_test_torrent(const std::filesystem::path& dir, const std::string& name,
                              const std::vector<PayloadFile>& files, hashing::TorrentFormat format,
                              int piece_size = 32 * 1024, std::uint64_t seed = 1);

// The three-file payload most transfer tests use (a few MiB).
std::vector<PayloadFile> standard_files();

// Every non-pad file of `t` equal between the seed's and the leecher's save paths.
::testing::AssertionResult same_payload(const TestTorrent& t,
                                        const std::filesystem::path& other_root);

engine::AddRequest add_metainfo(const TestTorrent& t, const std::filesystem::path& save_path);

}  // namespace shoal::test
