// Appointments changed (status, no-show, another time or clinician) and cancelled with a reason,
// one visit or the rest of a series, each change judged again by the schedule rules (api_bookings.cpp).
#include <algorithm>
#include <set>

#include "clinic/validation.hpp"
#include "core/civil_date.hpp"
#include "schedule/online.hpp"
#include "schedule/series.hpp"
#include "server/http/context.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/services.hpp"
#include "server/schedule/bookings_support.hpp"
#include "server/schedule/schedule_support.hpp"
#include "store/clinic_calendar.hpp"

namespace physio::server::bookings {

using clinic::Action;

// ---- changing and cancelling -----------------------------------------------------------------------------

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

}  // namespace physio::server::bookings
