#include "receive_buffer.h"
#include "sandbox.h"

#include <shoal/common/atomic_file.h>
#include <shoal/engine/settings.h>

#include <gtest/gtest.h>

namespace shoal::engine {
namespace {

using test::Sandbox;

TEST(Settings, DefaultsAreWhatADesktopUserExpects) {
    Settings s;
    EXPECT_TRUE(s.enable_dht);
    EXPECT_TRUE(s.enable_pex);
    EXPECT_TRUE(s.enable_lsd);
    EXPECT_TRUE(s.enable_upnp);
    EXPECT_TRUE(s.enable_natpmp);
    EXPECT_EQ(s.encryption, "enabled");
    EXPECT_FALSE(s.dht_bootstrap_nodes.empty());
    // Threaded pread/pwrite: the files' pages never count in the client's memory.
    EXPECT_EQ(s.disk_io, "pread");
    // A window each peer can fill at 40 MB/s over 50 ms, and a bound on a leecher's memory.
    EXPECT_EQ(s.peer_receive_buffer, 2 << 20);
}

TEST(Settings, PeerReceiveBufferIsSetOnlyWhereTheKernelAllowsIt) {
    constexpr std::int64_t kMiB = 1 << 20;
    EXPECT_EQ(peer_receive_buffer(2 * kMiB, 4 * kMiB), 2 * kMiB);
    EXPECT_EQ(peer_receive_buffer(2 * kMiB, 2 * kMiB), 2 * kMiB);
    // A stock Debian kernel allows 208 KiB: the buffer would be cut, auto-tuning stays.
    EXPECT_EQ(peer_receive_buffer(2 * kMiB, 212992), 0);
    EXPECT_EQ(peer_receive_buffer(2 * kMiB, 0), 0) << "rmem_max not known";
    EXPECT_EQ(peer_receive_buffer(0, 4 * kMiB), 0) << "0 asks for auto-tuning";
    EXPECT_EQ(peer_receive_buffer(std::int64_t(1) << 40, std::int64_t(1) << 41), 0);
}

TEST(Settings, EveryRegisteredSettingRoundTripsThroughJson) {
    Settings changed;
    for (const auto& info : setting_registry()) {
        std::visit(
            [&](auto member) {
                using T = std::remove_reference_t<decltype(changed.*member)>;
                if constexpr (std::is_same_v<T, bool>)
                    changed.*member = !(changed.*member);
                else if constexpr (std::is_same_v<T, std::string>)
                    changed.*member = info.choices.empty() ? "changed-" + std::string(info.name)
                                                           : std::string(info.choices.back());
                else
                    changed.*member = static_cast<T>(info.min == info.max ? 7 : info.max);
            },
            info.member);
    }
    ASSERT_NE(changed, Settings{});
    auto back = settings_from_json(settings_to_json(changed), "test");
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(*back, changed);
    auto defaults = settings_from_json(settings_to_json(Settings{}), "test");
    ASSERT_TRUE(defaults);
    EXPECT_EQ(*defaults, Settings{});
}

TEST(Settings, SetFromTextChecksTypeRangeAndChoices) {
    Settings s;
    EXPECT_TRUE(set_setting(s, "listen_port", "6881"));
    EXPECT_EQ(s.listen_port, 6881);
    EXPECT_TRUE(set_setting(s, "download_rate_limit", "10M"));
    EXPECT_EQ(s.download_rate_limit, 10 << 20);
    EXPECT_TRUE(set_setting(s, "enable_dht", "false"));
    EXPECT_FALSE(s.enable_dht);
    EXPECT_TRUE(set_setting(s, "encryption", "forced"));
    EXPECT_TRUE(set_setting(s, "peer_receive_buffer", "1M"));
    EXPECT_EQ(s.peer_receive_buffer, 1 << 20);
    EXPECT_TRUE(set_setting(s, "share_ratio_limit", "1.5"));
    EXPECT_DOUBLE_EQ(s.share_ratio_limit, 1.5);

    for (auto [name, value] :
         std::vector<std::pair<const char*, const char*>>{{"listen_port", "70000"},
                                                          {"listen_port", "abc"},
                                                          {"enable_dht", "maybe"},
                                                          {"encryption", "sometimes"},
                                                          {"no_such_setting", "1"},
                                                          {"disk_io", "floppy"},
                                                          {"peer_receive_buffer", "1G"}}) {
        Settings before = s;
        auto r = set_setting(s, name, value);
        EXPECT_FALSE(r) << name << "=" << value;
        EXPECT_EQ(r.error().kind, ErrorKind::bad_input);
        EXPECT_NE(r.error().message.find(name), std::string::npos) << r.error().message;
        EXPECT_EQ(s, before) << "a rejected value must change nothing";
    }
}

TEST(Settings, JsonErrorsNameTheKeyAndUnknownKeysAreIgnored) {
    auto bad_type = settings_from_json(R"({"listen_port": "6881"})", "settings.json");
    ASSERT_FALSE(bad_type);
    EXPECT_NE(bad_type.error().message.find("listen_port"), std::string::npos);
    EXPECT_FALSE(settings_from_json("[1,2]", "settings.json"));
    EXPECT_FALSE(settings_from_json("{not json", "settings.json"));
    auto unknown =
        settings_from_json(R"({"from_the_future": 1, "listen_port": 7000})", "settings.json");
    ASSERT_TRUE(unknown);
    EXPECT_EQ(unknown->listen_port, 7000);
}

TEST(Settings, ProfileGetsAStableRandomPort) {
    Sandbox box;
    auto first = load_profile_settings(box.root());
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_GE(first->listen_port, 20000);
    EXPECT_TRUE(std::filesystem::exists(box.path("settings.json")));
    auto again = load_profile_settings(box.root());
    ASSERT_TRUE(again);
    EXPECT_EQ(again->listen_port, first->listen_port);

    Settings changed = *again;
    changed.enable_lsd = false;
    ASSERT_TRUE(save_profile_settings(box.root(), changed));
    EXPECT_EQ(*load_profile_settings(box.root()), changed);
}

TEST(Settings, CorruptProfileSettingsAreAnErrorNotASilentReset) {
    Sandbox box;
    ASSERT_TRUE(
        write_file_atomic(box.path("settings.json"), std::string_view("{\"listen_port\": true}")));
    auto r = load_profile_settings(box.root());
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("settings.json"), std::string::npos);
}

}  // namespace
}  // namespace shoal::engine
