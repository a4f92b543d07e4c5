// No-show risk on a clinic's own appointments: statuses read as outcomes, the events-per-variable readiness,
// scores that never look past the start of the visit's day, and flags with their reasons
// (risk/noshow_clinic).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "predict/pipeline.hpp"
#include "risk/noshow_clinic.hpp"
#include "risk/synthetic.hpp"

namespace physio::risk {
namespace {

const TimeUs kNow = days_from_iso_date("2026-11-25").value() * kDayUs + 7 * kHourUs;

clinic::Appointment appt(const std::string& id, const std::string& patient, TimeUs start,
                         const std::string& status, TimeUs created, TimeUs updated = 0) {
  return {.id = id,
          .clinic_id = "c",
          .patient_id = patient,
          .practitioner_id = "u1",
          .start_us = start,
          .duration_min = 30,
          .status = status,
          .created_us = created,
          .updated_us = updated == 0 ? created : updated};
}

TEST(NoShowClinic, StatusesAreReadAsOutcomes) {
  const TimeUs d = kDayUs;
  std::vector<clinic::Appointment> a = {
      appt("a1", "p", kNow - 10 * d, "fulfilled", kNow - 20 * d),
      appt("a2", "p", kNow - 9 * d, "noshow", kNow - 20 * d),
      appt("a3", "p", kNow - 8 * d, "cancelled", kNow - 20 * d, kNow - 8 * d - 2 * kHourUs),  // late
      appt("a4", "p", kNow - 7 * d, "cancelled", kNow - 20 * d, kNow - 12 * d),               // in time
      appt("a5", "p", kNow - 6 * d, "booked", kNow - 20 * d),  // no outcome recorded
      appt("a6", "p", kNow + 2 * d, "noshow", kNow - 1 * d),   // an outcome before the visit: a slip
      appt("a7", "p", kNow + 3 * d, "arrived", kNow - 1 * d),
  };
  std::map<std::string, clinic::Patient> patients = {
      {"p", {.id = "p", .birth_date = "1950-01-01", .sex = "female"}}};
  auto e = appointment_events(a, patients, kNow);
  ASSERT_EQ(e.size(), 7u);
  EXPECT_EQ(e[0].attendance, predict::Attendance::kAttended);
  EXPECT_EQ(e[1].attendance, predict::Attendance::kNoShow);
  EXPECT_EQ(e[2].attendance, predict::Attendance::kLateCancelled);
  EXPECT_EQ(e[3].attendance, predict::Attendance::kCancelled);
  EXPECT_EQ(e[4].attendance, predict::Attendance::kOpen);
  EXPECT_EQ(e[5].attendance, predict::Attendance::kOpen);
  EXPECT_EQ(e[6].attendance, predict::Attendance::kOpen);
  EXPECT_EQ(e[0].age_band, "65+");
  EXPECT_EQ(e[0].sex, "female");
  EXPECT_EQ(e[0].booked_us, kNow - 20 * d);
}

TEST(NoShowClinic, ReadinessFollowsTenEventsPerFeature) {
  std::vector<clinic::Appointment> a;
  for (int i = 0; i < 50; ++i)
    a.push_back(appt("a" + std::to_string(i), "p" + std::to_string(i % 5), kNow - (60 - i) * kDayUs,
                     i % 5 == 0 ? "noshow" : "fulfilled", kNow - 90 * kDayUs));
  auto e = appointment_events(a, {}, kNow);
  auto rows = predict::noshow_rows(e);
  std::vector<std::size_t> with_outcome;
  for (std::size_t r = 0; r < rows.table.rows(); ++r)
    if (predict::outcome_known(e[rows.event_index[r]])) with_outcome.push_back(r);
  const auto ready = noshow_readiness(rows.table, with_outcome);
  EXPECT_FALSE(ready.ready);
  EXPECT_EQ(ready.missed, 10u);
  EXPECT_EQ(ready.attended, 40u);
  EXPECT_EQ(ready.needed, std::max<std::size_t>(100, 10 * rows.table.cols()));
  EXPECT_EQ(ready.reason, "not assessed: needs " + std::to_string(ready.needed - 10) +
                              " more missed appointments (has 10 of " + std::to_string(ready.needed) + ")");
  // An empty clinic: not assessed, never a number.
  predict::Table empty;
  EXPECT_FALSE(noshow_readiness(empty, {}).ready);
}

struct Trained {
  std::vector<predict::AppointmentEvent> events;
  predict::NoShowRows rows;
  predict::Model model;
};

Trained train_on_synthetic(std::vector<clinic::Appointment> extra = {}) {
  std::vector<std::string> ids;
  for (int i = 0; i < 160; ++i) ids.push_back("p" + std::to_string(i));
  SyntheticHistoryOptions o;
  o.seed = 7;
  o.from_us = kNow - 700 * kDayUs;
  o.to_us = kNow + 14 * kDayUs;
  o.now_us = kNow;
  auto a = synthetic_appointments("c", ids, "u1", o);
  for (std::size_t i = 0; i < a.size(); ++i) a[i].id = "s" + std::to_string(i);
  a.insert(a.end(), extra.begin(), extra.end());
  Trained t;
  t.events = appointment_events(a, {}, kNow);
  t.rows = predict::noshow_rows(t.events);
  predict::DataSet d;
  d.table = t.rows.table;
  for (std::size_t r = 0; r < d.table.rows(); ++r)
    if (predict::outcome_known(t.events[t.rows.event_index[r]])) d.rows.push_back(r);
  auto m = predict::train_model(*predict::find_model_def("noshow").value(), d, d.rows, {});
  EXPECT_TRUE(m) << m.error().to_string();
  t.model = *m;
  return t;
}

TEST(NoShowClinic, UpcomingBookingsAreScoredWithReasonsAndAFlagAtTheThreshold) {
  auto t = train_on_synthetic();
  auto scored = score_upcoming(t.model, "v1", t.events, t.rows, kNow, kNow + 14 * kDayUs);
  ASSERT_GT(scored.size(), 10u);
  int flagged = 0;
  for (const auto& s : scored) {
    ASSERT_TRUE(s.risk) << s.not_assessed;
    EXPECT_GT(*s.risk, 0.0);
    EXPECT_LT(*s.risk, 1.0);
    EXPECT_EQ(s.flagged, *s.risk >= t.model.threshold);
    EXPECT_LE(s.flag.reasons.size(), 3u);
    EXPECT_EQ(s.flag.kind, "noshow");
    EXPECT_EQ(s.flag.subject_type, "appointment");
    EXPECT_EQ(s.flag.model_version, "v1");
    EXPECT_NE(s.flag.title.find("Risk of not attending"), std::string::npos);
    EXPECT_FALSE(s.flag.inputs.empty());
    flagged += s.flagged;
  }
  EXPECT_GT(flagged, 0);
  EXPECT_TRUE(std::is_sorted(scored.begin(), scored.end(),
                             [](const auto& a, const auto& b) { return a.start_us < b.start_us; }));
}

TEST(NoShowClinic, AScoreNeverLooksPastTheStartOfTheVisitsDay) {
  auto t = train_on_synthetic();
  auto before = score_upcoming(t.model, "v1", t.events, t.rows, kNow, kNow + 14 * kDayUs);
  ASSERT_FALSE(before.empty());
  const auto& target = before.front();
  // Later rows for the same patient: a missed visit the day after and one a week later (outcomes recorded
  // by mistake in the future are not outcomes either), and a booking made after the visit's day began.
  std::vector<clinic::Appointment> later = {
      appt("late1", target.patient_id, target.start_us + kDayUs, "noshow", target.start_us),
      appt("late2", target.patient_id, target.start_us + 7 * kDayUs, "booked", target.start_us + kHourUs),
  };
  auto t2 = train_on_synthetic(later);
  // The same model (trained without them) scores the same appointment the same.
  auto after = score_upcoming(t.model, "v1", t2.events, t2.rows, kNow, kNow + 14 * kDayUs);
  auto it = std::find_if(after.begin(), after.end(),
                         [&](const auto& s) { return s.appointment_id == target.appointment_id; });
  ASSERT_NE(it, after.end());
  ASSERT_TRUE(it->risk);
  EXPECT_DOUBLE_EQ(*it->risk, *target.risk);
  EXPECT_EQ(it->flag.inputs, target.flag.inputs);
}

TEST(NoShowClinic, AModelNeedingAFeatureTheClinicLacksIsNotAssessed) {
  auto t = train_on_synthetic();
  predict::Model m = t.model;
  m.features.push_back({"reminder_confirmed", "reminder confirmed by the patient", "0/1"});
  m.fit.coef.push_back(0.1);
  m.fill.push_back(0);
  m.reference.push_back(0);
  auto scored = score_upcoming(m, "v1", t.events, t.rows, kNow, kNow + 14 * kDayUs);
  ASSERT_FALSE(scored.empty());
  EXPECT_FALSE(scored.front().risk);
  EXPECT_NE(scored.front().not_assessed.find("not assessed"), std::string::npos);
  EXPECT_FALSE(scored.front().flagged);
}

}  // namespace
}  // namespace physio::risk
