#include "cli/demo_schedule.hpp"

#include <algorithm>

#include "rehab/tz_system.hpp"
#include "schedule/booking.hpp"
#include "store/schedule_store.hpp"

namespace physio::cli {

namespace {
schedule::UtcOffsetFn demo_offset() {
  static const rehab::SystemTzProvider tz;
  return [](TimeUs t) { return tz.utc_offset_s(kDemoZone, t).value_or(0); };
}
}  // namespace

TimeUs demo_slot(TimeUs now, int days_ahead, int minute) {
  const auto offset = demo_offset();
  std::int64_t day = schedule::to_local(now, offset).day + days_ahead;
  while (schedule::weekday(day) > 4) ++day;
  return schedule::to_utc(day, minute, offset);
}

std::vector<clinic::Appointment> keep_bookable(const std::vector<clinic::Appointment>& existing,
                                               const std::vector<clinic::Appointment>& history) {
  std::vector<schedule::Booking> held;
  for (const auto& a : existing)
    if (schedule::holds_time(a.status))
      held.push_back({a.id, a.patient_id, a.practitioner_id, a.start_us, a.duration_min, a.status});
  std::vector<clinic::Appointment> out;
  for (const auto& a : history) {
    if (schedule::holds_time(a.status)) {
      const schedule::Booking b{"", a.patient_id, a.practitioner_id, a.start_us, a.duration_min, a.status};
      const bool clash = std::any_of(held.begin(), held.end(), [&](const schedule::Booking& o) {
        return (o.clinician_id == b.clinician_id || o.patient_id == b.patient_id) &&
               o.start_us < b.end_us() && b.start_us < o.end_us();
      });
      if (clash) continue;
      held.push_back(b);
    }
    out.push_back(a);
  }
  return out;
}

Status seed_demo_schedule(store::Store& st, const std::string& clinic_id, const std::string& physio_id,
                          const std::string& second_physio_id, const std::string& desk_id,
                          const std::vector<clinic::Patient>& patients, TimeUs now) {
  const std::string zone = kDemoZone;
  static const rehab::SystemTzProvider tz;
  const schedule::UtcOffsetFn offset = [&](TimeUs t) { return tz.utc_offset_s(zone, t).value_or(0); };

  // Three more patients, so the calendar looks like a clinic's week.
  std::vector<clinic::Patient> all = patients;
  const char* extra[][3] = {
      {"Ana", "Costa", "1972-06-21"}, {"Rui", "Lopes", "1990-11-03"}, {"Ines", "Ferreira", "1965-02-17"}};
  for (const auto& e : extra) {
    clinic::Patient p;
    p.clinic_id = clinic_id;
    p.given_name = e[0];
    p.family_name = e[1];
    p.birth_date = e[2];
    p.language = "pt";
    p.time_zone = zone;
    all.push_back(PHYSIO_TRY(st.write([&](store::Tx& tx) { return tx.create_patient(p); })));
  }

  std::vector<std::string> clinicians{physio_id};
  if (!second_physio_id.empty()) clinicians.push_back(second_physio_id);
  PHYSIO_TRY(st.write([&](store::Tx& tx) -> Status {
    // Patients book and rebook online, a day ahead at the least.
    PHYSIO_TRY(store::put_schedule_settings(tx, clinic_id, {zone, 24 * 60, desk_id, 0, true, 24 * 60}));
    PHYSIO_TRY(store::replace_appointment_types(tx, clinic_id,
                                                {{"initial", "Initial assessment", 60, true},
                                                 {"follow_up", "Follow-up", 30, true},
                                                 {"review", "Programme review", 45, true},
                                                 {"group", "Knee class (group)", 60, true}}));
    // Sam: weekdays 09:00-13:00 and 14:00-18:00. The second physiotherapist: Monday, Wednesday, Friday
    // 08:00-14:00 and Tuesday, Thursday 12:00-19:00.
    std::vector<store::WorkingSpanRow> sam, lee;
    for (int d = 0; d < 5; ++d) {
      sam.push_back({physio_id, d, 9 * 60, 13 * 60});
      sam.push_back({physio_id, d, 14 * 60, 18 * 60});
      lee.push_back({second_physio_id, d, d % 2 == 0 ? 8 * 60 : 12 * 60, d % 2 == 0 ? 14 * 60 : 19 * 60});
    }
    PHYSIO_TRY(store::replace_working_hours(tx, clinic_id, physio_id, sam));
    if (!second_physio_id.empty())
      PHYSIO_TRY(store::replace_working_hours(tx, clinic_id, second_physio_id, lee));
    return ok();
  }));

  // Two weeks of bookings from this week's Monday: each clinician's day filled at fixed local times, rooms by
  // clinician, the type cycling. A booking that would clash (with the demo's earlier ones) is left out.
  struct Slot {
    int minute;
    const char* type;
    int length;
  };
  const Slot day_plan[] = {{9 * 60, "initial", 60},      {10 * 60 + 30, "follow_up", 30},
                           {11 * 60 + 15, "review", 45}, {14 * 60, "follow_up", 30},
                           {15 * 60, "review", 45},      {16 * 60 + 30, "follow_up", 30}};
  const std::int64_t today = schedule::to_local(now, offset).day;
  const std::int64_t monday = today - schedule::weekday(today);
  int k = 0;
  for (std::int64_t day = monday; day < monday + 14; ++day) {
    if (schedule::weekday(day) > 4) continue;
    for (std::size_t c = 0; c < clinicians.size(); ++c) {
      for (const auto& s : day_plan) {
        ++k;
        if ((k + static_cast<int>(day)) % 3 == 0) continue;  // a free slot here and there
        const int minute = c == 0 ? s.minute : s.minute - 60 + (schedule::weekday(day) % 2 == 0 ? 0 : 240);
        clinic::Appointment a;
        a.clinic_id = clinic_id;
        a.patient_id = all[static_cast<std::size_t>(k) % all.size()].id;
        a.practitioner_id = clinicians[c];
        a.start_us = schedule::to_utc(day, minute, offset);
        a.duration_min = s.length;
        a.type_code = s.type;
        a.room = c == 0 ? (s.length >= 45 ? "Room 1" : "Gym") : "Room 2";
        a.booked_by = desk_id;
        a.reason = std::string(s.type) == "initial" ? "New referral" : "";
        a.status = "booked";
        if (a.start_us + a.duration_min * schedule::kUsPerMinute < now) {
          a.status = k % 7 == 0 ? "noshow" : "fulfilled";
          a.back_entry = false;
        } else if (k % 11 == 0) {
          a.status = "cancelled";
          a.cancel_reason = "by the patient: away that week";
        }
        PHYSIO_TRY(st.write([&](store::Tx& tx) -> Status {
          schedule::BookingContext ctx;
          ctx.now_us = a.start_us;  // the past is the demo's history, not a back entry
          ctx.offset = offset;
          for (const auto& n :
               PHYSIO_TRY(store::appointments_near(tx, clinic_id, a.practitioner_id, a.patient_id, a.start_us,
                                                   a.start_us + a.duration_min * schedule::kUsPerMinute)))
            ctx.nearby.push_back(
                {n.id, n.patient_id, n.practitioner_id, n.start_us, n.duration_min, n.status});
          const schedule::Booking b{"",         a.patient_id,   a.practitioner_id,
                                    a.start_us, a.duration_min, "booked"};
          if (!schedule::check_booking(b, ctx, {.back_entry = true, .outside_hours_ok = true}).empty())
            return ok();
          PHYSIO_TRY(tx.create_appointment(a));
          return ok();
        }));
      }
    }
  }

  // A weekly knee class series for the first patient, Thursdays at 17:00 for six weeks from next week.
  const std::int64_t thursday = monday + 7 + 3;
  PHYSIO_TRY(st.write([&](store::Tx& tx) -> Status {
    for (int w = 0; w < 6; ++w) {
      clinic::Appointment a;
      a.clinic_id = clinic_id;
      a.patient_id = all.front().id;
      a.practitioner_id = clinicians.back();
      a.start_us = schedule::to_utc(thursday + 7 * w, 17 * 60, offset);
      a.duration_min = 60;
      a.type_code = "group";
      a.room = "Gym";
      a.series_id = "demo-knee-class";
      a.booked_by = desk_id;
      a.status = "booked";
      auto near = PHYSIO_TRY(store::appointments_near(tx, clinic_id, a.practitioner_id, a.patient_id,
                                                      a.start_us, a.start_us + 60 * schedule::kUsPerMinute));
      schedule::BookingContext ctx;
      ctx.now_us = now;
      ctx.offset = offset;
      for (const auto& n : near)
        ctx.nearby.push_back({n.id, n.patient_id, n.practitioner_id, n.start_us, n.duration_min, n.status});
      const schedule::Booking b{"", a.patient_id, a.practitioner_id, a.start_us, a.duration_min, "booked"};
      if (schedule::check_booking(b, ctx, {.outside_hours_ok = true}).empty())
        PHYSIO_TRY(tx.create_appointment(a));
    }
    // Waiting for an earlier time: one of the extra patients, mornings, with Sam.
    PHYSIO_TRY(store::put_waitlist_entry(tx, {.clinic_id = clinic_id,
                                              .patient_id = all.back().id,
                                              .clinician_id = physio_id,
                                              .type_code = "follow_up",
                                              .note = "Mornings only; can come at short notice",
                                              .created_by = desk_id}));
    return ok();
  }));
  return ok();
}

}  // namespace physio::cli
