#include "billing/rtm_management.hpp"

#include <algorithm>

#include <gtest/gtest.h>

#include "rtm_fixture.hpp"

namespace physio::billing {
namespace {

using std::chrono::February;
using std::chrono::January;
using std::chrono::March;
using test::eastern;
using test::has_flag;
using test::kLater;
using test::patient_with_setup;

constexpr std::chrono::year_month kFeb{std::chrono::year{2026}, February};

std::string codes(const ManagementMonthResult& r) {
  std::string s;
  for (const auto& c : r.codes) s += (s.empty() ? "" : " ") + c.code + "x" + std::to_string(c.units);
  return s;
}

// A patient with `minutes` of management time in February 2026, split into a 5-minute interactive call
// (when `interactive`) and data review for the rest.
RtmPatient with_minutes(int minutes, bool interactive = true) {
  auto p = patient_with_setup();
  int left = minutes;
  if (interactive && left > 0) {
    const int call = std::min(left, 5);
    p.staff_time.push_back({"pt-anna", eastern(2026, 2, 3, 10), call, "phone call", true});
    left -= call;
  }
  int day = 4;
  while (left > 0) {
    const int chunk = std::min(left, 7);
    p.staff_time.push_back(
        {"pt-ben", eastern(2026, 2, static_cast<unsigned>(day), 15), chunk, "data review", false});
    left -= chunk;
    ++day;
  }
  return p;
}

struct MinutesRow {
  int minutes;
  const char* codes;
};

class ManagementCodes : public ::testing::TestWithParam<MinutesRow> {};

TEST_P(ManagementCodes, ByMinutes) {
  const auto r = compute_management_month(with_minutes(GetParam().minutes), kFeb, kLater);
  EXPECT_EQ(r.minutes, GetParam().minutes);
  EXPECT_EQ(codes(r), GetParam().codes) << GetParam().minutes << " min";
}

INSTANTIATE_TEST_SUITE_P(Thresholds, ManagementCodes,
                         ::testing::Values(MinutesRow{9, ""}, MinutesRow{10, "98979x1"},
                                           MinutesRow{19, "98979x1"}, MinutesRow{20, "98980x1"},
                                           MinutesRow{39, "98980x1"}, MinutesRow{40, "98980x1 98981x1"},
                                           MinutesRow{59, "98980x1 98981x1"},
                                           MinutesRow{60, "98980x1 98981x2"},
                                           MinutesRow{85, "98980x1 98981x3"}));

TEST(RtmManagement, Never98979With98980Or98981) {
  for (int m = 0; m <= 120; ++m) {
    const auto r = compute_management_month(with_minutes(m), kFeb, kLater);
    const bool low =
        std::any_of(r.codes.begin(), r.codes.end(), [](const auto& c) { return c.code == "98979"; });
    const bool high = std::any_of(r.codes.begin(), r.codes.end(),
                                  [](const auto& c) { return c.code == "98980" || c.code == "98981"; });
    EXPECT_FALSE(low && high) << m << " min";
  }
}

TEST(RtmManagement, NoInteractiveCommunicationNoCodeWithTheReason) {
  const auto r = compute_management_month(with_minutes(45, /*interactive=*/false), kFeb, kLater);
  EXPECT_EQ(r.minutes, 45);
  EXPECT_TRUE(r.codes.empty());
  ASSERT_TRUE(has_flag(r.flags, "no-interactive-communication"));
  const auto it = std::find_if(r.flags.begin(), r.flags.end(),
                               [](const RtmFlag& f) { return f.id == "no-interactive-communication"; });
  EXPECT_NE(it->message.find("need at least one"), std::string::npos) << it->message;
}

TEST(RtmManagement, CountsInteractiveCommunicationsWithTheirDays) {
  auto p = with_minutes(30);
  p.staff_time.push_back({"pt-anna", eastern(2026, 2, 20, 9), 4, "video call", true});
  const auto r = compute_management_month(p, kFeb, kLater);
  EXPECT_EQ(r.interactive_count, 2);
  ASSERT_EQ(r.interactive_days.size(), 2u);
  EXPECT_EQ(format_day(r.interactive_days[1]), "2026-02-20");
  EXPECT_EQ(codes(r), "98980x1");
}

TEST(RtmManagement, TheCalendarMonthIsLocal) {
  auto p = patient_with_setup();
  // 23:30 Eastern on 31 January is 04:30 UTC on 1 February: January's minutes.
  p.staff_time.push_back({"pt-anna", eastern(2026, 1, 31, 23, 30), 12, "call", true});
  const auto jan = compute_management_month(p, {std::chrono::year{2026}, January}, kLater);
  const auto feb = compute_management_month(p, kFeb, kLater);
  EXPECT_EQ(jan.minutes, 12);
  EXPECT_EQ(codes(jan), "98979x1");
  EXPECT_EQ(feb.minutes, 0);
}

TEST(RtmManagement, MissingConsentMeansNoCode) {
  auto p = with_minutes(30);
  p.consents.clear();
  const auto r = compute_management_month(p, kFeb, kLater);
  EXPECT_TRUE(r.codes.empty());
  EXPECT_TRUE(has_flag(r.flags, "no-consent"));
  EXPECT_EQ(r.minutes, 0);
}

TEST(RtmManagement, TimeAfterWithdrawalIsNotCounted) {
  auto p = with_minutes(30);
  p.consents.push_back({false, eastern(2026, 2, 5, 0)});
  const auto r = compute_management_month(p, kFeb, kLater);
  // 5 min call on the 3rd + 7 min review on the 4th before the withdrawal; the rest after it.
  EXPECT_EQ(r.minutes, 12);
  EXPECT_EQ(codes(r), "98979x1");
  EXPECT_TRUE(has_flag(r.flags, "consent-withdrawn"));
  EXPECT_TRUE(has_flag(r.flags, "time-before-consent"));
}

TEST(RtmManagement, ProvisionalWhileTheMonthRuns) {
  const auto r = compute_management_month(with_minutes(25), kFeb, make_day(2026, 2, 28));
  EXPECT_TRUE(r.provisional);
  EXPECT_TRUE(has_flag(r.flags, "provisional"));
  const auto done = compute_management_month(with_minutes(25), kFeb, make_day(2026, 3, 1));
  EXPECT_FALSE(done.provisional);
}

TEST(RtmManagement, LockedMonthNeverChanges) {
  auto p = with_minutes(25);
  const auto running = compute_management_month(p, kFeb, make_day(2026, 2, 20));
  EXPECT_FALSE(lock_month(running, make_day(2026, 2, 28)));

  const auto ended = compute_management_month(p, kFeb, make_day(2026, 3, 2));
  auto lock = lock_month(ended, make_day(2026, 3, 2));
  ASSERT_TRUE(lock) << lock.error().to_string();
  EXPECT_TRUE(lock->frozen.locked);
  EXPECT_FALSE(has_flag(lock->frozen.flags, "provisional"));
  EXPECT_FALSE(changes_since_lock(p, *lock, make_day(2026, 3, 2)).has_value());

  // Late entries for February arrive after the lock.
  p.staff_time.push_back({"pt-anna", eastern(2026, 2, 27, 11), 30, "late entry", true});
  const auto again = compute_management_month(p, kFeb, make_day(2026, 4, 1), *lock);
  EXPECT_EQ(again.minutes, 25);
  EXPECT_EQ(codes(again), "98980x1");
  EXPECT_TRUE(again.locked);
  const auto note = changes_since_lock(p, *lock, make_day(2026, 4, 1));
  ASSERT_TRUE(note.has_value());
  EXPECT_NE(note->find("55 min"), std::string::npos) << *note;

  // The lock of February leaves March alone.
  const auto march =
      compute_management_month(p, {std::chrono::year{2026}, March}, make_day(2026, 4, 1), *lock);
  EXPECT_FALSE(march.locked);
}

}  // namespace
}  // namespace physio::billing
