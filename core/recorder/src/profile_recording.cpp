#include <shoal/recorder/profile_recording.h>

namespace shoal::recorder {

Result<ProfileRecording> record_profile(engine::Engine& engine,
                                        const std::filesystem::path& profile_dir,
                                        RecorderOptions options) {
    auto opened =
        ledger::Ledger::open(ledger::ledger_dir(profile_dir), ledger::OpenMode::read_write);
    if (!opened) return opened.error();
    ProfileRecording r;
    r.ledger = std::move(*opened);
    r.recorder = std::make_unique<LedgerRecorder>(engine, *r.ledger, std::move(options));
    return r;
}

}  // namespace shoal::recorder
