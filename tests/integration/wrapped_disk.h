// WrappedDisk: libtorrent's own disk I/O for one torrent, wrapped by leaf_hashing_disk_io,
// run on this thread's io_context: the calls libtorrent's network thread would make, one at
// a time, each waited for; and blocks_of(), the leaves a check should give (tests of
// check_leaves.h and written_pieces.h).
#pragma once

#include "check_leaves.h"
#include "leaf_hashing_disk_io.h"

#include <shoal/hashing/sha.h>

#include <gtest/gtest.h>
#include <libtorrent/disk_interface.hpp>
#include <libtorrent/file_storage.hpp>
#include <libtorrent/io_context.hpp>
#include <libtorrent/mmap_disk_io.hpp>
#include <libtorrent/performance_counters.hpp>
#include <libtorrent/settings_pack.hpp>
#include <libtorrent/torrent_info.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace shoal::engine {

// SHA-256 of each 16 KiB block of `bytes` (the last may be shorter), one at a time.
inline std::vector<hashing::Sha256Digest> blocks_of(std::string_view bytes) {
    hashing::Hasher h(hashing::Algorithm::sha256);
    std::vector<hashing::Sha256Digest> out;
    for (std::size_t at = 0; at < bytes.size(); at += 16384) {
        auto block = bytes.substr(at, 16384);
        out.push_back(
            h.sha256({reinterpret_cast<const std::uint8_t*>(block.data()), block.size()}));
    }
    return out;
}

// The torrent's files as PieceRoots takes them (no disk paths: pieces come as leaves or bytes).
inline std::vector<hashing::PieceFile> piece_files(const lt::file_storage& fs) {
    std::vector<hashing::PieceFile> files;
    for (auto i : fs.file_range())
        files.push_back({fs.file_offset(i), fs.file_size(i), fs.pad_file_at(i), {}});
    return files;
}

// The leaves a check should give for `bytes` of file `file`, from its block `first` on.
inline Leaves leaves_of(std::string_view bytes, std::size_t file, std::size_t first) {
    Leaves out;
    out.runs.push_back({file, first, blocks_of(bytes)});
    return out;
}

class WrappedDisk {
  public:
    WrappedDisk(std::shared_ptr<const lt::torrent_info> ti, const std::filesystem::path& save_path)
        : ti_(std::move(ti)), save_path_(save_path.string()) {
        disk_ = leaf_hashing_disk_io(lt::mmap_disk_io_constructor, leaves, std::int64_t(1) << 30)(
            ios_, pack_, counters_);
        lt::storage_params p{ti_->files(), nullptr,
                             save_path_,   lt::storage_mode_sparse,
                             priorities_,  ti_->info_hashes().v1};
        storage_ = disk_->new_torrent(p, {});
        int checked = 0;
        disk_->async_check_files(storage_, nullptr, {},
                                 [&](lt::status_t, const lt::storage_error&) { ++checked; });
        run_until(checked);
    }
    ~WrappedDisk() {
        storage_.reset();
        disk_->abort(true);
    }
    WrappedDisk(const WrappedDisk&) = delete;
    WrappedDisk& operator=(const WrappedDisk&) = delete;

    // The piece's SHA-1, as libtorrent's check of a downloaded piece (or with `flags` of
    // a check of data on disk) asks for it.
    lt::sha1_hash hash(lt::piece_index_t piece,
                       lt::disk_job_flags_t flags = lt::disk_interface::v1_hash) {
        int done = 0;
        lt::sha1_hash got;
        disk_->async_hash(
            storage_, piece, {}, flags,
            [&](lt::piece_index_t, const lt::sha1_hash& h, const lt::storage_error& e) {
                EXPECT_FALSE(e.ec) << e.ec.message();
                got = h;
                ++done;
            });
        run_until(done);
        return got;
    }
    // Writes `length` bytes at `start` of the piece, as a downloaded block.
    void write(lt::piece_index_t piece, int start, const char* data, int length) {
        int done = 0;
        disk_->async_write(storage_, lt::peer_request{piece, start, length}, data, {},
                           [&](const lt::storage_error& e) {
                               EXPECT_FALSE(e.ec) << e.ec.message();
                               ++done;
                           });
        run_until(done);
    }
    void clear(lt::piece_index_t piece) {
        int done = 0;
        disk_->async_clear_piece(storage_, piece, [&](lt::piece_index_t) { ++done; });
        run_until(done);
    }
    void stop() {
        int done = 0;
        disk_->async_stop_torrent(storage_, [&] { ++done; });
        run_until(done);
    }
    void remove() { storage_.reset(); }

    std::shared_ptr<CheckLeaves> leaves = std::make_shared<CheckLeaves>();

  private:
    void run_until(const int& done) {
        disk_->submit_jobs();
        while (done == 0) {
            ios_.restart();
            ios_.run_one();
        }
    }
    std::shared_ptr<const lt::torrent_info> ti_;
    std::string save_path_;
    lt::io_context ios_;
    lt::settings_pack pack_;
    lt::counters counters_;
    lt::aux::vector<lt::download_priority_t, lt::file_index_t> priorities_;
    std::unique_ptr<lt::disk_interface> disk_;
    lt::storage_holder storage_;
};

}  // namespace shoal::engine
