#include "cli_runner.h"

#include <gtest/gtest.h>

#include <regex>

namespace shoal::test {

CliSeeder::CliSeeder(const Sandbox& box, const TestTorrent& t, std::vector<std::string> extra) {
    std::vector<std::string> argv{shoal_bin(),
                                  "seed",
                                  t.torrent_file.string(),
                                  "-d",
                                  t.data_root.string(),
                                  "--loopback",
                                  "--port",
                                  "0",
                                  "--profile",
                                  box.path("seed-profile").string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    process_ = std::make_unique<Process>(argv);
    const bool ready = process_->wait_for_output("seeding " + t.name, std::chrono::seconds(30));
    endpoint_ = listen_endpoint_of(process_->out());
    if (!ready || endpoint_.empty())
        ADD_FAILURE() << "the CLI seed did not start\nstdout:\n"
                      << process_->out() << "\nstderr:\n"
                      << process_->err();
}

std::vector<std::string> get_args(const std::string& source, const std::filesystem::path& out,
                                  const std::filesystem::path& profile,
                                  std::vector<std::string> extra) {
    std::vector<std::string> argv{shoal_bin(),  "get",    source, "-o",        out.string(),
                                  "--loopback", "--port", "0",    "--profile", profile.string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return argv;
}

double last_percent(const std::string& output) {
    static const std::regex re("([0-9]+\\.[0-9])%");
    double last = -1;
    for (auto it = std::sregex_iterator(output.begin(), output.end(), re);
         it != std::sregex_iterator(); ++it)
        last = std::stod((*it)[1].str());
    return last;
}

long long downloaded_this_run(const std::string& output) {
    static const std::regex re("\\(([0-9]+) bytes\\) this run");
    std::smatch m;
    return std::regex_search(output, m, re) ? std::stoll(m[1].str()) : -1;
}

}  // namespace shoal::test
