// No-show features use only what is known at the start of the visit's day.
#include <cmath>

#include <gtest/gtest.h>

#include "core/civil_date.hpp"
#include "predict/noshow.hpp"
#include "predict/noshow_read.hpp"
#include "predict/train.hpp"

namespace physio::predict {
namespace {

TimeUs at(const char* iso) {
  return *parse_utc_time(iso);
}

AppointmentEvent appt(const char* patient, const char* id, const char* booked, const char* start,
                      Attendance a) {
  AppointmentEvent e;
  e.patient_id = patient;
  e.appointment_id = id;
  e.booked_us = at(booked);
  e.start_us = at(start);
  e.attendance = a;
  e.practitioner_id = "dr1";
  e.reminder_sent = 1;
  return e;
}

double feature(const NoShowRows& r, std::size_t row, const char* name) {
  for (std::size_t c = 0; c < r.table.cols(); ++c)
    if (r.table.features[c].name == name) return r.table.at(row, c);
  ADD_FAILURE() << "no feature " << name;
  return NAN;
}

std::vector<AppointmentEvent> history() {
  return {
      appt("p1", "a1", "2026-01-01T09:00:00Z", "2026-01-05T09:00:00Z", Attendance::kNoShow),
      appt("p1", "a2", "2026-01-05T12:00:00Z", "2026-01-12T09:00:00Z", Attendance::kAttended),
      appt("p1", "a3", "2026-01-12T10:00:00Z", "2026-01-19T17:00:00Z", Attendance::kOpen),
      appt("p2", "b1", "2026-01-10T08:00:00Z", "2026-01-10T15:00:00Z", Attendance::kAttended),
  };
}

TEST(NoShowFeatures, CountOnlyEarlierDays) {
  const NoShowRows r = noshow_rows(history());
  ASSERT_EQ(r.table.rows(), 4u);
  EXPECT_EQ(feature(r, 0, "first_visit"), 1.0);
  EXPECT_EQ(feature(r, 0, "prior_noshows_log"), 0.0);
  EXPECT_NEAR(feature(r, 1, "prior_noshows_log"), std::log1p(1.0), 1e-15);
  EXPECT_EQ(feature(r, 1, "never_attended"), 1.0);
  EXPECT_TRUE(std::isnan(feature(r, 1, "days_since_attended_log")));
  EXPECT_NEAR(feature(r, 2, "prior_noshow_fraction"), 0.5, 1e-15);
  EXPECT_NEAR(feature(r, 2, "days_since_attended_log"), std::log1p(7.0), 1e-15);
  EXPECT_NEAR(feature(r, 2, "lead_days_log"), std::log1p(7.0), 1e-15);
  EXPECT_EQ(feature(r, 3, "same_day"), 1.0);
  EXPECT_EQ(feature(r, 2, "late_start"), 1.0);   // 17:00
  EXPECT_EQ(feature(r, 0, "weekday_tue"), 0.0);  // 2026-01-05 is a Monday: every weekday flag 0
  EXPECT_EQ(feature(r, 0, "weekday_thu"), 0.0);
  EXPECT_EQ(feature(r, 3, "weekday_sat"), 1.0);  // 2026-01-10 is a Saturday
  EXPECT_EQ(r.table.y[0], 1.0);
  EXPECT_FALSE(outcome_known(history()[2]));
}

TEST(NoShowFeatures, FutureRowsNeverChangeAnEarlierRow) {
  const std::vector<AppointmentEvent> past = history();
  std::vector<AppointmentEvent> more = past;
  // Later outcomes, a same-day outcome for p2 and a booking made after the day: none is known on the day.
  more.push_back(appt("p1", "a4", "2026-01-20T09:00:00Z", "2026-02-01T09:00:00Z", Attendance::kNoShow));
  more.push_back(appt("p1", "a5", "2026-01-01T09:00:00Z", "2026-01-30T09:00:00Z", Attendance::kNoShow));
  more.push_back(appt("p2", "b2", "2026-01-10T09:00:00Z", "2026-01-10T16:00:00Z", Attendance::kNoShow));
  const NoShowRows a = noshow_rows(past);
  const NoShowRows b = noshow_rows(more);
  // Feature columns may differ only by name order; compare by name.
  for (std::size_t row = 0; row < 3; ++row)
    for (const FeatureInfo& f : a.table.features) {
      if (f.name == "upcoming_bookings") continue;  // a5 was booked on 2026-01-01: known, and counted below
      const double x = feature(a, row, f.name.c_str());
      const double y = feature(b, row, f.name.c_str());
      if (std::isnan(x))
        EXPECT_TRUE(std::isnan(y)) << f.name;
      else
        EXPECT_EQ(x, y) << "row " << row << " " << f.name;
    }
  EXPECT_EQ(feature(b, 0, "upcoming_bookings"), feature(a, 0, "upcoming_bookings") + 1.0);
  // p2's b1 and b2 share a day: neither sees the other's outcome, only that it is booked.
  EXPECT_EQ(feature(b, 3, "prior_noshows_log"), 0.0);
  EXPECT_EQ(feature(b, 3, "same_day_bookings"), 1.0);
}

TEST(NoShowFeatures, TheScoreOfAnEarlierAppointmentIgnoresLaterOutcomes) {
  // A trained model scores a4's day the same whatever happens afterwards.
  std::vector<AppointmentEvent> ev;
  for (int p = 0; p < 300; ++p)
    for (int k = 0; k < 4; ++k) {
      const std::string day = fmt::format("2026-02-{:02d}T09:00:00Z", 2 + 5 * k);
      AppointmentEvent e = appt("", "", "2026-01-20T09:00:00Z", day.c_str(),
                                (p + k) % 5 == 0 ? Attendance::kNoShow : Attendance::kAttended);
      e.patient_id = "p" + std::to_string(p);
      e.appointment_id = e.patient_id + "-" + std::to_string(k);
      ev.push_back(e);
    }
  const NoShowRows r = noshow_rows(ev);
  auto m = train_logistic(r.table, all_rows(r.table), {"noshow", "t", "o", ""}, {});
  ASSERT_TRUE(m) << m.error().to_string();
  std::vector<AppointmentEvent> changed = ev;
  for (AppointmentEvent& e : changed)
    if (e.start_us >= at("2026-02-12T00:00:00Z")) e.attendance = Attendance::kNoShow;
  const NoShowRows r2 = noshow_rows(changed);
  auto before = predict_rows(*m, r.table, all_rows(r.table));
  auto after = predict_rows(*m, r2.table, all_rows(r2.table));
  ASSERT_TRUE(before && after);
  for (std::size_t i = 0; i < ev.size(); ++i)
    if (ev[i].start_us <= at("2026-02-12T09:00:00Z")) {
      EXPECT_EQ((*before)[i], (*after)[i]) << i;
    }
}

TEST(AppointmentCsv, ReadsTheClinicExportAndNamesBadLines) {
  const char* good =
      "patient_id,appointment_id,practitioner_id,booked_at,start_at,status,reminder_sent,reminder_confirmed,"
      "telehealth,age_band,sex,payer\n"
      "p1,a1,dr1,2026-01-01T09:00:00Z,2026-01-05T09:30:00Z,attended,1,0,0,40-64,female,insurer\n"
      "p1,a2,dr2,2026-01-05T10:00:00Z,2026-01-12T16:30:00Z,noshow,1,,0,40-64,female,insurer\n"
      "p2,b1,dr1,2026-01-03T10:00:00Z,2026-01-06T08:00:00Z,late_cancelled,0,0,1,65+,male,\n";
  auto h = parse_appointments_csv(good);
  ASSERT_TRUE(h) << h.error().to_string();
  EXPECT_EQ(h->format, "physiokit-appointments");
  ASSERT_EQ(h->events.size(), 3u);
  EXPECT_EQ(h->events[1].reminder_confirmed, -1);
  EXPECT_EQ(h->events[2].attendance, Attendance::kLateCancelled);
  const NoShowRows r = noshow_rows(h->events);
  EXPECT_EQ(feature(r, 1, "clinician_change"), 1.0);

  auto bad_status = parse_appointments_csv(
      "patient_id,appointment_id,booked_at,start_at,status\np1,a1,2026-01-01,2026-01-02,gone\n");
  ASSERT_FALSE(bad_status);
  EXPECT_EQ(bad_status.error().message(),
            "line 2: status: 'gone' (expected attended, noshow, cancelled, late_cancelled or booked)");
  auto bad_time = parse_appointments_csv(
      "patient_id,appointment_id,booked_at,start_at,status\np1,a1,2026-01-01,2026-13-02,attended\n");
  ASSERT_FALSE(bad_time);
  EXPECT_EQ(bad_time.error().message(), "line 2: start_at: '2026-13-02' is not a date (YYYY-MM-DD)");
  auto future = parse_appointments_csv(
      "patient_id,appointment_id,booked_at,start_at,status\np1,a1,2026-01-01,2099-01-02,attended\n");
  ASSERT_FALSE(future);
  EXPECT_EQ(future.error().message(),
            "line 2: start_at 2099-01-02 is in the future, but the status is attended");
  auto unknown = parse_appointments_csv("a,b\n1,2\n");
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message().find("not an appointment history"), std::string::npos);
}

TEST(AppointmentCsv, ReadsThePublicSetsColumnsAndDropsImpossibleRows) {
  const char* text =
      "PatientId,AppointmentID,Gender,ScheduledDay,AppointmentDay,Age,Neighbourhood,Scholarship,Hipertension,"
      "Diabetes,Alcoholism,Handcap,SMS_received,No-show\n"
      "29872499824296,5642903,F,2016-04-29T18:38:08Z,2016-04-29T00:00:00Z,62,JARDIM DA PENHA,0,1,0,0,0,0,No\n"
      "558997776694438,5642503,M,2016-04-29T16:08:27Z,2016-05-03T00:00:00Z,56,JARDIM DA "
      "PENHA,1,0,0,0,0,1,Yes\n"
      "1,2,F,2016-04-29T16:08:27Z,2016-05-03T00:00:00Z,-1,X,0,0,0,0,0,0,No\n"
      "3,4,F,2016-05-10T16:08:27Z,2016-05-03T00:00:00Z,30,X,0,0,0,0,0,0,No\n";
  auto h = parse_appointments_csv(text);
  ASSERT_TRUE(h) << h.error().to_string();
  EXPECT_EQ(h->format, "kaggle-noshow-2016");
  ASSERT_EQ(h->events.size(), 2u);
  EXPECT_EQ(h->events[1].attendance, Attendance::kNoShow);
  EXPECT_EQ(h->events[1].payer, "welfare programme");
  EXPECT_EQ(h->events[0].age_band, "40-64");
  ASSERT_EQ(h->notes.size(), 2u);
  EXPECT_EQ(h->notes[0], "1 rows with an age below 0 left out");
}

}  // namespace
}  // namespace physio::predict
