// Booking by the patient: the free times the clinic's online rules offer, and a booking of one of them
// judged by the same rules as the desk's (api_bookings.cpp).
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

}  // namespace physio::server::bookings
