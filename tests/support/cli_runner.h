// Driving the `shoal` binary in tests: a seeding process in the background, `get` runs,
// and reading figures back from their output.
#pragma once

#include "process.h"
#include "swarm.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace shoal::test {

// `shoal seed TORRENT -d DIR --loopback` in the background, ready once it seeds.
class CliSeeder {
  public:
    CliSeeder(const Sandbox& box, const TestTorrent& t, std::vector<std::string> extra = {});
    const std::string& endpoint() const { return endpoint_; }
    Process& process() { return *process_; }

  private:
    std::unique_ptr<Process> process_;
    std::string endpoint_;
};

// argv for `shoal get SOURCE -o OUT --loopback --profile PROFILE` plus `extra`.
std::vector<std::string> get_args(const std::string& source, const std::filesystem::path& out,
                                  const std::filesystem::path& profile,
                                  std::vector<std::string> extra = {});

// The last "NN.N%" a plain progress line showed, or -1.
double last_percent(const std::string& output);
// The byte count of "downloaded ... (N bytes) this run", or -1.
long long downloaded_this_run(const std::string& output);

}  // namespace shoal::test
