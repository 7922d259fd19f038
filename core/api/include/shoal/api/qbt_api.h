// QbtApi: qBittorrent's Web API v2 (as documented for qBittorrent 4.1-5.0) at /api/v2/,
// so that the tools written for qBittorrent (the *arr apps, FlexGet, alternative web UIs)
// drive Shoal unchanged. Login with the SID cookie, qBittorrent's CSRF and ban rules, 405
// for a wrong method, 4xx for every malformed request.
#pragma once

#include <shoal/api/api_context.h>
#include <shoal/api/http_server.h>

#include <memory>

namespace shoal::api {

class QbtApi {
  public:
    explicit QbtApi(ApiContext& context);
    ~QbtApi();
    // Answers a request under /api/v2/.
    void handle(HttpRequest request, Respond respond);

    class Impl;

  private:
    std::unique_ptr<Impl> impl_;
};

// qBittorrent's CSRF rule: a request whose Origin or Referer names another host than its
// Host header is refused.
bool same_origin(const HttpRequest& request);

}  // namespace shoal::api
