// The profile's ledger, with a recorder on an engine: what every program that runs the
// engine keeps (shoal get/seed, the daemon, the desktop app).
#pragma once

#include <shoal/common/result.h>
#include <shoal/ledger/ledger.h>
#include <shoal/recorder/ledger_recorder.h>

#include <filesystem>
#include <memory>

namespace shoal::recorder {

struct ProfileRecording {
    std::unique_ptr<ledger::Ledger> ledger;
    std::unique_ptr<LedgerRecorder> recorder;  // subscribed to the engine
};

// Opens PROFILE/ledger for writing (creating it and the node's key on first use) and
// subscribes a recorder to `engine`: before engine.start(), or after it and before the
// first torrent is added, once engine.hash_v1_roots() was called before it started.
Result<ProfileRecording> record_profile(engine::Engine& engine,
                                        const std::filesystem::path& profile_dir,
                                        RecorderOptions options = {});

}  // namespace shoal::recorder
