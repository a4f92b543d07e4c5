#include "rehab/reminders.hpp"

#include <map>

#include <gtest/gtest.h>

#include "fake_tz.hpp"

namespace physio::rehab {
namespace {

using test::utc;

// Polls a fake clock every `step_min` minutes (with a little jitter) from `from` to `to`, sending
// whenever a reminder is due and storing only the last-sent time, as the server would. Every poll
// is a fresh decision from that stored time: a restart between any two polls changes nothing.
std::map<std::string, std::vector<TimeUs>> simulate(const ReminderSettings& s, TimeUs from, TimeUs to,
                                                    int step_min, TimeUs down_from = 0, TimeUs down_to = 0) {
  test::FakeTz tz;
  const auto off = test::offset_of(tz, s.time_zone);
  std::map<std::string, std::vector<TimeUs>> sent;  // local date -> send times
  TimeUs last_sent = 0;                             // the stored value
  int i = 0;
  for (TimeUs now = from; now < to; now += (step_min * 60 + (i++ % 7) * 13) * kUsPerSecond) {
    if (now >= down_from && now < down_to) continue;  // server down
    auto d = decide_reminder(s, last_sent, now, tz);
    EXPECT_TRUE(d) << d.error().to_string();
    if (!d) break;
    EXPECT_GT(d->next_us, now);
    if (d->due_now) {
      // A second server that read the same stored value a moment before would decide the same;
      // after the store is updated, nobody sends again.
      last_sent = now;
      sent[format_date(local_day(now, off))].push_back(now);
      auto again = decide_reminder(s, last_sent, now + kUsPerSecond, tz);
      EXPECT_FALSE(again->due_now);
    }
  }
  return sent;
}

struct DstCase {
  const char* name;
  const char* zone;
  const char* time;
  TimeUs from, to;
};

void PrintTo(const DstCase& c, std::ostream* os) {
  *os << c.name;
}

class RemindersAcrossDst : public ::testing::TestWithParam<DstCase> {};

TEST_P(RemindersAcrossDst, ExactlyOnePerLocalDayAtTheChosenWallTime) {
  const DstCase& c = GetParam();
  ReminderSettings s;
  s.time_zone = c.zone;
  s.local_minute_of_day = parse_local_time(c.time).value();
  const auto sent = simulate(s, c.from, c.to, 10);
  test::FakeTz tz;
  const auto off = test::offset_of(tz, c.zone);
  const LocalDay first = local_day(c.from, off) + 1, last = local_day(c.to, off) - 1;
  for (LocalDay d = first; d <= last; ++d) {
    auto it = sent.find(format_date(d));
    ASSERT_NE(it, sent.end()) << c.name << ": no reminder on " << format_date(d);
    ASSERT_EQ(it->second.size(), 1u) << c.name << ": " << it->second.size() << " reminders on "
                                     << format_date(d);
    // Sent within one poll of the occurrence, at the chosen wall time (or just after a skipped hour).
    const TimeUs occ = local_time_to_utc(d, s.local_minute_of_day, off);
    EXPECT_GE(it->second[0], occ);
    EXPECT_LT(it->second[0] - occ, 12 * 60 * kUsPerSecond) << c.name << " on " << format_date(d);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Eu2026AndUs2026, RemindersAcrossDst,
    ::testing::Values(
        DstCase{"Lisbon_spring_0800", "Europe/Lisbon", "08:00", utc(2026, 3, 25), utc(2026, 4, 2)},
        DstCase{"Lisbon_spring_0130_skipped", "Europe/Lisbon", "01:30", utc(2026, 3, 25), utc(2026, 4, 2)},
        DstCase{"Lisbon_fall_0130_twice", "Europe/Lisbon", "01:30", utc(2026, 10, 21), utc(2026, 10, 29)},
        DstCase{"Lisbon_fall_0800", "Europe/Lisbon", "08:00", utc(2026, 10, 21), utc(2026, 10, 29)},
        DstCase{"NewYork_spring_0230_skipped", "America/New_York", "02:30", utc(2026, 3, 4),
                utc(2026, 3, 12)},
        DstCase{"NewYork_spring_0800", "America/New_York", "08:00", utc(2026, 3, 4), utc(2026, 3, 12)},
        DstCase{"NewYork_fall_0130_twice", "America/New_York", "01:30", utc(2026, 10, 28), utc(2026, 11, 5)},
        DstCase{"NewYork_fall_2330", "America/New_York", "23:30", utc(2026, 10, 28), utc(2026, 11, 5)}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(Reminders, FallBackRepeatedHourSendsOnce) {
  test::FakeTz tz;
  ReminderSettings s{true, 90, "America/New_York", 6 * 3600};
  // First 01:30 EDT = 05:30 UTC; second 01:30 EST = 06:30 UTC.
  auto first = decide_reminder(s, utc(2026, 10, 31, 5, 30), utc(2026, 11, 1, 5, 30), tz);
  ASSERT_TRUE(first->due_now);
  auto second = decide_reminder(s, utc(2026, 11, 1, 5, 30), utc(2026, 11, 1, 6, 30), tz);
  EXPECT_FALSE(second->due_now);
  EXPECT_EQ(second->reason, "already reminded today");
  EXPECT_EQ(second->next_us, utc(2026, 11, 2, 6, 30));  // 01:30 EST
}

TEST(Reminders, RestartAfterAnOutageCatchesUpOnceThenSkipsPastTheWindow) {
  ReminderSettings s{true, 8 * 60, "Europe/Lisbon", 6 * 3600};
  // Down 07:30-09:40 local on 2026-03-30 (WEST): one late reminder at 09:40, none twice.
  auto sent =
      simulate(s, utc(2026, 3, 28), utc(2026, 4, 1), 5, utc(2026, 3, 30, 6, 30), utc(2026, 3, 30, 8, 40));
  ASSERT_EQ(sent["2026-03-30"].size(), 1u);
  EXPECT_GE(sent["2026-03-30"][0], utc(2026, 3, 30, 8, 40));
  // Down all morning until 15:00 local (past the 6 h window): that day is skipped, the next is normal.
  sent = simulate(s, utc(2026, 3, 28), utc(2026, 4, 1), 5, utc(2026, 3, 30, 6, 0), utc(2026, 3, 30, 14, 0));
  EXPECT_EQ(sent.count("2026-03-30"), 0u);
  EXPECT_EQ(sent["2026-03-31"].size(), 1u);
}

TEST(Reminders, DecisionDependsOnlyOnStoredLastSent) {
  test::FakeTz tz;
  ReminderSettings s{true, 8 * 60, "America/New_York", 6 * 3600};
  const TimeUs now = utc(2026, 3, 9, 12, 5);  // 08:05 EDT
  auto a = decide_reminder(s, utc(2026, 3, 8, 12, 0), now, tz);
  auto b = decide_reminder(s, utc(2026, 3, 8, 12, 0), now, tz);
  ASSERT_TRUE(a->due_now);
  EXPECT_EQ(a->next_us, b->next_us);
  EXPECT_EQ(a->occurrence_us, utc(2026, 3, 9, 12, 0));
  EXPECT_FALSE(decide_reminder(s, utc(2026, 3, 9, 12, 1), now, tz)->due_now);
  EXPECT_TRUE(decide_reminder(s, 0, now, tz)->due_now);  // never sent
}

TEST(Reminders, SettingsErrors) {
  test::FakeTz tz;
  EXPECT_FALSE(parse_local_time("24:00"));
  EXPECT_FALSE(parse_local_time("8:00"));
  EXPECT_EQ(parse_local_time("23:59").value(), 23 * 60 + 59);
  auto r = decide_reminder(ReminderSettings{true, 480, "Atlantis/Capital", 3600}, 0, utc(2026, 1, 1), tz);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kNotFound);
  auto off = decide_reminder(ReminderSettings{false, 480, "UTC", 3600}, 0, utc(2026, 1, 1, 9), tz);
  EXPECT_FALSE(off->due_now);
  EXPECT_EQ(off->reason, "reminders are off");
}

}  // namespace
}  // namespace physio::rehab
