// Exercise reminders (docs/server/reminders.md): the patient's preference (local time, zone, channels),
// the reminders sent (the in-app list) and the calendar feed. The reminder loop (reminder_loop.hpp)
// sends them; the rules are rehab::decide_reminder's.
#include "clinic/validation.hpp"
#include "rehab/reminders.hpp"
#include "rehab/tz_system.hpp"
#include "security/hash.hpp"
#include "security/random.hpp"
#include "server/http/context.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/services.hpp"
#include "server/rehab/reminder_ics.hpp"
#include "server/rehab/routes.hpp"

namespace physio::server {
namespace {

using clinic::Action;
using nlohmann::json;

const rehab::TzOffsetProvider& system_tz() {
  static const rehab::SystemTzProvider tz;
  return tz;
}

/// The stored preference, or the default for a patient who never set one (off, 08:00, their zone).
Result<clinic::ReminderPreference> preference_of(store::Tx& tx, const clinic::Patient& patient) {
  auto stored = PHYSIO_TRY(tx.get_reminder_preference(patient.clinic_id, patient.id));
  if (stored) return *stored;
  clinic::ReminderPreference p;
  p.clinic_id = patient.clinic_id;
  p.patient_id = patient.id;
  p.enabled = false;
  p.time_zone = patient.time_zone.empty() ? "UTC" : patient.time_zone;
  return p;
}

json preference_json(const clinic::ReminderPreference& p, TimeUs last_sent_us) {
  json j = {{"enabled", p.enabled},      {"local_time", p.local_time}, {"time_zone", p.time_zone},
            {"in_app", p.in_app},        {"email", p.email},           {"set", p.updated_us != 0},
            {"updated_by", p.updated_by}};
  if (p.updated_us != 0) j["updated"] = iso_time(p.updated_us);
  rehab::ReminderSettings s;
  s.enabled = p.enabled;
  if (auto m = rehab::parse_local_time(p.local_time)) s.local_minute_of_day = *m;
  s.time_zone = p.time_zone;
  if (auto d = rehab::decide_reminder(s, last_sent_us, now_us(), system_tz())) {
    j["next"] = d->next_us != 0 ? json(iso_time(d->next_us)) : json(nullptr);
    j["status"] = d->reason;
  }
  return j;
}

net::Response get_settings(RequestContext& ctx) {
  clinic::Patient patient;
  if (auto d = load_patient(ctx, patient)) return *d;
  struct Loaded {
    clinic::ReminderPreference pref;
    TimeUs last = 0;
    std::optional<clinic::CalendarFeed> feed;
  };
  auto loaded = ctx.services.store().read([&](store::Tx& tx) -> Result<Loaded> {
    auto p = PHYSIO_TRY(preference_of(tx, patient));
    const TimeUs last = PHYSIO_TRY(tx.last_reminder_sent_us(patient.clinic_id, patient.id));
    auto feed = PHYSIO_TRY(tx.get_calendar_feed(patient.clinic_id, patient.id));
    return Loaded{std::move(p), last, std::move(feed)};
  });
  if (!loaded) return store_error(loaded.error());
  ctx.audit_read("reminder_settings", patient.id, patient.id);
  auto j = preference_json(loaded->pref, loaded->last);
  j["calendar_address"] =
      loaded->feed ? json{{"created", iso_time(loaded->feed->created_us)}} : json(nullptr);
  j["email_address"] = !patient.email.empty();
  j["email_configured"] = !ctx.services.settings().smtp_host.empty();
  return json_ok(j);
}

net::Response put_settings(RequestContext& ctx) {
  clinic::Patient patient;
  if (auto d = load_patient(ctx, patient)) return *d;
  const json& b = ctx.body;
  clinic::ReminderPreference p;
  p.clinic_id = patient.clinic_id;
  p.patient_id = patient.id;
  p.enabled = b.value("enabled", true);
  p.local_time = b["local_time"].get<std::string>();
  p.time_zone = b.value("time_zone", patient.time_zone.empty() ? std::string("UTC") : patient.time_zone);
  p.in_app = b.value("in_app", true);
  p.email = b.value("email", false);
  p.updated_by = ctx.principal().user_id;
  if (auto z = system_tz().utc_offset_s(p.time_zone, now_us()); !z)
    return api_error(400, "invalid_body", "unknown time zone '" + p.time_zone + "'", "/time_zone");
  if (p.email && patient.email.empty())
    return api_error(400, "invalid_body", "the patient has no e-mail address on record", "/email");
  if (!p.in_app && !p.email && p.enabled)
    return api_error(400, "invalid_body", "choose at least one channel (in_app or email)", "/in_app");
  auto stored = ctx.services.store().write([&](store::Tx& tx) -> Result<clinic::ReminderPreference> {
    auto s = PHYSIO_TRY(tx.put_reminder_preference(p));
    PHYSIO_CHECK(tx.append_audit({ctx.audit_event("reminder_settings", patient.id, patient.id)}));
    return s;
  });
  if (!stored) return store_error(stored.error());
  auto last = ctx.services.store().read(
      [&](store::Tx& tx) { return tx.last_reminder_sent_us(patient.clinic_id, patient.id); });
  return json_ok(preference_json(*stored, last ? *last : 0));
}

net::Response list_reminders(RequestContext& ctx) {
  clinic::Patient patient;
  if (auto d = load_patient(ctx, patient)) return *d;
  auto rows = ctx.services.store().read(
      [&](store::Tx& tx) { return tx.list_reminders_sent(patient.clinic_id, patient.id, 30); });
  if (!rows) return store_error(rows.error());
  ctx.audit_read("reminder", "", patient.id);
  json items = json::array();
  for (const auto& r : *rows) {
    items.push_back({{"id", r.id},
                     {"local_date", r.local_date},
                     {"occurrence", iso_time(r.occurrence_us)},
                     {"sent", iso_time(r.sent_us)},
                     {"channels", r.channels},
                     {"message", r.message},
                     {"email_status", r.email_status}});
  }
  return json_ok({{"reminders", items}});
}

/// The feed's text/calendar answer for the patient's stored preference.
Result<std::string> calendar_text(store::Tx& tx, const clinic::Patient& patient) {
  ReminderCalendar in;
  in.preference = PHYSIO_TRY(preference_of(tx, patient));
  in.description = "Your home exercise program: open the clinic's patient page to start today's exercises.";
  in.now_us = now_us();
  return reminder_calendar(in, system_tz());
}

net::Response calendar_response(std::string ics) {
  net::Response r;
  r.status = 200;
  r.headers.push_back({"content-type", "text/calendar; charset=utf-8"});
  r.headers.push_back({"content-disposition", "inline; filename=\"reminders.ics\""});
  r.headers.push_back({"cache-control", "no-store"});
  r.body = std::move(ics);
  return r;
}

net::Response calendar(RequestContext& ctx) {
  clinic::Patient patient;
  if (auto d = load_patient(ctx, patient)) return *d;
  auto ics = ctx.services.store().read([&](store::Tx& tx) { return calendar_text(tx, patient); });
  if (!ics) {
    if (ics.error().code() == ErrorCode::kInvalidArgument)
      return api_error(409, "conflict", ics.error().message());
    return store_error(ics.error());
  }
  ctx.audit_read("reminder_calendar", patient.id, patient.id);
  return calendar_response(std::move(*ics));
}

// ---- The private calendar address (calendar programs cannot sign in) -----------------------------------

net::Response create_calendar_address(RequestContext& ctx) {
  clinic::Patient patient;
  if (auto d = load_patient(ctx, patient)) return *d;
  const std::string token = security::random_token();
  clinic::CalendarFeed f{.token_hash = security::sha256_hex(token),
                         .clinic_id = patient.clinic_id,
                         .patient_id = patient.id,
                         .created_by = ctx.principal().user_id,
                         .created_us = now_us()};
  auto stored = ctx.services.store().write([&](store::Tx& tx) -> Status {
    PHYSIO_CHECK(tx.put_calendar_feed(f));
    PHYSIO_TRY(tx.append_audit({ctx.audit_event("calendar_address", patient.id, patient.id)}));
    return ok();
  });
  if (!stored) return store_error(stored.error());
  // The token is shown once: only its hash is kept.
  const std::string path = "/api/calendar/" + token;
  json j = {{"path", path}, {"created", iso_time(f.created_us)}};
  // The server's own address, never the request's Host header.
  if (const std::string origin = ctx.services.public_origin(); !origin.empty()) j["url"] = origin + path;
  return json_ok(j, 201);
}

net::Response delete_calendar_address(RequestContext& ctx) {
  clinic::Patient patient;
  if (auto d = load_patient(ctx, patient)) return *d;
  auto removed = ctx.services.store().write([&](store::Tx& tx) -> Result<bool> {
    const bool had = PHYSIO_TRY(tx.delete_calendar_feed(patient.clinic_id, patient.id));
    if (had) PHYSIO_CHECK(tx.append_audit({ctx.audit_event("calendar_address", patient.id, patient.id)}));
    return had;
  });
  if (!removed) return store_error(removed.error());
  net::Response r;  // 204 whether or not there was one: afterwards there is none either way
  r.status = 204;
  return r;
}

/// GET /api/calendar/{token}: the feed without a session. Throttled like sign-in: an unknown token counts
/// against the address; the same 404 for a removed or replaced one.
net::Response public_calendar(RequestContext& ctx) {
  double retry = 0;
  if (!ctx.services.throttle().allow(ctx.req.client_address, retry))
    return api_error(429, "too_many_attempts", fmt::format("too many attempts; wait {:.0f} s", retry + 0.5));
  struct Found {
    clinic::CalendarFeed feed;
    std::string ics;
  };
  const std::string hash = security::sha256_hex(ctx.param("token"));
  auto found = ctx.services.store().read([&](store::Tx& tx) -> Result<Found> {
    auto feed = PHYSIO_TRY(tx.find_calendar_feed(hash));
    auto patient = PHYSIO_TRY(tx.get_patient(feed.clinic_id, feed.patient_id));
    auto ics = PHYSIO_TRY(calendar_text(tx, patient));
    return Found{std::move(feed), std::move(ics)};
  });
  if (!found) {
    if (found.error().code() == ErrorCode::kNotFound) {
      ctx.services.throttle().failed(ctx.req.client_address);
      return api_error(404, "not_found", "this calendar address does not exist or was replaced");
    }
    if (found.error().code() == ErrorCode::kInvalidArgument)
      return api_error(409, "conflict", found.error().message());
    return store_error(found.error());
  }
  auto e = ctx.audit_event("reminder_calendar", found->feed.patient_id, found->feed.patient_id);
  e.clinic_id = found->feed.clinic_id;
  e.actor_id = "calendar-address";
  e.role = "calendar_address";
  ctx.pending_reads.push_back(std::move(e));
  return calendar_response(std::move(found->ics));
}

FieldSpec flag(std::string name, std::string description) {
  FieldSpec f;
  f.name = std::move(name);
  f.type = FieldType::kBoolean;
  f.description = std::move(description);
  return f;
}

}  // namespace

void add_reminder_routes(RouteTable& routes) {
  routes.push_back(make_route("GET", "/api/patients/{id}/reminder-settings",
                              "The patient's exercise reminder: local time, zone, channels, the next one",
                              Action::kReadClinical, Target::kPatient, "reminder_settings.read",
                              get_settings));
  {
    Route r = make_route("PUT", "/api/patients/{id}/reminder-settings",
                         "Set the exercise reminder (the patient themself or staff who record sessions)",
                         Action::kRecordSession, Target::kPatient, "reminder_settings.update", put_settings);
    FieldSpec time;
    time.name = "local_time";
    time.required = true;
    time.description = "HH:MM on the patient's own clock";
    time.max_length = 5;
    time.check = [](std::string_view v) -> std::string {
      auto m = rehab::parse_local_time(v);
      return m ? "" : "must be a time of day, HH:MM";
    };
    FieldSpec zone;
    zone.name = "time_zone";
    zone.description = "IANA time zone (default: the patient's)";
    zone.max_length = 64;
    zone.check = clinic::time_zone_problem;
    r.body = BodyKind::kJson;
    r.schema.fields = {flag("enabled", "reminders on (default true)"), time, zone,
                       flag("in_app", "remind in the app (default true)"),
                       flag("email", "remind by e-mail to the patient's address (default false)")};
    r.max_body = 4 * 1024;
    routes.push_back(std::move(r));
  }
  routes.push_back(make_route("GET", "/api/patients/{id}/reminders",
                              "Reminders sent to the patient, newest first (the in-app list; the last 30)",
                              Action::kReadClinical, Target::kPatient, "reminder.read", list_reminders));
  routes.push_back(
      answering(make_route("GET", "/api/patients/{id}/reminders.ics",
                           "The reminders as an iCalendar feed (RFC 5545): a daily event at the chosen "
                           "local time",
                           Action::kReadClinical, Target::kPatient, "reminder.calendar", calendar),
                "text/calendar"));
  routes.push_back(make_route("POST", "/api/patients/{id}/calendar-address",
                              "A private address of the reminder feed for calendar programs (which cannot "
                              "sign in); replaces any earlier one. The address is shown once",
                              Action::kRecordSession, Target::kPatient, "calendar_address.create",
                              create_calendar_address));
  routes.push_back(make_route("DELETE", "/api/patients/{id}/calendar-address",
                              "Remove the private calendar address (it stops working at once)",
                              Action::kRecordSession, Target::kPatient, "calendar_address.delete",
                              delete_calendar_address));
  {
    Route r = make_route("GET", "/api/calendar/{token}",
                         "The reminder feed at its private address, without a session (throttled like "
                         "sign-in)",
                         std::nullopt, Target::kNone, "reminder.calendar", public_calendar);
    r.auth = AuthMode::kPublic;
    routes.push_back(answering(std::move(r), "text/calendar"));
  }
}

}  // namespace physio::server
