// What the outcome-measure routes share (see the header).
#include "server/record/questionnaire_forms.hpp"

#include <algorithm>
#include <charconv>

#include <spdlog/spdlog.h>

#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/services.hpp"

namespace physio::server::questionnaire {

using clinic::Action;
using nlohmann::json;

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

namespace {
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
}  // namespace

const char* direction_name(measures::Direction d) {
  return d == measures::Direction::kHigherBetter ? "higher_better" : "lower_better";
}

json instrument_json(const measures::Instrument& in) {
  json items = json::array();
  for (const auto& it : in.items) {
    json i = {{"id", it.id}, {"label", it.label}, {"context", it.context}};
    if (!it.question.empty()) i["question"] = it.question;  // the instrument's own words, licence allowing
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

namespace {
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
}  // namespace

namespace {
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
}  // namespace

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
  auto e = ctx.services.store().read([&](store::Tx& tx) { return tx.get_episode(p.clinic_id, id); });
  if (!e) {
    if (e.error().code() != ErrorCode::kNotFound) return store_error(e.error());
    return api_error(400, "invalid_body", "not an episode of care of this patient", "/episode_id");
  }
  if (e->patient_id != p.id)
    return api_error(400, "invalid_body", "not an episode of care of this patient", "/episode_id");
  out = id;
  return std::nullopt;
}
}  // namespace physio::server::questionnaire
