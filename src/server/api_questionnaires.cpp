// Outcome measures on the platform (docs/server/questionnaires.md): the instrument library, responses
// filled in by the patient or entered by staff, single-use expiring links that need no account, and the
// patient's list with scores and change against baseline. Performance tests measured by an analysed IMU
// recording (observations with the tests' codes) join the same list. Scoring and the baseline rule are
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
#include "server/app.hpp"
#include "server/context.hpp"
#include "server/handler_util.hpp"
#include "server/http_util.hpp"

namespace physio::server {
namespace {

using clinic::Action;
using nlohmann::json;

constexpr std::size_t kMaxAnswers = 100;
constexpr std::uint64_t kMaxResponseBody = 4 * 1024;
constexpr std::uint64_t kMaxLinkBody = 1024;
constexpr TimeUs kDayUs = 86'400 * kUsPerSecond;
constexpr const char* kLocalCodeSystem = "http://physiokit.org/fhir/CodeSystem/measures";

/// Observations an analysed recording stores that are a performance test's result.
struct PerformanceCode {
  const char* system;
  const char* code;
  const char* instrument;
};
constexpr PerformanceCode kPerformanceCodes[] = {
    {"http://loinc.org", "89423-8", "tug"},
    {kLocalCodeSystem, "five-times-sit-to-stand", "five_times_sts"},
    {"http://loinc.org", "66247-8", "chair_stand_30s"},
    {kLocalCodeSystem, "gait-speed", "gait_speed_10mwt"},
};

const measures::MeasureLibrary* library() {
  auto lib = measures::default_measure_library();
  if (!lib) {
    spdlog::error("outcome measures: {}", lib.error().to_string());
    return nullptr;
  }
  return *lib;
}

const measures::Instrument* find_instrument(std::string_view id) {
  const auto* lib = library();
  if (lib == nullptr) return nullptr;
  auto in = lib->find(id);
  return in ? *in : nullptr;
}

std::string unknown_instrument_problem(std::string_view id) {
  const auto* lib = library();
  if (lib == nullptr) return "the instrument library is not available";
  auto in = lib->find(id);
  return in ? "" : in.error().message();
}

json threshold_json(const measures::Threshold& t) {
  if (!t.present()) return nullptr;
  json j = {{"source", t.source}};
  if (t.value) j["value"] = *t.value;
  if (!t.by_baseline.empty()) {
    json bands = json::array();
    for (const auto& b : t.by_baseline)
      bands.push_back({{"baseline_min", b.min}, {"baseline_max", b.max}, {"value", b.value}});
    j["by_baseline"] = bands;
  }
  return j;
}

const char* direction_name(measures::Direction d) {
  return d == measures::Direction::kHigherBetter ? "higher_better" : "lower_better";
}

json instrument_json(const measures::Instrument& in) {
  json items = json::array();
  for (const auto& it : in.items) {
    json i = {{"id", it.id}, {"label", it.label}, {"context", it.context}};
    if (!it.options.empty()) {
      json opts = json::array();
      for (const auto& o : it.options) opts.push_back({{"value", o.value}, {"label", o.label}});
      i["options"] = opts;
    } else {
      i["min"] = it.min.value_or(0);
      i["max"] = it.max.value_or(0);
      i["integer"] = it.integer;
      i["unit"] = it.unit;
    }
    items.push_back(std::move(i));
  }
  json scores = json::array();
  for (const auto& s : in.scores)
    scores.push_back({{"id", s.id},
                      {"name", s.name},
                      {"unit", s.unit},
                      {"direction", direction_name(s.direction)},
                      {"range", {s.range_min, s.range_max}},
                      {"min_answered", s.min_answered},
                      {"mcid", threshold_json(s.mcid)},
                      {"mdc", threshold_json(s.mdc)}});
  return {{"id", in.id},
          {"name", in.name},
          {"version", in.version},
          {"kind", in.kind},
          {"description", in.description},
          {"min_items", in.min_items},
          {"items", items},
          {"scores", scores},
          {"missing_rule", in.missing_rule},
          {"licence", in.licence}};
}

/// The answers of a body: an array of numbers or nulls (checked by the schema before the handler).
std::vector<std::optional<double>> answers_of(const json& a) {
  std::vector<std::optional<double>> out;
  for (const auto& v : a) out.push_back(v.is_null() ? std::nullopt : std::optional<double>(v.get<double>()));
  return out;
}

std::optional<BodyProblem> check_answers_array(const json& a) {
  if (a.empty()) return BodyProblem{"", "give the answers in the instrument's published item order"};
  if (a.size() > kMaxAnswers) return BodyProblem{"", fmt::format("at most {} answers", kMaxAnswers)};
  bool any = false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!a[i].is_null() && !a[i].is_number())
      return BodyProblem{"/" + std::to_string(i), "must be a number or null (not answered)"};
    any |= !a[i].is_null();
  }
  if (!any) return BodyProblem{"", "answer at least one item"};
  return std::nullopt;
}

/// "/answers/N" for an engine message naming "answer N+1", else "/answers".
std::string answer_field(const std::string& message) {
  const auto at = message.find(", answer ");
  if (at == std::string::npos) return "/answers";
  const char* first = message.data() + at + 9;
  std::size_t n = 0;
  auto [p, ec] = std::from_chars(first, message.data() + message.size(), n);
  if (ec != std::errc() || n == 0) return "/answers";
  return "/answers/" + std::to_string(n - 1);
}

/// Scores `answers` on `in`: the score, or the 400 naming the answer.
std::variant<measures::Score, net::Response> score_answers(
    const measures::Instrument& in, const std::vector<std::optional<double>>& answers) {
  auto s = measures::score(in, answers);
  if (!s) return api_error(400, "invalid_body", s.error().message(), answer_field(s.error().message()));
  return std::move(*s);
}

FieldSpec answers_field() {
  FieldSpec f;
  f.name = "answers";
  f.type = FieldType::kJson;
  f.required = true;
  f.json_type = "array";
  f.description =
      "answers in the instrument's published item order: the option's value, the measured value, "
      "or null for an item not answered";
  f.json_check = check_answers_array;
  return f;
}

FieldSpec instrument_field() {
  FieldSpec f;
  f.name = "instrument";
  f.required = true;
  f.description = "instrument id (GET /api/instruments)";
  f.max_length = 64;
  f.check = [](std::string_view v) { return unknown_instrument_problem(v); };
  return f;
}

FieldSpec episode_field() {
  FieldSpec f;
  f.name = "episode_id";
  f.description = "the episode of care it belongs to (the baseline is the episode's first response)";
  f.max_length = 64;
  return f;
}

/// The episode named in the body, checked to be the patient's; the 400 otherwise.
std::optional<net::Response> check_episode(RequestContext& ctx, const clinic::Patient& p,
                                           std::optional<std::string>& out) {
  if (!ctx.body.contains("episode_id") || ctx.body["episode_id"].is_null()) return std::nullopt;
  const std::string id = ctx.body["episode_id"].get<std::string>();
  auto e = ctx.app.store().read([&](store::Tx& tx) { return tx.get_episode(p.clinic_id, id); });
  if (!e) {
    if (e.error().code() != ErrorCode::kNotFound) return store_error(e.error());
    return api_error(400, "invalid_body", "not an episode of care of this patient", "/episode_id");
  }
  if (e->patient_id != p.id)
    return api_error(400, "invalid_body", "not an episode of care of this patient", "/episode_id");
  out = id;
  return std::nullopt;
}

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
  const std::string only = query_param(ctx.req, "instrument").value_or("");
  if (!only.empty() && find_instrument(only) == nullptr)
    return api_error(400, "invalid_query", unknown_instrument_problem(only), "instrument");
  auto list = ctx.app.store().read([&](store::Tx& tx) { return responses_json(tx, p, only); });
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
  auto stored = ctx.app.store().write([&](store::Tx& tx) -> Result<json> {
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

std::string link_status(const clinic::QuestionnaireLink& l, TimeUs now) {
  if (l.used_us != 0) return "used";
  if (l.expires_us <= now) return "expired";
  return "open";
}

json link_json(const clinic::QuestionnaireLink& l, TimeUs now) {
  const auto* in = find_instrument(l.instrument_id);
  return {{"id", l.id},
          {"instrument", l.instrument_id},
          {"instrument_name", in ? in->name : l.instrument_id},
          {"episode_id", l.episode_id ? json(*l.episode_id) : json(nullptr)},
          {"created", iso_time(l.created_us)},
          {"created_by", l.created_by},
          {"expires", iso_time(l.expires_us)},
          {"used", l.used_us ? json(iso_time(l.used_us)) : json(nullptr)},
          {"status", link_status(l, now)}};
}

net::Response create_link(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  if (auto r = refuse_if_restricted(ctx, p, "a new questionnaire link")) return *r;
  const std::string instrument = ctx.body["instrument"].get<std::string>();
  const std::int64_t max_days = ctx.app.settings().questionnaire_link_days;
  const std::int64_t days = ctx.body.value("expires_days", max_days);
  if (days > max_days)
    return api_error(400, "invalid_body",
                     fmt::format("at most {} days (the server's questionnaire-link-days)", max_days),
                     "/expires_days");
  clinic::QuestionnaireLink l;
  l.clinic_id = p.clinic_id;
  l.patient_id = p.id;
  if (auto bad = check_episode(ctx, p, l.episode_id)) return *bad;
  l.instrument_id = instrument;
  l.created_by = ctx.principal().user_id;
  l.expires_us = now_us() + days * kDayUs;
  const std::string token = security::random_token();
  l.token_sha256 = security::sha256_hex(token);
  auto stored = ctx.app.store().write([&](store::Tx& tx) -> Result<clinic::QuestionnaireLink> {
    auto row = PHYSIO_TRY(tx.create_questionnaire_link(l));
    PHYSIO_CHECK(tx.append_audit({ctx.audit_event("questionnaire_link", row.id, p.id)}));
    return row;
  });
  if (!stored) return store_error(stored.error());
  json j = link_json(*stored, now_us());
  const std::string path = "/q/" + token;
  j["token"] = token;
  j["path"] = path;
  if (auto host = ctx.req.header("host"))
    j["url"] =
        std::string(ctx.app.settings().secure_cookies ? "https://" : "http://") + std::string(*host) + path;
  return json_ok(j, 201);
}

net::Response list_links(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  auto links =
      ctx.app.store().read([&](store::Tx& tx) { return tx.list_questionnaire_links(p.clinic_id, p.id); });
  if (!links) return store_error(links.error());
  ctx.audit_read("questionnaire_link", "", p.id);
  const TimeUs now = now_us();
  json out = json::array();
  for (const auto& l : *links) out.push_back(link_json(l, now));
  return json_ok({{"links", out}});
}

// ---- The public link ------------------------------------------------------------------------------------

/// An audit event with the link as the actor.
store::AuditEventInput link_event(const RequestContext& ctx, const clinic::QuestionnaireLink& l,
                                  std::string_view record_type, std::string_view record_id,
                                  std::string_view outcome = "success") {
  auto e = ctx.audit_event(record_type, record_id, l.patient_id, outcome);
  e.clinic_id = l.clinic_id;
  e.actor_id = l.id;
  e.role = "questionnaire_link";
  return e;
}

/// The link named by {token} and still usable; otherwise the answer: 429 while the address is throttled,
/// 404 for a token that names no link (counted against the address like a failed sign-in), 410 for a used
/// or expired one (the same answer for both).
std::variant<clinic::QuestionnaireLink, net::Response> open_link(RequestContext& ctx) {
  double retry = 0;
  if (!ctx.app.throttle().allow(ctx.req.client_address, retry))
    return api_error(429, "too_many_attempts", fmt::format("too many attempts; wait {:.0f} s", retry + 0.5));
  const std::string token = ctx.param("token");
  auto l = ctx.app.store().read(
      [&](store::Tx& tx) { return tx.get_questionnaire_link_by_token(security::sha256_hex(token)); });
  if (!l) {
    if (l.error().code() != ErrorCode::kNotFound) return store_error(l.error());
    ctx.app.throttle().failed(ctx.req.client_address);
    return api_error(404, "not_found", "this link does not exist; check it or ask your clinic for a new one");
  }
  if (l->used_us != 0 || l->expires_us <= now_us()) {
    ctx.pending_reads.push_back(link_event(ctx, *l, "questionnaire_link", l->id, "denied"));
    return api_error(410, "gone", "this link has been used or has expired; ask your clinic for a new one");
  }
  return std::move(*l);
}

net::Response public_form(RequestContext& ctx) {
  auto opened = open_link(ctx);
  if (auto* refusal = std::get_if<net::Response>(&opened)) return *refusal;
  const auto& l = std::get<clinic::QuestionnaireLink>(opened);
  const auto* in = find_instrument(l.instrument_id);
  if (in == nullptr) return api_error(503, "unavailable", "the instrument library is not available");
  auto clinic = ctx.app.store().read([&](store::Tx& tx) { return tx.get_clinic(l.clinic_id); });
  if (!clinic) return store_error(clinic.error());
  ctx.pending_reads.push_back(link_event(ctx, l, "questionnaire_link", l.id));
  // Nothing that identifies the patient: whoever holds the link learns the clinic and the form only.
  return json_ok(
      {{"clinic", clinic->name}, {"expires", iso_time(l.expires_us)}, {"instrument", instrument_json(*in)}});
}

net::Response public_submit(RequestContext& ctx) {
  auto opened = open_link(ctx);
  if (auto* refusal = std::get_if<net::Response>(&opened)) return *refusal;
  const auto& l = std::get<clinic::QuestionnaireLink>(opened);
  {
    clinic::Patient owner;
    owner.clinic_id = l.clinic_id;
    owner.id = l.patient_id;
    if (auto r = refuse_if_restricted(ctx, owner, "answering a questionnaire link")) return *r;
  }
  const auto* in = find_instrument(l.instrument_id);
  if (in == nullptr) return api_error(503, "unavailable", "the instrument library is not available");
  const auto answers = answers_of(ctx.body["answers"]);
  auto scored = score_answers(*in, answers);
  if (auto* refusal = std::get_if<net::Response>(&scored)) return *refusal;
  const auto& s = std::get<measures::Score>(scored);
  clinic::QuestionnaireResponse r;
  r.instrument_version = in->version;
  r.answers_json = measures::answers_to_json(answers);
  r.scores_json = measures::score_to_json(s);
  r.valid = s.valid;
  r.source = "link";
  auto stored =
      ctx.app.store().write([&](store::Tx& tx) -> Result<std::optional<clinic::QuestionnaireResponse>> {
        auto row = PHYSIO_TRY(tx.use_questionnaire_link(l.id, r));
        if (row) PHYSIO_CHECK(tx.append_audit({link_event(ctx, l, "questionnaire_response", row->id)}));
        return row;
      });
  if (!stored) return store_error(stored.error());
  if (!*stored) {
    ctx.pending_reads.push_back(link_event(ctx, l, "questionnaire_link", l.id, "denied"));
    return api_error(410, "gone", "this link has been used or has expired; ask your clinic for a new one");
  }
  // The patient sees that it arrived, not the scores: those are for the clinician to explain.
  return json_ok({{"received", true}, {"completed", iso_time((*stored)->completed_us)}}, 201);
}

Route with_json(Route r, std::vector<FieldSpec> fields, std::uint64_t max_body) {
  r.body = BodyKind::kJson;
  r.schema.fields = std::move(fields);
  r.max_body = max_body;
  return r;
}

Route public_route(std::string method, std::string summary, std::string audit,
                   std::function<net::Response(RequestContext&)> handler) {
  Route r = make_route(std::move(method), "/api/q/{token}", std::move(summary), std::nullopt, Target::kNone,
                       std::move(audit), std::move(handler));
  r.auth = AuthMode::kPublic;
  return r;
}

}  // namespace

void add_questionnaire_routes(std::vector<Route>& routes) {
  routes.push_back(make_route("GET", "/api/instruments",
                              "The outcome measures: questionnaires and performance tests with items, answer "
                              "options, scores, direction, MCID and MDC",
                              std::nullopt, Target::kNone, "", list_instruments));
  routes.push_back(make_route("GET", "/api/patients/{id}/questionnaire-responses",
                              "A patient's outcome measures, newest first, with scores and change against "
                              "baseline (instrument filter); IMU performance-test results included",
                              Action::kReadClinical, Target::kPatient, "questionnaire_response.read",
                              list_responses));
  {
    FieldSpec completed;
    completed.name = "completed";
    completed.description = "staff entering an earlier form: when it was filled in (UTC, not in the future)";
    completed.max_length = 40;
    routes.push_back(
        with_json(make_route("POST", "/api/patients/{id}/questionnaire-responses",
                             "Fill in an outcome measure: the patient for themself, or staff on their behalf",
                             Action::kRecordMeasure, Target::kPatient, "questionnaire_response.create",
                             submit_response),
                  {instrument_field(), answers_field(), episode_field(), completed}, kMaxResponseBody));
  }
  {
    FieldSpec days;
    days.name = "expires_days";
    days.type = FieldType::kInteger;
    days.description = "days the link works (default and most: the questionnaire-link-days setting)";
    days.min = 1;
    days.max = 90;
    routes.push_back(with_json(
        make_route("POST", "/api/patients/{id}/questionnaire-links",
                   "Make a single-use link to fill in one instrument without an account (the token is "
                   "returned once)",
                   Action::kSendQuestionnaire, Target::kPatient, "questionnaire_link.create", create_link),
        {instrument_field(), episode_field(), days}, kMaxLinkBody));
  }
  routes.push_back(
      make_route("GET", "/api/patients/{id}/questionnaire-links",
                 "A patient's questionnaire links: instrument, expiry, used or not (never the token)",
                 Action::kSendQuestionnaire, Target::kPatient, "questionnaire_link.read", list_links));
  routes.push_back(public_route("GET",
                                "A questionnaire link's form (no account; the token is the credential)",
                                "questionnaire_link.open", public_form));
  routes.push_back(with_json(public_route("POST", "Submit a questionnaire link's answers, once",
                                          "questionnaire_link.submit", public_submit),
                             {answers_field()}, kMaxResponseBody));
}

}  // namespace physio::server
