// Scheduled questionnaires (docs/server/questionnaire-schedules.md): one schedule per patient and
// questionnaire, "every N weeks from a date" and/or "at discharge", set, changed and stopped by the staff who
// may send questionnaire links; the sends themselves are the background loop's. The rules (what is due,
// the next send) are rehab/questionnaire_schedule.hpp; this file loads, authorizes, stores and audits.
#include <algorithm>
#include <set>

#include <spdlog/spdlog.h>

#include "rehab/program_rows.hpp"
#include "rehab/questionnaire_schedule.hpp"
#include "server/http/context.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/services.hpp"
#include "server/record/questionnaire_forms.hpp"
#include "server/record/routes.hpp"
#include "store/questionnaire_schedules.hpp"

namespace physio::server {
namespace {

using clinic::Action;
using nlohmann::json;
using namespace questionnaire;

inline constexpr std::uint64_t kMaxScheduleBody = 1024;

rehab::QuestionnaireScheduleRule rule_of(const store::QuestionnaireScheduleRow& s) {
  rehab::QuestionnaireScheduleRule r;
  r.every_weeks = static_cast<int>(s.every_weeks);
  r.from_day = rehab::parse_date(s.from_date).value_or(0);
  r.at_discharge = s.at_discharge;
  r.stopped = s.stopped_us != 0;
  return r;
}

rehab::ScheduleClock clock_of(const RequestContext& ctx) {
  rehab::ScheduleClock c;
  c.send_hour = static_cast<int>(ctx.services.settings().questionnaire_send_hour);
  return c;
}

std::string instrument_name(std::string_view id) {
  const auto* in = find_instrument(id);
  return in ? in->name : std::string(id);
}

/// Everything a page shows about the patient's schedules, read in one transaction.
struct Loaded {
  struct One {
    store::QuestionnaireScheduleRow schedule;
    std::vector<store::QuestionnaireSendRow> sends;
    std::optional<rehab::DueSend> next;
  };
  std::vector<One> schedules;
  std::vector<clinic::QuestionnaireResponse> responses;
};

Result<Loaded> load(store::Tx& tx, const clinic::Patient& p, const rehab::ScheduleClock& clock) {
  Loaded out;
  const auto offset = rehab::zone_of(p);
  rehab::ScheduleFacts f;
  f.restricted = PHYSIO_TRY(tx.get_restriction(p.clinic_id, p.id)).has_value();
  f.email_allowed = !p.email.empty() && p.email_ok;
  const auto episodes = PHYSIO_TRY(tx.list_episodes(p.clinic_id, p.id));
  for (auto& s : PHYSIO_TRY(store::list_questionnaire_schedules(tx, p.clinic_id, p.id))) {
    Loaded::One one;
    one.sends = PHYSIO_TRY(store::list_questionnaire_sends(tx, p.clinic_id, s.id));
    std::set<std::string> claimed;
    for (const auto& x : one.sends) claimed.insert(x.due_key);
    f.discharge_day = rehab::discharge_day(episodes, s.episode_id, offset);
    one.next = rehab::next_send(rule_of(s), claimed, f, now_us(), offset, clock);
    one.schedule = std::move(s);
    out.schedules.push_back(std::move(one));
  }
  out.responses = PHYSIO_TRY(tx.list_questionnaire_responses(p.clinic_id, p.id));
  return out;
}

/// When the send was answered: through its link, or by a response to the same instrument filled in
/// since it was sent (the patient signed in); 0 when not yet.
TimeUs answered_us(const store::QuestionnaireSendRow& s, const std::string& instrument,
                   const std::vector<clinic::QuestionnaireResponse>& responses) {
  if (s.link_used_us != 0) return s.link_used_us;
  for (const auto& r : responses)
    if (r.instrument_id == instrument && r.completed_us >= s.claimed_us) return r.completed_us;
  return 0;
}

json next_json(const std::optional<rehab::DueSend>& n) {
  if (!n) return nullptr;
  if (n->day == 0) return {{"due", nullptr}, {"words", "at discharge"}};
  return {{"due", rehab::format_date(n->day)},
          {"words", n->key == rehab::kDischargeKey ? "at discharge, " + rehab::day_words(n->day)
                                                   : rehab::day_words(n->day)}};
}

json schedule_json(const Loaded::One& one, const std::vector<clinic::QuestionnaireResponse>& responses,
                   const clinic::Patient& p) {
  const auto& s = one.schedule;
  json sends = json::array();
  for (auto it = one.sends.rbegin(); it != one.sends.rend(); ++it) {
    const TimeUs answered = answered_us(*it, s.instrument_id, responses);
    const auto day = rehab::parse_date(it->due_key);
    sends.push_back({{"due", it->due_key},
                     {"due_words", day ? rehab::day_words(*day) : std::string("at discharge")},
                     {"sent", iso_time(it->claimed_us)},
                     {"email", it->email_status},
                     {"attempts", it->attempts},
                     {"answered", answered ? json(iso_time(answered)) : json(nullptr)},
                     {"link_open", it->link_used_us == 0 && it->link_expires_us > now_us()}});
  }
  (void)p;
  return {{"id", s.id},
          {"instrument", s.instrument_id},
          {"instrument_name", instrument_name(s.instrument_id)},
          {"every_weeks", s.every_weeks},
          {"from_date", s.from_date},
          {"at_discharge", s.at_discharge},
          {"episode_id", s.episode_id ? json(*s.episode_id) : json(nullptr)},
          {"words", rehab::schedule_words(rule_of(s))},
          {"running", s.stopped_us == 0},
          {"stopped", s.stopped_us ? json(iso_time(s.stopped_us)) : json(nullptr)},
          {"created", iso_time(s.created_us)},
          {"updated", iso_time(s.updated_us)},
          {"next", next_json(one.next)},
          {"sends", sends}};
}

net::Response list_schedules(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  auto loaded = ctx.services.store().read([&](store::Tx& tx) { return load(tx, p, clock_of(ctx)); });
  if (!loaded) return store_error(loaded.error());
  ctx.audit_read("questionnaire_schedule", "", p.id);
  json out = json::array();
  for (const auto& one : loaded->schedules) out.push_back(schedule_json(one, loaded->responses, p));
  return json_ok({{"schedules", out},
                  {"send_hour", ctx.services.settings().questionnaire_send_hour},
                  {"email_allowed", !p.email.empty() && p.email_ok}});
}

net::Response put_schedule(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  if (auto r = refuse_if_restricted(ctx, p, "a questionnaire schedule")) return *r;
  const std::string instrument = ctx.body["instrument"].get<std::string>();
  const auto* in = find_instrument(instrument);
  if (in == nullptr || in->kind != "questionnaire")
    return api_error(400, "invalid_body",
                     fmt::format("{} is not a questionnaire the platform scores", instrument), "/instrument");
  rehab::QuestionnaireScheduleRule rule;
  rule.every_weeks = ctx.body["every_weeks"].get<int>();
  rule.at_discharge = ctx.body.value("at_discharge", false);
  const auto offset = rehab::zone_of(p);
  const rehab::LocalDay today = rehab::local_day(now_us(), offset);
  rule.from_day = today;
  if (ctx.body.contains("from_date")) {
    const auto d = rehab::parse_date(ctx.body["from_date"].get<std::string>());
    if (!d) return api_error(400, "invalid_body", "not a date (YYYY-MM-DD)", "/from_date");
    if (*d < today)
      return api_error(400, "invalid_body",
                       fmt::format("the first send may not be before today ({})", rehab::format_date(today)),
                       "/from_date");
    rule.from_day = *d;
  }
  if (auto st = check_schedule(rule); !st) {
    const std::string m = st.error().message();
    const auto colon = m.find(':');
    return api_error(400, "invalid_body", m.substr(colon + 2), "/" + m.substr(0, colon));
  }
  std::optional<std::string> episode;
  if (auto bad = check_episode(ctx, p, episode)) return *bad;
  const TimeUs now = now_us();
  bool created = false;
  auto stored = ctx.services.store().write([&](store::Tx& tx) -> Result<store::QuestionnaireScheduleRow> {
    std::optional<store::QuestionnaireScheduleRow> row;
    for (auto& s : PHYSIO_TRY(store::list_questionnaire_schedules(tx, p.clinic_id, p.id)))
      if (s.stopped_us == 0 && s.instrument_id == instrument) row = std::move(s);
    if (!row) {
      store::QuestionnaireScheduleRow s;
      s.clinic_id = p.clinic_id;
      s.patient_id = p.id;
      s.instrument_id = instrument;
      s.created_by = ctx.principal().user_id;
      s.created_us = now;
      row = s;
      created = true;
    }
    row->every_weeks = rule.every_weeks;
    row->from_date = rehab::format_date(rule.from_day);
    row->at_discharge = rule.at_discharge;
    row->episode_id = episode;
    row->updated_by = ctx.principal().user_id;
    row->updated_us = now;
    if (created)
      row = PHYSIO_TRY(store::insert_questionnaire_schedule(tx, *row));
    else
      PHYSIO_CHECK(store::update_questionnaire_schedule(tx, *row));
    auto e = ctx.audit_event("questionnaire_schedule", row->id, p.id);
    e.detail = fmt::format("{}: {}", instrument, rehab::schedule_words(rule));
    PHYSIO_CHECK(tx.append_audit({e}));
    return *row;
  });
  if (!stored) return store_error(stored.error());
  auto loaded = ctx.services.store().read([&](store::Tx& tx) { return load(tx, p, clock_of(ctx)); });
  if (!loaded) return store_error(loaded.error());
  for (const auto& one : loaded->schedules)
    if (one.schedule.id == stored->id)
      return json_ok(schedule_json(one, loaded->responses, p), created ? 201 : 200);
  return api_error(500, "internal", "the schedule was stored but not found");
}

net::Response stop_schedule(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  const auto instrument = ctx.query("instrument");
  if (!instrument || instrument->empty())
    return api_error(400, "invalid_query", "name the questionnaire whose schedule stops", "instrument");
  const TimeUs now = now_us();
  auto stopped = ctx.services.store().write([&](store::Tx& tx) -> Result<int> {
    int n = 0;
    for (auto& s : PHYSIO_TRY(store::list_questionnaire_schedules(tx, p.clinic_id, p.id))) {
      if (s.stopped_us != 0 || s.instrument_id != *instrument) continue;
      s.stopped_us = now;
      s.updated_by = ctx.principal().user_id;
      s.updated_us = now;
      PHYSIO_CHECK(store::update_questionnaire_schedule(tx, s));
      PHYSIO_CHECK(tx.append_audit({ctx.audit_event("questionnaire_schedule", s.id, p.id)}));
      ++n;
    }
    return n;
  });
  if (!stopped) return store_error(stopped.error());
  return json_ok({{"stopped", *stopped}});
}

/// The patient's view: the next questionnaire and the ones waiting to be answered.
net::Response due_for_patient(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  auto loaded = ctx.services.store().read([&](store::Tx& tx) { return load(tx, p, clock_of(ctx)); });
  if (!loaded) return store_error(loaded.error());
  ctx.audit_read("questionnaire_schedule", "", p.id);
  json next = json::array(), waiting = json::array();
  const TimeUs now = now_us();
  for (const auto& one : loaded->schedules) {
    const auto& s = one.schedule;
    if (s.stopped_us != 0) continue;
    if (one.next && one.next->day != 0 && one.next->due_us > now)
      next.push_back({{"instrument", s.instrument_id},
                      {"instrument_name", instrument_name(s.instrument_id)},
                      {"due", rehab::format_date(one.next->day)},
                      {"words", rehab::day_words(one.next->day)}});
    if (!one.sends.empty()) {
      const auto& last = one.sends.back();
      if (last.link_expires_us > now && answered_us(last, s.instrument_id, loaded->responses) == 0)
        waiting.push_back({{"instrument", s.instrument_id},
                           {"instrument_name", instrument_name(s.instrument_id)},
                           {"sent", iso_time(last.claimed_us)},
                           {"until", iso_time(last.link_expires_us)},
                           {"path", fmt::format("/patients/{}/questionnaires/{}", p.id, s.instrument_id)}});
    }
  }
  std::sort(next.begin(), next.end(), [](const json& a, const json& b) { return a["due"] < b["due"]; });
  return json_ok({{"next", next}, {"waiting", waiting}});
}

}  // namespace

void add_questionnaire_schedule_routes(RouteTable& routes) {
  routes.push_back(make_route(
      "GET", "/api/patients/{id}/questionnaire-schedules",
      "A patient's questionnaire schedules: every N weeks and/or at discharge, the next send in words, each "
      "send with its e-mail and whether it was answered",
      Action::kSendQuestionnaire, Target::kPatient, "questionnaire_schedule.read", list_schedules));
  {
    FieldSpec weeks = number_field("every_weeks", "weeks between sends, 1-12; 0: only at discharge", 0,
                                   rehab::kMaxScheduleWeeks, FieldType::kInteger, true);
    FieldSpec from = text_field(
        "from_date", false, "YYYY-MM-DD of the first periodic send, not before today (default: today)", 10);
    FieldSpec discharge;
    discharge.name = "at_discharge";
    discharge.type = FieldType::kBoolean;
    discharge.description =
        "also send once at discharge (the episode finished); the periodic sends stop then";
    routes.push_back(with_body(
        make_route(
            "PUT", "/api/patients/{id}/questionnaire-schedules",
            "Set the schedule of one questionnaire for the patient (creates it, or changes the running "
            "one); the sends go by e-mail when the patient agreed, else wait on their Today page",
            Action::kSendQuestionnaire, Target::kPatient, "questionnaire_schedule.update", put_schedule),
        {instrument_field(), weeks, from, discharge, episode_field()}, kMaxScheduleBody));
  }
  routes.push_back(with_query(
      make_route("DELETE", "/api/patients/{id}/questionnaire-schedules",
                 "Stop the patient's schedule of one questionnaire (links already sent keep working)",
                 Action::kSendQuestionnaire, Target::kPatient, "questionnaire_schedule.stop", stop_schedule),
      {{"instrument", "the questionnaire whose schedule stops (psfs, koos_jr, ...)", "string", true}}));
  routes.push_back(make_route(
      "GET", "/api/patients/{id}/questionnaires-due",
      "The patient's next scheduled questionnaire and those sent and not yet answered",
      Action::kRecordMeasure, Target::kPatient, "questionnaire_schedule.read_due", due_for_patient));
}

}  // namespace physio::server
