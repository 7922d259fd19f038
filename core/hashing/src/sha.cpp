#include <shoal/common/hex.h>
#include <shoal/hashing/sha.h>

#include <openssl/evp.h>

#include <stdexcept>

namespace shoal::hashing {
namespace {

// Fetched once: an implicit fetch on every EVP_DigestInit costs a lock and a lookup.
const EVP_MD* digest_of(Algorithm a) {
    static EVP_MD* const sha1 = EVP_MD_fetch(nullptr, "SHA1", nullptr);
    static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    const EVP_MD* md = a == Algorithm::sha1 ? sha1 : sha256;
    if (!md) throw std::runtime_error("OpenSSL has no SHA-1/SHA-256 implementation");
    return md;
}

}  // namespace

struct Hasher::State {
    const EVP_MD* md = nullptr;
    EVP_MD_CTX* ctx = nullptr;
};

Hasher::Hasher(Algorithm algorithm) : state_(std::make_unique<State>()) {
    state_->md = digest_of(algorithm);
    state_->ctx = EVP_MD_CTX_new();
    if (!state_->ctx) throw std::bad_alloc();
    reset();
}

Hasher::~Hasher() {
    EVP_MD_CTX_free(state_->ctx);
}

void Hasher::reset() {
    EVP_DigestInit_ex2(state_->ctx, state_->md, nullptr);
}

void Hasher::update(std::span<const std::uint8_t> data) {
    EVP_DigestUpdate(state_->ctx, data.data(), data.size());
}

void Hasher::finish(std::uint8_t* out) {
    unsigned int len = 0;
    EVP_DigestFinal_ex(state_->ctx, out, &len);
    reset();
}

Sha1Digest Hasher::sha1(std::span<const std::uint8_t> data) {
    Sha1Digest d{};
    update(data);
    finish(d.data());
    return d;
}

Sha256Digest Hasher::sha256(std::span<const std::uint8_t> data) {
    Sha256Digest d{};
    update(data);
    finish(d.data());
    return d;
}

Sha256Digest Hasher::sha256_pair(const Sha256Digest& a, const Sha256Digest& b) {
    Sha256Digest d{};
    update(a);
    update(b);
    finish(d.data());
    return d;
}

std::string hex(std::span<const std::uint8_t> digest) {
    return shoal::to_hex(digest);
}

}  // namespace shoal::hashing
