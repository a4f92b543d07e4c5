// The appointment routes' shared pieces (bookings_support.hpp).
#include "server/schedule/bookings_support.hpp"

#include "clinic/validation.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/services.hpp"
#include "store/clinic_calendar.hpp"

namespace physio::server::bookings {

using clinic::Action;

bool flag(const nlohmann::json& body, const char* key) {
  auto it = body.find(key);
  return it != body.end() && it->is_boolean() && it->get<bool>();
}

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

std::string text_check_500(std::string_view v) {
  return clinic::text_problem(v, 500);
}
std::string text_check_100(std::string_view v) {
  return clinic::text_problem(v, 100);
}

}  // namespace physio::server::bookings
