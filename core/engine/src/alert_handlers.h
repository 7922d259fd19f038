// Alert handlers, one group per concern; each registers itself on the core's router
// (internal).
#pragma once

namespace shoal::engine {

class EngineCore;

void register_lifecycle_alerts(EngineCore& core);  // added, removed, metadata, finished, errors
void register_resume_alerts(EngineCore& core);     // resume data saved or failed
void register_tracker_alerts(EngineCore& core);    // tracker replies, warnings, errors
void register_stats_alerts(EngineCore& core);      // torrent snapshots, session stats, limits
void register_session_alerts(EngineCore& core);    // listen sockets, port mapping

}  // namespace shoal::engine
