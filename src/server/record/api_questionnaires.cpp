// Outcome measures on the platform (docs/server/questionnaires.md): the instrument library, responses
// filled in by the patient or entered by staff, and the patient's list with scores and change against
// baseline. Performance tests measured by an analysed IMU recording (observations with the tests' codes)
// join the same list. Single-use links are api_questionnaire_links.cpp. Scoring and the baseline rule are
// the measures module's; this file loads, authorizes, stores and audits.
#include <algorithm>
#include <charconv>
#include <map>
#include <variant>

#include <spdlog/spdlog.h>

#include "measures/change.hpp"
#include "measures/library.hpp"
#include "measures/score.hpp"
#include "security/hash.hpp"
#include "security/random.hpp"
#include "server/http/context.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/services.hpp"
#include "server/record/questionnaire_forms.hpp"
#include "server/record/routes.hpp"

namespace physio::server {
namespace {

using clinic::Action;
using nlohmann::json;
using namespace questionnaire;

// ---- The patient's list ---------------------------------------------------------------------------------

/// One entry of the list: a stored response, or a performance-test result from an analysed recording.
struct Entry {
  std::string id;
  const measures::Instrument* instrument = nullptr;
  TimeUs at_us = 0;
  std::string episode_id;
  std::string source;  ///< "patient", "staff", "link", or the observation's source ("imu", "pose")
  std::string entered_by;
  std::string observation_id;
  std::string recording_id;
  std::string method;
  measures::Score score;
};

json change_json(const measures::BaselineComparison& c) {
  json scores = json::array();
  for (const auto& s : c.scores) {
    const auto& ch = s.change;
    scores.push_back({{"score", ch.score},
                      {"name", ch.name},
                      {"unit", ch.unit},
                      {"baseline", ch.baseline},
                      {"current", ch.current},
                      {"change", ch.change},
                      {"improvement", ch.improvement},
                      {"mcid", ch.mcid ? json(*ch.mcid) : json(nullptr)},
                      {"mdc", ch.mdc ? json(*ch.mdc) : json(nullptr)},
                      {"flag", s.flag},
                      {"flagged", s.flagged},
                      {"beyond_mdc", ch.beyond_mdc},
                      {"mcid_source", s.mcid_source},
                      {"mdc_source", s.mdc_source},
                      {"text", s.text}});
  }
  return {{"baseline_id", c.baseline_id},
          {"baseline_completed", iso_time(c.baseline_us)},
          {"scope", c.scope},
          {"scores", scores},
          {"notes", c.notes}};
}

json entry_json(const Entry& e, const std::optional<measures::BaselineComparison>& change) {
  const auto& in = *e.instrument;
  json scores = json::object();
  json details = json::array();
  for (const auto& v : e.score.scores) {
    scores[v.id] = v.value ? json(*v.value) : json(nullptr);
    if (const auto* def = in.find_score(v.id))
      details.push_back({{"id", v.id},
                         {"name", def->name},
                         {"value", v.value ? json(*v.value) : json(nullptr)},
                         {"unit", def->unit},
                         {"direction", direction_name(def->direction)},
                         {"range", {def->range_min, def->range_max}}});
  }
  json answers = json::array();
  for (const auto& a : e.score.answers) answers.push_back(a ? json(*a) : json(nullptr));
  json j = {{"id", e.id},
            {"instrument", in.id},
            {"instrument_name", in.name},
            {"kind", in.kind},
            {"completed", iso_time(e.at_us)},
            {"source", e.source},
            {"entered_by", e.entered_by},
            {"episode_id", e.episode_id.empty() ? json(nullptr) : json(e.episode_id)},
            {"answers", answers},
            {"scores", scores},
            {"score_details", details},
            {"valid", e.score.valid},
            {"missing", e.score.missing},
            {"reason", e.score.reason},
            {"interpretation", measures::interpret(in, e.score)},
            {"change", change ? change_json(*change) : json(nullptr)}};
  if (!e.observation_id.empty()) {
    j["observation_id"] = e.observation_id;
    j["recording_id"] = e.recording_id;
    j["method"] = e.method;
  }
  return j;
}

/// The patient's responses and performance-test results, with change against baseline, newest first.
Result<json> responses_json(store::Tx& tx, const clinic::Patient& p, std::string_view only_instrument) {
  const auto* lib = library();
  if (lib == nullptr) return fail(ErrorCode::kInternal, "the instrument library is not available");
  std::vector<Entry> entries;
  auto stored = PHYSIO_TRY(tx.list_questionnaire_responses(p.clinic_id, p.id, only_instrument));
  for (const auto& r : stored) {
    Entry e;
    e.instrument = find_instrument(r.instrument_id);
    if (e.instrument == nullptr) continue;  // an instrument no longer in the library: kept, not shown
    auto s = measures::score_from_json(r.scores_json, r.answers_json);
    if (!s) return fail(ErrorCode::kCorrupt, "questionnaire response {}: {}", r.id, s.error().message());
    e.id = r.id;
    e.at_us = r.completed_us;
    e.episode_id = r.episode_id.value_or("");
    e.source = r.source;
    e.entered_by = r.entered_by;
    e.score = std::move(*s);
    entries.push_back(std::move(e));
  }
  for (const auto& pc : kPerformanceCodes) {
    if (!only_instrument.empty() && only_instrument != pc.instrument) continue;
    const auto* in = find_instrument(pc.instrument);
    if (in == nullptr) continue;
    store::ObservationQuery q;
    q.code = pc.code;
    auto obs = PHYSIO_TRY(tx.list_observations(p.clinic_id, p.id, q));
    for (const auto& o : obs) {
      if (o.code_system != pc.system) continue;
      auto s = measures::score(*in, {o.value});
      if (!s) continue;  // outside the test's accepted range: the observation stays on the timeline only
      Entry e;
      e.id = "obs-" + o.id;
      e.instrument = in;
      e.at_us = o.effective_us;
      e.source = o.source;
      e.observation_id = o.id;
      e.recording_id = o.recording_id.value_or("");
      e.method = o.method;
      e.score = std::move(*s);
      entries.push_back(std::move(e));
    }
  }
  std::stable_sort(entries.begin(), entries.end(),
                   [](const Entry& a, const Entry& b) { return a.at_us < b.at_us; });
  // Each instrument's series, oldest first, for the baseline rule.
  std::map<std::string, std::vector<std::size_t>> series;
  for (std::size_t i = 0; i < entries.size(); ++i) series[entries[i].instrument->id].push_back(i);
  std::vector<std::optional<measures::BaselineComparison>> changes(entries.size());
  for (const auto& [id, idx] : series) {
    std::vector<measures::TimedScore> ts;
    for (std::size_t i : idx)
      ts.push_back({entries[i].id, entries[i].at_us, entries[i].episode_id, entries[i].score});
    for (std::size_t k = 0; k < idx.size(); ++k)
      changes[idx[k]] = measures::compare_with_baseline(*entries[idx[k]].instrument, ts, k);
  }
  json out = json::array();
  for (std::size_t i = entries.size(); i-- > 0;) out.push_back(entry_json(entries[i], changes[i]));
  return out;
}

// ---- Handlers -------------------------------------------------------------------------------------------

net::Response list_instruments(RequestContext&) {
  const auto* lib = library();
  if (lib == nullptr) return api_error(503, "unavailable", "the instrument library is not available");
  json out = json::array();
  for (const auto& in : lib->instruments) out.push_back(instrument_json(in));
  return json_ok({{"instruments", out}});
}

net::Response list_responses(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  const std::string only = ctx.query("instrument").value_or("");
  if (!only.empty() && find_instrument(only) == nullptr)
    return api_error(400, "invalid_query", unknown_instrument_problem(only), "instrument");
  auto list = ctx.services.store().read([&](store::Tx& tx) { return responses_json(tx, p, only); });
  if (!list) return store_error(list.error());
  ctx.audit_read("questionnaire_response", "", p.id);
  return json_ok({{"responses", *list}});
}

net::Response submit_response(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  const auto* in = find_instrument(ctx.body["instrument"].get<std::string>());
  if (in == nullptr) return api_error(503, "unavailable", "the instrument library is not available");
  const auto answers = answers_of(ctx.body["answers"]);
  auto scored = score_answers(*in, answers);
  if (auto* refusal = std::get_if<net::Response>(&scored)) return *refusal;
  const auto& s = std::get<measures::Score>(scored);
  clinic::QuestionnaireResponse r;
  r.clinic_id = p.clinic_id;
  r.patient_id = p.id;
  if (auto bad = check_episode(ctx, p, r.episode_id)) return *bad;
  const bool by_patient = ctx.principal().role == clinic::Role::kPatient;
  if (ctx.body.contains("completed") && !ctx.body["completed"].is_null()) {
    if (by_patient)
      return api_error(400, "invalid_body", "only staff entering a form filled in earlier set its time",
                       "/completed");
    auto t = parse_iso_time(ctx.body["completed"].get<std::string>());
    if (!t) return api_error(400, "invalid_body", "must be a UTC time, YYYY-MM-DDTHH:MM:SSZ", "/completed");
    if (*t > now_us()) return api_error(400, "invalid_body", "is in the future", "/completed");
    r.completed_us = *t;
  }
  r.instrument_id = in->id;
  r.instrument_version = in->version;
  r.answers_json = measures::answers_to_json(answers);
  r.scores_json = measures::score_to_json(s);
  r.valid = s.valid;
  r.source = by_patient ? "patient" : "staff";
  r.entered_by = ctx.principal().user_id;
  auto stored = ctx.services.store().write([&](store::Tx& tx) -> Result<json> {
    auto row = PHYSIO_TRY(tx.insert_questionnaire_response(r));
    PHYSIO_CHECK(tx.append_audit({ctx.audit_event("questionnaire_response", row.id, p.id)}));
    auto list = PHYSIO_TRY(responses_json(tx, p, in->id));
    for (const auto& e : list)
      if (e["id"] == row.id) return e;
    return fail(ErrorCode::kInternal, "the stored response {} is not in the list", row.id);
  });
  if (!stored) return store_error(stored.error());
  return json_ok(*stored, 201);
}

}  // namespace

void add_questionnaire_routes(RouteTable& routes) {
  routes.push_back(make_route("GET", "/api/instruments",
                              "The outcome measures: questionnaires and performance tests with items, answer "
                              "options, scores, direction, MCID and MDC",
                              std::nullopt, Target::kNone, "", list_instruments));
  routes.push_back(with_query(
      make_route("GET", "/api/patients/{id}/questionnaire-responses",
                 "A patient's outcome measures, newest first, with scores and change against "
                 "baseline (instrument filter); IMU performance-test results included",
                 Action::kReadClinical, Target::kPatient, "questionnaire_response.read", list_responses),
      {{"instrument", "only this instrument's responses (odi, nprs, ...)"}}));
  {
    FieldSpec completed;
    completed.name = "completed";
    completed.description = "staff entering an earlier form: when it was filled in (UTC, not in the future)";
    completed.max_length = 40;
    routes.push_back(
        with_body(make_route("POST", "/api/patients/{id}/questionnaire-responses",
                             "Fill in an outcome measure: the patient for themself, or staff on their behalf",
                             Action::kRecordMeasure, Target::kPatient, "questionnaire_response.create",
                             submit_response),
                  {instrument_field(), answers_field(), episode_field(), completed}, kMaxResponseBody));
  }
  add_questionnaire_link_routes(routes);
  add_questionnaire_schedule_routes(routes);
}

}  // namespace physio::server
