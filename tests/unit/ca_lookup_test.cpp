// Which SSL_CERT_FILE Shoal may trade for the lazy lookup in the hashed CA directory: only
// one that is OpenSSL's default bundle itself, under any name.
#include "sandbox.h"

#include <shoal/engine/ca_lookup.h>

#include <gtest/gtest.h>

namespace shoal::engine {
namespace {

TEST(CaLookup, OnlyTheDefaultBundleUnderAnotherNameCountsAsTheDefault) {
    test::Sandbox box;
    test::write_payload(box.path("ca-certificates.crt"), 100, 1);
    test::write_payload(box.path("own-bundle.pem"), 100, 1);  // same bytes, another file
    std::filesystem::create_symlink(box.path("ca-certificates.crt"), box.path("cert.pem"));

    EXPECT_TRUE(is_default_ca_bundle(box.path("ca-certificates.crt"), box.path("cert.pem")));
    EXPECT_TRUE(is_default_ca_bundle(box.path("cert.pem"), box.path("cert.pem")));
    EXPECT_FALSE(is_default_ca_bundle(box.path("own-bundle.pem"), box.path("cert.pem")));
    EXPECT_FALSE(is_default_ca_bundle(box.path("missing.pem"), box.path("cert.pem")));
    EXPECT_FALSE(is_default_ca_bundle(box.path("cert.pem"), box.path("missing.pem")));
}

}  // namespace
}  // namespace shoal::engine
