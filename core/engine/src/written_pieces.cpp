#include "written_pieces.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <utility>

namespace shoal::engine {
namespace {

std::span<const std::uint8_t> bytes(std::span<const char> s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// Pieces' hashers kept for reuse (an OpenSSL context each).
constexpr std::size_t kSpareHashers = 8;

}  // namespace

struct WrittenPieces::Piece {
    hashing::Hasher sha1{hashing::Algorithm::sha1};
    int next = 0;         // bytes hashed, from the piece's start
    bool broken = false;  // a block twice, a write failed, or no budget: not known here
    std::map<int, std::vector<char>> ahead;  // blocks past `next`, by start
    Leaves leaves;
    int leaves_seen = 0;
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
    if (leaves_) add_leaf(piece, p, start, block);
    if (start > p.next) {
        if (kept_->used + block.size() > kept_->max) {
            drop(p);
            return;
        }
        p.ahead.emplace(start, std::vector<char>(block.begin(), block.end()));
        kept_->used += block.size();
        return;
    }
    p.sha1.update(bytes(block));
    p.next += static_cast<int>(block.size());
    for (auto it = p.ahead.begin(); it != p.ahead.end() && it->first == p.next;
         it = p.ahead.erase(it)) {
        p.sha1.update(bytes(it->second));
        p.next += static_cast<int>(it->second.size());
        kept_->used -= it->second.size();
    }
}

void WrittenPieces::add_leaf(lt::piece_index_t index, Piece& p, int start,
                             std::span<const char> block) {
    // The file's blocks in this piece: up to its end, not into the padding after it.
    const int file_part = files_.piece_size2(index);
    const auto block_size = static_cast<int>(hashing::kBlockSize);
    if (start >= file_part || start % block_size != 0) return;
    if (p.leaves.empty()) p.leaves.resize(static_cast<std::size_t>(files_.blocks_in_piece2(index)));
    const auto leaf = static_cast<std::size_t>(start / block_size);
    const int length = std::min(block_size, file_part - start);
    if (leaf >= p.leaves.size() || static_cast<int>(block.size()) < length) return;
    // Consecutive blocks of one piece are hashed a few at once (sha_lanes.h, through
    // hash_blocks): copied, as the block is libtorrent's only during the call.
    if (staged_.count > 0 && (staged_.piece != index || staged_.first + staged_.count != leaf))
        hash_staged();
    if (!sha256_) {
        sha256_ = std::make_unique<hashing::Hasher>(hashing::Algorithm::sha256);
        staging_.resize(kStagedBlocks * hashing::kBlockSize);
    }
    std::memcpy(staging_.data() + staged_.count * hashing::kBlockSize, block.data(),
                static_cast<std::size_t>(length));
    staged_.piece = index;
    if (staged_.count++ == 0) staged_.first = leaf;
    staged_.bytes = (staged_.count - 1) * hashing::kBlockSize + static_cast<std::size_t>(length);
    if (staged_.count == kStagedBlocks || length < block_size) hash_staged();
}

void WrittenPieces::hash_staged() {
    if (staged_.count == 0) return;
    const std::size_t count = std::exchange(staged_.count, 0);
    auto it = pieces_.find(staged_.piece);
    if (it == pieces_.end() || it->second->broken) return;
    Piece& p = *it->second;
    hashing::hash_blocks(*sha256_, std::span(staging_).first(staged_.bytes),
                         std::span(p.leaves).subspan(staged_.first, count));
    p.leaves_seen += static_cast<int>(count);
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
}

void WrittenPieces::recycle(std::unique_ptr<Piece> p) {
    drop(*p);
    if (spare_.size() >= kSpareHashers) return;
    p->sha1.reset();
    p->next = 0;
    p->broken = false;
    p->leaves = {};
    p->leaves_seen = 0;
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
    if (staged_.count > 0 && staged_.piece == piece) hash_staged();
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
            p->sha1.update(bytes(std::span(zeros).first(n)));
            at += static_cast<int>(n);
        }
        out.emplace();
        p->sha1.finish(reinterpret_cast<std::uint8_t*>(out->sha1.data()));
        if (leaves_ && !p->leaves.empty() && p->leaves_seen == static_cast<int>(p->leaves.size()))
            out->leaves = std::move(p->leaves);
    }
    recycle(std::move(p));
    release_if_idle();
    return out;
}

void WrittenPieces::clear(lt::piece_index_t piece) {
    if (staged_.piece == piece) staged_.count = 0;
    auto it = pieces_.find(piece);
    if (it == pieces_.end()) return;
    std::unique_ptr<Piece> p = std::move(it->second);
    pieces_.erase(it);
    recycle(std::move(p));
    release_if_idle();
}

void WrittenPieces::release_if_idle() {
    if (!pieces_.empty()) return;
    staging_ = {};
    sha256_.reset();
    spare_.clear();
}

}  // namespace shoal::engine
