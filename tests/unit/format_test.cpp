#include <shoal/common/format.h>
#include <shoal/common/hex.h>

#include <gtest/gtest.h>

namespace shoal {
namespace {

TEST(Format, Bytes) {
    EXPECT_EQ(format_bytes(0), "0 B");
    EXPECT_EQ(format_bytes(1023), "1023 B");
    EXPECT_EQ(format_bytes(1536), "1.50 KiB");
    EXPECT_EQ(format_bytes(10 * 1024 * 1024), "10.0 MiB");
    EXPECT_EQ(format_rate(2048), "2.00 KiB/s");
}

TEST(Format, Duration) {
    EXPECT_EQ(format_duration(65), "1:05");
    EXPECT_EQ(format_duration(3725), "1:02:05");
    EXPECT_EQ(format_duration(std::nullopt), "--:--");
}

TEST(Format, ParseSize) {
    EXPECT_EQ(parse_size("100"), 100);
    EXPECT_EQ(parse_size("512k"), 512 * 1024);
    EXPECT_EQ(parse_size("1.5M"), 1536 * 1024);
    EXPECT_EQ(parse_size("2GiB"), 2LL << 30);
    EXPECT_EQ(parse_size("10M/s"), 10 << 20);
    EXPECT_FALSE(parse_size("ten"));
    EXPECT_FALSE(parse_size("-1"));
    EXPECT_FALSE(parse_size("5X"));
    EXPECT_FALSE(parse_size(""));
}

TEST(Hex, RoundTrip) {
    const std::vector<std::uint8_t> bytes{0x00, 0xab, 0xff};
    EXPECT_EQ(to_hex(bytes), "00abff");
    EXPECT_EQ(from_hex("00ABff"), bytes);
    EXPECT_FALSE(from_hex("abc"));
    EXPECT_FALSE(from_hex("zz"));
}

}  // namespace
}  // namespace shoal
