// check_pieces must say, piece by piece, exactly which pieces of the data on disk match the
// torrent's hashes: whole files, a damaged byte, a missing file, short files (read and
// mapped), padding, and a cancelled check.
#include "sandbox.h"

#include <shoal/hashing/piece_check.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace shoal::hashing {
namespace {

using test::Sandbox;

constexpr int kPiece = 64 << 10;

struct Spec {
    std::string name;  // empty: a pad file
    std::int64_t size;
};

// The files (b.bin is large enough to be hashed through a mapping), and a pad file.
const std::vector<Spec> kFiles = {
    {"a.bin", 40 << 10}, {"b.bin", 9 << 20}, {"", 24 << 10}, {"c.bin", 30 << 10}};

struct Fixture {
    Sandbox box;
    Layout layout;
    std::vector<std::uint8_t> stream;  // the torrent's bytes as they should be
    std::vector<Sha1Digest> expected;

    explicit Fixture(const std::vector<Spec>& files = kFiles) {
        layout.piece_size = kPiece;
        layout.v1 = true;
        std::uint64_t seed = 1;
        for (const auto& f : files) {
            LayoutFile lf;
            lf.offset = layout.total_size;
            lf.size = f.size;
            lf.pad = f.name.empty();
            if (!lf.pad) {
                lf.disk_path = box.path(f.name);
                test::write_payload(lf.disk_path, f.size, seed++);
                const std::string bytes = test::read_all(lf.disk_path);
                stream.insert(stream.end(), bytes.begin(), bytes.end());
            } else {
                stream.insert(stream.end(), static_cast<std::size_t>(f.size), 0);
            }
            layout.total_size += f.size;
            layout.files.push_back(lf);
        }
        layout.num_pieces = static_cast<int>((layout.total_size + kPiece - 1) / kPiece);
        Hasher h(Algorithm::sha1);
        for (int p = 0; p < layout.num_pieces; ++p)
            expected.push_back(h.sha1(piece(stream, p)));
    }

    std::span<const std::uint8_t> piece(const std::vector<std::uint8_t>& bytes, int p) const {
        const auto from = static_cast<std::size_t>(p) * kPiece;
        return std::span(bytes).subspan(from, std::min<std::size_t>(kPiece, bytes.size() - from));
    }

    // What a correct check says of the files as they are now: a piece is good when every
    // byte of it is on disk and its hash matches.
    std::vector<bool> truth() const {
        std::vector<std::uint8_t> now(stream.size(), 0);
        std::vector<char> present(stream.size(), 0);
        for (const auto& f : layout.files) {
            const auto at = static_cast<std::size_t>(f.offset);
            if (f.pad) {
                std::fill_n(present.begin() + static_cast<std::ptrdiff_t>(at), f.size, 1);
                continue;
            }
            std::error_code ec;
            if (!std::filesystem::exists(f.disk_path, ec)) continue;
            std::string bytes = test::read_all(f.disk_path);
            bytes.resize(std::min<std::size_t>(bytes.size(), static_cast<std::size_t>(f.size)));
            std::copy(bytes.begin(), bytes.end(), now.begin() + static_cast<std::ptrdiff_t>(at));
            std::fill_n(present.begin() + static_cast<std::ptrdiff_t>(at), bytes.size(), 1);
        }
        Hasher h(Algorithm::sha1);
        std::vector<bool> good;
        for (int p = 0; p < layout.num_pieces; ++p) {
            const auto from = static_cast<std::size_t>(p) * kPiece;
            const auto len = piece(now, p).size();
            const bool all_there =
                std::all_of(present.begin() + static_cast<std::ptrdiff_t>(from),
                            present.begin() + static_cast<std::ptrdiff_t>(from + len),
                            [](char c) { return c != 0; });
            good.push_back(all_there &&
                           h.sha1(piece(now, p)) == expected[static_cast<std::size_t>(p)]);
        }
        return good;
    }

    std::vector<bool> check() {
        std::atomic<std::int64_t> done{0};
        auto r = check_pieces(layout, expected, 2, done, nullptr);
        EXPECT_TRUE(r) << (r ? "" : r.error().message);
        EXPECT_EQ(done.load(), layout.total_size) << "progress covers every piece";
        return r ? *r : std::vector<bool>{};
    }
};

int count(const std::vector<bool>& v) {
    return static_cast<int>(std::count(v.begin(), v.end(), true));
}

void truncate(const std::filesystem::path& file, std::uintmax_t size) {
    std::filesystem::resize_file(file, size);
}

TEST(PieceCheck, CompleteDataPassesEveryPiece) {
    Fixture f;
    auto good = f.check();
    EXPECT_EQ(count(good), f.layout.num_pieces);
}

TEST(PieceCheck, ADamagedByteFailsOnlyItsPiece) {
    Fixture f;
    test::flip_bytes(f.box.path("b.bin"), 5 << 20);  // in the mapped file
    test::flip_bytes(f.box.path("a.bin"), 100);      // in a read one
    auto good = f.check();
    EXPECT_EQ(good, f.truth());
    EXPECT_EQ(count(good), f.layout.num_pieces - 2);
}

TEST(PieceCheck, MissingAndShortFilesFailTheirPiecesNotTheCheck) {
    Fixture f;
    std::filesystem::remove(f.box.path("a.bin"));
    truncate(f.box.path("b.bin"), 4 << 20);   // mapped: a short file
    truncate(f.box.path("c.bin"), 10 << 10);  // read: a short file
    auto good = f.check();
    EXPECT_EQ(good, f.truth());
    EXPECT_GT(count(good), 0) << "the pieces of b.bin still on disk pass";
    EXPECT_FALSE(good.front()) << "a.bin is missing";
    EXPECT_FALSE(good.back()) << "c.bin is short";
}

// A short file's last piece is read in part before the read fails; the next piece, a small
// file and padding, is read into the same buffer and must not hash those bytes as padding.
TEST(PieceCheck, APieceAfterAShortReadHasItsPaddingZeroed) {
    Fixture f({{"a.bin", 2 * kPiece}, {"b.bin", 100}, {"", kPiece - 100}, {"c.bin", 5}});
    truncate(f.box.path("a.bin"), kPiece + 20000);
    auto good = f.check();
    EXPECT_EQ(good, f.truth());
    EXPECT_EQ(good, (std::vector<bool>{true, false, true, true}));
}

TEST(PieceCheck, NothingOnDiskPassesNothing) {
    Fixture f;
    for (const char* name : {"a.bin", "b.bin", "c.bin"})
        std::filesystem::remove(f.box.path(name));
    EXPECT_EQ(count(f.check()), 0);
}

TEST(PieceCheck, ACancelledCheckIsAnErrorAndWrongHashCountsAreRefused) {
    Fixture f;
    std::atomic<std::int64_t> done{0};
    std::atomic<bool> cancel{true};
    EXPECT_FALSE(check_pieces(f.layout, f.expected, 2, done, &cancel));
    auto fewer = std::span(f.expected).first(f.expected.size() - 1);
    EXPECT_FALSE(check_pieces(f.layout, fewer, 2, done, nullptr));
}

}  // namespace
}  // namespace shoal::hashing
