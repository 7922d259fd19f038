// When Shoal trades the CA bundle for the lazy lookup in the hashed CA directory: only where
// the bundle is the default one (under any name), the directory is the default one, and the
// directory holds hashed links.
#include "lazy_ca_file.h"
#include "sandbox.h"

#include <gtest/gtest.h>

namespace shoal::engine {
namespace {

class LazyCaFile : public ::testing::Test {
  protected:
    void SetUp() override {
        std::filesystem::create_directories(box.path("certs"));
        std::filesystem::create_directories(box.path("own-certs"));
        std::filesystem::create_directories(box.path("no-links"));
        test::write_payload(box.path("certs/ca-certificates.crt"), 100, 1);
        test::write_payload(box.path("certs/9d04f354.0"), 100, 2);
        test::write_payload(box.path("own-certs/0123abcd.0"), 100, 3);
        test::write_payload(box.path("own-bundle.pem"), 100, 1);  // same bytes, another file
        test::write_payload(box.path("no-links/readme"), 1, 4);
        std::filesystem::create_symlink(box.path("certs/ca-certificates.crt"),
                                        box.path("cert.pem"));
    }
    std::optional<std::string> lazy(const char* file_env, const char* dir_env,
                                    const std::filesystem::path& default_dir) const {
        return lazy_ca_file(file_env, dir_env, box.path("cert.pem"), default_dir);
    }
    std::string p(const char* rel) const { return box.path(rel).string(); }
    test::Sandbox box;
};

TEST_F(LazyCaFile, NothingSetAndHashedLinks) {
    EXPECT_EQ(lazy(nullptr, nullptr, box.path("certs")), p("certs") + "/.shoal-no-bundle");
    EXPECT_EQ(lazy(nullptr, nullptr, box.path("no-links")), std::nullopt);
}

TEST_F(LazyCaFile, TheDefaultBundleUnderAnotherName) {
    const std::string bundle = p("certs/ca-certificates.crt");
    EXPECT_EQ(lazy(bundle.c_str(), nullptr, box.path("certs")), p("certs") + "/.shoal-no-bundle");
    const std::string dir = p("certs");
    EXPECT_EQ(lazy(bundle.c_str(), dir.c_str(), box.path("certs")),
              p("certs") + "/.shoal-no-bundle");
}

TEST_F(LazyCaFile, ABundleOrDirectoryOfTheUsersOwnStays) {
    const std::string own = p("own-bundle.pem");
    EXPECT_EQ(lazy(own.c_str(), nullptr, box.path("certs")), std::nullopt);
    const std::string missing = p("missing.pem");
    EXPECT_EQ(lazy(missing.c_str(), nullptr, box.path("certs")), std::nullopt);
    // The default bundle beside a directory of other certificates: both are wanted.
    const std::string bundle = p("certs/ca-certificates.crt");
    const std::string own_dir = p("own-certs");
    EXPECT_EQ(lazy(bundle.c_str(), own_dir.c_str(), box.path("certs")), std::nullopt);
    // With no bundle named, the user's own directory is looked up lazily.
    EXPECT_EQ(lazy(nullptr, own_dir.c_str(), box.path("certs")), own_dir + "/.shoal-no-bundle");
}

}  // namespace
}  // namespace shoal::engine
