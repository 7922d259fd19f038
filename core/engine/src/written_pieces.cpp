#include "written_pieces.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <utility>

namespace shoal::engine {
namespace {

std::span<const std::uint8_t> u8(std::span<const char> s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// Pieces' hashers kept for reuse (an OpenSSL context each).
constexpr std::size_t kSpareHashers = 8;

// Whole leaves copied in turn until a few can be hashed at once (sha_lanes.h, through
// hash_each): the block is libtorrent's only during the call, and a leaf of a file that
// does not start on a block of the piece spans two of libtorrent's blocks.
constexpr std::size_t kStagedLeaves = 4;
constexpr std::size_t kStagingBytes = kStagedLeaves * hashing::kBlockSize;
constexpr auto kLeaf = static_cast<std::int64_t>(hashing::kBlockSize);

}  // namespace

struct WrittenPieces::Piece {
    hashing::Hasher sha1{hashing::Algorithm::sha1};
    int next = 0;         // bytes hashed, from the piece's start
    bool broken = false;  // a block twice, a write failed, or no budget: not known here
    std::map<int, std::vector<char>> ahead;  // blocks past `next`, by start
    Leaves leaves;
    bool no_leaves = false;  // the budget was spent: its leaves are read from disk later
    bool counted = false;    // its staging is in the budget
    // Leaves being assembled: kStagedLeaves slots of a block each, the last maybe partly
    // filled. Allocated with the piece's first leaf, kept with the spare pieces.
    std::vector<char> staging;
    struct Slot {
        std::size_t file = 0, leaf = 0, bytes = 0;
    };
    std::array<Slot, kStagedLeaves> slots{};
    std::size_t staged = 0;   // whole leaves in the slots (hashed once they are all full)
    std::size_t filling = 0;  // bytes of the next one
};

WrittenPieces::WrittenPieces(const lt::file_storage& files, bool leaves,
                             std::shared_ptr<KeptBytes> kept)
    : files_(files), leaves_(leaves), kept_(std::move(kept)) {}

WrittenPieces::~WrittenPieces() {
    for (auto& [index, p] : pieces_)
        drop(*p);
}

WrittenPieces::Piece& WrittenPieces::piece_for(lt::piece_index_t piece) {
    auto& slot = pieces_[piece];
    if (slot) return *slot;
    if (spare_.empty()) {
        slot = std::make_unique<Piece>();
    } else {
        slot = std::move(spare_.back());
        spare_.pop_back();
    }
    return *slot;
}

void WrittenPieces::add(lt::piece_index_t piece, int start, std::span<const char> block) {
    Piece& p = piece_for(piece);
    if (p.broken) return;
    if (start < p.next || p.ahead.count(start) != 0) {  // written twice
        drop(p);
        return;
    }
    if (start > p.next) {
        if (kept_->used + block.size() > kept_->max) {
            drop(p);
            return;
        }
        p.ahead.emplace(start, std::vector<char>(block.begin(), block.end()));
        kept_->used += block.size();
        return;
    }
    hash_next(piece, p, block);
    for (auto it = p.ahead.begin(); it != p.ahead.end() && it->first == p.next;
         it = p.ahead.erase(it)) {
        hash_next(piece, p, it->second);
        kept_->used -= it->second.size();
    }
}

void WrittenPieces::hash_next(lt::piece_index_t index, Piece& p, std::span<const char> bytes) {
    p.sha1.update(u8(bytes));
    if (leaves_) add_leaves(index, p, bytes);
    p.next += static_cast<int>(bytes.size());
}

// Bytes [p.next, p.next + bytes.size()) of the piece, into the leaves of the files there: a
// leaf wholly in the piece is staged to be hashed, one the piece's start or end cuts is
// kept as bytes (to be joined with the other piece's part by the ledger's PieceRoots).
void WrittenPieces::add_leaves(lt::piece_index_t index, Piece& p, std::span<const char> bytes) {
    if (p.no_leaves) return;
    if (!p.counted) {
        if (kept_->used + kStagingBytes > kept_->max) {
            p.no_leaves = true;
            return;
        }
        kept_->used += kStagingBytes;
        p.counted = true;
        p.staging.resize(kStagingBytes);
    }
    const std::int64_t base = std::int64_t(static_cast<int>(index)) * files_.piece_length();
    const std::int64_t size = files_.piece_size(index);
    const std::int64_t from = p.next;
    const std::int64_t to = from + static_cast<std::int64_t>(bytes.size());
    for (auto f = files_.file_index_at_offset(base + from); f < files_.end_file(); ++f) {
        const std::int64_t offset = files_.file_offset(f) - base;  // in the piece
        const std::int64_t file_size = files_.file_size(f);
        if (offset >= to) break;
        if (file_size == 0 || files_.pad_file_at(f)) continue;
        const auto fi = static_cast<std::size_t>(static_cast<int>(f));
        for (std::int64_t at = std::max(from, offset); at < std::min(to, offset + file_size);) {
            const std::int64_t leaf = (at - offset) / kLeaf;
            const std::int64_t leaf_from = offset + leaf * kLeaf;
            const std::int64_t leaf_to = offset + std::min((leaf + 1) * kLeaf, file_size);
            const std::int64_t end = std::min(to, leaf_to);
            const auto part = bytes.subspan(static_cast<std::size_t>(at - from),
                                            static_cast<std::size_t>(end - at));
            if (leaf_from < 0 || leaf_to > size) {
                auto& cuts = p.leaves.cuts;
                const std::int64_t in_file = at - offset;
                if (cuts.empty() || cuts.back().file != fi ||
                    cuts.back().in_file + std::ssize(cuts.back().bytes) != in_file)
                    cuts.push_back({fi, in_file, {}});
                cuts.back().bytes.insert(cuts.back().bytes.end(), part.begin(), part.end());
            } else {
                stage(p, fi, static_cast<std::size_t>(leaf), part, end == leaf_to);
            }
            at = end;
        }
    }
}

void WrittenPieces::stage(Piece& p, std::size_t file, std::size_t leaf, std::span<const char> bytes,
                          bool ends_leaf) {
    std::memcpy(p.staging.data() + p.staged * hashing::kBlockSize + p.filling, bytes.data(),
                bytes.size());
    p.filling += bytes.size();
    if (!ends_leaf) return;
    p.slots[p.staged++] = {file, leaf, std::exchange(p.filling, 0)};
    if (p.staged == kStagedLeaves) hash_staged(p);
}

void WrittenPieces::hash_staged(Piece& p) {
    if (p.staged == 0) return;
    if (!sha256_) sha256_ = std::make_unique<hashing::Hasher>(hashing::Algorithm::sha256);
    std::array<std::span<const std::uint8_t>, kStagedLeaves> blocks;
    for (std::size_t i = 0; i < p.staged; ++i)
        blocks[i] = u8(std::span(p.staging).subspan(i * hashing::kBlockSize, p.slots[i].bytes));
    std::array<hashing::Sha256Digest, kStagedLeaves> out;
    hashing::hash_each(*sha256_, std::span(blocks).first(p.staged), out.data());
    auto& runs = p.leaves.runs;
    for (std::size_t i = 0; i < p.staged; ++i) {
        const auto& slot = p.slots[i];
        if (runs.empty() || runs.back().file != slot.file)  // a file's leaves come in turn
            runs.push_back({slot.file, slot.leaf, {}});
        runs.back().hashes.push_back(out[i]);
    }
    p.staged = 0;
}

void WrittenPieces::write_failed(lt::piece_index_t piece) {
    auto it = pieces_.find(piece);
    if (it != pieces_.end()) drop(*it->second);
}

void WrittenPieces::drop(Piece& p) {
    p.broken = true;
    for (const auto& [start, data] : p.ahead)
        kept_->used -= data.size();
    p.ahead.clear();
    if (std::exchange(p.counted, false)) kept_->used -= kStagingBytes;
}

void WrittenPieces::recycle(std::unique_ptr<Piece> p) {
    drop(*p);
    if (spare_.size() >= kSpareHashers) return;
    p->sha1.reset();
    p->next = 0;
    p->broken = false;
    p->leaves = {};
    p->no_leaves = false;
    p->staged = 0;
    p->filling = 0;
    spare_.push_back(std::move(p));
}

bool WrittenPieces::pad_to_end(lt::piece_index_t piece, int from) const {
    const std::int64_t piece_start =
        static_cast<std::int64_t>(static_cast<int>(piece)) * files_.piece_length();
    const std::int64_t end = piece_start + files_.piece_size(piece);
    for (auto f = files_.file_index_at_offset(piece_start + from); f < files_.end_file(); ++f) {
        if (files_.file_offset(f) >= end) break;
        if (files_.file_size(f) > 0 && !files_.pad_file_at(f)) return false;
    }
    return true;
}

std::optional<WrittenPieces::Hashed> WrittenPieces::take(lt::piece_index_t piece) {
    auto it = pieces_.find(piece);
    if (it == pieces_.end()) return std::nullopt;
    std::unique_ptr<Piece> p = std::move(it->second);
    pieces_.erase(it);
    const int size = files_.piece_size(piece);
    std::optional<Hashed> out;
    if (!p->broken && p->ahead.empty() && p->next <= size &&
        (p->next == size || pad_to_end(piece, p->next))) {
        static const std::array<char, hashing::kBlockSize> zeros{};
        for (int at = p->next; at < size;) {
            const auto n = std::min(static_cast<std::size_t>(size - at), zeros.size());
            p->sha1.update(u8(std::span(zeros).first(n)));
            at += static_cast<int>(n);
        }
        out.emplace();
        p->sha1.finish(reinterpret_cast<std::uint8_t*>(out->sha1.data()));
        hash_staged(*p);
        if (leaves_ && !p->no_leaves && p->filling == 0) out->leaves = std::move(p->leaves);
    }
    recycle(std::move(p));
    release_if_idle();
    return out;
}

void WrittenPieces::clear(lt::piece_index_t piece) {
    auto it = pieces_.find(piece);
    if (it == pieces_.end()) return;
    std::unique_ptr<Piece> p = std::move(it->second);
    pieces_.erase(it);
    recycle(std::move(p));
    release_if_idle();
}

void WrittenPieces::release_if_idle() {
    if (!pieces_.empty()) return;
    sha256_.reset();
    spare_.clear();
}

}  // namespace shoal::engine
