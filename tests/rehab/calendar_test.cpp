#include "rehab/calendar.hpp"

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>

#include "fake_tz.hpp"
#include "rehab/tz_system.hpp"

namespace physio::rehab {
namespace {

using test::utc;

TEST(Calendar, DatesRoundTripAndRejectImpossibleDays) {
  auto d = parse_date("2026-03-29");
  ASSERT_TRUE(d);
  EXPECT_EQ(format_date(*d), "2026-03-29");
  EXPECT_FALSE(parse_date("2026-02-29"));
  EXPECT_FALSE(parse_date("2026-13-01"));
  EXPECT_FALSE(parse_date("2026-3-1"));
  EXPECT_TRUE(parse_date("2028-02-29"));
}

TEST(Calendar, IsoWeeksAtYearEnds) {
  struct Row {
    const char* date;
    IsoWeek week;
    int weekday;
  };
  const Row rows[] = {
      {"2026-01-01", {2026, 1}, 3}, {"2025-12-29", {2026, 1}, 0}, {"2027-01-01", {2026, 53}, 4},
      {"2027-01-04", {2027, 1}, 0}, {"2024-12-30", {2025, 1}, 0}, {"2026-03-29", {2026, 13}, 6},
      {"1969-12-31", {1970, 1}, 2},
  };
  for (const auto& r : rows) {
    const LocalDay d = *parse_date(r.date);
    EXPECT_EQ(iso_week(d), r.week) << r.date;
    EXPECT_EQ(iso_weekday(d), r.weekday) << r.date;
  }
}

TEST(Calendar, LocalTimeToUtcAcrossDaylightSavingChanges) {
  test::FakeTz tz;
  const auto lis = test::offset_of(tz, "Europe/Lisbon");
  const auto ny = test::offset_of(tz, "America/New_York");
  struct Row {
    const char* what;
    const UtcOffsetFn* offset;
    const char* date;
    int minute;
    TimeUs expected;
  };
  const Row rows[] = {
      {"Lisbon winter 08:00", &lis, "2026-03-28", 8 * 60, utc(2026, 3, 28, 8)},
      {"Lisbon summer 08:00", &lis, "2026-03-29", 8 * 60, utc(2026, 3, 29, 7)},
      {"Lisbon 01:30 skipped -> 02:30 WEST", &lis, "2026-03-29", 90, utc(2026, 3, 29, 1, 30)},
      {"Lisbon 01:30 twice -> first (WEST)", &lis, "2026-10-25", 90, utc(2026, 10, 25, 0, 30)},
      {"New York 02:30 skipped -> 03:30 EDT", &ny, "2026-03-08", 150, utc(2026, 3, 8, 7, 30)},
      {"New York 01:30 twice -> first (EDT)", &ny, "2026-11-01", 90, utc(2026, 11, 1, 5, 30)},
      {"New York 08:00 after fall back", &ny, "2026-11-01", 8 * 60, utc(2026, 11, 1, 13)},
  };
  for (const auto& r : rows) {
    EXPECT_EQ(local_time_to_utc(*parse_date(r.date), r.minute, *r.offset), r.expected) << r.what;
  }
}

TEST(Calendar, SystemTzDatabaseAgreesWithTheRules) {
  if (!std::filesystem::exists("/usr/share/zoneinfo/Europe/Lisbon"))
    GTEST_SKIP() << "no system tzdata; skipping";
  SystemTzProvider sys;
  test::FakeTz fake;
  for (const char* zone : {"Europe/Lisbon", "America/New_York"}) {
    for (TimeUs t = utc(2026, 1, 1); t < utc(2027, 1, 1);
         t += 3 * 3600 * kUsPerSecond + 17 * 60 * kUsPerSecond) {
      auto s = sys.utc_offset_s(zone, t);
      ASSERT_TRUE(s) << s.error().to_string();
      ASSERT_EQ(*s, fake.utc_offset_s(zone, t).value()) << zone << " at " << t;
    }
  }
  EXPECT_EQ(sys.utc_offset_s("Mars/Olympus_Mons", 0).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(sys.utc_offset_s("../etc/passwd", 0).error().code(), ErrorCode::kInvalidArgument);
}

// The clinic server asks for offsets on its request threads while other threads read the environment
// (TZDIR here; libpq's PG* variables, logging). Asking must never change the environment's layout: a
// server running the caseload page crashed in getenv while another request's offset added and removed TZ.
TEST(Calendar, SystemTzAskedWhileAnotherThreadReadsTheEnvironment) {
  if (!std::filesystem::exists("/usr/share/zoneinfo/Europe/Lisbon"))
    GTEST_SKIP() << "no system tzdata; skipping";
  const SystemTzProvider sys;
  std::atomic<bool> stop{false};
  std::atomic<long> reads{0};
  std::thread reader([&] {
    while (!stop.load()) {
      for (const char* name : {"PATH", "HOME", "TZDIR", "PGHOST", "TZ"})
        if (std::getenv(name) != nullptr) ++reads;
    }
  });
  for (int i = 0; i < 20000; ++i) {
    auto s = sys.utc_offset_s(i % 2 ? "Europe/Lisbon" : "America/New_York", utc(2026, 7, 1));
    ASSERT_TRUE(s) << s.error().to_string();
    ASSERT_EQ(*s, i % 2 ? 3600 : -4 * 3600);
  }
  stop = true;
  reader.join();
  EXPECT_GT(reads.load(), 0);
}

}  // namespace
}  // namespace physio::rehab
