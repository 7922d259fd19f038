#include "page_cache.h"
#include "piece_hasher.h"
#include "source_scan.h"

#include <shoal/common/hex.h>
#include <shoal/hashing/torrent_creator.h>

#include <libtorrent/bencode.hpp>
#include <libtorrent/create_torrent.hpp>
#include <libtorrent/file_storage.hpp>
#include <libtorrent/magnet_uri.hpp>
#include <libtorrent/torrent_info.hpp>

#include <ctime>
#include <future>
#include <string_view>
#include <system_error>
#include <unordered_map>

namespace shoal::hashing {
namespace {

// Above this share of the data in the page cache, hashing is bound by the CPU.
constexpr double kMostlyCached = 0.9;

template <std::ptrdiff_t N>
std::string hex_of(const lt::digest32<N>& d) {
    return to_hex(std::string_view(d.data(), d.size()));
}

Result<int> choose_piece_size(const CreateOptions& o, std::int64_t total) {
    if (o.piece_size == 0) return auto_piece_size(total);
    const int ps = o.piece_size;
    const bool pow2 = ps > 0 && (ps & (ps - 1)) == 0;
    if (ps < 16 * 1024 || ps > (256 << 20))
        return bad_input("piece size " + std::to_string(ps) +
                         " is out of range (16 KiB to 256 MiB)");
    if (o.format != TorrentFormat::v1 && !pow2)
        return bad_input("piece size " + std::to_string(ps) +
                         " must be a power of two for v2 and hybrid torrents");
    if (ps % (16 * 1024) != 0)
        return bad_input("piece size " + std::to_string(ps) + " must be a multiple of 16 KiB");
    return ps;
}

}  // namespace

int auto_piece_size(std::int64_t total_size) {
    // Aim at ~1,500 pieces: small .torrent files, and pieces large enough to hash fast.
    std::int64_t ps = 16 * 1024;
    while (ps < (16 << 20) && total_size / ps > 2000)
        ps <<= 1;
    return static_cast<int>(ps);
}

Result<CreatedTorrent> create_torrent(const CreateOptions& options,
                                      const std::function<void(const CreateProgress&)>& progress,
                                      const std::atomic<bool>* cancel) {
    // OpenSSL sets itself up (its configuration file, its providers) on the first digest, for
    // about 2 ms (unless the caller used it already): done here while the files are listed,
    // not while every hashing thread waits. Without a thread for it, the workers do it.
    std::future<void> digests_ready;
    try {
        digests_ready = std::async(std::launch::async, [] {
            Hasher sha1(Algorithm::sha1);
            Hasher sha256(Algorithm::sha256);
        });
    } catch (const std::system_error&) {
    }
    auto scan = scan_source(options.source);
    if (!scan) return scan.error();
    auto piece_size = choose_piece_size(options, scan->total_size);
    if (!piece_size) return piece_size.error();

    lt::file_storage fs;
    // Each file's index in the scan, by its path in the torrent: the paths are moved, not
    // copied, into the layout (copies of thousands of paths cost their page faults).
    std::unordered_map<std::string_view, std::size_t> scanned;
    scanned.reserve(scan->files.size());
    for (std::size_t i = 0; i < scan->files.size(); ++i) {
        const auto& f = scan->files[i];
        fs.add_file(f.torrent_path, f.size,
                    f.executable ? lt::file_storage::flag_executable : lt::file_flags_t{});
        scanned.emplace(f.torrent_path, i);
    }
    lt::create_flags_t flags{};
    if (options.format == TorrentFormat::v1) flags |= lt::create_torrent::v1_only;
    if (options.format == TorrentFormat::v2) flags |= lt::create_torrent::v2_only;

    try {
        // For v2 and hybrid this orders the files canonically and pads each to a piece
        // boundary; the hashing follows the layout it produced.
        lt::create_torrent ct(fs, *piece_size, flags);
        const lt::file_storage& files = ct.files();
        Layout layout;
        layout.files.reserve(static_cast<std::size_t>(files.num_files()));
        layout.piece_size = ct.piece_length();
        layout.num_pieces = ct.num_pieces();
        layout.total_size = files.total_size();
        layout.v1 = options.format != TorrentFormat::v2;
        layout.v2 = options.format != TorrentFormat::v1;
        for (auto i : files.file_range()) {
            LayoutFile lf;
            lf.offset = files.file_offset(i);
            lf.size = files.file_size(i);
            lf.pad = files.pad_file_at(i);
            if (!lf.pad)
                lf.disk_path = std::move(scan->files[scanned.at(files.file_path(i))].disk_path);
            layout.files.push_back(std::move(lf));
        }
        layout.file_roots = options.format == TorrentFormat::v1 &&
                            (options.file_roots == FileRoots::always ||
                             (options.file_roots == FileRoots::unless_cached &&
                              cached_fraction(layout.files) < kMostlyCached));

        std::atomic<std::int64_t> done{0};
        auto tick = [&] {
            if (progress) progress({done.load(), layout.total_size});
        };
        if (digests_ready.valid()) digests_ready.wait();
        auto hashes = hash_pieces(layout, options.threads, done, cancel, tick);
        if (!hashes) return hashes.error();
        tick();

        for (int p = 0; p < layout.num_pieces; ++p) {
            const auto idx = static_cast<std::size_t>(p);
            if (layout.v1)
                ct.set_hash(lt::piece_index_t(p),
                            lt::sha1_hash(reinterpret_cast<const char*>(hashes->v1[idx].data())));
            if (layout.v2 && hashes->v2_file[idx] >= 0) {
                const int fi = hashes->v2_file[idx];
                const auto first = files.file_offset(lt::file_index_t(fi)) / layout.piece_size;
                ct.set_hash2(
                    lt::file_index_t(fi), static_cast<int>(p - first),
                    lt::sha256_hash(reinterpret_cast<const char*>(hashes->v2[idx].data())));
            }
        }

        for (std::size_t tier = 0; tier < options.tracker_tiers.size(); ++tier)
            for (const auto& url : options.tracker_tiers[tier])
                ct.add_tracker(url, static_cast<int>(tier));
        for (const auto& url : options.web_seeds)
            ct.add_url_seed(url);
        ct.set_priv(options.is_private);
        if (!options.comment.empty()) ct.set_comment(options.comment.c_str());
        if (!options.creator.empty()) ct.set_creator(options.creator.c_str());
        ct.set_creation_date(
            options.creation_date.value_or(static_cast<std::int64_t>(std::time(nullptr))));

        lt::entry e = ct.generate();
        if (!options.source_tag.empty()) e["info"]["source"] = options.source_tag;
        CreatedTorrent out;
        lt::bencode(std::back_inserter(out.metainfo), e);

        lt::torrent_info ti(lt::span<const char>(out.metainfo.data(),
                                                 static_cast<std::ptrdiff_t>(out.metainfo.size())),
                            lt::from_span);
        out.name = ti.name();
        if (ti.info_hashes().has_v1()) out.info_hash_v1 = hex_of(ti.info_hashes().v1);
        if (ti.info_hashes().has_v2()) out.info_hash_v2 = hex_of(ti.info_hashes().v2);
        out.magnet_uri = lt::make_magnet_uri(ti);
        out.piece_size = ti.piece_length();
        out.num_pieces = ti.num_pieces();
        out.total_size = scan->total_size;
        const auto& tfs = ti.files();
        for (auto i : tfs.file_range()) {
            if (tfs.pad_file_at(i)) continue;
            CreatedFile cf;
            cf.path = tfs.file_path(i);
            cf.size = tfs.file_size(i);
            if (layout.v2 && cf.size > 0) cf.pieces_root = hex_of(tfs.root(i));
            const auto li = static_cast<std::size_t>(static_cast<int>(i));
            if (layout.file_roots && li < hashes->file_roots.size() && hashes->file_roots[li])
                cf.pieces_root = to_hex(std::span<const std::uint8_t>(*hashes->file_roots[li]));
            out.files.push_back(std::move(cf));
        }
        return out;
    } catch (const lt::system_error& e) {
        return bad_input("cannot create a torrent from '" + options.source.string() +
                         "': " + e.code().message());
    }
}

}  // namespace shoal::hashing
