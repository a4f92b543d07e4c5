// Appointments: a patient's list and calendar file, booking (one visit or a weekly series), and the route
// table of every appointment route (changing and cancelling: api_bookings_change.cpp; free times and
// booking by the patient: api_bookings_online.cpp). Every booking is judged by the schedule module's rules
// inside the write transaction that stores it.
#include <algorithm>
#include <set>

#include "clinic/validation.hpp"
#include "core/civil_date.hpp"
#include "schedule/ics.hpp"
#include "schedule/online.hpp"
#include "schedule/series.hpp"
#include "security/random.hpp"
#include "server/http/context.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/services.hpp"
#include "server/schedule/bookings_support.hpp"
#include "server/schedule/routes.hpp"
#include "server/schedule/schedule_support.hpp"
#include "store/clinic_calendar.hpp"

namespace physio::server {
namespace bookings {

using clinic::Action;

// ---- a patient's appointments ----------------------------------------------------------------------------

net::Response list_appointments(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  auto got = ctx.services.store().read(
      [&](store::Tx& tx) -> Result<std::pair<std::vector<clinic::Appointment>, ClinicSchedule>> {
        auto list = PHYSIO_TRY(tx.list_appointments(p.clinic_id, p.id));
        return std::make_pair(std::move(list), PHYSIO_TRY(load_clinic_schedule(tx, p.clinic_id)));
      });
  if (!got) return store_error(got.error());
  const auto& [list, cs] = *got;
  const TimeUs now = now_us();
  nlohmann::json out = nlohmann::json::array();
  for (const auto& a : list) {
    auto j = appointment_out(a, cs);
    // What the patient may do online, worded for them (the staff's page shows it too).
    const auto d = schedule::patient_may_cancel(booking_of(a), now, cs.settings.cancel_notice_min, cs.offset);
    j["patient_can_cancel"] = d.allowed;
    j["cancel_until"] = iso_time(d.deadline_us);
    if (!d.allowed && a.status == "booked" && a.start_us > now) j["cancel_refusal"] = d.reason;
    out.push_back(std::move(j));
  }
  ctx.audit_read("appointment", "", p.id);
  return json_ok(out);
}

net::Response patient_calendar(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  auto got = ctx.services.store().read(
      [&](store::Tx& tx) -> Result<std::pair<std::vector<clinic::Appointment>, ClinicSchedule>> {
        auto list = PHYSIO_TRY(tx.list_appointments(p.clinic_id, p.id));
        return std::make_pair(std::move(list), PHYSIO_TRY(load_clinic_schedule(tx, p.clinic_id)));
      });
  if (!got) return store_error(got.error());
  const auto& [list, cs] = *got;
  std::vector<schedule::CalendarEvent> events;
  for (const auto& a : list) {
    if (a.status == "noshow") continue;
    std::string with;
    if (auto it = cs.users.find(a.practitioner_id); it != cs.users.end())
      with = " with " + person_name(it->second);
    std::string type = "Physiotherapy";
    for (const auto& t : cs.types)
      if (t.code == a.type_code) type = t.name;
    events.push_back({.uid = a.id,
                      .start_us = a.start_us,
                      .end_us = a.start_us + a.duration_min * schedule::kUsPerMinute,
                      .summary = type + with,
                      .location = a.room,
                      .description = a.reason,
                      .cancelled = a.status == "cancelled",
                      .updated_us = a.updated_us});
  }
  ctx.audit_read("appointment", "", p.id);
  return ics_response(schedule::appointment_calendar("Appointments", events, now_us()), "appointments.ics");
}

// ---- booking ---------------------------------------------------------------------------------------------

net::Response book(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  if (auto d = refuse_if_restricted(ctx, p, "booking an appointment")) return *d;
  const auto& b = ctx.body;
  auto start = parse_iso_time(body_text(b, "start"));
  if (!start) return api_error(400, "invalid_body", "must be a UTC time like 2026-11-23T09:30:00Z", "/start");
  clinic::Appointment a;
  a.clinic_id = p.clinic_id;
  a.patient_id = p.id;
  a.practitioner_id = body_text(b, "practitioner_id");
  a.start_us = *start;
  a.duration_min = b.contains("duration_min") ? b["duration_min"].get<std::int64_t>() : 0;
  a.status = "booked";
  a.reason = body_text(b, "reason");
  a.room = body_text(b, "room");
  a.type_code = body_text(b, "type");
  a.booked_by = ctx.principal().user_id;
  const schedule::BookingOptions options{.back_entry = flag(b, "back_entry"),
                                         .outside_hours_ok = flag(b, "outside_hours_ok")};
  const bool is_series =
      b.contains("repeat_count") || b.contains("repeat_until") || b.contains("repeat_every_weeks");
  const bool skip_conflicts = flag(b, "skip_conflicts");

  std::optional<Judged> judged;
  nlohmann::json skipped = nlohmann::json::array();
  auto made = ctx.services.store().write([&](store::Tx& tx) -> Result<std::vector<clinic::Appointment>> {
    auto cs = PHYSIO_TRY(load_clinic_schedule(tx, p.clinic_id));
    if (auto r = resolve_clinician(ctx, cs, a.practitioner_id)) {
      judged = Judged{{}, *r, {}};
      return std::vector<clinic::Appointment>{};
    }
    if (auto r = resolve_type(cs, a.type_code, a.duration_min)) {
      judged = Judged{{}, *r, {}};
      return std::vector<clinic::Appointment>{};
    }
    std::vector<TimeUs> starts{a.start_us};
    std::vector<schedule::SkippedVisit> closed;
    if (is_series) {
      schedule::Recurrence rec;
      rec.every_weeks = static_cast<int>(b.value("repeat_every_weeks", std::int64_t{1}));
      rec.count = static_cast<int>(b.value("repeat_count", std::int64_t{0}));
      if (b.contains("repeat_until")) {
        auto day = days_from_iso_date(body_text(b, "repeat_until"));
        if (!day) {
          judged =
              Judged{{}, Refusal{400, "invalid_body", "must be a date like 2027-03-31", "/repeat_until"}, {}};
          return std::vector<clinic::Appointment>{};
        }
        rec.until_day = *day;
      }
      if (auto rp = schedule::recurrence_problem(rec, a.start_us, cs.offset)) {
        judged = Judged{{}, Refusal{400, "invalid_body", rp->message, "/" + rp->field}, {}};
        return std::vector<clinic::Appointment>{};
      }
      // The clinic's closed days are left out of the series and named, whatever skip_conflicts says.
      auto plan = schedule::plan_series(a.start_us, rec, cs.closures, cs.offset);
      starts = std::move(plan.starts);
      closed = std::move(plan.skipped);
      if (starts.empty()) {
        judged = Judged{
            {},
            Refusal{422, "clinic_closed", "the clinic is closed on every date of the series", "/start"},
            {}};
        return std::vector<clinic::Appointment>{};
      }
    }
    PHYSIO_CHECK(store::lock_for_booking(tx, p.clinic_id, a.practitioner_id, p.id));
    std::vector<clinic::Appointment> to_book;
    std::vector<schedule::Problem> first_problems;
    nlohmann::json occurrences = nlohmann::json::array();
    const std::string series_id = is_series ? security::random_id() : std::string();
    for (const TimeUs s : starts) {
      clinic::Appointment one = a;
      one.start_us = s;
      one.series_id = series_id;
      one.back_entry = options.back_entry && s < now_us();
      const auto bk = booking_of(one);
      auto bctx = PHYSIO_TRY(booking_context(tx, cs, p.clinic_id, bk, bk.end_us()));
      auto problems = schedule::check_booking(bk, bctx, options);
      if (problems.empty()) {
        to_book.push_back(std::move(one));
        continue;
      }
      nlohmann::json list = nlohmann::json::array();
      for (const auto& pr : problems)
        list.push_back({{"kind", schedule::to_string(pr.kind)}, {"message", pr.message}});
      occurrences.push_back({{"start", iso_time(s)}, {"problems", list}});
      if (first_problems.empty()) first_problems = std::move(problems);
    }
    if (!first_problems.empty() && !(is_series && skip_conflicts)) {
      judged = Judged{std::move(first_problems), std::nullopt, std::move(occurrences)};
      return std::vector<clinic::Appointment>{};
    }
    // Every date of the pattern not booked, by date: the closed days and (skip_conflicts) the clashes.
    std::vector<schedule::SkippedVisit> left_out = closed;
    for (const auto& o : occurrences) {
      std::string why;
      for (const auto& pr : o["problems"])
        why += (why.empty() ? "" : "; ") + pr["message"].get<std::string>();
      left_out.push_back({*parse_iso_time(o["start"].get<std::string>()), why});
    }
    std::sort(left_out.begin(), left_out.end(),
              [](const auto& x, const auto& y) { return x.start_us < y.start_us; });
    skipped = nlohmann::json::array();
    for (const auto& k : left_out) {
      nlohmann::json entry = {{"start", iso_time(k.start_us)}, {"reason", k.reason}};
      for (const auto& o : occurrences)
        if (o["start"] == entry["start"]) entry["problems"] = o["problems"];
      if (!entry.contains("problems"))
        entry["problems"] = nlohmann::json::array({{{"kind", "clinic_closed"}, {"message", k.reason}}});
      skipped.push_back(std::move(entry));
    }
    if (to_book.empty()) {
      judged = Judged{{}, Refusal{409, "conflict", "no visit of the series is free", "/start"}, {}};
      return std::vector<clinic::Appointment>{};
    }
    auto stored = PHYSIO_TRY(store::create_appointments(tx, std::move(to_book)));
    if (is_series) {
      // What the series left out, so the one e-mail confirming it names each date and why.
      nlohmann::json left = nlohmann::json::array();
      for (const auto& k : skipped) left.push_back({{"start", k["start"]}, {"reason", k["reason"]}});
      PHYSIO_CHECK(store::put_series(tx, {.clinic_id = p.clinic_id,
                                          .id = series_id,
                                          .patient_id = p.id,
                                          .skipped_json = left.dump(),
                                          .created_by = a.booked_by}));
    }
    std::vector<store::AuditEventInput> events;
    for (const auto& s : stored) {
      auto ev = ctx.audit_event("appointment", s.id, p.id);
      if (!s.series_id.empty()) ev.detail = "series " + s.series_id;
      events.push_back(std::move(ev));
      if (s.back_entry) {
        // A visit entered after the fact: its own event, so a review of back entries finds every one.
        auto back = ctx.audit_event("appointment", s.id, p.id);
        back.action = "appointment.back_entry";
        back.detail = "start " + iso_time(s.start_us) + " entered at " + iso_time(now_us());
        events.push_back(std::move(back));
      }
    }
    // Booked from the waiting list: the patient's open entry closes.
    if (PHYSIO_TRY(store::close_waitlist_entry(tx, p.clinic_id, p.id, "booked"))) {
      events.push_back(ctx.audit_event("waiting_list", p.id, p.id));
      events.back().action = "waitlist.booked";
    }
    PHYSIO_CHECK(tx.append_audit(events));
    return stored;
  });
  if (!made) return store_error(made.error());
  if (judged) {
    if (judged->refusal) return refusal_response(*judged->refusal);
    auto r = refuse_booking(judged->problems);
    if (is_series) {
      auto body = nlohmann::json::parse(r.body);
      body["occurrences"] = judged->occurrences;
      r.body = body.dump();
    }
    return r;
  }
  auto cs = ctx.services.store().read([&](store::Tx& tx) { return load_clinic_schedule(tx, p.clinic_id); });
  if (!cs) return store_error(cs.error());
  if (!is_series) return json_ok(appointment_out(made->front(), *cs), 201);
  nlohmann::json list = nlohmann::json::array();
  for (const auto& s : *made) list.push_back(appointment_out(s, *cs));
  return json_ok({{"series_id", made->front().series_id}, {"appointments", list}, {"skipped", skipped}}, 201);
}

}  // namespace bookings

using namespace bookings;

void add_booking_routes(RouteTable& routes) {
  routes.push_back(make_route("GET", "/api/patients/{id}/appointments",
                              "A patient's appointments (with whether the patient may still cancel online)",
                              Action::kReadSchedule, Target::kPatient, "appointment.read",
                              list_appointments));
  routes.push_back(
      answering(make_route("GET", "/api/patients/{id}/appointments.ics",
                           "A patient's appointments as an iCalendar file", Action::kReadSchedule,
                           Target::kPatient, "appointment.calendar", patient_calendar),
                "text/calendar"));
  routes.push_back(with_body(
      make_route("POST", "/api/patients/{id}/appointments",
                 "Book an appointment, or a weekly series (repeat_*): refused with every clash, a past time "
                 "(unless back_entry) or outside working hours (unless outside_hours_ok)",
                 Action::kWriteSchedule, Target::kPatient, "appointment.create", book),
      {{"start", FieldType::kString, true, "UTC start, ISO 8601", 40, {}, nullptr},
       {"duration_min", FieldType::kInteger, false, "minutes (default: the type's)", 0, {}, nullptr, 5, 480},
       {"practitioner_id",
        FieldType::kString,
        false,
        "the clinician (default: the caller, when a clinician)",
        64,
        {},
        nullptr},
       {"type", FieldType::kString, false, "the clinic's appointment type code", 40, {}, nullptr},
       {"room", FieldType::kString, false, "room", 100, {}, text_check_100},
       {"reason", FieldType::kString, false, "reason for the visit", 500, {}, text_check_500},
       {"back_entry", FieldType::kBoolean, false, "a visit entered after the fact (audited)", 0, {}, nullptr},
       {"outside_hours_ok",
        FieldType::kBoolean,
        false,
        "book outside the clinician's working hours",
        0,
        {},
        nullptr},
       {"repeat_every_weeks", FieldType::kInteger, false, "a series: every n weeks", 0, {}, nullptr, 1, 12},
       {"repeat_count", FieldType::kInteger, false, "a series: number of visits", 0, {}, nullptr, 2, 52},
       {"repeat_until",
        FieldType::kString,
        false,
        "a series: last date, YYYY-MM-DD",
        10,
        {},
        clinic::date_problem},
       {"skip_conflicts",
        FieldType::kBoolean,
        false,
        "a series: book the free visits, list the others",
        0,
        {},
        nullptr}},
      4096));
  routes.push_back(with_body(
      make_route(
          "PATCH", "/api/appointments/{id}",
          "Mark arrived, attended or no-show; move (start, length, clinician) or cancel with change_reason",
          Action::kWriteSchedule, Target::kAppointment, "appointment.update", change),
      {{"status",
        FieldType::kString,
        false,
        "new status",
        12,
        {"booked", "arrived", "fulfilled", "cancelled", "noshow"},
        nullptr},
       {"start", FieldType::kString, false, "new UTC start, ISO 8601", 40, {}, nullptr},
       {"duration_min", FieldType::kInteger, false, "new length in minutes", 0, {}, nullptr, 5, 480},
       {"practitioner_id", FieldType::kString, false, "another clinician", 64, {}, nullptr},
       {"type", FieldType::kString, false, "the clinic's appointment type code", 40, {}, nullptr},
       {"room", FieldType::kString, false, "room", 100, {}, text_check_100},
       {"reason", FieldType::kString, false, "reason for the visit", 500, {}, text_check_500},
       {"change_reason",
        FieldType::kString,
        false,
        "why it is cancelled or moved (required for both)",
        500,
        {},
        text_check_500},
       {"back_entry",
        FieldType::kBoolean,
        false,
        "moved to a past time after the fact (audited)",
        0,
        {},
        nullptr},
       {"outside_hours_ok",
        FieldType::kBoolean,
        false,
        "move outside the clinician's working hours",
        0,
        {},
        nullptr}},
      4096));
  routes.push_back(with_body(
      make_route(
          "POST", "/api/appointments/{id}/cancel",
          "Cancel an appointment with a reason (a patient their own, up to the clinic's notice before it)",
          Action::kCancelAppointment, Target::kAppointment, "appointment.cancel", cancel),
      {{"reason",
        FieldType::kString,
        true,
        "why",
        500,
        {},
        [](std::string_view v) {
          return v.empty() ? std::string("give a reason") : clinic::text_problem(v, 500);
        }}},
      2048));
  routes.push_back(with_query(
      make_route(
          "GET", "/api/patients/{id}/free-times",
          "The times a patient may book online: the clinic's online rules, clinicians, types and, for a "
          "clinician and a type, the free starts of up to 14 days",
          Action::kReadSchedule, Target::kPatient, "appointment.free_times", free_times),
      {{"clinician", "the clinician (a staff id)"},
       {"type", "the appointment type's code"},
       {"from", "first day, YYYY-MM-DD in the clinic's zone (default today)"},
       {"days", "how many days, 1 to 14 (default 7)"}}));
  routes.push_back(with_body(
      make_route(
          "POST", "/api/patients/{id}/online-bookings",
          "Book (or rebook, replaces) within the clinic's online rules: online booking on, the notice, the "
          "clinician's working hours and free times, no closed day; refusals in the patient's words",
          Action::kCancelAppointment, Target::kPatient, "appointment.create", book_online),
      {{"start", FieldType::kString, true, "UTC start, ISO 8601 (one of the free times)", 40, {}, nullptr},
       {"practitioner_id", FieldType::kString, true, "the clinician", 64, {}, nullptr},
       {"type", FieldType::kString, true, "the clinic's appointment type code", 40, {}, nullptr},
       {"reason",
        FieldType::kString,
        false,
        "what the visit is about, in the patient's words",
        500,
        {},
        text_check_500},
       {"replaces",
        FieldType::kString,
        false,
        "the patient's booked appointment this one replaces (rebooking)",
        64,
        {},
        nullptr}},
      2048));
  routes.push_back(with_body(
      make_route("POST", "/api/appointments/{id}/cancel-series",
                 "Cancel this visit and the later booked visits of its series with one reason (a patient "
                 "their own, each up to the clinic's notice)",
                 Action::kCancelAppointment, Target::kAppointment, "appointment.cancel", cancel_series),
      {{"reason",
        FieldType::kString,
        true,
        "why",
        500,
        {},
        [](std::string_view v) {
          return v.empty() ? std::string("give a reason") : clinic::text_problem(v, 500);
        }}},
      2048));
}

}  // namespace physio::server
