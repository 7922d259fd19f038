// Standard base64 (RFC 4648, with padding), for keys, hashes and entries in exports.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace shoal {

std::string base64_encode(std::span<const std::uint8_t> bytes);
// nullopt on characters outside the alphabet or a bad length/padding.
std::optional<std::vector<std::uint8_t>> base64_decode(std::string_view text);

}  // namespace shoal
