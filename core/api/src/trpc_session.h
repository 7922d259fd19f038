// Transmission RPC: session-get and session-set over Shoal's settings (internal).
#pragma once

#include <shoal/api/api_context.h>

#include <nlohmann/json.hpp>

#include <string>

namespace shoal::api {

// The session fields `args` asks for (all without "fields"), named in the client's style.
nlohmann::json trpc_session_get(const ApiContext& ctx, const std::string& session_id,
                                const nlohmann::json& args, bool snake_names);
// Applies a session-set's arguments (snake_case) to `settings`.
void trpc_session_set(const nlohmann::json& args, engine::Settings& settings);

}  // namespace shoal::api
