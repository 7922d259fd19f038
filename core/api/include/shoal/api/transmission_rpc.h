// TransmissionRpc: Transmission's RPC at /transmission/rpc (rpc-version 17, as Transmission
// 4 speaks it, accepting the older kebab-case and camelCase names too), so that
// transmission-remote and the tools written for Transmission drive Shoal: the
// X-Transmission-Session-Id handshake (409 with the id), HTTP Basic auth, session-*,
// torrent-* and free-space.
#pragma once

#include <shoal/api/api_context.h>
#include <shoal/api/http_server.h>

#include <memory>

namespace shoal::api {

class TransmissionRpc {
  public:
    explicit TransmissionRpc(ApiContext& context);
    ~TransmissionRpc();
    void handle(HttpRequest request, Respond respond);

    class Impl;

  private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace shoal::api
