// One qBittorrent Web API call being answered, and the endpoint table (internal).
#pragma once

#include <shoal/api/api_context.h>
#include <shoal/api/http.h>
#include <shoal/api/http_server.h>

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace shoal::api {

struct QbtCall {
    ApiContext& ctx;
    HttpRequest req;
    std::multimap<std::string, std::string> params;  // query, form fields
    std::vector<FormPart> files;                     // multipart uploads
    Respond respond;

    std::optional<std::string> param(const std::string& name) const;
    bool flag(const std::string& name) const;  // "true"
    // The torrents named by `hashes` ("all", or hashes separated by '|'); unknown ones
    // are skipped, as qBittorrent does.
    std::vector<engine::TorrentId> torrents(const std::string& name = "hashes") const;

    void ok(std::string body = {}) { respond(HttpResponse::text(200, std::move(body))); }
    void json(const nlohmann::json& j);
    void fail(int status, std::string message) {
        respond(HttpResponse::text(status, std::move(message)));
    }
};

enum class Verb {
    read,    // GET or POST
    action,  // POST only (405 otherwise)
};

struct QbtEndpoint {
    Verb verb;
    std::function<void(std::shared_ptr<QbtCall>)> run;
};

using QbtTable = std::map<std::string, QbtEndpoint>;  // by path after /api/v2/

void add_app_endpoints(QbtTable& table);      // app/*, transfer/*, sync/*
void add_torrent_endpoints(QbtTable& table);  // torrents/*

}  // namespace shoal::api
