// NodeIdentity: the node's Ed25519 key pair (OpenSSL). The private key lives in a PEM
// file of mode 0600; the public key (32 bytes) names the node and checks its signatures.
#pragma once

#include <shoal/common/result.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <vector>

namespace shoal::ledger {

class NodeIdentity {
  public:
    // Reads an existing key; an unreadable or malformed key file is an error.
    static Result<NodeIdentity> load(const std::filesystem::path& key_file);
    // Makes a new key and writes it (0600, atomically). Fails if the file exists.
    static Result<NodeIdentity> create(const std::filesystem::path& key_file);

    NodeIdentity(NodeIdentity&&) noexcept;
    NodeIdentity& operator=(NodeIdentity&&) noexcept;
    ~NodeIdentity();

    const std::vector<std::uint8_t>& public_key() const { return public_key_; }
    std::vector<std::uint8_t> sign(std::span<const std::uint8_t> message) const;

  private:
    struct Key;
    explicit NodeIdentity(std::unique_ptr<Key> key);
    std::unique_ptr<Key> key_;
    std::vector<std::uint8_t> public_key_;
};

// Checks an Ed25519 signature with a raw 32-byte public key.
bool verify_signature(std::span<const std::uint8_t> public_key,
                      std::span<const std::uint8_t> message,
                      std::span<const std::uint8_t> signature);

}  // namespace shoal::ledger
