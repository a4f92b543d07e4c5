#include "rehab/caseload_ack.hpp"

#include <gtest/gtest.h>

namespace physio::rehab {
namespace {

constexpr TimeUs kT0 = 1'800'000'000'000'000;

NeedAssessment need() {
  return {.score = 160,
          .reasons = {{"pain_high", 100, "Pain during exercise 7/10 on 3 Nov"},
                      {"missed_sessions", 60, "2 of 14 sessions done in the last 7 days (14 %)"}}};
}

CaseloadAck ack(std::string kind, std::string text, std::string action, TimeUs at, TimeUs snooze_until = 0) {
  CaseloadAck a{.kind = std::move(kind), .reason_text = std::move(text), .action = std::move(action),
                .note = "called the patient", .by = "u1", .at_us = at};
  a.until_us = ack_until(a.action, at, snooze_until);
  return a;
}

TEST(CaseloadAck, AnAcknowledgementHoldsWhileTheNumbersAreTheSameAndAtMostAWeek) {
  const auto a = ack("missed_sessions", "2 of 14 sessions done in the last 7 days (14 %)", "acknowledged", kT0);
  auto r = apply_acks(need(), {a}, kT0 + kUsPerDay);
  EXPECT_EQ(r.open.score, 100);
  ASSERT_EQ(r.open.reasons.size(), 1u);
  EXPECT_EQ(r.open.reasons[0].kind, "pain_high");
  ASSERT_EQ(r.held.size(), 1u);
  EXPECT_EQ(r.held[0].reason.kind, "missed_sessions");
  EXPECT_EQ(r.held[0].ack.note, "called the patient");
  // A week later it is open again.
  EXPECT_EQ(apply_acks(need(), {a}, kT0 + 7 * kUsPerDay).open.score, 160);
  // New numbers open it at once.
  auto changed = need();
  changed.reasons[1].text = "1 of 14 sessions done in the last 7 days (7 %)";
  EXPECT_EQ(apply_acks(changed, {a}, kT0 + kUsPerDay).open.score, 160);
}

TEST(CaseloadAck, ASnoozeHoldsUntilItsDateWhateverTheNumbersButNotForPain) {
  const auto s = ack("missed_sessions", "old text", "snoozed", kT0, kT0 + 10 * kUsPerDay);
  EXPECT_EQ(apply_acks(need(), {s}, kT0 + 9 * kUsPerDay).open.score, 100);
  EXPECT_EQ(apply_acks(need(), {s}, kT0 + 10 * kUsPerDay).open.score, 160);
  // Pain is never silenced blindly: a snoozed pain alert comes back when its numbers change.
  const auto p = ack("pain_high", "Pain during exercise 7/10 on 3 Nov", "snoozed", kT0, kT0 + 10 * kUsPerDay);
  EXPECT_EQ(apply_acks(need(), {p}, kT0 + kUsPerDay).open.score, 60);
  auto worse = need();
  worse.reasons[0].text = "Pain during exercise 9/10 on 4 Nov";
  EXPECT_EQ(apply_acks(worse, {p}, kT0 + kUsPerDay).open.score, 160);
}

TEST(CaseloadAck, SnoozesAreCappedAndTheLatestDecisionCounts) {
  EXPECT_EQ(ack_until("snoozed", kT0, kT0 + 90 * kUsPerDay), kT0 + 30 * kUsPerDay);
  EXPECT_EQ(ack_until("acknowledged", kT0, 0), kT0 + 7 * kUsPerDay);
  const auto old_snooze = ack("missed_sessions", "x", "snoozed", kT0, kT0 + 20 * kUsPerDay);
  // Acknowledged later with other numbers: the later decision is the one that counts, and it does not hold.
  const auto later = ack("missed_sessions", "y", "acknowledged", kT0 + kUsPerDay);
  EXPECT_EQ(apply_acks(need(), {old_snooze, later}, kT0 + 2 * kUsPerDay).open.score, 160);
  // An acknowledgement dated in the future (a clock set wrong) holds nothing.
  const auto future = ack("missed_sessions", "2 of 14 sessions done in the last 7 days (14 %)", "acknowledged",
                          kT0 + 5 * kUsPerDay);
  EXPECT_EQ(apply_acks(need(), {future}, kT0).open.score, 160);
}

}  // namespace
}  // namespace physio::rehab
