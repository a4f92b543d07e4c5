// Remote therapeutic monitoring (docs/server/rtm.md): the set-up event, staff management time (manual
// entries and a timer; interactive communications are entries marked interactive), a patient's month
// with the device periods it overlaps and the suggested codes, the clinic's month-end lock and the CSV
// export. The counting and the codes are billing's pure rules, fed from the store: data days from
// exercise logs, live sessions, questionnaire responses and uploads; consent from the consents of kind
// "remote_monitoring".
#include <chrono>
#include <cstdio>
#include <set>

#include <spdlog/spdlog.h>

#include "billing/rtm_consent.hpp"
#include "billing/rtm_csv.hpp"
#include "billing/rtm_device.hpp"
#include "billing/rtm_management.hpp"
#include "clinic/validation.hpp"
#include "rehab/tz_system.hpp"
#include "server/billing/routes.hpp"
#include "server/http/context.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/services.hpp"

namespace physio::server {
namespace {

using clinic::Action;
using nlohmann::json;
namespace chr = std::chrono;

constexpr std::int64_t kMaxEntryMinutes = 600;
constexpr TimeUs kClockSlackUs = 5 * 60 * kUsPerSecond;

const rehab::SystemTzProvider& system_tz() {
  static const rehab::SystemTzProvider tz;
  return tz;
}

billing::UtcOffsetFn offset_fn(const clinic::Patient& p) {
  const std::string zone = p.time_zone.empty() ? "UTC" : p.time_zone;
  return [zone](TimeUs t) -> std::int64_t {
    auto o = system_tz().utc_offset_s(zone, t);
    return o ? *o : 0;
  };
}

/// "YYYY-MM" as a month; nullopt when it is not one.
std::optional<chr::year_month> parse_month(std::string_view s) {
  int y = 0;
  unsigned m = 0;
  char tail = 0;
  if (s.size() != 7 || s[4] != '-' || std::sscanf(std::string(s).c_str(), "%4d-%2u%c", &y, &m, &tail) != 2)
    return std::nullopt;
  const chr::year_month ym{chr::year{y}, chr::month{m}};
  if (!ym.ok() || y < 2000 || y > 2100) return std::nullopt;
  return ym;
}

std::string month_problem(std::string_view s) {
  return parse_month(s) ? "" : "must be a month, YYYY-MM";
}

std::optional<billing::Day> parse_day(std::string_view s) {
  int y = 0;
  unsigned m = 0, d = 0;
  if (s.size() != 10 || std::sscanf(std::string(s).c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3)
    return std::nullopt;
  const chr::year_month_day ymd{chr::year{y}, chr::month{m}, chr::day{d}};
  if (!ymd.ok()) return std::nullopt;
  return billing::Day{ymd};
}

/// Everything the billing rules need about one patient, read in one transaction.
Result<billing::RtmPatient> rtm_inputs(store::Tx& tx, const clinic::Patient& p) {
  billing::RtmPatient in;
  in.patient_id = p.id;
  in.utc_offset = offset_fn(p);
  for (const auto& c : PHYSIO_TRY(tx.list_consents(p.clinic_id, p.id)))
    if (c.kind == "remote_monitoring") in.consents.push_back({c.status == "given", c.recorded_us});
  auto setups = PHYSIO_TRY(tx.list_rtm_setups(p.clinic_id, p.id));
  if (!setups.empty()) in.setup = billing::RtmSetup{setups.front().at_us, setups.front().staff_id};
  using billing::DataKind;
  for (const auto& l : PHYSIO_TRY(tx.list_exercise_logs(p.clinic_id, p.id)))
    in.data_events.push_back({l.done_us, DataKind::kSession});
  // A live set the engine rejected is no data day (neither its session nor its stored recording).
  std::set<std::string> rejected_recordings;
  for (const auto& s : PHYSIO_TRY(tx.list_live_sessions(p.clinic_id, p.id, 10000))) {
    if (!s.not_counted_reason.empty()) {
      rejected_recordings.insert(s.recording_id);
      continue;
    }
    in.data_events.push_back({s.created_us, DataKind::kSession});
  }
  for (const auto& q : PHYSIO_TRY(tx.list_questionnaire_responses(p.clinic_id, p.id)))
    in.data_events.push_back({q.completed_us, DataKind::kQuestionnaire});
  for (const auto& r : PHYSIO_TRY(tx.list_recordings(p.clinic_id, p.id)))
    if (!rejected_recordings.contains(r.id)) in.data_events.push_back({r.created_us, DataKind::kUpload});
  for (const auto& e : PHYSIO_TRY(tx.list_rtm_time_entries(p.clinic_id, p.id)))
    if (e.minutes)
      in.staff_time.push_back(
          {e.staff_id, e.start_us, static_cast<int>(*e.minutes), e.activity, e.interactive});
  return in;
}

json codes_json(const std::vector<billing::SuggestedCode>& codes) {
  json out = json::array();
  for (const auto& c : codes) out.push_back({{"code", c.code}, {"units", c.units}, {"basis", c.basis}});
  return out;
}

json flags_json(const std::vector<billing::RtmFlag>& flags) {
  json out = json::array();
  for (const auto& f : flags) out.push_back({{"id", f.id}, {"message", f.message}});
  return out;
}

json days_json(const std::vector<billing::Day>& days) {
  json out = json::array();
  for (const auto& d : days) out.push_back(billing::format_day(d));
  return out;
}

json month_json(const billing::ManagementMonthResult& m) {
  return {{"patient_id", m.patient_id},
          {"month", billing::format_month(m.month)},
          {"minutes", m.minutes},
          {"interactive_count", m.interactive_count},
          {"interactive_days", days_json(m.interactive_days)},
          {"codes", codes_json(m.codes)},
          {"flags", flags_json(m.flags)},
          {"provisional", m.provisional},
          {"locked", m.locked}};
}

Result<billing::ManagementMonthResult> month_from_json(std::string_view text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return fail(ErrorCode::kCorrupt, "frozen RTM month: not a JSON object");
  billing::ManagementMonthResult m;
  try {
    m.patient_id = j.at("patient_id").get<std::string>();
    auto ym = parse_month(j.at("month").get<std::string>());
    if (!ym) return fail(ErrorCode::kCorrupt, "frozen RTM month: bad month");
    m.month = *ym;
    m.minutes = j.at("minutes").get<int>();
    m.interactive_count = j.at("interactive_count").get<int>();
    for (const auto& d : j.at("interactive_days")) {
      auto day = parse_day(d.get<std::string>());
      if (!day) return fail(ErrorCode::kCorrupt, "frozen RTM month: bad day");
      m.interactive_days.push_back(*day);
    }
    for (const auto& c : j.at("codes"))
      m.codes.push_back(
          {c.at("code").get<std::string>(), c.at("units").get<int>(), c.at("basis").get<std::string>()});
    for (const auto& f : j.at("flags"))
      m.flags.push_back({f.at("id").get<std::string>(), f.at("message").get<std::string>()});
    m.provisional = j.at("provisional").get<bool>();
    m.locked = j.at("locked").get<bool>();
  } catch (const json::exception& e) {
    return fail(ErrorCode::kCorrupt, "frozen RTM month: {}", e.what());
  }
  return m;
}

json period_json(const billing::DevicePeriodResult& p) {
  return {{"index", p.index},
          {"first_day", billing::format_day(p.first_day)},
          {"last_day", billing::format_day(p.last_day)},
          {"data_days", days_json(p.data_days)},
          {"data_day_count", p.data_day_count},
          {"codes", codes_json(p.codes)},
          {"flags", flags_json(p.flags)},
          {"provisional", p.provisional}};
}

json entry_json(const clinic::RtmTimeEntry& e) {
  return {{"id", e.id},
          {"staff_id", e.staff_id},
          {"start", iso_time(e.start_us)},
          {"minutes", e.minutes ? json(*e.minutes) : json(nullptr)},
          {"running", !e.minutes.has_value()},
          {"activity", e.activity},
          {"interactive", e.interactive},
          {"mode", e.mode},
          {"note", e.note},
          {"source", e.source}};
}

/// The month's lock as billing takes it: the frozen result of this patient (a patient without one was
/// not monitored when the month was locked: an empty frozen month).
Result<std::optional<billing::MonthLock>> lock_for(store::Tx& tx, const clinic::Patient& p,
                                                   chr::year_month month) {
  const std::string m = billing::format_month(month);
  auto lock = PHYSIO_TRY(tx.get_rtm_month_lock(p.clinic_id, m));
  if (!lock) return std::optional<billing::MonthLock>{};
  billing::MonthLock out;
  out.month = month;
  out.frozen.patient_id = p.id;
  out.frozen.month = month;
  out.frozen.locked = true;
  for (const auto& [pid, text] : PHYSIO_TRY(tx.list_rtm_month_results(p.clinic_id, m)))
    if (pid == p.id) out.frozen = PHYSIO_TRY(month_from_json(text));
  return std::optional<billing::MonthLock>{std::move(out)};
}

/// 409 when the patient's local month of `at_us` is locked.
Result<std::optional<net::Response>> refuse_if_locked(store::Tx& tx, const clinic::Patient& p, TimeUs at_us) {
  const auto day = billing::local_day(at_us, offset_fn(p));
  const chr::year_month ym{chr::year_month_day{day}.year(), chr::year_month_day{day}.month()};
  const std::string m = billing::format_month(ym);
  auto lock = PHYSIO_TRY(tx.get_rtm_month_lock(p.clinic_id, m));
  if (!lock) return std::optional<net::Response>{};
  return std::optional<net::Response>{api_error(
      409, "month_locked",
      fmt::format(
          "{} was locked for RTM billing on {}: entries for a locked month are refused; record the time "
          "in an open month or ask for the month to be reopened",
          m, iso_date(lock->locked_us)))};
}

// ---- Handlers -------------------------------------------------------------------------------------------

net::Response create_setup(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  if (auto r = refuse_if_restricted(ctx, p, "a remote monitoring set-up")) return *r;
  clinic::RtmSetup s;
  s.clinic_id = p.clinic_id;
  s.patient_id = p.id;
  s.staff_id = ctx.principal().user_id;
  s.device = ctx.body["device"].get<std::string>();
  s.note = ctx.body.value("note", std::string());
  if (ctx.body.contains("at")) {
    auto t = parse_iso_time(ctx.body["at"].get<std::string>());
    if (!t) return api_error(400, "invalid_body", "must be a UTC time, YYYY-MM-DDTHH:MM:SSZ", "/at");
    if (*t > now_us() + kClockSlackUs) return api_error(400, "invalid_body", "is in the future", "/at");
    s.at_us = *t;
  } else {
    s.at_us = now_us();
  }
  auto stored = ctx.services.store().write([&](store::Tx& tx) -> Result<clinic::RtmSetup> {
    auto row = PHYSIO_TRY(tx.create_rtm_setup(s));
    PHYSIO_CHECK(tx.append_audit({ctx.audit_event("rtm_setup", row.id, p.id)}));
    return row;
  });
  if (!stored) return store_error(stored.error());
  return json_ok({{"id", stored->id},
                  {"at", iso_time(stored->at_us)},
                  {"staff_id", stored->staff_id},
                  {"device", stored->device},
                  {"note", stored->note}},
                 201);
}

net::Response add_entry(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  if (auto r = refuse_if_restricted(ctx, p, "remote monitoring time")) return *r;
  const json& b = ctx.body;
  clinic::RtmTimeEntry e;
  e.clinic_id = p.clinic_id;
  e.patient_id = p.id;
  e.staff_id = ctx.principal().user_id;
  e.created_by = ctx.principal().user_id;
  e.source = "manual";
  auto start = parse_iso_time(b["start"].get<std::string>());
  if (!start) return api_error(400, "invalid_body", "must be a UTC time, YYYY-MM-DDTHH:MM:SSZ", "/start");
  if (*start > now_us() + kClockSlackUs) return api_error(400, "invalid_body", "is in the future", "/start");
  e.start_us = *start;
  e.minutes = b["minutes"].get<std::int64_t>();
  e.activity = b["activity"].get<std::string>();
  e.interactive = b.value("interactive", false);
  e.mode = b.value("mode", std::string());
  e.note = b.value("note", std::string());
  if (e.interactive && e.mode.empty())
    return api_error(400, "invalid_body",
                     "an interactive communication needs its mode (phone, video or in_person)", "/mode");
  if (!e.interactive && !e.mode.empty())
    return api_error(400, "invalid_body", "only an interactive communication has a mode", "/mode");
  auto stored = ctx.services.store().write(
      [&](store::Tx& tx) -> Result<std::variant<clinic::RtmTimeEntry, net::Response>> {
        if (auto refused = PHYSIO_TRY(refuse_if_locked(tx, p, e.start_us))) return *refused;
        auto row = PHYSIO_TRY(tx.insert_rtm_time_entry(e));
        PHYSIO_CHECK(tx.append_audit({ctx.audit_event("rtm_time_entry", row.id, p.id)}));
        return row;
      });
  if (!stored) return store_error(stored.error());
  if (auto* r = std::get_if<net::Response>(&*stored)) return *r;
  return json_ok(entry_json(std::get<clinic::RtmTimeEntry>(*stored)), 201);
}

net::Response start_timer(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  if (auto r = refuse_if_restricted(ctx, p, "remote monitoring time")) return *r;
  clinic::RtmTimeEntry e;
  e.clinic_id = p.clinic_id;
  e.patient_id = p.id;
  e.staff_id = ctx.principal().user_id;
  e.created_by = e.staff_id;
  e.source = "timer";
  e.start_us = now_us();
  e.activity = ctx.body["activity"].get<std::string>();
  e.note = ctx.body.value("note", std::string());
  auto stored = ctx.services.store().write(
      [&](store::Tx& tx) -> Result<std::variant<clinic::RtmTimeEntry, net::Response>> {
        if (auto refused = PHYSIO_TRY(refuse_if_locked(tx, p, e.start_us))) return *refused;
        if (PHYSIO_TRY(tx.running_rtm_timer(p.clinic_id, p.id, e.staff_id)))
          return api_error(409, "timer_running",
                           "your timer for this patient is already running; stop it first");
        auto row = PHYSIO_TRY(tx.insert_rtm_time_entry(e));
        PHYSIO_CHECK(tx.append_audit({ctx.audit_event("rtm_time_entry", row.id, p.id)}));
        return row;
      });
  if (!stored) return store_error(stored.error());
  if (auto* r = std::get_if<net::Response>(&*stored)) return *r;
  return json_ok(entry_json(std::get<clinic::RtmTimeEntry>(*stored)), 201);
}

net::Response stop_timer(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  const TimeUs now = now_us();
  auto stored = ctx.services.store().write(
      [&](store::Tx& tx) -> Result<std::variant<clinic::RtmTimeEntry, net::Response>> {
        auto running = PHYSIO_TRY(tx.running_rtm_timer(p.clinic_id, p.id, ctx.principal().user_id));
        if (!running) return api_error(409, "no_timer", "you have no timer running for this patient");
        if (auto refused = PHYSIO_TRY(refuse_if_locked(tx, p, running->start_us))) return *refused;
        // Whole minutes, rounded down: billing counts minutes spent, not started.
        const std::int64_t minutes =
            std::min<std::int64_t>(kMaxEntryMinutes, (now - running->start_us) / (60 * kUsPerSecond));
        auto row = PHYSIO_TRY(tx.stop_rtm_timer(p.clinic_id, running->id, minutes));
        PHYSIO_CHECK(tx.append_audit({ctx.audit_event("rtm_time_entry", row.id, p.id)}));
        return row;
      });
  if (!stored) return store_error(stored.error());
  if (auto* r = std::get_if<net::Response>(&*stored)) return *r;
  return json_ok(entry_json(std::get<clinic::RtmTimeEntry>(*stored)));
}

net::Response patient_month(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  const auto off = offset_fn(p);
  const TimeUs now = now_us();
  const billing::Day today = billing::local_day(now, off);
  chr::year_month month{chr::year_month_day{today}.year(), chr::year_month_day{today}.month()};
  if (auto q = ctx.query("month")) {
    auto m = parse_month(*q);
    if (!m) return api_error(400, "invalid_query", "month must be YYYY-MM", "month");
    month = *m;
  }
  auto out = ctx.services.store().read([&](store::Tx& tx) -> Result<json> {
    const billing::RtmPatient in = PHYSIO_TRY(rtm_inputs(tx, p));
    auto lock = PHYSIO_TRY(lock_for(tx, p, month));
    const auto mgmt = billing::compute_management_month(in, month, today, lock);
    json j;
    j["month"] = billing::format_month(month);
    j["time_zone"] = p.time_zone.empty() ? "UTC" : p.time_zone;
    j["consent"] = {{"active", billing::consent_active_at(in.consents, now)},
                    {"records", in.consents.size()}};
    auto setups = PHYSIO_TRY(tx.list_rtm_setups(p.clinic_id, p.id));
    j["setup"] = setups.empty() ? json(nullptr)
                                : json{{"id", setups.front().id},
                                       {"at", iso_time(setups.front().at_us)},
                                       {"staff_id", setups.front().staff_id},
                                       {"device", setups.front().device}};
    j["management"] = month_json(mgmt);
    j["lock"] = nullptr;
    if (auto l = PHYSIO_TRY(tx.get_rtm_month_lock(p.clinic_id, billing::format_month(month)))) {
      j["lock"] = {{"locked_by", l->locked_by}, {"locked", iso_time(l->locked_us)}};
      if (lock) {
        auto changed = billing::changes_since_lock(in, *lock, today);
        j["lock"]["changes_since_lock"] = changed ? json(*changed) : json(nullptr);
      }
    }
    json periods = json::array();
    if (in.setup) {
      auto all = PHYSIO_TRY(billing::compute_device_periods(in, today));
      for (const auto& per : all)
        if (per.last_day >= billing::first_day_of(month) && per.first_day <= billing::last_day_of(month))
          periods.push_back(period_json(per));
    }
    j["device_periods"] = periods;
    json entries = json::array();
    json running = nullptr;
    for (const auto& e : PHYSIO_TRY(tx.list_rtm_time_entries(p.clinic_id, p.id))) {
      if (!e.minutes && e.staff_id == ctx.principal().user_id) running = entry_json(e);
      const auto d = chr::year_month_day{billing::local_day(e.start_us, off)};
      if (chr::year_month{d.year(), d.month()} == month) entries.push_back(entry_json(e));
    }
    j["entries"] = entries;
    j["running_timer"] = running;
    return j;
  });
  if (!out) return store_error(out.error());
  ctx.audit_read("rtm_month", billing::format_month(month), p.id);
  return json_ok(*out);
}

/// Every RTM patient of the clinic with their inputs.
Result<std::vector<std::pair<clinic::Patient, billing::RtmPatient>>> clinic_inputs(
    store::Tx& tx, const std::string& clinic_id) {
  std::vector<std::pair<clinic::Patient, billing::RtmPatient>> out;
  for (const auto& id : PHYSIO_TRY(tx.list_rtm_patient_ids(clinic_id))) {
    auto p = PHYSIO_TRY(tx.get_patient(clinic_id, id));
    auto in = PHYSIO_TRY(rtm_inputs(tx, p));
    out.emplace_back(std::move(p), std::move(in));
  }
  return out;
}

net::Response lock_month(RequestContext& ctx) {
  if (auto denied = ctx.authorize({ctx.principal().clinic_id, std::nullopt}, "rtm_month", "")) return *denied;
  const auto month = *parse_month(ctx.body["month"].get<std::string>());
  const std::string m = billing::format_month(month);
  const TimeUs now = now_us();
  auto done = ctx.services.store().write([&](store::Tx& tx) -> Result<std::variant<json, net::Response>> {
    if (auto l = PHYSIO_TRY(tx.get_rtm_month_lock(ctx.principal().clinic_id, m)))
      return api_error(409, "month_locked",
                       fmt::format("{} was locked on {} already", m, iso_date(l->locked_us)));
    std::vector<std::pair<std::string, std::string>> frozen;
    std::vector<store::AuditEventInput> events;
    for (auto& [p, in] : PHYSIO_TRY(clinic_inputs(tx, ctx.principal().clinic_id))) {
      const billing::Day today = billing::local_day(now, in.utc_offset);
      auto result = billing::compute_management_month(in, month, today);
      auto lock = billing::lock_month(result, today);
      if (!lock)
        return api_error(
            409, "month_not_ended",
            fmt::format("{} has not ended for every patient (the month ends in each patient's own "
                        "time zone): {}",
                        m, lock.error().message()));
      frozen.emplace_back(p.id, month_json(lock->frozen).dump());
      events.push_back(ctx.audit_event("rtm_month", m, p.id));
    }
    // Without monitored patients the month must have ended everywhere (UTC-12 is the last zone).
    if (frozen.empty() && billing::local_day(now, [](TimeUs) { return std::int64_t{-12 * 3600}; }) <=
                              billing::last_day_of(month))
      return api_error(409, "month_not_ended", fmt::format("{} has not ended yet", m));
    PHYSIO_CHECK(tx.lock_rtm_month({ctx.principal().clinic_id, m, ctx.principal().user_id, now}, frozen));
    events.push_back(ctx.audit_event("rtm_month", m, ""));
    PHYSIO_CHECK(tx.append_audit(events));
    return json{{"month", m},
                {"locked", iso_time(now)},
                {"locked_by", ctx.principal().user_id},
                {"patients", frozen.size()}};
  });
  if (!done) return store_error(done.error());
  if (auto* r = std::get_if<net::Response>(&*done)) return *r;
  return json_ok(std::get<json>(*done));
}

net::Response export_csv(RequestContext& ctx) {
  if (auto denied = ctx.authorize({ctx.principal().clinic_id, std::nullopt}, "rtm_month", "")) return *denied;
  const TimeUs now = now_us();
  // Default: the month before this one (UTC), the one a biller closes.
  const chr::year_month_day utc_today{billing::local_day(now, [](TimeUs) { return std::int64_t{0}; })};
  std::optional<chr::year_month> month =
      chr::year_month{utc_today.year(), utc_today.month()} - chr::months{1};
  if (const auto q = ctx.query("month")) month = parse_month(*q);
  if (!month) return api_error(400, "invalid_query", "month must be YYYY-MM", "month");
  std::vector<std::string> patients;
  auto csv = ctx.services.store().read([&](store::Tx& tx) -> Result<std::string> {
    std::vector<billing::DevicePeriodResult> periods;
    std::vector<billing::ManagementMonthResult> months;
    for (auto& [p, in] : PHYSIO_TRY(clinic_inputs(tx, ctx.principal().clinic_id))) {
      const billing::Day today = billing::local_day(now, in.utc_offset);
      for (auto& per : PHYSIO_TRY(billing::compute_device_periods(in, today)))
        if (per.last_day >= billing::first_day_of(*month) && per.first_day <= billing::last_day_of(*month))
          periods.push_back(std::move(per));
      auto lock = PHYSIO_TRY(lock_for(tx, p, *month));
      months.push_back(billing::compute_management_month(in, *month, today, lock));
      patients.push_back(p.id);
    }
    return billing::rtm_csv(periods, months);
  });
  if (!csv) return store_error(csv.error());
  for (const auto& pid : patients) ctx.audit_read("rtm_month", billing::format_month(*month), pid);
  net::Response r;
  r.status = 200;
  r.headers.push_back({"content-type", "text/csv; charset=utf-8"});
  r.headers.push_back(
      {"content-disposition", "attachment; filename=\"rtm-" + billing::format_month(*month) + ".csv\""});
  r.headers.push_back({"cache-control", "no-store"});
  r.body = std::move(*csv);
  return r;
}

// ---- Route table ----------------------------------------------------------------------------------------

FieldSpec text(std::string name, bool required, std::string description, std::size_t max_length,
               std::vector<std::string> one_of = {}) {
  FieldSpec f;
  f.name = std::move(name);
  f.required = required;
  f.description = std::move(description);
  f.max_length = max_length;
  f.one_of = std::move(one_of);
  if (f.one_of.empty())
    f.check = [max_length](std::string_view v) { return clinic::text_problem(v, max_length, true); };
  return f;
}

FieldSpec time_field(std::string name, bool required, std::string description) {
  FieldSpec f = text(std::move(name), required, std::move(description), 40);
  f.check = [](std::string_view v) -> std::string {
    return parse_iso_time(v) ? "" : "must be a UTC time, YYYY-MM-DDTHH:MM:SSZ";
  };
  return f;
}

const std::vector<std::string> kActivities = {"data_review", "program_change",    "communication",
                                              "education",   "care_coordination", "other"};

Route with_json(Route r, std::vector<FieldSpec> fields) {
  r.body = BodyKind::kJson;
  r.schema.fields = std::move(fields);
  r.max_body = 4 * 1024;
  return r;
}

}  // namespace

void add_rtm_routes(RouteTable& routes) {
  routes.push_back(with_json(
      make_route("POST", "/api/patients/{id}/rtm/setup",
                 "Record the RTM set-up and education (starts the 30-day device periods)",
                 Action::kRecordMonitoring, Target::kPatient, "rtm_setup.create", create_setup),
      {text("device", true, "the device or software used and its regulatory status", 200),
       time_field("at", false, "when it took place (UTC; default now)"), text("note", false, "note", 500)}));
  routes.push_back(with_query(
      make_route("GET", "/api/patients/{id}/rtm",
                 "A patient's RTM month (?month=YYYY-MM, default this month in the patient's zone): "
                 "consent, set-up, device periods, management minutes, suggested codes and flags",
                 Action::kReadClinical, Target::kPatient, "rtm.read", patient_month),
      {{"month", "the month, YYYY-MM (default this month in the patient's zone)"}}));
  {
    FieldSpec minutes;
    minutes.name = "minutes";
    minutes.type = FieldType::kInteger;
    minutes.required = true;
    minutes.description = "whole minutes";
    minutes.min = 1;
    minutes.max = static_cast<double>(kMaxEntryMinutes);
    FieldSpec interactive;
    interactive.name = "interactive";
    interactive.type = FieldType::kBoolean;
    interactive.description = "a real-time interactive communication with the patient or caregiver";
    routes.push_back(with_json(
        make_route(
            "POST", "/api/patients/{id}/rtm/time-entries",
            "Record RTM management time or an interactive communication (refused 409 in a locked month)",
            Action::kRecordMonitoring, Target::kPatient, "rtm_time.create", add_entry),
        {time_field("start", true, "when the time began (UTC)"), minutes,
         text("activity", true, "what the time was spent on", 40, kActivities), interactive,
         text("mode", false, "interactive communication: phone, video or in_person", 20,
              {"phone", "video", "in_person"}),
         text("note", false, "note", 500)}));
  }
  routes.push_back(
      with_json(make_route("POST", "/api/patients/{id}/rtm/timer/start",
                           "Start your RTM management timer for the patient", Action::kRecordMonitoring,
                           Target::kPatient, "rtm_time.start", start_timer),
                {text("activity", true, "what the time is spent on", 40, kActivities),
                 text("note", false, "note", 500)}));
  routes.push_back(make_route("POST", "/api/patients/{id}/rtm/timer/stop",
                              "Stop your running RTM timer: its whole minutes become a time entry",
                              Action::kRecordMonitoring, Target::kPatient, "rtm_time.stop", stop_timer));
  {
    FieldSpec month = text("month", true, "the month to lock, YYYY-MM (it must have ended)", 7);
    month.check = month_problem;
    routes.push_back(
        with_json(make_route("POST", "/api/rtm/month-lock",
                             "Lock an ended month for RTM billing: results frozen, new entries refused",
                             Action::kCloseBilling, Target::kClinic, "rtm.lock", lock_month),
                  {month}));
  }
  routes.push_back(answering(
      with_query(
          make_route("GET", "/api/rtm/export.csv",
                     "The clinic's RTM month as CSV (?month=YYYY-MM): device periods overlapping it and "
                     "management per patient, with codes, status and flags",
                     Action::kCloseBilling, Target::kClinic, "rtm.export", export_csv),
          {{"month", "the month, YYYY-MM"}}),
      "text/csv"));
}

}  // namespace physio::server
