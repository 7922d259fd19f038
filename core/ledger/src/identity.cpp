#include <shoal/common/atomic_file.h>
#include <shoal/ledger/identity.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

namespace shoal::ledger {

struct NodeIdentity::Key {
    EVP_PKEY* pkey = nullptr;
    ~Key() { EVP_PKEY_free(pkey); }
};

namespace {

std::vector<std::uint8_t> raw_public(EVP_PKEY* pkey) {
    std::vector<std::uint8_t> out(32);
    std::size_t len = out.size();
    if (EVP_PKEY_get_raw_public_key(pkey, out.data(), &len) != 1 || len != 32) return {};
    return out;
}

}  // namespace

NodeIdentity::NodeIdentity(std::unique_ptr<Key> key)
    : key_(std::move(key)), public_key_(raw_public(key_->pkey)) {}
NodeIdentity::NodeIdentity(NodeIdentity&&) noexcept = default;
NodeIdentity& NodeIdentity::operator=(NodeIdentity&&) noexcept = default;
NodeIdentity::~NodeIdentity() = default;

Result<NodeIdentity> NodeIdentity::load(const std::filesystem::path& key_file) {
    auto pem = read_file(key_file, 64 * 1024);
    if (!pem) return runtime_error("cannot read the node key: " + pem.error().message);
    BIO* bio = BIO_new_mem_buf(pem->data(), static_cast<int>(pem->size()));
    EVP_PKEY* pkey = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    if (!pkey || EVP_PKEY_get_id(pkey) != EVP_PKEY_ED25519) {
        EVP_PKEY_free(pkey);
        return runtime_error("cannot read the node key '" + key_file.string() +
                             "': not an Ed25519 private key");
    }
    auto key = std::make_unique<Key>();
    key->pkey = pkey;
    return NodeIdentity(std::move(key));
}

Result<NodeIdentity> NodeIdentity::create(const std::filesystem::path& key_file) {
    std::error_code ec;
    if (std::filesystem::exists(key_file, ec))
        return runtime_error("will not replace the node key '" + key_file.string() + "'");
    EVP_PKEY* pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
    if (!pkey) return runtime_error("cannot make an Ed25519 key");
    auto key = std::make_unique<Key>();
    key->pkey = pkey;
    BIO* bio = BIO_new(BIO_s_mem());
    const bool ok = PEM_write_bio_PrivateKey(bio, pkey, nullptr, nullptr, 0, nullptr, nullptr) == 1;
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    std::string pem =
        ok && len > 0 ? std::string(data, static_cast<std::size_t>(len)) : std::string();
    BIO_free(bio);
    if (pem.empty()) return runtime_error("cannot encode the node key");
    if (auto r = write_file_atomic(key_file, pem, {.mode = 0600}); !r) return r.error();
    return NodeIdentity(std::move(key));
}

std::vector<std::uint8_t> NodeIdentity::sign(std::span<const std::uint8_t> message) const {
    std::vector<std::uint8_t> sig(64);
    std::size_t len = sig.size();
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    const bool ok = EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, key_->pkey) == 1 &&
                    EVP_DigestSign(ctx, sig.data(), &len, message.data(), message.size()) == 1;
    EVP_MD_CTX_free(ctx);
    if (!ok || len != 64) return {};
    return sig;
}

bool verify_signature(std::span<const std::uint8_t> public_key,
                      std::span<const std::uint8_t> message,
                      std::span<const std::uint8_t> signature) {
    if (public_key.size() != 32 || signature.size() != 64) return false;
    EVP_PKEY* pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, public_key.data(),
                                                 public_key.size());
    if (!pkey) return false;
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    const bool ok = EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, pkey) == 1 &&
                    EVP_DigestVerify(ctx, signature.data(), signature.size(), message.data(),
                                     message.size()) == 1;
    EVP_MD_CTX_free(ctx);
    EVP_PKEY_free(pkey);
    return ok;
}

}  // namespace shoal::ledger
