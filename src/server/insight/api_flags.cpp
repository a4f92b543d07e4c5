// Risk flags (docs/server/risk.md): the clinic's list sorted by need, a patient's, the decision (accept or
// dismiss with a reason, audited), and the front desk's day list with the no-show flags. Which kinds a role
// sees and decides is the role table's rule (clinic::sees_risk_kind, clinic::decides_risk_kind).
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/civil_date.hpp"
#include "risk/flag.hpp"
#include "server/http/body_fields.hpp"
#include "server/http/context.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/services.hpp"
#include "server/insight/flag_json.hpp"
#include "server/insight/routes.hpp"

namespace physio::server {
namespace {

using clinic::Action;
using nlohmann::json;

constexpr TimeUs kDayUs = 86'400 * kUsPerSecond;

/// The statuses a `status` query names: open (default), decided, all.
std::optional<std::vector<std::string>> statuses_of(const std::string& q) {
  if (q.empty() || q == "open") return std::vector<std::string>{"open"};
  if (q == "decided") return std::vector<std::string>{"accepted", "dismissed"};
  if (q == "all") return std::vector<std::string>{"open", "accepted", "dismissed"};
  return std::nullopt;
}

/// What the flag is about, in words the page shows: the appointment's time, the program's title.
Result<json> subject_of(store::Tx& tx, const clinic::RiskFlagRow& f) {
  if (f.subject_type == "appointment") {
    auto a = tx.get_appointment(f.clinic_id, f.subject_id);
    if (a) return json{{"type", "appointment"}, {"start", iso_time(a->start_us)}, {"status", a->status}};
  } else if (f.subject_type == "program") {
    auto p = tx.get_program(f.clinic_id, f.subject_id);
    if (p) return json{{"type", "program"}, {"title", p->title}};
  } else if (f.subject_type == "episode") {
    auto e = tx.get_episode(f.clinic_id, f.subject_id);
    if (e)
      return json{{"type", "episode"},
                  {"title", e->condition_text.empty() ? e->icd10_code : e->condition_text}};
  }
  return json{{"type", f.subject_type}};
}

/// The flags the caller may see, with their patients and subjects; one read audit event per patient.
net::Response answer_flags(RequestContext& ctx, const store::RiskFlagQuery& q) {
  const auto& who = ctx.principal();
  struct Loaded {
    std::vector<clinic::RiskFlagRow> flags;
    std::map<std::string, clinic::Patient> patients;
    std::vector<json> subjects;
    int silent = 0;
  };
  auto loaded = ctx.services.store().read([&](store::Tx& tx) -> Result<Loaded> {
    Loaded out;
    for (auto& f : PHYSIO_TRY(tx.list_risk_flags(who.clinic_id, q))) {
      if (!clinic::sees_risk_kind(who.role, f.kind)) continue;
      if (!f.shown) {
        ++out.silent;
        continue;
      }
      if (!out.patients.contains(f.patient_id))
        out.patients.emplace(f.patient_id, PHYSIO_TRY(tx.get_patient(who.clinic_id, f.patient_id)));
      out.subjects.push_back(PHYSIO_TRY(subject_of(tx, f)));
      out.flags.push_back(std::move(f));
    }
    return out;
  });
  if (!loaded) return store_error(loaded.error());
  json items = json::array();
  for (std::size_t i = 0; i < loaded->flags.size(); ++i) {
    const auto& f = loaded->flags[i];
    json j = flag_json(f, &loaded->patients.at(f.patient_id));
    j["subject"] = loaded->subjects[i];
    items.push_back(std::move(j));
  }
  for (const auto& [pid, p] : loaded->patients) ctx.audit_read("risk_flag", "", pid);
  return json_ok({{"items", items}, {"silent", loaded->silent}, {"as_of", iso_time(now_us())}});
}

net::Response list_flags(RequestContext& ctx) {
  const auto& who = ctx.principal();
  if (auto d = ctx.authorize({who.clinic_id, std::nullopt}, "risk_flag", "")) return *d;
  store::RiskFlagQuery q;
  auto statuses = statuses_of(ctx.query("status").value_or(""));
  if (!statuses) return api_error(400, "invalid_query", "status must be open, decided or all", "status");
  q.statuses = *statuses;
  if (auto kind = ctx.query("kind")) {
    if (*kind != risk::kNoShow && *kind != risk::kDropOut && *kind != risk::kFall && *kind != risk::kRecovery)
      return api_error(400, "invalid_query", "kind must be noshow, dropout, fall or recovery", "kind");
    q.kind = *kind;
  }
  return answer_flags(ctx, q);
}

net::Response patient_flags(RequestContext& ctx) {
  clinic::Patient patient;
  if (auto d = load_patient(ctx, patient)) return *d;
  store::RiskFlagQuery q;
  q.patient_id = patient.id;
  auto statuses = statuses_of(ctx.query("status").value_or("all"));
  if (!statuses) return api_error(400, "invalid_query", "status must be open, decided or all", "status");
  q.statuses = *statuses;
  return answer_flags(ctx, q);
}

net::Response decide_flag(RequestContext& ctx) {
  const auto& who = ctx.principal();
  const std::string id = ctx.param("id");
  auto row = ctx.services.store().read([&](store::Tx& tx) { return tx.get_risk_flag(who.clinic_id, id); });
  if (!row) {
    if (row.error().code() != ErrorCode::kNotFound) return store_error(row.error());
    ctx.pending_reads.push_back(ctx.audit_event("risk_flag", "", "", "denied"));
    return not_found_answer("risk_flag");
  }
  if (auto d = ctx.authorize({row->clinic_id, row->patient_id}, "risk_flag", row->id)) return *d;
  // A kind the role does not see is answered as if it did not exist.
  if (!clinic::sees_risk_kind(who.role, row->kind) || !row->shown) {
    ctx.pending_reads.push_back(ctx.audit_event("risk_flag", row->id, row->patient_id, "denied"));
    return not_found_answer("risk_flag");
  }
  if (!clinic::decides_risk_kind(who.role, row->kind)) {
    ctx.pending_reads.push_back(ctx.audit_event("risk_flag", row->id, row->patient_id, "denied"));
    return api_error(403, "forbidden", "your role cannot decide this kind of flag");
  }
  if (row->status == "resolved")
    return api_error(409, "conflict", "the flag no longer applies (its condition is no longer met)");
  const std::string decision = str(ctx.body, "decision");
  const std::string reason = str(ctx.body, "reason");
  if (decision == "dismiss" && reason.find_first_not_of(" \t\r\n") == std::string::npos)
    return api_error(400, "invalid_body", "a dismissal needs a reason (it is kept for the model's review)",
                     "/reason");
  const std::string status = decision == "accept" ? "accepted" : "dismissed";
  auto out = ctx.services.store().write([&](store::Tx& tx) -> Result<clinic::RiskFlagRow> {
    auto f = PHYSIO_TRY(tx.decide_risk_flag(row->clinic_id, row->id, status, who.user_id, reason));
    auto e = ctx.audit_event("risk_flag", f.id, f.patient_id);
    e.action = decision == "accept" ? "risk_flag.accept" : "risk_flag.dismiss";
    json body = json::parse(f.body, nullptr, false);
    e.detail = json{{"decision", status},
                    {"reason", reason},
                    {"kind", f.kind},
                    {"title", body.is_object() ? body.value("title", "") : ""},
                    {"model_version", f.model_version},
                    {"inputs_hash", f.inputs_hash}}
                   .dump();
    PHYSIO_TRY(tx.append_audit({e}));
    return f;
  });
  if (!out) return store_error(out.error());
  return json_ok(flag_json(*out, nullptr));
}

/// The front desk's day list: the clinic's appointments of one day with their no-show flags.
net::Response day_list(RequestContext& ctx) {
  const auto& who = ctx.principal();
  if (auto d = ctx.authorize({who.clinic_id, std::nullopt}, "appointment", "")) return *d;
  const TimeUs now = now_us();
  std::int64_t day = now / kDayUs;
  if (auto q = ctx.query("date")) {
    auto parsed = days_from_iso_date(*q);
    if (!parsed) return api_error(400, "invalid_query", "date must be a date, YYYY-MM-DD", "date");
    day = *parsed;
  }
  const bool sees_noshow = clinic::sees_risk_kind(who.role, risk::kNoShow);
  struct Loaded {
    std::vector<clinic::Appointment> appointments;
    std::vector<clinic::Appointment> unmarked;  ///< past visits of the last kUnmarkedDays still "booked"
    std::map<std::string, clinic::Patient> patients;
    std::map<std::string, clinic::RiskFlagRow> flags;  ///< by appointment
    std::map<std::string, std::string> staff;
  };
  // Visits whose end has passed and that nobody marked (arrived, attended, did not attend): the desk's to
  // close, listed whatever day is shown, so that none stays "Booked" (docs/server/scheduling.md).
  constexpr std::int64_t kUnmarkedDays = 14;
  auto loaded = ctx.services.store().read([&](store::Tx& tx) -> Result<Loaded> {
    Loaded out;
    out.appointments =
        PHYSIO_TRY(tx.list_clinic_appointments(who.clinic_id, day * kDayUs, (day + 1) * kDayUs));
    for (auto& a : PHYSIO_TRY(tx.list_clinic_appointments(who.clinic_id, now - kUnmarkedDays * kDayUs, now)))
      if (a.status == "booked" && a.start_us + a.duration_min * 60 * kUsPerSecond <= now)
        out.unmarked.push_back(std::move(a));
    for (const auto* list : {&out.appointments, &out.unmarked})
      for (const auto& a : *list)
        if (!out.patients.contains(a.patient_id))
          out.patients.emplace(a.patient_id, PHYSIO_TRY(tx.get_patient(who.clinic_id, a.patient_id)));
    for (const auto& u : PHYSIO_TRY(tx.list_users(who.clinic_id))) out.staff[u.id] = u.display_name;
    if (sees_noshow) {
      store::RiskFlagQuery q;
      q.kind = std::string(risk::kNoShow);
      q.statuses = {"open", "accepted", "dismissed"};
      q.shown_only = true;
      for (auto& f : PHYSIO_TRY(tx.list_risk_flags(who.clinic_id, q)))
        out.flags.emplace(f.subject_id, std::move(f));
    }
    return out;
  });
  if (!loaded) return store_error(loaded.error());
  auto row = [&](const clinic::Appointment& a) {
    const auto& p = loaded->patients.at(a.patient_id);
    return json{{"appointment_id", a.id},
                {"patient_id", a.patient_id},
                {"given_name", p.given_name},
                {"family_name", p.family_name},
                {"mrn", p.mrn},
                {"phone", p.phone},
                {"start", iso_time(a.start_us)},
                {"duration_min", a.duration_min},
                {"status", a.status},
                {"reason", a.reason},
                {"practitioner",
                 loaded->staff.contains(a.practitioner_id) ? loaded->staff.at(a.practitioner_id) : ""},
                {"flag", nullptr}};
  };
  json unmarked = json::array();
  for (const auto& a : loaded->unmarked) unmarked.push_back(row(a));
  json items = json::array();
  for (const auto& a : loaded->appointments) {
    const auto& p = loaded->patients.at(a.patient_id);
    json j = {{"appointment_id", a.id},
              {"patient_id", a.patient_id},
              {"given_name", p.given_name},
              {"family_name", p.family_name},
              {"mrn", p.mrn},
              {"phone", p.phone},
              {"start", iso_time(a.start_us)},
              {"duration_min", a.duration_min},
              {"status", a.status},
              {"reason", a.reason},
              {"practitioner",
               loaded->staff.contains(a.practitioner_id) ? loaded->staff.at(a.practitioner_id) : ""},
              {"flag", nullptr}};
    if (auto it = loaded->flags.find(a.id); it != loaded->flags.end())
      j["flag"] = flag_json(it->second, nullptr);
    items.push_back(std::move(j));
  }
  // Sorted by time; the page also offers "by need".
  std::set<std::string> seen;
  for (const auto* list : {&loaded->appointments, &loaded->unmarked})
    for (const auto& a : *list)
      if (seen.insert(a.patient_id).second) ctx.audit_read("appointment", "", a.patient_id);
  return json_ok({{"date", iso_date_from_days(day)},
                  {"items", items},
                  {"unmarked", unmarked},
                  {"noshow_shown", sees_noshow}});
}

}  // namespace

void add_flag_routes(RouteTable& routes) {
  routes.push_back(with_query(
      make_route("GET", "/api/flags",
                 "The clinic's open risk flags the caller's role sees, sorted by need, each with "
                 "its reasons, action and card (status=open|decided|all, kind=noshow|dropout|fall|recovery)",
                 Action::kReadRiskFlags, Target::kClinic, "risk_flag.read", list_flags),
      {{"status", "open (default), decided or all"}, {"kind", "noshow, dropout, fall or recovery"}}));
  routes.push_back(
      with_query(make_route("GET", "/api/patients/{id}/flags",
                            "A patient's risk flags (status=all by default) with their decisions",
                            Action::kReadRiskFlags, Target::kPatient, "risk_flag.read", patient_flags),
                 {{"status", "open, decided or all (default)"}}));
  FieldSpec decision = text_field("decision", true, "accept or dismiss", 10);
  decision.one_of = {"accept", "dismiss"};
  routes.push_back(
      with_body(make_route("POST", "/api/flags/{id}/decision",
                           "Accept or dismiss a risk flag; a dismissal needs a reason. The decision "
                           "holds until the flag's inputs change",
                           Action::kDecideRiskFlag, Target::kRiskFlag, "risk_flag.decide", decide_flag),
                {decision, text_field("reason", false, "why (required to dismiss)", 500)}, 4 * 1024));
  routes.push_back(
      with_query(make_route("GET", "/api/schedule",
                            "The clinic's appointments of one day (date=YYYY-MM-DD, default today, UTC) with "
                            "their no-show flags for the roles that see them",
                            Action::kReadSchedule, Target::kClinic, "appointment.read", day_list),
                 {{"date", "the day, YYYY-MM-DD (default today, UTC)"}}));
}

}  // namespace physio::server
