#include "leaf_hashing_disk_io.h"

#include "written_pieces.h"

#include <boost/asio/post.hpp>
#include <libtorrent/disk_interface.hpp>
#include <libtorrent/file_storage.hpp>
#include <libtorrent/io_context.hpp>

#include <algorithm>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace shoal::engine {
namespace {

class LeafHashingDiskIo final : public lt::disk_interface {
  public:
    LeafHashingDiskIo(lt::io_context& ios, std::unique_ptr<lt::disk_interface> inner,
                      std::shared_ptr<CheckLeaves> leaves, std::int64_t max_size)
        : ios_(ios), inner_(std::move(inner)), leaves_(std::move(leaves)), max_size_(max_size) {}

    // Holders are the inner back end's; libtorrent gets ours, so that remove_torrent passes
    // here (and forgets the torrent's leaves) before the inner one's is dropped.
    lt::storage_holder new_torrent(const lt::storage_params& p,
                                   const std::shared_ptr<void>& torrent) override {
        lt::storage_holder held = inner_->new_torrent(p, torrent);
        const lt::storage_index_t index = held;
        Storage& s = storages_[index];
        s.held = std::move(held);
        s.info_hash = p.info_hash;
        // The storage lives no longer than the torrent's file_storage: libtorrent's own
        // back ends keep the same reference.
        if (!p.files.v2()) s.v1 = &p.files;
        s.leaves = leaves_ && check_gives_leaves(p.files, max_size_);
        s.file_leaves = leaves_ && s.v1 && p.files.total_size() <= max_size_;
        return lt::storage_holder(index, *this);
    }
    void remove_torrent(lt::storage_index_t index) override {
        auto it = storages_.find(index);
        if (it == storages_.end()) return;
        const lt::sha1_hash info_hash = it->second.info_hash;
        storages_.erase(it);  // its holder removes it from the inner back end
        // A torrent removed and added again at once has its new storage before the old
        // one goes: the leaves are the new one's then.
        const bool again = std::any_of(storages_.begin(), storages_.end(), [&](const auto& s) {
            return s.second.info_hash == info_hash;
        });
        if (!again && leaves_) leaves_->forget(info_hash);
    }

    void async_hash(
        lt::storage_index_t storage, lt::piece_index_t piece, lt::span<lt::sha256_hash> v2,
        lt::disk_job_flags_t flags,
        std::function<void(lt::piece_index_t, const lt::sha1_hash&, const lt::storage_error&)>
            handler) override {
        auto it = storages_.find(storage);
        const lt::file_storage* files =
            it != storages_.end() && it->second.leaves ? it->second.v1 : nullptr;
        const bool downloaded = !(flags & lt::disk_interface::volatile_read);
        if (it != storages_.end() && it->second.written) {
            auto hashed = it->second.written->take(piece);
            if (hashed && downloaded && v2.empty() && (flags & lt::disk_interface::v1_hash)) {
                if (it->second.file_leaves && hashed->leaves)
                    leaves_->put(it->second.info_hash, piece, hashed->sha1,
                                 std::move(*hashed->leaves));
                boost::asio::post(ios_, [handler = std::move(handler), piece, sha1 = hashed->sha1] {
                    handler(piece, sha1, lt::storage_error());
                });
                return;
            }
        }
        // A piece of padding alone (libtorrent marks those had without a check) has no
        // blocks of any file; libtorrent's block hashing would try to open the pad file.
        if (!files || !v2.empty() || !downloaded || !(flags & lt::disk_interface::v1_hash) ||
            files->pad_file_at(files->file_index_at_piece(piece))) {
            inner_->async_hash(storage, piece, v2, flags, std::move(handler));
            return;
        }
        // The piece's blocks, up to the end of the file it starts with, are that file's.
        const lt::file_index_t file = files->file_index_at_piece(piece);
        const std::int64_t in_file = std::int64_t(static_cast<int>(piece)) * files->piece_length() -
                                     files->file_offset(file);
        Leaves::Run run{static_cast<std::size_t>(static_cast<int>(file)),
                        static_cast<std::size_t>(in_file / std::int64_t(hashing::kBlockSize)),
                        {}};
        auto blocks = std::make_shared<std::vector<lt::sha256_hash>>(
            static_cast<std::size_t>(files->blocks_in_piece2(piece)));
        inner_->async_hash(
            storage, piece, *blocks, flags,
            [leaves = leaves_, ih = it->second.info_hash, blocks, run = std::move(run),
             handler = std::move(handler)](lt::piece_index_t p, const lt::sha1_hash& hash,
                                           const lt::storage_error& error) mutable {
                if (!error) {
                    run.hashes.resize(blocks->size());
                    for (std::size_t i = 0; i < run.hashes.size(); ++i)
                        std::memcpy(run.hashes[i].data(), (*blocks)[i].data(),
                                    run.hashes[i].size());
                    Leaves out;
                    out.runs.push_back(std::move(run));
                    leaves->put(ih, p, hash, std::move(out));
                }
                handler(p, hash, error);
            });
    }

    void async_read(lt::storage_index_t storage, const lt::peer_request& r,
                    std::function<void(lt::disk_buffer_holder, const lt::storage_error&)> handler,
                    lt::disk_job_flags_t flags) override {
        inner_->async_read(storage, r, std::move(handler), flags);
    }
    bool async_write(lt::storage_index_t storage, const lt::peer_request& r, const char* buf,
                     std::shared_ptr<lt::disk_observer> o,
                     std::function<void(const lt::storage_error&)> handler,
                     lt::disk_job_flags_t flags) override {
        auto it = storages_.find(storage);
        if (it == storages_.end() || !it->second.v1)
            return inner_->async_write(storage, r, buf, std::move(o), std::move(handler), flags);
        if (!it->second.written)  // at its first download: none for thousands only seeding
            it->second.written =
                std::make_shared<WrittenPieces>(*it->second.v1, it->second.file_leaves, kept_);
        it->second.written->add(r.piece, r.start,
                                std::span<const char>(buf, static_cast<std::size_t>(r.length)));
        return inner_->async_write(
            storage, r, buf, std::move(o),
            [written = it->second.written, piece = r.piece,
             handler = std::move(handler)](const lt::storage_error& error) {
                if (error) written->write_failed(piece);
                handler(error);
            },
            flags);
    }
    void async_hash2(
        lt::storage_index_t storage, lt::piece_index_t piece, int offset,
        lt::disk_job_flags_t flags,
        std::function<void(lt::piece_index_t, const lt::sha256_hash&, const lt::storage_error&)>
            handler) override {
        inner_->async_hash2(storage, piece, offset, flags, std::move(handler));
    }
    void async_move_storage(
        lt::storage_index_t storage, std::string p, lt::move_flags_t flags,
        std::function<void(lt::status_t, const std::string&, const lt::storage_error&)> handler)
        override {
        forget_written(storage);  // files kept at the destination replace what was written
        inner_->async_move_storage(storage, std::move(p), flags, std::move(handler));
    }
    void async_release_files(lt::storage_index_t storage, std::function<void()> handler) override {
        inner_->async_release_files(storage, std::move(handler));
    }
    void async_check_files(
        lt::storage_index_t storage, const lt::add_torrent_params* resume_data,
        lt::aux::vector<std::string, lt::file_index_t> links,
        std::function<void(lt::status_t, const lt::storage_error&)> handler) override {
        forget_written(storage);
        inner_->async_check_files(storage, resume_data, std::move(links), std::move(handler));
    }
    void async_stop_torrent(lt::storage_index_t storage, std::function<void()> handler) override {
        forget_written(storage);  // paused: its half-seen pieces give their kept blocks back
        inner_->async_stop_torrent(storage, std::move(handler));
    }
    void async_rename_file(
        lt::storage_index_t storage, lt::file_index_t index, std::string name,
        std::function<void(const std::string&, lt::file_index_t, const lt::storage_error&)> handler)
        override {
        inner_->async_rename_file(storage, index, std::move(name), std::move(handler));
    }
    void async_delete_files(lt::storage_index_t storage, lt::remove_flags_t options,
                            std::function<void(const lt::storage_error&)> handler) override {
        forget_written(storage);
        inner_->async_delete_files(storage, options, std::move(handler));
    }
    void async_set_file_priority(
        lt::storage_index_t storage,
        lt::aux::vector<lt::download_priority_t, lt::file_index_t> prio,
        std::function<void(const lt::storage_error&,
                           lt::aux::vector<lt::download_priority_t, lt::file_index_t>)>
            handler) override {
        forget_written(storage);  // pieces of files no longer wanted may never complete
        inner_->async_set_file_priority(storage, std::move(prio), std::move(handler));
    }
    void async_clear_piece(lt::storage_index_t storage, lt::piece_index_t index,
                           std::function<void(lt::piece_index_t)> handler) override {
        auto it = storages_.find(storage);
        if (it != storages_.end() && it->second.written) it->second.written->clear(index);
        inner_->async_clear_piece(storage, index, std::move(handler));
    }
    void update_stats_counters(lt::counters& c) const override { inner_->update_stats_counters(c); }
    std::vector<lt::open_file_state> get_status(lt::storage_index_t storage) const override {
        return inner_->get_status(storage);
    }
    void abort(bool wait) override { inner_->abort(wait); }
    void submit_jobs() override { inner_->submit_jobs(); }
    void settings_updated() override { inner_->settings_updated(); }

  private:
    // What was seen written no longer tells what is on disk, or may never be completed:
    // the pieces in flight are checked by libtorrent (write handlers keep the old one).
    void forget_written(lt::storage_index_t storage) {
        auto it = storages_.find(storage);
        if (it != storages_.end()) it->second.written.reset();
    }
    struct Storage {
        lt::storage_holder held;
        lt::sha1_hash info_hash;
        const lt::file_storage* v1 = nullptr;  // the torrent's; null: v2 or hybrid
        bool leaves = false;       // libtorrent's checks give leaves (check_gives_leaves)
        bool file_leaves = false;  // and so do its written pieces' (any v1 layout)
        std::shared_ptr<WrittenPieces> written;  // null: nothing written (or not v1)
    };
    lt::io_context& ios_;
    // Out-of-order blocks kept by the torrents' WrittenPieces: at most a few blocks a piece
    // from one seeder.
    const std::shared_ptr<KeptBytes> kept_ = std::make_shared<KeptBytes>(8 << 20);
    std::unique_ptr<lt::disk_interface> inner_;
    std::shared_ptr<CheckLeaves> leaves_;
    std::int64_t max_size_;
    // Touched on libtorrent's network thread only (it makes every disk call).
    std::map<lt::storage_index_t, Storage> storages_;
};

}  // namespace

lt::disk_io_constructor_type leaf_hashing_disk_io(lt::disk_io_constructor_type inner,
                                                  std::shared_ptr<CheckLeaves> leaves,
                                                  std::int64_t max_size) {
    return [inner = std::move(inner), leaves = std::move(leaves), max_size](
               lt::io_context& ios, const lt::settings_interface& settings,
               lt::counters& counters) -> std::unique_ptr<lt::disk_interface> {
        return std::make_unique<LeafHashingDiskIo>(ios, inner(ios, settings, counters), leaves,
                                                   max_size);
    };
}

}  // namespace shoal::engine
