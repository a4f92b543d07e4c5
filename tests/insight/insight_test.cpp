// The predictions job on a real store (SQLite and PostgreSQL): an empty clinic is not assessed, a clinic with
// a history trains its own model into a silent period and then shows its flags, a dismissed flag stays
// dismissed until its inputs change, a version can be rolled back, and every pass is in the audit trail.
#include <gtest/gtest.h>

#include "insight/insight.hpp"
#include "insight/recovery.hpp"
#include "measures/change.hpp"
#include "measures/library.hpp"
#include "measures/score.hpp"
#include "risk/flag.hpp"
#include "risk/synthetic.hpp"
#include "store/store_fixture.hpp"

namespace physio::store::testing {
namespace {

using risk::kDayUs;
using risk::kHourUs;

class InsightTest : public StoreTest {
 protected:
  insight::RefreshOptions options() {
    insight::RefreshOptions o;
    o.bootstrap = 50;
    o.silent_days = 14;
    o.retrain_days = 7;
    o.synthetic_data = true;
    return o;
  }

  /// 160 patients with two years of synthetic appointments, up to 40 days ahead.
  void seed_history() {
    std::vector<std::string> ids;
    STORE_OK(store_->write([&](Tx& tx) -> Status {
      for (int i = 0; i < 160; ++i)
        ids.push_back(PHYSIO_TRY(tx.create_patient({.clinic_id = clinic_a_.id,
                                                    .given_name = "P" + std::to_string(i),
                                                    .family_name = "History",
                                                    .birth_date = "1960-01-01"}))
                          .id);
      return ok();
    }));
    risk::SyntheticHistoryOptions o;
    o.seed = 11;
    o.from_us = now_ - 730 * kDayUs;
    o.to_us = now_ + 40 * kDayUs;
    o.now_us = now_;
    const auto appointments = risk::synthetic_appointments(clinic_a_.id, ids, physio_a_.id, o);
    STORE_OK(store_->write([&](Tx& tx) -> Status {
      for (const auto& a : appointments) PHYSIO_TRY(tx.import_appointment(a));
      return ok();
    }));
  }

  /// Home programs for each patient from the synthetic generator, with their exercise logs.
  void seed_programs() {
    std::vector<std::pair<std::string, TimeUs>> starts;
    int i = 0;
    PatientQuery all;
    all.limit = 500;
    for (const auto& p :
         STORE_OK(store_->read([&](Tx& tx) { return tx.list_patients(clinic_a_.id, all); })).items) {
      // A program, and for most a second one 26 weeks after it (a new episode).
      const TimeUs first = now_ - (20 + (i++ * 530) % 700) * kDayUs + 9 * kHourUs;
      starts.emplace_back(p.id, first);
      if (first + 182 * kDayUs < now_ - 14 * kDayUs) starts.emplace_back(p.id, first + 182 * kDayUs);
    }
    const auto histories = risk::synthetic_programs(starts, now_, 5);
    STORE_OK(store_->write([&](Tx& tx) -> Status {
      for (const auto& h : histories) {
        auto made =
            PHYSIO_TRY(tx.create_program({.clinic_id = clinic_a_.id,
                                          .patient_id = h.patient_id,
                                          .title = "Home program",
                                          .status = "active",
                                          .program_json = "{}",
                                          .created_by = physio_a_.id},
                                         {.by = physio_a_.id, .at_us = h.started_us, .kind = "create"}));
        PHYSIO_TRY(tx.connection().query("UPDATE programs SET created_us = ?, updated_us = ? WHERE id = ?",
                                         {h.started_us, h.started_us, made.id}));
        if (h.ended_us)
          PHYSIO_TRY(tx.connection().query(
              "UPDATE programs SET status = 'ended', updated_us = ? WHERE id = ?", {*h.ended_us, made.id}));
        for (TimeUs at : h.logs)
          PHYSIO_TRY(tx.insert_exercise_log({.clinic_id = clinic_a_.id,
                                             .patient_id = h.patient_id,
                                             .program_id = made.id,
                                             .program_version = 1,
                                             .exercise_id = "mini_squat",
                                             .done_us = at,
                                             .reps_per_set = "[10]",
                                             .logged_by = physio_a_.id}));
      }
      return ok();
    }));
  }

  std::vector<clinic::RiskFlagRow> flags_of_kind(const std::string& kind) { return flags(true, kind); }

  std::vector<clinic::RiskFlagRow> flags(bool shown_only, std::optional<std::string> kind = std::nullopt) {
    RiskFlagQuery q;
    q.shown_only = shown_only;
    q.kind = kind;
    return STORE_OK(store_->read([&](Tx& tx) { return tx.list_risk_flags(clinic_a_.id, q); }));
  }
};

TEST_P(InsightTest, AnEmptyClinicIsNotAssessedAndGetsNoNumber) {
  auto s = STORE_OK(insight::refresh_clinic(*store_, clinic_a_.id, now_, options()));
  EXPECT_EQ(s.noshow.rfind("not assessed: needs ", 0), 0u) << s.noshow;
  EXPECT_EQ(s.appointments_scored, 0);
  EXPECT_EQ(s.flags_open, 0);
  EXPECT_TRUE(flags(false).empty());
  EXPECT_TRUE(
      STORE_OK(store_->read([&](Tx& tx) { return tx.list_risk_models(clinic_a_.id, "noshow"); })).empty());
  auto trained = insight::train_noshow(*store_, clinic_a_.id, now_, options());
  ASSERT_FALSE(trained);
  EXPECT_EQ(trained.error().code(), ErrorCode::kMissingData);
  // The pass is in the audit trail.
  auto audit = STORE_OK(store_->read([&](Tx& tx) { return tx.list_audit(clinic_a_.id, {}); }));
  ASSERT_FALSE(audit.items.empty());
  EXPECT_EQ(audit.items.front().action, "risk.refresh");
}

TEST_P(InsightTest, ANewModelIsSilentFirstThenItsFlagsAreShownAndItCanBeRolledBack) {
  seed_history();
  auto s = STORE_OK(insight::refresh_clinic(*store_, clinic_a_.id, now_, options()));
  EXPECT_NE(s.noshow.find("version 1 silent until"), std::string::npos) << s.noshow;
  EXPECT_GT(s.appointments_scored, 20);
  const auto hidden = flags(false, "noshow");
  ASSERT_FALSE(hidden.empty());
  EXPECT_TRUE(flags(true, "noshow").empty()) << "a silent model's flags are not shown";
  for (const auto& f : hidden) {
    EXPECT_FALSE(f.shown);
    ASSERT_TRUE(f.probability);
    EXPECT_GE(*f.probability, 0.30);  // the model's threshold
    EXPECT_EQ(f.method, "model");
  }
  auto versions = STORE_OK(store_->read([&](Tx& tx) { return tx.list_risk_models(clinic_a_.id, "noshow"); }));
  ASSERT_EQ(versions.size(), 1u);
  EXPECT_EQ(versions[0].status, "silent");
  EXPECT_NE(versions[0].card_markdown.find("synthetic"), std::string::npos);
  EXPECT_NE(versions[0].model_json.find("\"validation\""), std::string::npos) << "checked on a later period";

  // Fifteen days on: version 1 goes live (its flags shown), version 2 is trained and silent.
  now_ += 15 * kDayUs;
  s = STORE_OK(insight::refresh_clinic(*store_, clinic_a_.id, now_, options()));
  EXPECT_EQ(s.noshow, "version 1 active");
  EXPECT_FALSE(flags(true, "noshow").empty());
  versions = STORE_OK(store_->read([&](Tx& tx) { return tx.list_risk_models(clinic_a_.id, "noshow"); }));
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].status, "silent");
  EXPECT_EQ(versions[1].status, "active");
  // Go live early with version 2, then roll back to version 1.
  STORE_OK(insight::activate_version(*store_, clinic_a_.id, versions[0].id, physio_a_.id));
  STORE_OK(insight::activate_version(*store_, clinic_a_.id, versions[1].id, physio_a_.id));
  versions = STORE_OK(store_->read([&](Tx& tx) { return tx.list_risk_models(clinic_a_.id, "noshow"); }));
  EXPECT_EQ(versions[0].status, "retired");
  EXPECT_EQ(versions[1].status, "active");
  EXPECT_EQ(versions[1].changed_by, physio_a_.id);
  // Another clinic sees none of it.
  EXPECT_TRUE(
      STORE_OK(store_->read([&](Tx& tx) { return tx.list_risk_models(clinic_b_.id, "noshow"); })).empty());
  EXPECT_FALSE(insight::activate_version(*store_, clinic_b_.id, versions[1].id, physio_a_.id));
}

TEST_P(InsightTest, ADismissedFlagStaysDismissedUntilItsInputsChange) {
  const TimeUs started = now_ - 20 * kDayUs;
  auto program = STORE_OK(store_->write([&](Tx& tx) {
    return tx.create_program(
        {.clinic_id = clinic_a_.id,
         .patient_id = patient_a_.id,
         .title = "Knee program",
         .status = "active",
         .program_json = "{}",
         .created_by = physio_a_.id},
        {.by = physio_a_.id, .at_us = started, .reason = "prescribed", .kind = "create"});
  }));
  sql("UPDATE programs SET created_us = " + std::to_string(started) + " WHERE id = '" + program.id + "'");
  STORE_OK(insight::refresh_clinic(*store_, clinic_a_.id, now_, options()));
  auto open = flags(true, "dropout");
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].status, "open");
  EXPECT_EQ(open[0].subject_id, program.id);
  STORE_OK(store_->write([&](Tx& tx) {
    return tx.decide_risk_flag(clinic_a_.id, open[0].id, "dismissed", physio_a_.id,
                               "on holiday until Monday");
  }));
  // The next nights: the same inputs (still no log), so it stays dismissed, with its reason.
  for (int night = 1; night <= 3; ++night) {
    now_ += kDayUs;
    STORE_OK(insight::refresh_clinic(*store_, clinic_a_.id, now_, options()));
    auto f = flags(true, "dropout");
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(f[0].status, "dismissed") << "night " << night;
    EXPECT_EQ(f[0].decision_reason, "on holiday until Monday");
  }
  // The patient logs an exercise: the rule is no longer met, the flag is resolved.
  STORE_OK(store_->write([&](Tx& tx) {
    return tx.insert_exercise_log({.clinic_id = clinic_a_.id,
                                   .patient_id = patient_a_.id,
                                   .program_id = program.id,
                                   .program_version = 1,
                                   .exercise_id = "mini_squat",
                                   .done_us = now_,
                                   .reps_per_set = "[10,10]"});
  }));
  now_ += kDayUs;
  STORE_OK(insight::refresh_clinic(*store_, clinic_a_.id, now_, options()));
  EXPECT_EQ(flags(true, "dropout").at(0).status, "resolved");
  // Fifteen days later without exercise: a new gap, open again.
  now_ += 15 * kDayUs;
  STORE_OK(insight::refresh_clinic(*store_, clinic_a_.id, now_, options()));
  auto again = flags(true, "dropout");
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].status, "open");
  EXPECT_TRUE(again[0].decision_reason.empty());
}

TEST_P(InsightTest, TheClinicsDropOutModelIsTrainedOnItsProgramsSilentFirstThenFlagsAhead) {
  seed_history();
  // Before any program: not assessed, with what is missing.
  auto empty = STORE_OK(insight::model_history(*store_, clinic_a_.id, insight::kDropoutModel, now_));
  EXPECT_FALSE(empty.ready);
  EXPECT_EQ(empty.reason.rfind("not assessed: needs 100 more program-weeks followed by two weeks", 0), 0u)
      << empty.reason;
  seed_programs();
  auto history = STORE_OK(insight::model_history(*store_, clinic_a_.id, insight::kDropoutModel, now_));
  ASSERT_TRUE(history.ready) << history.reason;
  auto s = STORE_OK(insight::refresh_clinic(*store_, clinic_a_.id, now_, options()));
  EXPECT_NE(s.dropout.find("version 1 silent until"), std::string::npos) << s.dropout;
  EXPECT_GT(s.programs_scored, 0);
  auto versions =
      STORE_OK(store_->read([&](Tx& tx) { return tx.list_risk_models(clinic_a_.id, "dropout"); }));
  ASSERT_EQ(versions.size(), 1u);
  EXPECT_NE(versions[0].card_markdown.find("synthetic"), std::string::npos);
  EXPECT_NE(versions[0].card_markdown.find("home programs"), std::string::npos);
  EXPECT_NE(versions[0].card_markdown.find("Fitted on this clinic's own records: it is used on this clinic's "
                                           "server only"),
            std::string::npos);
  EXPECT_EQ(versions[0].card_markdown.find("does not allow this fitted model to ship"), std::string::npos);
  int hidden = 0;
  for (const auto& f : flags(false, "dropout"))
    if (f.method == "model") {
      EXPECT_FALSE(f.shown) << "a silent model's flags are not shown";
      ++hidden;
    }
  EXPECT_GT(hidden, 0);
  // Made live early by a physiotherapist: its flags are shown, each with its probability and card. (A day
  // later nothing new has been logged by anyone, so the 14-day rule would take over.)
  STORE_OK(insight::activate_version(*store_, clinic_a_.id, versions[0].id, physio_a_.id));
  auto o = options();
  o.train = false;
  s = STORE_OK(insight::refresh_clinic(*store_, clinic_a_.id, now_, o));
  EXPECT_EQ(s.dropout, "version 1 active");
  int model_flags = 0;
  for (const auto& f : flags(true, "dropout")) {
    if (f.method != "model") continue;
    ++model_flags;
    ASSERT_TRUE(f.probability);
    EXPECT_GE(*f.probability, 0.30);
    EXPECT_NE(f.body.find("\"card\":\"dropout\""), std::string::npos) << f.body;
  }
  EXPECT_GT(model_flags, 0);
  // The training is in the audit trail with the model's own nouns.
  auto audit = STORE_OK(store_->read([&](Tx& tx) { return tx.list_audit(clinic_a_.id, {}); }));
  bool trained = false;
  for (const auto& e : audit.items)
    trained |= e.action == "risk_model.train" && e.detail.find("dropout version") != std::string::npos &&
               e.detail.find("program-weeks") != std::string::npos;
  EXPECT_TRUE(trained);
}

TEST_P(InsightTest, FallRiskFromTheClinicsMeasuresOfAnOlderPatient) {
  auto older = STORE_OK(store_->write([&](Tx& tx) {
    return tx.create_patient({.clinic_id = clinic_a_.id,
                              .given_name = "Olga",
                              .family_name = "Older",
                              .birth_date = "1945-05-05",
                              .sex = "female"});
  }));
  STORE_OK(store_->write([&](Tx& tx) {
    return tx.insert_observation({.clinic_id = clinic_a_.id,
                                  .patient_id = older.id,
                                  .code_system = "http://loinc.org",
                                  .code = "89423-8",
                                  .display = "Timed Up and Go",
                                  .value = 15.0,
                                  .unit = "s",
                                  .effective_us = now_ - kDayUs,
                                  .source = "manual",
                                  .recorded_by = physio_a_.id});
  }));
  auto s = STORE_OK(insight::refresh_clinic(*store_, clinic_a_.id, now_, options()));
  EXPECT_EQ(s.flags_open, 1);
  auto f = flags(true, "fall");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].patient_id, older.id);
  EXPECT_EQ(f[0].level, "moderate");
  EXPECT_EQ(f[0].method, "rule");
  EXPECT_NE(f[0].body.find("specificity 0.74"), std::string::npos);
}

// The store suite's own fixture is instantiated by store_fixture.cpp; its tests live in store_tests.
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(StoreTest);

TEST_P(InsightTest, CapacityUsesTheActiveModelsRisksElseTheClinicsMissedShare) {
  seed_history();
  // No model yet: every booking at the missed share of the last 90 days.
  auto before = STORE_OK(insight::capacity(*store_, clinic_a_.id, now_, 4));
  ASSERT_TRUE(before.base_rate);
  EXPECT_GT(before.base_outcomes, 50u);
  EXPECT_GT(*before.base_rate, 0.0);
  EXPECT_LT(*before.base_rate, 1.0);
  EXPECT_NE(before.model.find("no active no-show model"), std::string::npos);
  ASSERT_FALSE(before.cells.empty());
  int booked = 0;
  for (const auto& c : before.cells) {
    EXPECT_EQ(c.practitioner_id, physio_a_.id);
    EXPECT_EQ(c.scored, 0);
    EXPECT_NEAR(c.expected_missed, c.booked * *before.base_rate, 1e-9);
    EXPECT_LE(c.missed_low, c.missed_high);
    booked += c.booked;
  }
  EXPECT_GT(booked, 10);
  // A silent version's risks are not used; an active one's are.
  STORE_OK(insight::refresh_clinic(*store_, clinic_a_.id, now_, options()));
  EXPECT_EQ(STORE_OK(insight::capacity(*store_, clinic_a_.id, now_, 4)).cells.front().scored, 0);
  auto versions = STORE_OK(store_->read([&](Tx& tx) { return tx.list_risk_models(clinic_a_.id, "noshow"); }));
  ASSERT_FALSE(versions.empty());
  STORE_OK(insight::activate_version(*store_, clinic_a_.id, versions.front().id, physio_a_.id));
  auto after = STORE_OK(insight::capacity(*store_, clinic_a_.id, now_, 4));
  EXPECT_EQ(after.model, "version 1 active");
  int scored = 0, booked_after = 0;
  for (const auto& c : after.cells) {
    scored += c.scored;
    booked_after += c.booked;
  }
  EXPECT_EQ(booked_after, booked);
  EXPECT_EQ(scored, booked) << "every booking carries the model's risk";
  // Another clinic: nothing.
  EXPECT_TRUE(STORE_OK(insight::capacity(*store_, clinic_b_.id, now_, 4)).cells.empty());
}

TEST_P(InsightTest, RecoveryCourseFromTheClinicsEpisodesAndAnOffTrackFlag) {
  const auto* lib = STORE_OK(measures::default_measure_library());
  const auto* lefs = STORE_OK(lib->find("lefs"));
  // A LEFS response with every item at `level` (0-4): a total of 20 * level points.
  auto lefs_at = [&](const clinic::Episode& e, double level, TimeUs at) {
    std::vector<std::optional<double>> answers(lefs->items.size(), level);
    const auto sc = STORE_OK(measures::score(*lefs, answers));
    return clinic::QuestionnaireResponse{.clinic_id = e.clinic_id,
                                         .patient_id = e.patient_id,
                                         .episode_id = e.id,
                                         .instrument_id = "lefs",
                                         .instrument_version = lefs->version,
                                         .answers_json = measures::answers_to_json(answers),
                                         .scores_json = measures::score_to_json(sc),
                                         .valid = sc.valid,
                                         .source = "staff",
                                         .entered_by = physio_a_.id,
                                         .completed_us = at};
  };
  auto patient = [&](int i) {
    return STORE_OK(store_->write([&](Tx& tx) {
      return tx.create_patient({.clinic_id = clinic_a_.id,
                                .given_name = "R" + std::to_string(i),
                                .family_name = "Course",
                                .birth_date = "1960-01-01"});
    }));
  };
  auto attend = [&](const clinic::Patient& p, TimeUs at) {
    STORE_OK(store_->write([&](Tx& tx) {
      return tx.import_appointment({.clinic_id = clinic_a_.id,
                                    .patient_id = p.id,
                                    .practitioner_id = physio_a_.id,
                                    .start_us = at,
                                    .duration_min = 30,
                                    .status = "fulfilled",
                                    .created_us = at - kDayUs,
                                    .updated_us = at});
    }));
  };
  const TimeUs t0 = now_;
  const TimeUs week = 7 * kDayUs;
  // 24 finished knee episodes: weekly visits; the LEFS 20 -> 40 points at the fourth visit (the goal).
  for (int i = 0; i < 24; ++i) {
    const auto p = patient(i);
    const TimeUs start = t0 + i * kDayUs;
    now_ = start;
    auto e = STORE_OK(store_->write([&](Tx& tx) {
      return tx.create_episode({.clinic_id = clinic_a_.id,
                                .patient_id = p.id,
                                .status = "active",
                                .icd10_code = "M17.11",
                                .condition_text = "Knee osteoarthritis"});
    }));
    for (int v = 0; v < 6; ++v) attend(p, start + kHourUs + v * week);
    STORE_OK(store_->write([&](Tx& tx) -> Status {
      PHYSIO_TRY(tx.insert_questionnaire_response(lefs_at(e, 1, start + 2 * kHourUs)));
      PHYSIO_TRY(tx.insert_questionnaire_response(lefs_at(e, 2, start + 2 * kHourUs + 3 * week)));
      return ok();
    }));
    now_ = start + 6 * week;
    e.status = "finished";
    STORE_OK(store_->write([&](Tx& tx) { return tx.update_episode(e); }));
  }
  // One open episode: three visits, the LEFS no better at weeks 6 and 7.
  const auto slow = patient(99);
  const TimeUs start = t0 + 40 * kDayUs;
  now_ = start;
  auto open = STORE_OK(store_->write([&](Tx& tx) {
    return tx.create_episode({.clinic_id = clinic_a_.id,
                              .patient_id = slow.id,
                              .status = "active",
                              .icd10_code = "M17.12",
                              .condition_text = "Knee osteoarthritis, left"});
  }));
  for (int v = 0; v < 3; ++v) attend(slow, start + kHourUs + v * week);
  STORE_OK(store_->write([&](Tx& tx) -> Status {
    PHYSIO_TRY(tx.insert_questionnaire_response(lefs_at(open, 1, start + 2 * kHourUs)));
    PHYSIO_TRY(tx.insert_questionnaire_response(lefs_at(open, 1, start + 6 * week)));
    return ok();
  }));
  now_ = start + 7 * week + kDayUs;
  // One low measure: not flagged yet.
  EXPECT_TRUE(STORE_OK(insight::recovery_flags(*store_, clinic_a_.id, now_)).empty());
  STORE_OK(store_->write(
      [&](Tx& tx) { return tx.insert_questionnaire_response(lefs_at(open, 1, start + 7 * week)); }));

  const auto r = STORE_OK(insight::patient_recovery(*store_, clinic_a_.id, slow.id, now_));
  EXPECT_EQ(r.episode_id, open.id);
  EXPECT_EQ(r.condition, "M17");
  ASSERT_TRUE(r.course);
  EXPECT_TRUE(r.course->assessed) << r.course->not_assessed;
  EXPECT_EQ(r.course->events, 24);
  EXPECT_EQ(r.course->ongoing, 1) << "the open episode is censored, never an event";
  ASSERT_TRUE(r.course->by_visits.median.time);
  EXPECT_DOUBLE_EQ(*r.course->by_visits.median.time, 4.0) << "the goal was reached at the fourth visit";
  ASSERT_TRUE(r.remaining);
  ASSERT_TRUE(r.remaining->median) << r.remaining->reason;
  EXPECT_DOUBLE_EQ(*r.remaining->median, 1.0) << "given three visits without the goal";
  ASSERT_EQ(r.tracks.size(), 1u);
  EXPECT_TRUE(r.tracks[0].track.off_track) << r.tracks[0].track.summary;
  EXPECT_DOUBLE_EQ(r.tracks[0].mic, 9.0);

  const auto flags = STORE_OK(insight::recovery_flags(*store_, clinic_a_.id, now_));
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].kind, "recovery");
  EXPECT_EQ(flags[0].subject_id, open.id);
  EXPECT_EQ(flags[0].method, "rule");
  EXPECT_FALSE(flags[0].reasons.empty());
  // The nightly pass stores it like any other flag; another clinic sees nothing.
  STORE_OK(insight::refresh_clinic(*store_, clinic_a_.id, now_, options()));
  EXPECT_EQ(flags_of_kind("recovery").size(), 1u);
  EXPECT_TRUE(STORE_OK(insight::patient_recovery(*store_, clinic_b_.id, slow.id, now_)).episode_id.empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, InsightTest, ::testing::Values("sqlite", "postgresql"),
                         backend_param_name);

}  // namespace
}  // namespace physio::store::testing
