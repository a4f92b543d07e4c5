#include "hl7/datetime.hpp"

#include <gtest/gtest.h>

namespace physio::hl7 {
namespace {

constexpr TimeUs kMin = 60 * kUsPerSecond;
// 2024-03-11T14:15:22Z
constexpr TimeUs kSample = 1710166522LL * kUsPerSecond;

TEST(Dtm, ReadsEveryPrecision) {
  auto y = parse_dtm("2024");
  ASSERT_TRUE(y);
  EXPECT_EQ(y->digits, 4);
  auto d = parse_dtm("20240229");
  ASSERT_TRUE(d);
  EXPECT_EQ(iso_date(*d), "2024-02-29");
  auto full = parse_dtm("20240311091522.1234-0500");
  ASSERT_TRUE(full);
  EXPECT_EQ(full->microsecond, 123400);
  EXPECT_EQ(full->utc_offset_min, -300);
  EXPECT_EQ(to_utc_us(*full, fixed_offset(0)), kSample + 123400);
}

TEST(Dtm, LocalTimesUseTheOffsetFunction) {
  auto t = parse_dtm("202403110915");
  ASSERT_TRUE(t);
  EXPECT_FALSE(t->utc_offset_min.has_value());
  EXPECT_EQ(to_utc_us(*t, fixed_offset(-300)), kSample - 22 * kUsPerSecond);
  EXPECT_EQ(to_utc_us(*t, fixed_offset(60)), kSample - 22 * kUsPerSecond - 360 * kMin);
}

TEST(Dtm, RefusesWhatIsNotADate) {
  for (const char* bad :
       {"", "2023-13-45", "20231345", "20230230", "20230431", "2023011", "202301011", "20230101240000",
        "20230101126000", "20230101120060", "20230101120000.", "20230101120000.12345", "2023010112.5",
        "20230101+050", "20230101+2400", "abcd", "0000", "20230101 1200"}) {
    EXPECT_FALSE(parse_dtm(bad).has_value()) << bad;
  }
  EXPECT_TRUE(parse_dtm("19000101").has_value());
  EXPECT_FALSE(parse_dtm("19000229").has_value());
  EXPECT_TRUE(parse_dtm("20000229").has_value());
}

TEST(Dtm, FormatsUtc) {
  EXPECT_EQ(format_dtm_utc(kSample), "20240311141522+0000");
  EXPECT_EQ(format_dtm_utc(0), "19700101000000+0000");
  EXPECT_EQ(dtm_from_iso_date("1987-04-22"), "19870422");
  EXPECT_EQ(dtm_from_iso_date("1987-02-30"), "");
  EXPECT_EQ(dtm_from_iso_date(""), "");
}

}  // namespace
}  // namespace physio::hl7
