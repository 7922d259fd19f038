// MetadataProbes: fetching a magnet's metadata for an add dialog, without downloading
// payload or keeping the torrent. A probe is a libtorrent torrent in upload mode (it
// never requests pieces) that is not in the torrent table, not saved in the profile and
// not announced to subscribers; it is removed as soon as its metadata arrives
// (internal; engine thread only).
#pragma once

#include <shoal/common/result.h>
#include <shoal/engine/torrent_id.h>

#include <libtorrent/fwd.hpp>
#include <libtorrent/torrent_handle.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace shoal::engine {

class EngineCore;

class MetadataProbes {
  public:
    using Done = std::function<void(Result<std::string>)>;  // the .torrent's bytes

    explicit MetadataProbes(EngineCore& core) : core_(core) {}
    void start(const std::string& magnet_uri, Done done);
    void cancel(const TorrentId& id);
    // The probe's handle once libtorrent has added it (invalid otherwise).
    lt::torrent_handle handle_of(const TorrentId& id) const;
    // From the alert handlers: true when the alert was about a probe.
    bool on_added(const lt::add_torrent_alert& a);
    bool on_metadata(const lt::metadata_received_alert& a);
    bool any() const { return !probes_.empty(); }
    // At shutdown: every waiting caller hears why.
    void fail_all(const std::string& why);

    struct Probe {
        TorrentId id;
        Done done;
        lt::torrent_handle handle;
        bool cancelled = false;
    };

  private:
    void finish(Probe& probe, Result<std::string> result);

    EngineCore& core_;
    std::map<TorrentId, std::vector<std::string>> waiting_peers_;  // x.pe, once added
    std::map<Probe*, std::unique_ptr<Probe>> probes_;
};

}  // namespace shoal::engine
