// What a new scoring does to a stored flag: a decision holds while the inputs are unchanged, changed inputs
// open the flag again, a flag no longer raised is resolved (risk/lifecycle.hpp).
#include <gtest/gtest.h>

#include "risk/flag.hpp"
#include "risk/lifecycle.hpp"

namespace physio::risk {
namespace {

Flag flag(const std::string& inputs) {
  Flag f;
  f.kind = std::string(kDropOut);
  f.patient_id = "p1";
  f.subject_type = "program";
  f.subject_id = "prog1";
  f.method = "rule";
  f.model = "no_exercise_14d";
  f.level = "moderate";
  f.need = 0.6;
  f.title = "No exercise logged for 15 days";
  f.inputs = inputs;
  return f;
}

clinic::RiskFlagRow decided(clinic::RiskFlagRow r, const std::string& status) {
  r.status = status;
  r.decided_by = "u1";
  r.decided_us = 5;
  r.decision_reason = "patient on holiday, back next week";
  return r;
}

TEST(FlagLifecycle, ANewFlagIsOpen) {
  const Flag f = flag("last_log=1");
  auto r = next_row(std::nullopt, &f, true, 100);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, "open");
  EXPECT_EQ(r->inputs_hash, inputs_hash("last_log=1"));
  EXPECT_TRUE(r->shown);
  EXPECT_EQ(r->computed_us, 100);
  EXPECT_NE(r->body.find("No exercise logged for 15 days"), std::string::npos);
}

TEST(FlagLifecycle, ADismissedFlagStaysDismissedUntilItsInputsChange) {
  const Flag f = flag("last_log=1");
  auto first = next_row(std::nullopt, &f, true, 100);
  auto dismissed = decided(*first, "dismissed");
  // The next nights: same inputs (the title may say one day more; the decision holds).
  Flag later = flag("last_log=1");
  later.title = "No exercise logged for 16 days";
  auto again = next_row(dismissed, &later, true, 200);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, "dismissed");
  EXPECT_EQ(again->decision_reason, "patient on holiday, back next week");
  EXPECT_EQ(again->decided_by, "u1");
  // The inputs change (a new log, then a new gap): open again, the decision cleared from the row.
  const Flag changed = flag("last_log=2");
  auto reopened = next_row(*again, &changed, true, 300);
  ASSERT_TRUE(reopened);
  EXPECT_EQ(reopened->status, "open");
  EXPECT_TRUE(reopened->decided_by.empty());
  EXPECT_EQ(reopened->decided_us, 0);
  EXPECT_TRUE(reopened->decision_reason.empty());
}

TEST(FlagLifecycle, AnAcceptedFlagStaysAcceptedWhileRaisedFromTheSameInputs) {
  const Flag f = flag("x");
  auto accepted = decided(*next_row(std::nullopt, &f, true, 1), "accepted");
  EXPECT_EQ(next_row(accepted, &f, true, 2)->status, "accepted");
}

TEST(FlagLifecycle, AFlagNoLongerRaisedIsResolvedAndOpensAgainWhenRaisedLater) {
  const Flag f = flag("x");
  auto dismissed = decided(*next_row(std::nullopt, &f, true, 1), "dismissed");
  auto resolved = next_row(dismissed, nullptr, true, 2);
  ASSERT_TRUE(resolved);
  EXPECT_EQ(resolved->status, "resolved");
  EXPECT_FALSE(next_row(*resolved, nullptr, true, 3));  // nothing to change
  EXPECT_FALSE(next_row(std::nullopt, nullptr, true, 3));
  // Raised again from the very same inputs after it was resolved: a new episode, open.
  auto back = next_row(*resolved, &f, true, 4);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->status, "open");
}

TEST(FlagLifecycle, ASilentModelsFlagIsStoredHidden) {
  const Flag f = flag("x");
  auto r = next_row(std::nullopt, &f, false, 1);
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->shown);
  EXPECT_TRUE(next_row(*r, &f, true, 2)->shown);  // once the model is active
}

TEST(FlagLifecycle, InputsHashIsStableAndSensitive) {
  EXPECT_EQ(inputs_hash("a=1;b=2"), inputs_hash("a=1;b=2"));
  EXPECT_NE(inputs_hash("a=1;b=2"), inputs_hash("a=1;b=3"));
  EXPECT_EQ(inputs_hash("").size(), 16u);
}

TEST(PatientAge, WholeYearsOnTheDay) {
  const TimeUs day = days_from_iso_date("2026-03-14").value() * kDayUs;
  EXPECT_EQ(age_on("1958-03-14", day), 68);
  EXPECT_EQ(age_on("1958-03-15", day), 67);
  EXPECT_EQ(age_on("", day), -1);
  EXPECT_EQ(age_on("1958-02-30", day), -1);
}

}  // namespace
}  // namespace physio::risk
