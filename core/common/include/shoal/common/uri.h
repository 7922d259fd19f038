// Percent-encoding for URIs and forms (RFC 3986 unreserved characters stay as they are).
#pragma once

#include <string>
#include <string_view>

namespace shoal {

std::string percent_encode(std::string_view text);

}  // namespace shoal
