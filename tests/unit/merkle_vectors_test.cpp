// RFC 6962 inclusion and consistency vectors from transparency-dev/merkle (copied into
// tests/data/merkle): every happy path verifies, every mutated case is rejected.
#include <shoal/common/base64.h>
#include <shoal/ledger/merkle.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

namespace shoal::ledger {
namespace {

using nlohmann::json;

std::filesystem::path vectors() {
    return std::filesystem::path(SHOAL_TEST_DATA) / "merkle";
}

Bytes decode(const json& j) {
    if (j.is_null()) return {};
    auto b = base64_decode(j.get<std::string>());
    EXPECT_TRUE(b) << j;
    return b.value_or(Bytes{});
}

std::vector<Bytes> decode_list(const json& j) {
    std::vector<Bytes> out;
    if (j.is_array())
        for (const auto& x : j)
            out.push_back(decode(x));
    return out;
}

std::vector<std::filesystem::path> cases(const char* kind) {
    std::vector<std::filesystem::path> out;
    for (const auto& e : std::filesystem::recursive_directory_iterator(vectors() / kind))
        if (e.path().extension() == ".json") out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

json load(const std::filesystem::path& p) {
    std::ifstream in(p);
    return json::parse(in);
}

TEST(MerkleVectors, Inclusion) {
    const auto files = cases("inclusion");
    ASSERT_GT(files.size(), 50u);
    int happy = 0;
    for (const auto& f : files) {
        const json j = load(f);
        const bool ok =
            verify_inclusion(j["leafIdx"].get<std::uint64_t>(), j["treeSize"].get<std::uint64_t>(),
                             decode(j["leafHash"]), decode_list(j["proof"]), decode(j["root"]));
        EXPECT_EQ(ok, !j["wantErr"].get<bool>()) << f;
        happy += ok;
    }
    EXPECT_GT(happy, 5);
}

TEST(MerkleVectors, Consistency) {
    const auto files = cases("consistency");
    ASSERT_GT(files.size(), 50u);
    int happy = 0;
    for (const auto& f : files) {
        const json j = load(f);
        const bool ok =
            verify_consistency(j["size1"].get<std::uint64_t>(), j["size2"].get<std::uint64_t>(),
                               decode_list(j["proof"]), decode(j["root1"]), decode(j["root2"]));
        EXPECT_EQ(ok, !j["wantErr"].get<bool>()) << f;
        happy += ok;
    }
    EXPECT_GT(happy, 5);
}

}  // namespace
}  // namespace shoal::ledger
