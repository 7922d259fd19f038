#include "json_text.h"
#include "qbt_call.h"

#include <shoal/api/qbt_api.h>

namespace shoal::api {
namespace {

std::string host_of_url(const std::string& url) {
    auto scheme = url.find("://");
    std::string rest = scheme == std::string::npos ? url : url.substr(scheme + 3);
    return rest.substr(0, rest.find('/'));
}

}  // namespace

bool same_origin(const HttpRequest& request) {
    const auto host = request.header("host");
    for (const char* name : {"origin", "referer"}) {
        const auto value = request.header(name);
        if (!value || value->empty() || *value == "null") continue;
        if (!host || host_of_url(*value) != *host) return false;
    }
    return true;
}

std::optional<std::string> QbtCall::param(const std::string& name) const {
    auto it = params.find(name);
    if (it == params.end()) return std::nullopt;
    return it->second;
}

bool QbtCall::flag(const std::string& name) const {
    return param(name).value_or("") == "true";
}

std::vector<engine::TorrentId> QbtCall::torrents(const std::string& name) const {
    std::vector<engine::TorrentId> out;
    const std::string text = param(name).value_or("");
    if (text == "all") {
        for (const auto& s : ctx.mirror.torrents())
            out.push_back(s.id);
        return out;
    }
    std::size_t start = 0;
    while (start <= text.size()) {
        auto bar = text.find('|', start);
        const std::string h =
            text.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
        if (auto s = ctx.mirror.find_hash(h)) out.push_back(s->id);
        if (bar == std::string::npos) break;
        start = bar + 1;
    }
    return out;
}

void QbtCall::json(const nlohmann::json& j) {
    respond(HttpResponse::json(answer_text(j)));
}

class QbtApi::Impl {
  public:
    explicit Impl(ApiContext& c) : ctx(c) {
        add_app_endpoints(table);
        add_torrent_endpoints(table);
    }

    void login(const std::shared_ptr<QbtCall>& call) {
        std::string sid;
        switch (ctx.auth.login(call->req.remote_ip, call->param("username").value_or(""),
                               call->param("password").value_or(""), &sid)) {
            case WebAuth::Login::ok: {
                HttpResponse r = HttpResponse::text(200, "Ok.");
                r.headers.emplace_back("Set-Cookie",
                                       "SID=" + sid + "; HttpOnly; SameSite=Strict; path=/");
                call->respond(std::move(r));
                return;
            }
            case WebAuth::Login::banned:
                call->fail(403,
                           "Your IP address has been banned after too many failed "
                           "authentication attempts.");
                return;
            case WebAuth::Login::wrong:
                call->ok("Fails.");
                return;
        }
    }

    ApiContext& ctx;
    QbtTable table;
};

QbtApi::QbtApi(ApiContext& context) : impl_(std::make_unique<Impl>(context)) {}
QbtApi::~QbtApi() = default;

void QbtApi::handle(HttpRequest request, Respond respond) {
    Impl& d = *impl_;
    if (d.ctx.auth.banned(request.remote_ip)) {
        respond(HttpResponse::text(403,
                                   "Your IP address has been banned after too many "
                                   "failed authentication attempts."));
        return;
    }
    if (!same_origin(request)) {
        respond(HttpResponse::text(401, "Unauthorized"));
        return;
    }
    const std::string name = request.path.substr(std::string("/api/v2/").size());
    const bool is_login = name == "auth/login";
    const bool is_logout = name == "auth/logout";
    auto it = d.table.find(name);
    if (!is_login && !is_logout && it == d.table.end()) {
        respond(HttpResponse::text(404, "Not Found"));
        return;
    }
    const bool post_only = is_login || is_logout || it->second.verb == Verb::action;
    if (request.method != "POST" && (post_only || request.method != "GET")) {
        HttpResponse r = HttpResponse::text(405, "Method Not Allowed");
        r.headers.emplace_back("Allow", post_only ? "POST" : "GET, POST");
        respond(std::move(r));
        return;
    }
    auto call =
        std::make_shared<QbtCall>(QbtCall{d.ctx, std::move(request), {}, {}, std::move(respond)});
    call->params = call->req.query;
    const std::string type = call->req.header("content-type").value_or("");
    if (type.starts_with("application/x-www-form-urlencoded")) {
        for (auto& [k, v] : parse_form(call->req.body))
            call->params.emplace(k, v);
    } else if (type.starts_with("multipart/form-data")) {
        auto parts = parse_multipart(type, call->req.body);
        if (!parts) return call->fail(400, "malformed multipart/form-data body");
        for (auto& p : *parts) {
            if (p.filename.empty())
                call->params.emplace(p.name, std::move(p.data));
            else
                call->files.push_back(std::move(p));
        }
    }
    if (is_login) return d.login(call);
    const auto sid = call->req.cookie("SID");
    if (!sid || !d.ctx.auth.session_valid(*sid)) return call->fail(403, "Forbidden");
    if (is_logout) {
        d.ctx.auth.logout(*sid);
        return call->ok();
    }
    try {
        it->second.run(call);
    } catch (const std::exception& e) {
        call->fail(400, std::string("bad request: ") + e.what());
    }
}

}  // namespace shoal::api
