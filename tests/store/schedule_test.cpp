// Scheduling records on both back ends: the new appointment fields, appointments near a time (the clinician's
// or the patient's), the calendar's range per clinician, types, working hours, settings and the waiting list
// (one open entry per patient, erased with the patient's record); closure days, what a series left out and
// the freed times offered to the waiting list (migration 0031).
#include <gtest/gtest.h>

#include "store/clinic_calendar.hpp"
#include "store/schedule_store.hpp"
#include "store/store_fixture.hpp"

namespace physio::store::testing {
namespace {

constexpr TimeUs kHour = 3'600'000'000;

clinic::Appointment appt(const clinic::Clinic& c, const clinic::Patient& p, const std::string& clinician,
                         TimeUs start, std::int64_t minutes = 30) {
  return {.clinic_id = c.id,
          .patient_id = p.id,
          .practitioner_id = clinician,
          .start_us = start,
          .duration_min = minutes,
          .status = "booked"};
}

TEST_P(StoreTest, AppointmentsKeepRoomTypeSeriesAndWhoBooked) {
  auto a = appt(clinic_a_, patient_a_, physio_a_.id, now_.load() - kHour);
  a.room = "Room 2";
  a.type_code = "follow_up";
  a.series_id = "s1";
  a.booked_by = physio_a_.id;
  a.back_entry = true;
  auto made = STORE_OK(store_->write([&](Tx& tx) { return tx.create_appointment(a); }));
  auto got = STORE_OK(store_->read([&](Tx& tx) { return tx.get_appointment(clinic_a_.id, made.id); }));
  EXPECT_EQ(got.room, "Room 2");
  EXPECT_EQ(got.type_code, "follow_up");
  EXPECT_EQ(got.series_id, "s1");
  EXPECT_EQ(got.booked_by, physio_a_.id);
  EXPECT_TRUE(got.back_entry);
  got.status = "cancelled";
  got.cancel_reason = "patient unwell";
  got.room = "Room 3";
  auto u = STORE_OK(store_->write([&](Tx& tx) { return tx.update_appointment(got); }));
  EXPECT_EQ(u.cancel_reason, "patient unwell");
  EXPECT_EQ(u.room, "Room 3");
  EXPECT_EQ(u.series_id, "s1");  // a series is fixed at booking
}

TEST_P(StoreTest, AppointmentsNearATimeAreTheClinicansAndThePatients) {
  const TimeUs t = now_.load() + 24 * kHour;
  auto other = make_patient(clinic_a_.id, "Other", "Person");
  auto physio_b = STORE_OK(store_->write([&](Tx& tx) {
    return tx.create_user({.clinic_id = clinic_a_.id,
                           .email = "second@a.example",
                           .role = clinic::Role::kPhysiotherapist,
                           .display_name = "Second"});
  }));
  STORE_OK(store_->write([&](Tx& tx) {
    return create_appointments(tx,
                               {appt(clinic_a_, other, physio_a_.id, t),                // the clinician's
                                appt(clinic_a_, patient_a_, physio_b.id, t + kHour),    // the patient's
                                appt(clinic_a_, other, physio_b.id, t),                 // neither
                                appt(clinic_a_, other, physio_a_.id, t - 9 * kHour)});  // too early to clash
  }));
  auto near = STORE_OK(store_->read([&](Tx& tx) {
    return appointments_near(tx, clinic_a_.id, physio_a_.id, patient_a_.id, t, t + 2 * kHour);
  }));
  ASSERT_EQ(near.size(), 2u);
  EXPECT_EQ(near[0].patient_id, other.id);
  EXPECT_EQ(near[1].patient_id, patient_a_.id);
  // Another clinic sees none of them.
  EXPECT_TRUE(STORE_OK(store_->read([&](Tx& tx) {
                return appointments_near(tx, clinic_b_.id, physio_a_.id, patient_a_.id, t, t + 2 * kHour);
              })).empty());
  auto day = STORE_OK(
      store_->read([&](Tx& tx) { return appointments_between(tx, clinic_a_.id, t, t + 24 * kHour); }));
  EXPECT_EQ(day.size(), 3u);
  auto mine = STORE_OK(store_->read(
      [&](Tx& tx) { return appointments_between(tx, clinic_a_.id, t, t + 24 * kHour, physio_b.id); }));
  EXPECT_EQ(mine.size(), 2u);
  auto feed = STORE_OK(store_->read(
      [&](Tx& tx) { return clinician_appointments(tx, clinic_a_.id, physio_a_.id, t - kHour); }));
  EXPECT_EQ(feed.size(), 1u);
}

TEST_P(StoreTest, TypesHoursAndSettingsAreReplacedWhole) {
  STORE_OK(store_->write([&](Tx& tx) {
    return replace_appointment_types(
        tx, clinic_a_.id,
        {{"initial", "Initial assessment", 60, true}, {"follow_up", "Follow-up", 30, true}});
  }));
  STORE_OK(store_->write([&](Tx& tx) {
    return replace_appointment_types(tx, clinic_a_.id, {{"follow_up", "Follow-up", 45, false}});
  }));
  auto types = STORE_OK(store_->read([&](Tx& tx) { return list_appointment_types(tx, clinic_a_.id); }));
  ASSERT_EQ(types.size(), 1u);
  EXPECT_EQ(types[0].duration_min, 45);
  EXPECT_FALSE(types[0].active);
  EXPECT_TRUE(
      STORE_OK(store_->read([&](Tx& tx) { return list_appointment_types(tx, clinic_b_.id); })).empty());

  STORE_OK(store_->write([&](Tx& tx) {
    return replace_working_hours(tx, clinic_a_.id, physio_a_.id, {{"", 1, 840, 1080}, {"", 1, 540, 780}});
  }));
  auto week =
      STORE_OK(store_->read([&](Tx& tx) { return list_working_hours(tx, clinic_a_.id, physio_a_.id); }));
  ASSERT_EQ(week.size(), 2u);
  EXPECT_EQ(week[0].start_min, 540);  // by day and start
  EXPECT_EQ(week[0].user_id, physio_a_.id);
  STORE_OK(store_->write([&](Tx& tx) { return replace_working_hours(tx, clinic_a_.id, physio_a_.id, {}); }));
  EXPECT_TRUE(STORE_OK(store_->read([&](Tx& tx) { return list_working_hours(tx, clinic_a_.id); })).empty());

  auto defaults = STORE_OK(store_->read([&](Tx& tx) { return get_schedule_settings(tx, clinic_a_.id); }));
  EXPECT_EQ(defaults.time_zone, "UTC");
  EXPECT_EQ(defaults.cancel_notice_min, 1440);
  EXPECT_EQ(defaults.updated_us, 0);
  for (const std::int64_t notice : {720, 2880})
    STORE_OK(store_->write([&](Tx& tx) {
      return put_schedule_settings(tx, clinic_a_.id, {"Europe/Lisbon", notice, physio_a_.id, 0});
    }));
  auto s = STORE_OK(store_->read([&](Tx& tx) { return get_schedule_settings(tx, clinic_a_.id); }));
  EXPECT_EQ(s.time_zone, "Europe/Lisbon");
  EXPECT_EQ(s.cancel_notice_min, 2880);
  EXPECT_EQ(s.updated_us, now_.load());
}

TEST_P(StoreTest, AWaitingPatientHasOneOpenEntry) {
  auto first = STORE_OK(store_->write([&](Tx& tx) {
    return put_waitlist_entry(tx,
                              {.clinic_id = clinic_a_.id, .patient_id = patient_a_.id, .note = "mornings"});
  }));
  now_ += 10;
  auto other = make_patient(clinic_a_.id, "Later", "Waiter");
  STORE_OK(store_->write(
      [&](Tx& tx) { return put_waitlist_entry(tx, {.clinic_id = clinic_a_.id, .patient_id = other.id}); }));
  now_ += 10;
  auto second = STORE_OK(store_->write([&](Tx& tx) {
    return put_waitlist_entry(tx, {.clinic_id = clinic_a_.id,
                                   .patient_id = patient_a_.id,
                                   .clinician_id = physio_a_.id,
                                   .note = "evenings"});
  }));
  auto list = STORE_OK(store_->read([&](Tx& tx) { return list_waitlist(tx, clinic_a_.id); }));
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].patient_id, other.id);  // the longest waiting first
  EXPECT_EQ(list[1].id, second.id);
  EXPECT_EQ(list[1].note, "evenings");
  EXPECT_NE(first.id, second.id);
  // A second open entry for the same patient is refused by the store itself.
  EXPECT_FALSE(store_->write([&](Tx& tx) -> Status {
    PHYSIO_TRY(
        tx.connection().query("INSERT INTO waiting_list (id, clinic_id, patient_id, clinician_id, type_code, "
                              "earliest_date, latest_date, "
                              "note, status, created_by, created_us, closed_us) VALUES ('dup', ?, ?, '', '', "
                              "'', '', '', 'waiting', '', 0, "
                              "0)",
                              {clinic_a_.id, patient_a_.id}));
    return ok();
  }));
  auto closed = STORE_OK(
      store_->write([&](Tx& tx) { return close_waitlist_entry(tx, clinic_a_.id, patient_a_.id, "booked"); }));
  ASSERT_TRUE(closed);
  EXPECT_EQ(closed->status, "booked");
  EXPECT_FALSE(STORE_OK(store_->write(
      [&](Tx& tx) { return close_waitlist_entry(tx, clinic_a_.id, patient_a_.id, "removed"); })));
  EXPECT_FALSE(STORE_OK(
      store_->read([&](Tx& tx) { return patient_waitlist_entry(tx, clinic_a_.id, patient_a_.id); })));
  EXPECT_EQ(STORE_OK(store_->read([&](Tx& tx) { return list_waitlist(tx, clinic_a_.id); })).size(), 1u);
  EXPECT_TRUE(STORE_OK(store_->read([&](Tx& tx) { return list_waitlist(tx, clinic_b_.id); })).empty());
}

TEST_P(StoreTest, ErasureTakesTheWaitingListEntry) {
  STORE_OK(store_->write([&](Tx& tx) {
    return put_waitlist_entry(tx,
                              {.clinic_id = clinic_a_.id, .patient_id = patient_a_.id, .note = "after 5 pm"});
  }));
  auto erased = STORE_OK(store_->write([&](Tx& tx) {
    return tx.erase_patient({.clinic_id = clinic_a_.id,
                             .patient_id = patient_a_.id,
                             .erased_by = physio_a_.id,
                             .reason = "art. 17"});
  }));
  EXPECT_EQ(count("waiting_list"), 0);
  bool counted = false;
  for (const auto& [table, n] : erased.rows_deleted) counted |= table == "waiting_list" && n == 1;
  EXPECT_TRUE(counted);
}

TEST_P(StoreTest, OnlineBookingSettingsAreKept) {
  auto s = STORE_OK(store_->read([&](Tx& tx) { return get_schedule_settings(tx, clinic_a_.id); }));
  EXPECT_FALSE(s.online_booking);  // off until the clinic turns it on
  EXPECT_EQ(s.online_notice_min, 24 * 60);
  s.online_booking = true;
  s.online_notice_min = 120;
  STORE_OK(store_->write([&](Tx& tx) { return put_schedule_settings(tx, clinic_a_.id, s); }));
  auto got = STORE_OK(store_->read([&](Tx& tx) { return get_schedule_settings(tx, clinic_a_.id); }));
  EXPECT_TRUE(got.online_booking);
  EXPECT_EQ(got.online_notice_min, 120);
  EXPECT_FALSE(
      STORE_OK(store_->read([&](Tx& tx) { return get_schedule_settings(tx, clinic_b_.id); })).online_booking);
}

TEST_P(StoreTest, ClosureDaysAreReplacedWholeAndKeepWhoEnteredThem) {
  STORE_OK(store_->write([&](Tx& tx) {
    return replace_closures(
        tx, clinic_a_.id, {{20'811, "Christmas Day", "", 0}, {20'810, "Christmas Eve", "", 0}}, physio_a_.id);
  }));
  auto days = STORE_OK(store_->read([&](Tx& tx) { return list_closures(tx, clinic_a_.id); }));
  ASSERT_EQ(days.size(), 2u);
  EXPECT_EQ(days[0].day, 20'810);  // by day
  EXPECT_EQ(days[0].reason, "Christmas Eve");
  EXPECT_EQ(days[0].created_by, physio_a_.id);
  const TimeUs first = days[1].created_us;
  now_.fetch_add(kHour);
  // Replaced by another list: a day kept with its reason keeps who entered it and when.
  STORE_OK(store_->write([&](Tx& tx) {
    return replace_closures(tx, clinic_a_.id, {{20'811, "Christmas Day", "", 0}, {20'817, "New Year", "", 0}},
                            "someone-else");
  }));
  days = STORE_OK(store_->read([&](Tx& tx) { return list_closures(tx, clinic_a_.id); }));
  ASSERT_EQ(days.size(), 2u);
  EXPECT_EQ(days[0].created_by, physio_a_.id);
  EXPECT_EQ(days[0].created_us, first);
  EXPECT_EQ(days[1].created_by, "someone-else");
  EXPECT_EQ(
      STORE_OK(store_->read([&](Tx& tx) { return list_closures(tx, clinic_a_.id, 20'815, 20'820); })).size(),
      1u);
  EXPECT_TRUE(STORE_OK(store_->read([&](Tx& tx) { return list_closures(tx, clinic_b_.id); })).empty());
}

TEST_P(StoreTest, ASeriesKeepsWhatItLeftOutAndFreedTimesAreOfferedOnce) {
  const TimeUs t = now_.load() + 48 * kHour;
  auto a = appt(clinic_a_, patient_a_, physio_a_.id, t);
  a.series_id = "s1";
  auto b = appt(clinic_a_, patient_a_, physio_a_.id, t + 7 * 24 * kHour);
  b.series_id = "s1";
  STORE_OK(store_->write([&](Tx& tx) { return create_appointments(tx, {b, a}); }));
  STORE_OK(store_->write([&](Tx& tx) {
    return put_series(tx, {.clinic_id = clinic_a_.id,
                           .id = "s1",
                           .patient_id = patient_a_.id,
                           .skipped_json = R"([{"start":"x","reason":"closed"}])",
                           .created_by = physio_a_.id});
  }));
  auto row = STORE_OK(store_->read([&](Tx& tx) { return get_series(tx, clinic_a_.id, "s1"); }));
  ASSERT_TRUE(row);
  EXPECT_EQ(row->skipped_json, R"([{"start":"x","reason":"closed"}])");
  EXPECT_FALSE(STORE_OK(store_->read([&](Tx& tx) { return get_series(tx, clinic_b_.id, "s1"); })));
  auto visits = STORE_OK(store_->read([&](Tx& tx) { return series_appointments(tx, clinic_a_.id, "s1"); }));
  ASSERT_EQ(visits.size(), 2u);
  EXPECT_EQ(visits[0].start_us, t);  // by start

  auto waiting = make_patient(clinic_a_.id, "Wai", "Ting");
  const WaitlistOffer offer{.clinic_id = clinic_a_.id,
                            .appointment_id = visits[0].id,
                            .entry_id = "e1",
                            .patient_id = waiting.id,
                            .clinician_id = physio_a_.id,
                            .start_us = t,
                            .duration_min = 30};
  EXPECT_TRUE(STORE_OK(store_->write([&](Tx& tx) { return create_waitlist_offer(tx, offer); })));
  EXPECT_FALSE(STORE_OK(store_->write([&](Tx& tx) { return create_waitlist_offer(tx, offer); })));  // once
  auto pending = STORE_OK(store_->read([&](Tx& tx) { return pending_waitlist_offers(tx); }));
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].patient_id, waiting.id);
  // Claimed by one server: a second claim from "pending" fails.
  EXPECT_TRUE(STORE_OK(store_->write([&](Tx& tx) {
    return set_waitlist_offer_status(tx, clinic_a_.id, visits[0].id, "pending", "sending");
  })));
  EXPECT_FALSE(STORE_OK(store_->write([&](Tx& tx) {
    return set_waitlist_offer_status(tx, clinic_a_.id, visits[0].id, "pending", "sending");
  })));
  EXPECT_TRUE(STORE_OK(store_->read([&](Tx& tx) { return pending_waitlist_offers(tx); })).empty());
  EXPECT_EQ(STORE_OK(store_->read([&](Tx& tx) {
              return patient_waitlist_offers(tx, clinic_a_.id, waiting.id);
            })).size(),
            1u);

  // Erasure takes the series row of the patient, and the offers made to a patient.
  auto erased = STORE_OK(store_->write([&](Tx& tx) {
    return tx.erase_patient({.clinic_id = clinic_a_.id,
                             .patient_id = patient_a_.id,
                             .erased_by = physio_a_.id,
                             .reason = "art. 17"});
  }));
  EXPECT_EQ(count("appointment_series"), 0);
  STORE_OK(store_->write([&](Tx& tx) {
    return tx.erase_patient({.clinic_id = clinic_a_.id,
                             .patient_id = waiting.id,
                             .erased_by = physio_a_.id,
                             .reason = "art. 17"});
  }));
  EXPECT_EQ(count("waitlist_offers"), 0);
  bool counted = false;
  for (const auto& [table, n] : erased.rows_deleted) counted |= table == "appointment_series" && n == 1;
  EXPECT_TRUE(counted);
}

}  // namespace
}  // namespace physio::store::testing
