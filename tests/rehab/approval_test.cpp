#include "rehab/approval.hpp"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "progression_fixtures.hpp"

namespace physio::rehab {
namespace {

using test::kPctTol;
using test::utc;

Program program_v1(AutoApplyBounds bounds = {}) {
  Program p;
  p.id = "p1";
  p.patient_id = "pat";
  Prescription rx;
  rx.exercise_id = "mini_squat";
  rx.dosage = Dosage{3, 10, 0, 60, Load{LoadKind::kKg, 10, "", 0, 0}, 1, 5};
  rx.target_rom_deg = 45;
  Prescription other;
  other.exercise_id = "bridge";
  p.prescriptions = {rx, other};
  p.auto_apply = bounds;
  p.history = {ChangeRecord{1, "dr", utc(2026, 3, 1), "created", "create", "", 0}};
  return p;
}

// A "progress +5 %" proposal for the program as it is now.
Proposal progress_proposal(const Program& p, TimeUs now) {
  ProgressionInput in = test::baseline_input();
  in.program_id = p.id;
  in.program_version = p.version;
  in.prescription = *p.find("mini_squat");
  in.now_us = now;
  in.sessions[1].reps_per_set = {in.prescription.dosage.reps, 10, in.prescription.dosage.reps + 2};
  in.sessions[2].reps_per_set = in.sessions[1].reps_per_set;
  Proposal out = compute_proposal(test::default_rules(), in);
  EXPECT_EQ(out.direction, Direction::kProgress) << out.summary;
  return out;
}

TEST(Approval, ApproveMakesTheNextVersionWithAnAuditRecord) {
  const Program v1 = program_v1();
  const Proposal prop = progress_proposal(v1, utc(2026, 3, 16));
  // Computing a proposal changes nothing the patient sees.
  EXPECT_EQ(v1, program_v1());
  auto r = apply_proposal(
      v1, prop, ClinicianDecision{DecisionKind::kApprove, std::nullopt, "dr", "", utc(2026, 3, 16, 10)});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->program.version, 2);
  EXPECT_DOUBLE_EQ(r->program.find("mini_squat")->dosage.load.kg, 10.5);
  EXPECT_EQ(r->program.find("bridge")->dosage, v1.find("bridge")->dosage);
  ASSERT_EQ(r->program.history.size(), 2u);
  EXPECT_EQ(r->program.history[1].by, "dr");
  EXPECT_EQ(r->program.history[1].kind, "progression");
  EXPECT_EQ(r->program.history[1].reason, prop.summary);  // no reason given: the proposal's
  EXPECT_NEAR(r->program.history[1].load_change_pct, 5.0, kPctTol);
  EXPECT_TRUE(validate_program(r->program));
  EXPECT_EQ(r->audit.action, "progression.approve");
  EXPECT_EQ(r->audit.actor_id, "dr");
  EXPECT_EQ(r->audit.from_version, 1);
  EXPECT_EQ(r->audit.to_version, 2);
  const auto detail = nlohmann::json::parse(r->audit.detail);
  EXPECT_EQ(detail["to"]["load"]["kg"], 10.5);
  EXPECT_EQ(detail["from"]["load"]["kg"], 10);
}

TEST(Approval, EditUsesTheCliniciansDosage) {
  const Program v1 = program_v1();
  const Proposal prop = progress_proposal(v1, utc(2026, 3, 16));
  Dosage mine = prop.current;
  mine.reps = 12;  // more repetitions instead of more load
  auto r = apply_proposal(
      v1, prop, ClinicianDecision{DecisionKind::kEdit, mine, "dr", "reps first", utc(2026, 3, 16, 10)});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->program.version, 2);
  EXPECT_EQ(r->program.find("mini_squat")->dosage, mine);
  EXPECT_EQ(r->program.history[1].reason, "reps first");
  EXPECT_NEAR(r->program.history[1].load_change_pct, 0.0, kPctTol);
  EXPECT_EQ(r->audit.action, "progression.edit");
  EXPECT_EQ(nlohmann::json::parse(r->audit.detail)["reason"], "reps first");

  auto no_dose = apply_proposal(v1, prop, ClinicianDecision{DecisionKind::kEdit, std::nullopt, "dr", "", 1});
  ASSERT_FALSE(no_dose);
  EXPECT_EQ(no_dose.error().to_string(), "decision.edited: an edit needs the dosage");
  mine.sets = 0;
  auto bad = apply_proposal(v1, prop, ClinicianDecision{DecisionKind::kEdit, mine, "dr", "", 1});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().to_string().rfind("decision.edited.sets", 0), 0u) << bad.error().to_string();
}

TEST(Approval, RejectKeepsTheVersionAndIsAudited) {
  const Program v1 = program_v1();
  const Proposal prop = progress_proposal(v1, utc(2026, 3, 16));
  auto r = apply_proposal(v1, prop,
                          ClinicianDecision{DecisionKind::kReject, std::nullopt, "dr", "knee swollen", 5});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->program, v1);
  EXPECT_EQ(r->audit.action, "progression.reject");
  EXPECT_EQ(r->audit.from_version, 1);
  EXPECT_EQ(r->audit.to_version, 1);
  EXPECT_EQ(nlohmann::json::parse(r->audit.detail)["reason"], "knee swollen");
}

TEST(Approval, StaleOrForeignProposalsAreRefused) {
  const Program v1 = program_v1();
  const Proposal prop = progress_proposal(v1, utc(2026, 3, 16));
  auto v2 = apply_proposal(v1, prop, ClinicianDecision{DecisionKind::kApprove, std::nullopt, "dr", "", 1});
  auto again =
      apply_proposal(v2->program, prop, ClinicianDecision{DecisionKind::kApprove, std::nullopt, "dr", "", 2});
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message().find("now version 2, proposal for version 1"), std::string::npos);
  Proposal foreign = prop;
  foreign.program_id = "other";
  EXPECT_FALSE(
      apply_proposal(v1, foreign, ClinicianDecision{DecisionKind::kApprove, std::nullopt, "dr", "", 2}));
  EXPECT_FALSE(apply_proposal(v1, prop, ClinicianDecision{DecisionKind::kApprove, std::nullopt, "", "", 2}));
}

TEST(Approval, AutomaticStepsOnlyWithinBounds) {
  // 10 % load change per week, at most 2 automatic steps before the physiotherapist looks again.
  Program p = program_v1(AutoApplyBounds{true, 10, 2});
  TimeUs now = utc(2026, 3, 16, 9);
  std::string why;

  // Step 1: +5 % -> applied by "auto".
  auto r = auto_apply(p, progress_proposal(p, now), now, &why);
  ASSERT_TRUE(r && *r) << why;
  EXPECT_EQ((*r)->audit.action, "progression.auto_apply");
  EXPECT_EQ((*r)->audit.actor_id, "auto");
  p = (*r)->program;
  EXPECT_EQ(p.version, 2);
  EXPECT_DOUBLE_EQ(p.find("mini_squat")->dosage.load.kg, 10.5);

  // Step 2, two days later: 10.5 -> 11 kg (+4.8 %), 9.8 % this week: just inside.
  now += 2 * kUsPerDay;
  r = auto_apply(p, progress_proposal(p, now), now, &why);
  ASSERT_TRUE(r && *r) << why;
  p = (*r)->program;
  EXPECT_EQ(p.version, 3);

  // Step 3 the next day would be 3 steps and > 10 % this week: waits, the program is unchanged.
  now += kUsPerDay;
  const Proposal third = progress_proposal(p, now);
  r = auto_apply(p, third, now, &why);
  ASSERT_TRUE(r);
  EXPECT_FALSE(*r);
  EXPECT_NE(why.find("exceed the program's 10 %"), std::string::npos) << why;

  // A week later the load budget is free again, but the step budget is spent.
  now += 8 * kUsPerDay;
  const Proposal fourth = progress_proposal(p, now);
  const AutoApplyCheck c = check_auto_apply(p, fourth, now);
  EXPECT_FALSE(c.allowed);
  EXPECT_EQ(c.steps_since_review, 3);
  EXPECT_NE(c.reason.find("automatic steps"), std::string::npos) << c.reason;

  // The physiotherapist approves it; the step count starts again.
  auto approved =
      apply_proposal(p, fourth, ClinicianDecision{DecisionKind::kApprove, std::nullopt, "dr", "", now});
  ASSERT_TRUE(approved);
  p = approved->program;
  now += 8 * kUsPerDay;
  const AutoApplyCheck after = check_auto_apply(p, progress_proposal(p, now), now);
  EXPECT_TRUE(after.allowed) << after.reason;
  EXPECT_EQ(after.steps_since_review, 1);
}

TEST(Approval, AutomaticStepsRefusedWhenOffUnknownSizeOrTooLarge) {
  const TimeUs now = utc(2026, 3, 16, 9);
  Program off = program_v1(AutoApplyBounds{false, 10, 2});
  EXPECT_FALSE(check_auto_apply(off, progress_proposal(off, now), now).allowed);

  Program tight = program_v1(AutoApplyBounds{true, 4.9, 5});  // +5 % is just outside
  EXPECT_FALSE(check_auto_apply(tight, progress_proposal(tight, now), now).allowed);
  tight.auto_apply.max_load_change_pct_per_week = 5.0;  // just inside
  EXPECT_TRUE(check_auto_apply(tight, progress_proposal(tight, now), now).allowed);

  Program band = program_v1(AutoApplyBounds{true, 50, 5});
  band.prescriptions[0].dosage.load = Load{LoadKind::kBand, 0, "red", 0, 0};
  ProgressionInput in = test::baseline_input();
  in.program_id = band.id;
  in.program_version = band.version;
  in.prescription = band.prescriptions[0];
  in.sessions.back().rir_last_set = 4;
  const Proposal prop = compute_proposal(test::default_rules(), in);
  ASSERT_EQ(prop.proposed.load.band, "green");
  const auto c = check_auto_apply(band, prop, now);
  EXPECT_FALSE(c.allowed);
  EXPECT_NE(c.reason.find("band colour"), std::string::npos);
}

}  // namespace
}  // namespace physio::rehab
