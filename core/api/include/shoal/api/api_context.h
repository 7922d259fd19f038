// What the remote-control APIs work on: the engine (commands), its mirror (reads), the
// categories and tags, and who may log in.
#pragma once

#include <shoal/api/torrent_labels.h>
#include <shoal/api/torrent_mirror.h>
#include <shoal/api/web_auth.h>
#include <shoal/engine/engine.h>

#include <atomic>
#include <string>

namespace shoal::api {

struct ApiContext {
    engine::Engine& engine;
    TorrentMirror& mirror;
    TorrentLabels& labels;
    WebAuth& auth;
    std::string listen_address;  // the web UI's, for app/preferences
    std::atomic<int> listen_port{0};
};

}  // namespace shoal::api
