// Appointments: a patient's list and calendar file, booking (one visit or a weekly series), changing
// (status, no-show, moving to another time or clinician) and cancelling with a reason. Every booking is
// judged by the schedule module's rules inside the write transaction that stores it.
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
#include "server/schedule/routes.hpp"
#include "server/schedule/schedule_support.hpp"
#include "store/clinic_calendar.hpp"

namespace physio::server {
namespace {

using clinic::Action;

bool flag(const nlohmann::json& body, const char* key) {
  auto it = body.find(key);
  return it != body.end() && it->is_boolean() && it->get<bool>();
}

/// A refusal that is not about the time: 4xx with the field.
struct Refusal {
  int status;
  std::string code, message, field;
};

/// Thrown out of a write transaction as an error value: the booking was judged and refused.
struct Judged {
  std::vector<schedule::Problem> problems;
  std::optional<Refusal> refusal;
  nlohmann::json occurrences;  ///< a series: each visit's problems
};

/// The rules' context for a booking of `b`: the appointments near it, the clinician's hours, names.
Result<schedule::BookingContext> booking_context(store::Tx& tx, const ClinicSchedule& cs,
                                                 std::string_view clinic_id, const schedule::Booking& b,
                                                 TimeUs to_us) {
  schedule::BookingContext ctx;
  ctx.now_us = now_us();
  ctx.offset = cs.offset;
  for (const auto& a :
       PHYSIO_TRY(store::appointments_near(tx, clinic_id, b.clinician_id, b.patient_id, b.start_us, to_us)))
    ctx.nearby.push_back(booking_of(a));
  for (const auto& s : PHYSIO_TRY(store::list_working_hours(tx, clinic_id, b.clinician_id)))
    ctx.hours.push_back({s.weekday, s.start_min, s.end_min});
  ctx.closures = cs.closures;
  // Names: the clinicians from the clinic's logins, the patients read once each.
  auto names = std::make_shared<std::map<std::string, std::string>>();
  for (const auto& a : ctx.nearby)
    if (!names->contains(a.patient_id)) {
      auto p = tx.get_patient(clinic_id, a.patient_id);
      (*names)[a.patient_id] = p ? patient_name(*p) : std::string("a patient");
    }
  ctx.patient_name = [names](std::string_view id) {
    auto it = names->find(std::string(id));
    return it == names->end() ? std::string("a patient") : it->second;
  };
  ctx.clinician_name = [&cs](std::string_view id) {
    auto it = cs.users.find(std::string(id));
    return it == cs.users.end() ? std::string("the clinician") : person_name(it->second);
  };
  return ctx;
}

/// The clinician named by the body (or the caller when they are one); a refusal naming the field otherwise.
std::optional<Refusal> resolve_clinician(const RequestContext& ctx, const ClinicSchedule& cs,
                                         std::string& id) {
  const auto& who = ctx.principal();
  if (id.empty()) {
    auto self = cs.users.find(who.user_id);
    if (self != cs.users.end() && is_clinician(self->second)) {
      id = who.user_id;
      return std::nullopt;
    }
    return Refusal{400, "invalid_body", "name the clinician the appointment is with", "/practitioner_id"};
  }
  auto it = cs.users.find(id);
  if (it == cs.users.end() || !is_clinician(it->second))
    return Refusal{422, "invalid_body", "is not a clinician of this clinic", "/practitioner_id"};
  return std::nullopt;
}

/// The type named by the body: active in the clinic; fills the length when none was given.
std::optional<Refusal> resolve_type(const ClinicSchedule& cs, const std::string& code,
                                    std::int64_t& duration_min) {
  if (code.empty()) {
    if (duration_min == 0)
      return Refusal{400, "invalid_body", "give the length in minutes or a type", "/duration_min"};
    return std::nullopt;
  }
  for (const auto& t : cs.types)
    if (t.code == code && t.active) {
      if (duration_min == 0) duration_min = t.duration_min;
      return std::nullopt;
    }
  return Refusal{422, "invalid_body", "is not one of the clinic's appointment types", "/type"};
}

net::Response refusal_response(const Refusal& r) {
  return api_error(r.status, r.code, r.message, r.field);
}

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

// ---- changing and cancelling -----------------------------------------------------------------------------

/// Loads {id} in the caller's clinic and authorizes `action` on it.
std::optional<net::Response> load_appointment(RequestContext& ctx, clinic::Appointment& out, Action action) {
  const auto& who = ctx.principal();
  auto a = ctx.services.store().read(
      [&](store::Tx& tx) { return tx.get_appointment(who.clinic_id, ctx.param("id")); });
  if (!a) {
    if (a.error().code() != ErrorCode::kNotFound) return store_error(a.error());
    ctx.pending_reads.push_back(ctx.audit_event("appointment", "", "", "denied"));
    return not_found_answer("appointment");
  }
  if (auto d = ctx.authorize(action, {a->clinic_id, a->patient_id}, "appointment", a->id)) return d;
  out = std::move(*a);
  return std::nullopt;
}

net::Response change(RequestContext& ctx) {
  clinic::Appointment a;
  if (auto d = load_appointment(ctx, a, Action::kWriteSchedule)) return *d;
  const auto& b = ctx.body;
  const std::string change_reason = body_text(b, "change_reason");
  const bool moves = b.contains("start") || b.contains("duration_min") || b.contains("practitioner_id");
  const std::string to_status = b.contains("status") ? body_text(b, "status") : a.status;
  const TimeUs now = now_us();
  if (auto why = schedule::status_change_problem(a.status, to_status, a.start_us, now); !why.empty())
    return api_error(409, "conflict", why, "/status");
  if (to_status == "cancelled" && a.status != "cancelled" && change_reason.empty())
    return api_error(400, "invalid_body", "give the reason for cancelling", "/change_reason");
  if (moves && a.status != "booked")
    return api_error(409, "conflict", "only a booked appointment can be moved; this one is " + a.status,
                     "/status");
  if (moves && change_reason.empty())
    return api_error(400, "invalid_body", "give the reason for moving the appointment", "/change_reason");
  const clinic::Appointment before = a;
  if (b.contains("start")) {
    auto start = parse_iso_time(body_text(b, "start"));
    if (!start)
      return api_error(400, "invalid_body", "must be a UTC time like 2026-11-23T09:30:00Z", "/start");
    a.start_us = *start;
  }
  if (b.contains("duration_min")) a.duration_min = b["duration_min"].get<std::int64_t>();
  if (b.contains("practitioner_id")) a.practitioner_id = body_text(b, "practitioner_id");
  if (b.contains("room")) a.room = body_text(b, "room");
  if (b.contains("reason")) a.reason = body_text(b, "reason");
  if (b.contains("type")) a.type_code = body_text(b, "type");
  a.status = to_status;
  if (to_status == "cancelled" && before.status != "cancelled") a.cancel_reason = change_reason;
  const schedule::BookingOptions options{.back_entry = flag(b, "back_entry"),
                                         .outside_hours_ok = flag(b, "outside_hours_ok")};

  std::optional<Judged> judged;
  auto updated = ctx.services.store().write([&](store::Tx& tx) -> Result<clinic::Appointment> {
    auto cs = PHYSIO_TRY(load_clinic_schedule(tx, a.clinic_id));
    if (b.contains("type") && !a.type_code.empty()) {
      std::int64_t keep = a.duration_min;
      if (auto r = resolve_type(cs, a.type_code, keep)) {
        judged = Judged{{}, *r, {}};
        return a;
      }
    }
    if (moves) {
      if (auto r = resolve_clinician(ctx, cs, a.practitioner_id)) {
        judged = Judged{{}, *r, {}};
        return a;
      }
      PHYSIO_CHECK(store::lock_for_booking(tx, a.clinic_id, a.practitioner_id, a.patient_id));
      a.back_entry = options.back_entry && a.start_us < now;
      const auto bk = booking_of(a);
      auto bctx = PHYSIO_TRY(booking_context(tx, cs, a.clinic_id, bk, bk.end_us()));
      if (auto problems = schedule::check_booking(bk, bctx, options); !problems.empty()) {
        judged = Judged{std::move(problems), std::nullopt, {}};
        return a;
      }
    }
    auto na = PHYSIO_TRY(tx.update_appointment(a));
    auto ev = ctx.audit_event("appointment", na.id, na.patient_id);
    if (moves)
      ev.detail = "moved from " + iso_time(before.start_us) + " (" + before.practitioner_id + ") to " +
                  iso_time(na.start_us) + " (" + na.practitioner_id + "): " + change_reason;
    else if (before.status != na.status)
      ev.detail = before.status + " -> " + na.status + (change_reason.empty() ? "" : ": " + change_reason);
    std::vector<store::AuditEventInput> events{ev};
    if (na.status == "cancelled" && before.status != "cancelled")
      PHYSIO_TRY(offer_freed_time(tx, na, cs, events, ev));
    if (moves && na.back_entry) {
      auto back = ctx.audit_event("appointment", na.id, na.patient_id);
      back.action = "appointment.back_entry";
      back.detail = "start " + iso_time(na.start_us) + " entered at " + iso_time(now);
      events.push_back(std::move(back));
    }
    PHYSIO_CHECK(tx.append_audit(events));
    return na;
  });
  if (!updated) return store_error(updated.error());
  if (judged) return judged->refusal ? refusal_response(*judged->refusal) : refuse_booking(judged->problems);
  auto cs = ctx.services.store().read([&](store::Tx& tx) { return load_clinic_schedule(tx, a.clinic_id); });
  if (!cs) return store_error(cs.error());
  return json_ok(appointment_out(*updated, *cs));
}

net::Response cancel(RequestContext& ctx) {
  clinic::Appointment a;
  if (auto d = load_appointment(ctx, a, Action::kCancelAppointment)) return *d;
  const std::string reason = body_text(ctx.body, "reason");
  const bool by_patient = ctx.principal().role == clinic::Role::kPatient;
  std::optional<Refusal> refused;
  auto updated = ctx.services.store().write([&](store::Tx& tx) -> Result<clinic::Appointment> {
    // Read again inside the transaction: the status decides.
    auto cur = PHYSIO_TRY(tx.get_appointment(a.clinic_id, a.id));
    if (by_patient) {
      const auto settings = PHYSIO_TRY(store::get_schedule_settings(tx, a.clinic_id));
      const auto d = schedule::patient_may_cancel(booking_of(cur), now_us(), settings.cancel_notice_min,
                                                  zone_offset(settings.time_zone));
      if (!d.allowed) {
        refused = Refusal{409, "too_late", d.reason, "/id"};
        return cur;
      }
    } else if (auto why = schedule::status_change_problem(cur.status, "cancelled", cur.start_us, now_us());
               !why.empty() || cur.status == "cancelled") {
      refused = Refusal{409, "conflict", why.empty() ? "the appointment is already cancelled" : why, "/id"};
      return cur;
    }
    cur.status = "cancelled";
    cur.cancel_reason = by_patient ? "by the patient: " + reason : reason;
    auto na = PHYSIO_TRY(tx.update_appointment(cur));
    auto ev = ctx.audit_event("appointment", na.id, na.patient_id);
    ev.detail = "cancelled " + iso_time(na.start_us) + ": " + reason;
    std::vector<store::AuditEventInput> events{ev};
    // The freed time goes to the first patient on the waiting list it suits.
    const auto cs = PHYSIO_TRY(load_clinic_schedule(tx, na.clinic_id));
    PHYSIO_TRY(offer_freed_time(tx, na, cs, events, ev));
    PHYSIO_CHECK(tx.append_audit(events));
    return na;
  });
  if (!updated) return store_error(updated.error());
  if (refused) return refusal_response(*refused);
  auto cs = ctx.services.store().read([&](store::Tx& tx) { return load_clinic_schedule(tx, a.clinic_id); });
  if (!cs) return store_error(cs.error());
  return json_ok(appointment_out(*updated, *cs));
}

/// Cancels {id} and every later booked visit of its series with one reason. A patient cancels only the
/// visits still within the clinic's notice; the others stay booked and are named in `kept`.
net::Response cancel_series(RequestContext& ctx) {
  clinic::Appointment a;
  if (auto d = load_appointment(ctx, a, Action::kCancelAppointment)) return *d;
  if (a.series_id.empty())
    return api_error(409, "conflict", "this appointment is not part of a series; cancel it on its own",
                     "/id");
  const std::string reason = body_text(ctx.body, "reason");
  const bool by_patient = ctx.principal().role == clinic::Role::kPatient;
  struct Outcome {
    std::vector<clinic::Appointment> cancelled;
    nlohmann::json kept = nlohmann::json::array();
  };
  auto done = ctx.services.store().write([&](store::Tx& tx) -> Result<Outcome> {
    Outcome out;
    const auto cs = PHYSIO_TRY(load_clinic_schedule(tx, a.clinic_id));
    std::vector<store::AuditEventInput> events;
    std::vector<std::string> offered;
    const TimeUs now = now_us();
    for (auto cur : PHYSIO_TRY(store::series_appointments(tx, a.clinic_id, a.series_id))) {
      if (cur.start_us < a.start_us || cur.status != "booked" || cur.patient_id != a.patient_id) continue;
      if (by_patient) {
        const auto d =
            schedule::patient_may_cancel(booking_of(cur), now, cs.settings.cancel_notice_min, cs.offset);
        if (!d.allowed) {
          out.kept.push_back({{"id", cur.id}, {"start", iso_time(cur.start_us)}, {"reason", d.reason}});
          continue;
        }
      } else if (cur.start_us < now) {
        out.kept.push_back({{"id", cur.id},
                            {"start", iso_time(cur.start_us)},
                            {"reason", "it has already started; mark it attended or missed instead"}});
        continue;
      }
      cur.status = "cancelled";
      cur.cancel_reason = by_patient ? "by the patient: " + reason : reason;
      auto na = PHYSIO_TRY(tx.update_appointment(cur));
      auto ev = ctx.audit_event("appointment", na.id, na.patient_id);
      ev.detail = "series " + a.series_id + ": cancelled " + iso_time(na.start_us) + ": " + reason;
      events.push_back(ev);
      if (auto who = PHYSIO_TRY(offer_freed_time(tx, na, cs, events, ev, offered)); !who.empty())
        offered.push_back(who);
      out.cancelled.push_back(std::move(na));
    }
    if (!events.empty()) PHYSIO_CHECK(tx.append_audit(events));
    return out;
  });
  if (!done) return store_error(done.error());
  if (done->cancelled.empty()) {
    if (!done->kept.empty())
      return api_error(409, by_patient ? "too_late" : "conflict",
                       done->kept.front()["reason"].get<std::string>(), "/id");
    return api_error(409, "conflict", "no booked visit of the series is left to cancel", "/id");
  }
  auto cs = ctx.services.store().read([&](store::Tx& tx) { return load_clinic_schedule(tx, a.clinic_id); });
  if (!cs) return store_error(cs.error());
  nlohmann::json list = nlohmann::json::array();
  for (const auto& c : done->cancelled) list.push_back(appointment_out(c, *cs));
  return json_ok({{"series_id", a.series_id}, {"cancelled", list}, {"kept", done->kept}});
}

// ---- booking by the patient -------------------------------------------------------------------------------

schedule::OnlineRules online_rules(const store::ScheduleSettings& s) {
  return {.enabled = s.online_booking, .notice_min = s.online_notice_min};
}

constexpr std::int64_t kMaxFreeTimeDays = 14;

/// The times a patient may book online: the clinic's online rules, its clinicians with working hours and
/// its active types, and for `clinician` and `type` the free starts of `days` local days from `from`.
net::Response free_times(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  const std::string clinician = ctx.query("clinician").value_or("");
  const std::string type = ctx.query("type").value_or("");
  const std::string from_s = ctx.query("from").value_or("");
  std::int64_t days = 7;
  if (auto d = ctx.query("days")) {
    try {
      days = std::stoll(*d);
    } catch (...) {
      days = 0;
    }
    if (days < 1 || days > kMaxFreeTimeDays)
      return api_error(400, "invalid_query", "give 1 to 14 days", "days");
  }
  std::optional<std::int64_t> from_day;
  if (!from_s.empty()) {
    from_day = days_from_iso_date(from_s);
    if (!from_day) return api_error(400, "invalid_query", "must be a date like 2026-12-03", "from");
  }
  std::optional<std::pair<std::string, std::string>> refused;  // field, message
  auto got = ctx.services.store().read([&](store::Tx& tx) -> Result<nlohmann::json> {
    auto cs = PHYSIO_TRY(load_clinic_schedule(tx, p.clinic_id));
    const auto rules = online_rules(cs.settings);
    nlohmann::json clinicians = nlohmann::json::array();
    std::set<std::string> with_hours;
    for (const auto& s : PHYSIO_TRY(store::list_working_hours(tx, p.clinic_id))) with_hours.insert(s.user_id);
    for (const auto& [id, u] : cs.users)
      if (is_clinician(u) && with_hours.contains(id))
        clinicians.push_back({{"id", id}, {"name", person_name(u)}});
    nlohmann::json types = nlohmann::json::array();
    std::int64_t duration = 0;
    for (const auto& t : cs.types)
      if (t.active) {
        types.push_back({{"code", t.code}, {"name", t.name}, {"duration_min", t.duration_min}});
        if (t.code == type) duration = t.duration_min;
      }
    const std::int64_t today = schedule::to_local(now_us(), cs.offset).day;
    const std::int64_t first = std::max(from_day.value_or(today), today);
    nlohmann::json out = {{"time_zone", cs.settings.time_zone},
                          {"online_booking", rules.enabled},
                          {"online_notice_hours", rules.notice_min / 60},
                          {"cancel_notice_hours", cs.settings.cancel_notice_min / 60},
                          {"clinicians", clinicians},
                          {"types", types},
                          {"from", iso_date_from_days(first)},
                          {"to", iso_date_from_days(first + days - 1)},
                          {"slots", nlohmann::json::array()},
                          {"refusal", nullptr}};
    if (!rules.enabled) {
      out["refusal"] = "The clinic does not take bookings online; please call the clinic to book.";
      return out;
    }
    if (clinician.empty()) return out;
    if (!with_hours.contains(clinician) || !cs.users.contains(clinician) ||
        !is_clinician(cs.users.at(clinician))) {
      refused = {"clinician", "is not a clinician taking online bookings"};
      return out;
    }
    if (duration == 0) {
      refused = {"type", "choose one of the clinic's appointment types"};
      return out;
    }
    const schedule::Booking like{"", p.id, clinician, 0, duration, "booked"};
    const TimeUs from_us = schedule::to_utc(first, 0, cs.offset);
    const TimeUs to_us = schedule::to_utc(first + days, 0, cs.offset);
    schedule::Booking span = like;
    span.start_us = from_us;
    auto bctx = PHYSIO_TRY(booking_context(tx, cs, p.clinic_id, span, to_us));
    for (const TimeUs t : schedule::free_starts(like, bctx, first, first + days - 1, rules))
      out["slots"].push_back(
          {{"start", iso_time(t)}, {"end", iso_time(t + duration * schedule::kUsPerMinute)}});
    return out;
  });
  if (!got) return store_error(got.error());
  if (refused) return api_error(400, "invalid_query", refused->second, refused->first);
  ctx.audit_read("appointment", "", p.id);
  return json_ok(*got);
}

/// A patient books (or rebooks: `replaces`, their own booked appointment) within the clinic's online rules.
/// Authorized as kCancelAppointment: the action of a patient changing their own bookings within the
/// clinic's rules (physiotherapist, front desk, the patient on their own record), which this route holds
/// them to.
net::Response book_online(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  if (auto d = refuse_if_restricted(ctx, p, "booking an appointment")) return *d;
  const auto& b = ctx.body;
  auto start = parse_iso_time(body_text(b, "start"));
  if (!start) return api_error(400, "invalid_body", "must be a UTC time like 2026-11-23T09:30:00Z", "/start");
  const std::string replaces = body_text(b, "replaces");
  const bool by_patient = ctx.principal().role == clinic::Role::kPatient;
  clinic::Appointment a;
  a.clinic_id = p.clinic_id;
  a.patient_id = p.id;
  a.practitioner_id = body_text(b, "practitioner_id");
  a.start_us = *start;
  a.status = "booked";
  a.type_code = body_text(b, "type");
  a.reason = body_text(b, "reason");
  a.booked_by = ctx.principal().user_id;
  std::optional<Judged> judged;
  std::optional<clinic::Appointment> old;
  auto made = ctx.services.store().write([&](store::Tx& tx) -> Result<clinic::Appointment> {
    auto cs = PHYSIO_TRY(load_clinic_schedule(tx, p.clinic_id));
    if (!cs.settings.online_booking) {  // the first of the online rules, before anything else is judged
      judged = Judged{
          schedule::check_online_booking(booking_of(a), {}, online_rules(cs.settings)), std::nullopt, {}};
      return a;
    }
    auto it = cs.users.find(a.practitioner_id);
    if (it == cs.users.end() || !is_clinician(it->second)) {
      judged = Judged{
          {}, Refusal{422, "invalid_body", "is not a clinician of this clinic", "/practitioner_id"}, {}};
      return a;
    }
    a.duration_min = 0;
    if (auto r = resolve_type(cs, a.type_code, a.duration_min); r || a.type_code.empty()) {
      judged = Judged{
          {},
          r ? *r : Refusal{400, "invalid_body", "choose one of the clinic's appointment types", "/type"},
          {}};
      return a;
    }
    if (!replaces.empty()) {
      auto prev = tx.get_appointment(p.clinic_id, replaces);
      if (!prev || prev->patient_id != p.id) {
        judged = Judged{{}, Refusal{404, "not_found", "not one of your appointments", "/replaces"}, {}};
        return a;
      }
      const auto d =
          schedule::patient_may_cancel(booking_of(*prev), now_us(), cs.settings.cancel_notice_min, cs.offset);
      if (prev->status != "booked" || (by_patient && !d.allowed)) {
        judged =
            Judged{{},
                   Refusal{409, "too_late",
                           prev->status != "booked" ? "only a booked appointment can be moved" : d.reason,
                           "/replaces"},
                   {}};
        return a;
      }
      old = *prev;
    }
    PHYSIO_CHECK(store::lock_for_booking(tx, p.clinic_id, a.practitioner_id, p.id));
    auto bk = booking_of(a);
    bk.id = replaces;  // a rebooking does not clash with the visit it replaces
    auto bctx = PHYSIO_TRY(booking_context(tx, cs, p.clinic_id, bk, bk.end_us()));
    if (auto problems = schedule::check_online_booking(bk, bctx, online_rules(cs.settings));
        !problems.empty()) {
      judged = Judged{std::move(problems), std::nullopt, {}};
      return a;
    }
    std::vector<store::AuditEventInput> events;
    if (old) {
      old->status = "cancelled";
      old->cancel_reason =
          std::string(by_patient ? "by the patient: " : "") + "rebooked online to " + iso_time(a.start_us);
      auto na = PHYSIO_TRY(tx.update_appointment(*old));
      auto ev = ctx.audit_event("appointment", na.id, p.id);
      ev.action = "appointment.cancel";
      ev.detail = "rebooked online: " + iso_time(na.start_us) + " -> " + iso_time(a.start_us);
      events.push_back(ev);
      PHYSIO_TRY(offer_freed_time(tx, na, cs, events, ev, {p.id}));
      old = na;
    }
    auto stored = PHYSIO_TRY(tx.create_appointment(a));
    auto ev = ctx.audit_event("appointment", stored.id, p.id);
    ev.detail =
        std::string("online") + (by_patient ? " by the patient" : "") + (old ? ", replacing " + old->id : "");
    events.insert(events.begin(), ev);
    if (PHYSIO_TRY(store::close_waitlist_entry(tx, p.clinic_id, p.id, "booked"))) {
      events.push_back(ctx.audit_event("waiting_list", p.id, p.id));
      events.back().action = "waitlist.booked";
    }
    PHYSIO_CHECK(tx.append_audit(events));
    return stored;
  });
  if (!made) return store_error(made.error());
  if (judged) return judged->refusal ? refusal_response(*judged->refusal) : refuse_booking(judged->problems);
  auto cs = ctx.services.store().read([&](store::Tx& tx) { return load_clinic_schedule(tx, p.clinic_id); });
  if (!cs) return store_error(cs.error());
  auto out = appointment_out(*made, *cs);
  out["replaced"] = old ? appointment_out(*old, *cs) : nlohmann::json(nullptr);
  return json_ok(out, 201);
}

std::string text_check_500(std::string_view v) {
  return clinic::text_problem(v, 500);
}
std::string text_check_100(std::string_view v) {
  return clinic::text_problem(v, 100);
}

}  // namespace

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
