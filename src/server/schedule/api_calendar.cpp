// The clinic calendar (day and week, per clinician or everyone), a clinician's calendar file, working hours,
// appointment types, the scheduling settings and the waiting list.
#include <set>

#include "clinic/validation.hpp"
#include "core/civil_date.hpp"
#include "schedule/ics.hpp"
#include "server/http/context.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/services.hpp"
#include "server/schedule/routes.hpp"
#include "server/schedule/schedule_support.hpp"

namespace physio::server {
namespace {

using clinic::Action;

constexpr std::int64_t kMaxCalendarDays = 42;

nlohmann::json hours_json(const std::vector<store::WorkingSpanRow>& week) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& s : week)
    out.push_back({{"weekday", s.weekday},
                   {"weekday_name", schedule::weekday_name(s.weekday)},
                   {"start", schedule::format_clock(s.start_min)},
                   {"end", schedule::format_clock(s.end_min)}});
  return out;
}

nlohmann::json types_json(const std::vector<store::AppointmentTypeRow>& types) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& t : types)
    out.push_back(
        {{"code", t.code}, {"name", t.name}, {"duration_min", t.duration_min}, {"active", t.active}});
  return out;
}

// ---- the clinic calendar -------------------------------------------------------------------------------

net::Response calendar(RequestContext& ctx) {
  const auto& who = ctx.principal();
  if (auto d = ctx.authorize({who.clinic_id, std::nullopt}, "appointment", "")) return *d;
  const std::string from_s = ctx.query("from").value_or("");
  const auto from = days_from_iso_date(from_s);
  if (!from) return api_error(400, "invalid_query", "must be a date like 2026-12-01", "from");
  std::int64_t to = *from + 1;
  if (auto t = ctx.query("to")) {
    auto td = days_from_iso_date(*t);
    if (!td) return api_error(400, "invalid_query", "must be a date like 2026-12-07", "to");
    to = *td + 1;  // the last day is included
  }
  if (to <= *from) return api_error(400, "invalid_query", "must be on or after from", "to");
  if (to - *from > kMaxCalendarDays)
    return api_error(400, "invalid_query", "at most 42 days at a time", "to");
  const std::string clinician = ctx.query("clinician").value_or("");
  auto got = ctx.services.store().read([&](store::Tx& tx) -> Result<nlohmann::json> {
    auto cs = PHYSIO_TRY(load_clinic_schedule(tx, who.clinic_id));
    if (!clinician.empty()) {
      auto it = cs.users.find(clinician);
      if (it == cs.users.end() || !is_clinician(it->second))
        return fail(ErrorCode::kInvalidArgument, "is not a clinician of this clinic");
    }
    const TimeUs from_us = schedule::to_utc(*from, 0, cs.offset);
    const TimeUs to_us = schedule::to_utc(to, 0, cs.offset);
    auto list = PHYSIO_TRY(store::appointments_between(tx, who.clinic_id, from_us, to_us, clinician));
    auto hours = PHYSIO_TRY(store::list_working_hours(tx, who.clinic_id));
    nlohmann::json clinicians = nlohmann::json::array();
    for (const auto& [id, u] : cs.users) {
      if (!is_clinician(u)) continue;  // all of them, for choosing another; the appointments are filtered
      std::vector<store::WorkingSpanRow> week;
      for (const auto& s : hours)
        if (s.user_id == id) week.push_back(s);
      clinicians.push_back({{"id", id},
                            {"name", person_name(u)},
                            {"role", clinic::to_string(u.role)},
                            {"working_hours", hours_json(week)}});
    }
    nlohmann::json items = nlohmann::json::array();
    std::map<std::string, std::string> names;
    for (const auto& a : list) {
      if (!names.contains(a.patient_id)) {
        auto p = tx.get_patient(who.clinic_id, a.patient_id);
        names[a.patient_id] = p ? patient_name(*p) : std::string("a patient");
        ctx.audit_read("appointment", "", a.patient_id);
      }
      auto j = appointment_out(a, cs);
      j["patient_name"] = names[a.patient_id];
      items.push_back(std::move(j));
    }
    nlohmann::json closed = nlohmann::json::array();
    for (const auto& c : cs.closures)
      if (c.day >= *from && c.day < to)
        closed.push_back({{"date", iso_date_from_days(c.day)}, {"reason", c.reason}});
    return nlohmann::json{{"time_zone", cs.settings.time_zone},
                          {"from", iso_date_from_days(*from)},
                          {"to", iso_date_from_days(to - 1)},
                          {"from_utc", iso_time(from_us)},
                          {"to_utc", iso_time(to_us)},
                          {"clinicians", clinicians},
                          {"types", types_json(cs.types)},
                          {"appointments", items},
                          {"closures", closed}};
  });
  if (!got) {
    if (got.error().code() == ErrorCode::kInvalidArgument)
      return api_error(400, "invalid_query", got.error().message(), "clinician");
    return store_error(got.error());
  }
  return json_ok(*got);
}

/// The staff login named by {id} in the caller's clinic, with `action` authorized on the clinic.
std::optional<net::Response> load_staff(RequestContext& ctx, clinic::User& out) {
  auto u = ctx.services.store().read([&](store::Tx& tx) { return tx.get_user(ctx.param("id")); });
  if (!u || u->role == clinic::Role::kPatient) {
    if (!u && u.error().code() != ErrorCode::kNotFound) return store_error(u.error());
    return not_found_answer("user");
  }
  if (auto d = ctx.authorize({u->clinic_id, std::nullopt}, "user", u->id)) return d;
  out = std::move(*u);
  return std::nullopt;
}

net::Response clinician_calendar(RequestContext& ctx) {
  clinic::User u;
  if (auto d = load_staff(ctx, u)) return *d;
  const TimeUs since = now_us() - 30LL * schedule::kUsPerDay;
  auto got = ctx.services.store().read([&](store::Tx& tx) -> Result<std::string> {
    auto cs = PHYSIO_TRY(load_clinic_schedule(tx, u.clinic_id));
    std::vector<schedule::CalendarEvent> events;
    std::set<std::string> patients;
    for (const auto& a : PHYSIO_TRY(store::clinician_appointments(tx, u.clinic_id, u.id, since))) {
      if (a.status == "noshow") continue;
      auto p = tx.get_patient(u.clinic_id, a.patient_id);
      std::string type;
      for (const auto& t : cs.types)
        if (t.code == a.type_code) type = t.name;
      events.push_back(
          {.uid = a.id,
           .start_us = a.start_us,
           .end_us = a.start_us + a.duration_min * schedule::kUsPerMinute,
           .summary = (p ? patient_name(*p) : std::string("A patient")) + (type.empty() ? "" : ": " + type),
           .location = a.room,
           .description = a.reason,
           .cancelled = a.status == "cancelled",
           .updated_us = a.updated_us});
      if (patients.insert(a.patient_id).second) ctx.audit_read("appointment", "", a.patient_id);
    }
    return schedule::appointment_calendar(person_name(u) + ": appointments", events, now_us());
  });
  if (!got) return store_error(got.error());
  return ics_response(std::move(*got), "calendar.ics");
}

// ---- working hours -------------------------------------------------------------------------------------

net::Response get_hours(RequestContext& ctx) {
  clinic::User u;
  if (auto d = load_staff(ctx, u)) return *d;
  auto week = ctx.services.store().read(
      [&](store::Tx& tx) { return store::list_working_hours(tx, u.clinic_id, u.id); });
  if (!week) return store_error(week.error());
  return json_ok({{"user_id", u.id}, {"name", person_name(u)}, {"week", hours_json(*week)}});
}

/// The body's week as spans, or the problem naming the entry.
std::optional<BodyProblem> parse_week(const nlohmann::json& week, std::vector<schedule::WorkingSpan>* out) {
  std::vector<schedule::WorkingSpan> spans;
  if (week.size() > 50) return BodyProblem{"", "at most 50 stretches"};
  for (std::size_t i = 0; i < week.size(); ++i) {
    const auto& e = week[i];
    const std::string at = "/" + std::to_string(i);
    if (!e.is_object()) return BodyProblem{at, "must be an object with weekday, start and end"};
    if (!e.contains("weekday") || !e["weekday"].is_number_integer())
      return BodyProblem{at + "/weekday", "must be 0 (Monday) to 6 (Sunday)"};
    std::optional<int> start, end;
    if (e.contains("start") && e["start"].is_string())
      start = schedule::parse_clock(e["start"].get<std::string>());
    if (e.contains("end") && e["end"].is_string()) end = schedule::parse_clock(e["end"].get<std::string>());
    if (!start) return BodyProblem{at + "/start", "must be a time like 09:00"};
    if (!end) return BodyProblem{at + "/end", "must be a time like 17:30 (24:00 for midnight)"};
    for (const auto& [k, v] : e.items())
      if (k != "weekday" && k != "start" && k != "end") return BodyProblem{at + "/" + k, "unknown field"};
    spans.push_back({static_cast<int>(e["weekday"].get<std::int64_t>()), *start, *end});
    // The problem named at the stretch it is about, so that a page shows it next to that stretch's times:
    // a bad weekday or an end before the start on its own, an overlap at the later of the two.
    if (auto p = schedule::working_hours_problem({spans.back()}); !p.empty())
      return BodyProblem{at + (spans.back().weekday < 0 || spans.back().weekday > 6 ? "/weekday" : "/end"),
                         p};
    for (std::size_t j = 0; j + 1 < spans.size(); ++j)
      if (auto p = schedule::working_hours_problem({spans[j], spans.back()}); !p.empty())
        return BodyProblem{at + "/start", p};
  }
  if (auto p = schedule::working_hours_problem(spans); !p.empty()) return BodyProblem{"", p};
  if (out) *out = std::move(spans);
  return std::nullopt;
}

net::Response put_hours(RequestContext& ctx) {
  clinic::User u;
  if (auto d = load_staff(ctx, u)) return *d;
  if (!is_clinician(u)) return api_error(422, "invalid_body", "working hours are for clinicians", "/week");
  std::vector<schedule::WorkingSpan> spans;
  if (auto p = parse_week(ctx.body["week"], &spans))
    return api_error(400, "invalid_body", p->message, p->field);
  std::vector<store::WorkingSpanRow> rows;
  for (const auto& s : spans) rows.push_back({u.id, s.weekday, s.start_min, s.end_min});
  auto st = ctx.services.store().write([&](store::Tx& tx) -> Result<std::vector<store::WorkingSpanRow>> {
    PHYSIO_CHECK(store::replace_working_hours(tx, u.clinic_id, u.id, rows));
    auto ev = ctx.audit_event("working_hours", u.id, "");
    ev.detail = std::to_string(rows.size()) + " stretches";
    PHYSIO_CHECK(tx.append_audit({ev}));
    return store::list_working_hours(tx, u.clinic_id, u.id);
  });
  if (!st) return store_error(st.error());
  return json_ok({{"user_id", u.id}, {"name", person_name(u)}, {"week", hours_json(*st)}});
}

// ---- appointment types and settings --------------------------------------------------------------------

net::Response get_types(RequestContext& ctx) {
  const auto& who = ctx.principal();
  if (auto d = ctx.authorize({who.clinic_id, std::nullopt}, "appointment_type", "")) return *d;
  auto types = ctx.services.store().read(
      [&](store::Tx& tx) { return store::list_appointment_types(tx, who.clinic_id); });
  if (!types) return store_error(types.error());
  return json_ok({{"types", types_json(*types)}});
}

std::optional<BodyProblem> parse_types(const nlohmann::json& list,
                                       std::vector<store::AppointmentTypeRow>* out) {
  std::vector<schedule::AppointmentType> types;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto& e = list[i];
    const std::string at = "/" + std::to_string(i);
    if (!e.is_object()) return BodyProblem{at, "must be an object with code, name and duration_min"};
    for (const auto& [k, v] : e.items())
      if (k != "code" && k != "name" && k != "duration_min" && k != "active")
        return BodyProblem{at + "/" + k, "unknown field"};
    if (!e.contains("code") || !e["code"].is_string()) return BodyProblem{at + "/code", "must be text"};
    if (!e.contains("name") || !e["name"].is_string()) return BodyProblem{at + "/name", "must be text"};
    if (!e.contains("duration_min") || !e["duration_min"].is_number_integer())
      return BodyProblem{at + "/duration_min", "must be whole minutes"};
    if (e.contains("active") && !e["active"].is_boolean())
      return BodyProblem{at + "/active", "must be true or false"};
    if (auto p = clinic::text_problem(e["name"].get<std::string>(), 100); !p.empty())
      return BodyProblem{at + "/name", p};
    types.push_back({e["code"].get<std::string>(), e["name"].get<std::string>(),
                     e["duration_min"].get<std::int64_t>(), e.value("active", true)});
  }
  if (auto p = schedule::appointment_types_problem(types); !p.empty()) return BodyProblem{"", p};
  if (out)
    for (const auto& t : types) out->push_back({t.code, t.name, t.duration_min, t.active});
  return std::nullopt;
}

net::Response put_types(RequestContext& ctx) {
  const auto& who = ctx.principal();
  if (auto d = ctx.authorize({who.clinic_id, std::nullopt}, "appointment_type", "")) return *d;
  std::vector<store::AppointmentTypeRow> rows;
  if (auto p = parse_types(ctx.body["types"], &rows))
    return api_error(400, "invalid_body", p->message, p->field);
  auto st = ctx.services.store().write([&](store::Tx& tx) -> Result<std::vector<store::AppointmentTypeRow>> {
    PHYSIO_CHECK(store::replace_appointment_types(tx, who.clinic_id, rows));
    auto ev = ctx.audit_event("appointment_type", "", "");
    ev.detail = std::to_string(rows.size()) + " types";
    PHYSIO_CHECK(tx.append_audit({ev}));
    return store::list_appointment_types(tx, who.clinic_id);
  });
  if (!st) return store_error(st.error());
  return json_ok({{"types", types_json(*st)}});
}

nlohmann::json settings_json(const store::ScheduleSettings& s) {
  return {{"time_zone", s.time_zone},
          {"cancel_notice_hours", s.cancel_notice_min / 60},
          {"online_booking", s.online_booking},
          {"online_notice_hours", s.online_notice_min / 60},
          {"updated", s.updated_us == 0 ? nlohmann::json(nullptr) : nlohmann::json(iso_time(s.updated_us))}};
}

net::Response get_settings(RequestContext& ctx) {
  const auto& who = ctx.principal();
  if (auto d = ctx.authorize({who.clinic_id, std::nullopt}, "schedule_settings", "")) return *d;
  auto s = ctx.services.store().read(
      [&](store::Tx& tx) { return store::get_schedule_settings(tx, who.clinic_id); });
  if (!s) return store_error(s.error());
  return json_ok(settings_json(*s));
}

net::Response put_settings(RequestContext& ctx) {
  const auto& who = ctx.principal();
  if (auto d = ctx.authorize({who.clinic_id, std::nullopt}, "schedule_settings", "")) return *d;
  if (ctx.body.contains("time_zone") && !known_zone(body_text(ctx.body, "time_zone")))
    return api_error(400, "invalid_body",
                     "is not a time zone this server knows (IANA name, like Europe/Lisbon)", "/time_zone");
  auto st = ctx.services.store().write([&](store::Tx& tx) -> Result<store::ScheduleSettings> {
    auto s = PHYSIO_TRY(store::get_schedule_settings(tx, who.clinic_id));
    if (ctx.body.contains("time_zone")) s.time_zone = body_text(ctx.body, "time_zone");
    if (ctx.body.contains("cancel_notice_hours"))
      s.cancel_notice_min = ctx.body["cancel_notice_hours"].get<std::int64_t>() * 60;
    if (ctx.body.contains("online_booking")) s.online_booking = ctx.body["online_booking"].get<bool>();
    if (ctx.body.contains("online_notice_hours"))
      s.online_notice_min = ctx.body["online_notice_hours"].get<std::int64_t>() * 60;
    s.updated_by = who.user_id;
    PHYSIO_CHECK(store::put_schedule_settings(tx, who.clinic_id, s));
    auto ev = ctx.audit_event("schedule_settings", who.clinic_id, "");
    ev.detail = s.time_zone + ", cancel notice " + std::to_string(s.cancel_notice_min / 60) +
                " h, online booking " +
                (s.online_booking ? "on, notice " + std::to_string(s.online_notice_min / 60) + " h"
                                  : std::string("off"));
    PHYSIO_CHECK(tx.append_audit({ev}));
    return store::get_schedule_settings(tx, who.clinic_id);
  });
  if (!st) return store_error(st.error());
  return json_ok(settings_json(*st));
}

// ---- the waiting list ----------------------------------------------------------------------------------

nlohmann::json waitlist_json(const store::WaitlistEntry& e, const ClinicSchedule& cs,
                             const std::string& name) {
  auto opt = [](const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); };
  std::string clinician;
  if (auto it = cs.users.find(e.clinician_id); it != cs.users.end()) clinician = person_name(it->second);
  return {{"id", e.id},
          {"patient_id", e.patient_id},
          {"patient_name", name},
          {"clinician_id", opt(e.clinician_id)},
          {"clinician_name", opt(clinician)},
          {"type", opt(e.type_code)},
          {"earliest_date", opt(e.earliest_date)},
          {"latest_date", opt(e.latest_date)},
          {"note", opt(e.note)},
          {"since", iso_time(e.created_us)}};
}

net::Response list_waitlist(RequestContext& ctx) {
  const auto& who = ctx.principal();
  if (auto d = ctx.authorize({who.clinic_id, std::nullopt}, "waiting_list", "")) return *d;
  auto got = ctx.services.store().read([&](store::Tx& tx) -> Result<nlohmann::json> {
    auto cs = PHYSIO_TRY(load_clinic_schedule(tx, who.clinic_id));
    nlohmann::json items = nlohmann::json::array();
    for (const auto& e : PHYSIO_TRY(store::list_waitlist(tx, who.clinic_id))) {
      auto p = tx.get_patient(who.clinic_id, e.patient_id);
      items.push_back(waitlist_json(e, cs, p ? patient_name(*p) : std::string("a patient")));
      ctx.audit_read("waiting_list", e.id, e.patient_id);
    }
    return nlohmann::json{{"items", items}};
  });
  if (!got) return store_error(got.error());
  return json_ok(*got);
}

net::Response put_waitlist(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  store::WaitlistEntry e{.clinic_id = p.clinic_id,
                         .patient_id = p.id,
                         .clinician_id = body_text(ctx.body, "clinician_id"),
                         .type_code = body_text(ctx.body, "type"),
                         .earliest_date = body_text(ctx.body, "earliest_date"),
                         .latest_date = body_text(ctx.body, "latest_date"),
                         .note = body_text(ctx.body, "note"),
                         .created_by = ctx.principal().user_id};
  if (!e.earliest_date.empty() && !e.latest_date.empty() && e.latest_date < e.earliest_date)
    return api_error(400, "invalid_body", "must be on or after earliest_date", "/latest_date");
  std::optional<std::pair<std::string, std::string>> refused;
  auto got = ctx.services.store().write([&](store::Tx& tx) -> Result<nlohmann::json> {
    auto cs = PHYSIO_TRY(load_clinic_schedule(tx, p.clinic_id));
    if (!e.clinician_id.empty()) {
      auto it = cs.users.find(e.clinician_id);
      if (it == cs.users.end() || !is_clinician(it->second)) {
        refused = {"/clinician_id", "is not a clinician of this clinic"};
        return nlohmann::json();
      }
    }
    if (!e.type_code.empty() && std::none_of(cs.types.begin(), cs.types.end(),
                                             [&](const auto& t) { return t.code == e.type_code; })) {
      refused = {"/type", "is not one of the clinic's appointment types"};
      return nlohmann::json();
    }
    auto made = PHYSIO_TRY(store::put_waitlist_entry(tx, e));
    PHYSIO_CHECK(tx.append_audit({ctx.audit_event("waiting_list", made.id, p.id)}));
    return waitlist_json(made, cs, patient_name(p));
  });
  if (!got) return store_error(got.error());
  if (refused) return api_error(422, "invalid_body", refused->second, refused->first);
  return json_ok(*got);
}

net::Response remove_waitlist(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  auto got = ctx.services.store().write([&](store::Tx& tx) -> Result<bool> {
    auto closed = PHYSIO_TRY(store::close_waitlist_entry(tx, p.clinic_id, p.id, "removed"));
    if (closed) PHYSIO_CHECK(tx.append_audit({ctx.audit_event("waiting_list", closed->id, p.id)}));
    return closed.has_value();
  });
  if (!got) return store_error(got.error());
  return json_ok({{"removed", *got}});
}

FieldSpec required(FieldSpec f) {
  f.required = true;
  return f;
}

std::string date_or_empty(std::string_view v) {
  return v.empty() ? std::string() : clinic::date_problem(v);
}

}  // namespace

void add_calendar_routes(RouteTable& routes) {
  routes.push_back(with_query(
      make_route("GET", "/api/calendar",
                 "The clinic calendar: from=YYYY-MM-DD[&to=YYYY-MM-DD][&clinician=ID] (days in the "
                 "clinic's zone, at most 42), with clinicians, working hours and types",
                 Action::kReadSchedule, Target::kClinic, "appointment.read", calendar),
      {{"from", "first day, YYYY-MM-DD in the clinic's zone", "string", true},
       {"to", "last day, YYYY-MM-DD (at most 42 days after from)"},
       {"clinician", "only this clinician's appointments (a staff id)"}}));
  routes.push_back(
      answering(make_route("GET", "/api/staff/{id}/calendar.ics",
                           "A clinician's appointments (from 30 days ago) as an iCalendar file",
                           Action::kReadSchedule, Target::kStaff, "appointment.calendar", clinician_calendar),
                "text/calendar"));
  routes.push_back(make_route("GET", "/api/staff/{id}/working-hours", "A clinician's working hours",
                              Action::kReadSchedule, Target::kStaff, "working_hours.read", get_hours));
  routes.push_back(with_body(
      make_route("PUT", "/api/staff/{id}/working-hours",
                 "Replace a clinician's working hours (weekday 0 = Monday, local times in the clinic's zone)",
                 Action::kManageSchedule, Target::kStaff, "working_hours.update", put_hours),
      {required(json_field("week", "array", "[{weekday, start \"09:00\", end \"13:00\"}]",
                           [](const nlohmann::json& v) { return parse_week(v, nullptr); }))},
      16384));
  routes.push_back(make_route("GET", "/api/appointment-types", "The clinic's appointment types",
                              Action::kReadSchedule, Target::kClinic, "appointment_type.read", get_types));
  routes.push_back(
      with_body(make_route("PUT", "/api/appointment-types", "Replace the clinic's appointment types",
                           Action::kManageSchedule, Target::kClinic, "appointment_type.update", put_types),
                {required(json_field("types", "array", "[{code, name, duration_min, active}]",
                                     [](const nlohmann::json& v) { return parse_types(v, nullptr); }))},
                16384));
  routes.push_back(make_route("GET", "/api/schedule-settings",
                              "The clinic's scheduling settings (time zone, patients' cancellation notice)",
                              Action::kReadSchedule, Target::kClinic, "schedule_settings.read",
                              get_settings));
  routes.push_back(with_body(
      make_route("PUT", "/api/schedule-settings", "Change the clinic's scheduling settings",
                 Action::kManageSchedule, Target::kClinic, "schedule_settings.update", put_settings),
      {{"time_zone", FieldType::kString, false, "IANA time zone", 64, {}, clinic::time_zone_problem},
       {"cancel_notice_hours",
        FieldType::kInteger,
        false,
        "hours before the start a patient may cancel online",
        0,
        {},
        nullptr,
        0,
        336},
       {"online_booking",
        FieldType::kBoolean,
        false,
        "patients book and rebook from their own pages",
        0,
        {},
        nullptr},
       {"online_notice_hours",
        FieldType::kInteger,
        false,
        "hours between an online booking and the visit, at the least",
        0,
        {},
        nullptr,
        0,
        720}},
      1024));
  routes.push_back(make_route("GET", "/api/waitlist", "The waiting list, longest waiting first",
                              Action::kReadSchedule, Target::kClinic, "waitlist.read", list_waitlist));
  routes.push_back(
      with_body(make_route("PUT", "/api/patients/{id}/waitlist",
                           "Put a patient on the waiting list (replaces their open entry)",
                           Action::kWriteSchedule, Target::kPatient, "waitlist.update", put_waitlist),
                {{"clinician_id", FieldType::kString, false, "a wished clinician", 64, {}, nullptr},
                 {"type", FieldType::kString, false, "appointment type code", 40, {}, nullptr},
                 {"earliest_date", FieldType::kString, false, "YYYY-MM-DD", 10, {}, date_or_empty},
                 {"latest_date", FieldType::kString, false, "YYYY-MM-DD", 10, {}, date_or_empty},
                 {"note",
                  FieldType::kString,
                  false,
                  "wishes in words (mornings, after work)",
                  500,
                  {},
                  [](std::string_view v) { return clinic::text_problem(v, 500); }}},
                2048));
  routes.push_back(make_route("DELETE", "/api/patients/{id}/waitlist", "Take a patient off the waiting list",
                              Action::kWriteSchedule, Target::kPatient, "waitlist.remove", remove_waitlist));
}

void add_schedule_routes(RouteTable& routes) {
  add_booking_routes(routes);
  add_calendar_routes(routes);
  add_closure_routes(routes);
}

}  // namespace physio::server
