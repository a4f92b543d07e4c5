#include "server/schedule/schedule_support.hpp"

#include <algorithm>

#include "core/civil_date.hpp"
#include "rehab/tz_system.hpp"
#include "schedule/ics.hpp"
#include "schedule/waitlist.hpp"
#include "server/http/http_util.hpp"
#include "store/clinic_calendar.hpp"

namespace physio::server {

namespace {
const rehab::SystemTzProvider& system_tz() {
  static const rehab::SystemTzProvider tz;
  return tz;
}
}  // namespace

schedule::UtcOffsetFn zone_offset(std::string zone) {
  return [zone = std::move(zone)](TimeUs t) { return system_tz().utc_offset_s(zone, t).value_or(0); };
}

bool known_zone(const std::string& zone) {
  return system_tz().utc_offset_s(zone, now_us()).has_value();
}

Result<ClinicSchedule> load_clinic_schedule(store::Tx& tx, std::string_view clinic_id) {
  ClinicSchedule cs;
  cs.settings = PHYSIO_TRY(store::get_schedule_settings(tx, clinic_id));
  cs.offset = zone_offset(cs.settings.time_zone);
  for (auto& u : PHYSIO_TRY(tx.list_users(clinic_id))) cs.users.emplace(u.id, std::move(u));
  cs.types = PHYSIO_TRY(store::list_appointment_types(tx, clinic_id));
  for (auto& c : PHYSIO_TRY(store::list_closures(tx, clinic_id)))
    cs.closures.push_back({c.day, std::move(c.reason)});
  return cs;
}

bool is_clinician(const clinic::User& u) {
  return !u.disabled && (u.role == clinic::Role::kPhysiotherapist || u.role == clinic::Role::kAssistant);
}

std::string person_name(const clinic::User& u) {
  return u.display_name.empty() ? u.email : u.display_name;
}

std::string patient_name(const clinic::Patient& p) {
  std::string n = p.given_name;
  if (!p.family_name.empty()) n += (n.empty() ? "" : " ") + p.family_name;
  return n.empty() ? std::string("a patient") : n;
}

std::string body_text(const nlohmann::json& body, const char* key) {
  auto it = body.find(key);
  return it == body.end() || it->is_null() ? std::string() : it->get<std::string>();
}

nlohmann::json appointment_out(const clinic::Appointment& a, const ClinicSchedule& cs) {
  auto opt = [](const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); };
  std::string clinician, type_name;
  if (auto it = cs.users.find(a.practitioner_id); it != cs.users.end()) clinician = person_name(it->second);
  for (const auto& t : cs.types)
    if (t.code == a.type_code) type_name = t.name;
  return {{"id", a.id},
          {"patient_id", a.patient_id},
          {"practitioner_id", opt(a.practitioner_id)},
          {"practitioner_name", opt(clinician)},
          {"start", iso_time(a.start_us)},
          {"end", iso_time(a.start_us + a.duration_min * schedule::kUsPerMinute)},
          {"duration_min", a.duration_min},
          {"status", a.status},
          {"reason", opt(a.reason)},
          {"room", opt(a.room)},
          {"type", opt(a.type_code)},
          {"type_name", opt(type_name)},
          {"cancel_reason", opt(a.cancel_reason)},
          {"series_id", opt(a.series_id)},
          {"back_entry", a.back_entry}};
}

net::Response refuse_booking(const std::vector<schedule::Problem>& problems) {
  nlohmann::json list = nlohmann::json::array();
  int status = schedule::http_status(problems.front().kind);
  for (const auto& p : problems) {
    nlohmann::json j = {
        {"kind", schedule::to_string(p.kind)}, {"field", "/" + p.field}, {"message", p.message}};
    if (!p.clash_id.empty())
      j["clash"] = {
          {"id", p.clash_id}, {"start", iso_time(p.clash_start_us)}, {"end", iso_time(p.clash_end_us)}};
    list.push_back(std::move(j));
    if (schedule::http_status(p.kind) == 409) status = 409;
  }
  const auto& first = problems.front();
  return json_ok({{"error", schedule::to_string(first.kind)},
                  {"message", first.message},
                  {"field", "/" + first.field},
                  {"problems", list}},
                 status);
}

Result<std::string> offer_freed_time(store::Tx& tx, const clinic::Appointment& cancelled,
                                     const ClinicSchedule& cs, std::vector<store::AuditEventInput>& events,
                                     const store::AuditEventInput& like,
                                     const std::vector<std::string>& offered) {
  std::vector<store::WaitlistEntry> entries;
  for (auto& e : PHYSIO_TRY(store::list_waitlist(tx, cancelled.clinic_id)))
    if (std::find(offered.begin(), offered.end(), e.patient_id) == offered.end())
      entries.push_back(std::move(e));
  std::vector<schedule::Waiter> waiters;
  for (const auto& e : entries) {
    schedule::Waiter w{e.id, e.patient_id, e.clinician_id, e.type_code, {}, {}};
    if (!e.earliest_date.empty()) w.earliest_day = days_from_iso_date(e.earliest_date);
    if (!e.latest_date.empty()) w.latest_day = days_from_iso_date(e.latest_date);
    waiters.push_back(std::move(w));
  }
  const auto i = schedule::first_waiter_for(
      waiters, {cancelled.patient_id, cancelled.practitioner_id, cancelled.type_code, cancelled.start_us},
      now_us(), cs.offset);
  if (!i) return std::string();
  const auto& e = entries[*i];
  if (!PHYSIO_TRY(store::create_waitlist_offer(tx, {.clinic_id = cancelled.clinic_id,
                                                    .appointment_id = cancelled.id,
                                                    .entry_id = e.id,
                                                    .patient_id = e.patient_id,
                                                    .clinician_id = cancelled.practitioner_id,
                                                    .start_us = cancelled.start_us,
                                                    .duration_min = cancelled.duration_min})))
    return std::string();
  auto ev = like;
  ev.action = "waitlist.offer";
  ev.record_type = "waiting_list";
  ev.record_id = e.id;
  ev.patient_id = e.patient_id;
  ev.detail = "offered " + iso_time(cancelled.start_us) + " freed by appointment " + cancelled.id;
  events.push_back(std::move(ev));
  return e.patient_id;
}

schedule::Booking booking_of(const clinic::Appointment& a) {
  return {a.id, a.patient_id, a.practitioner_id, a.start_us, a.duration_min, a.status};
}

net::Response ics_response(std::string ics, std::string_view filename) {
  net::Response r;
  r.status = 200;
  r.headers.push_back({"content-type", "text/calendar; charset=utf-8"});
  r.headers.push_back({"content-disposition", "attachment; filename=\"" + std::string(filename) + "\""});
  r.headers.push_back({"cache-control", "no-store"});
  r.body = std::move(ics);
  return r;
}

}  // namespace physio::server
