#include "measures/change.hpp"

#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace physio::measures {
namespace {

using ojson = nlohmann::ordered_json;

// Six decimals: drops floating-point noise (30.000000000000004) without rounding any published value.
double tidy(double v) {
  double r = std::round(v * 1e6) / 1e6;
  return r == 0 ? 0.0 : r;
}

const Threshold* threshold_of(const Instrument& in, const std::string& score_id, bool mcid) {
  const ScoreDef* def = in.find_score(score_id);
  if (!def) return nullptr;
  return mcid ? &def->mcid : &def->mdc;
}

bool is_baseline_candidate(const TimedScore& r, const TimedScore& current) {
  if (!r.score.valid) return false;
  return current.episode_id.empty() || r.episode_id == current.episode_id;
}

}  // namespace

std::optional<BaselineComparison> compare_with_baseline(const Instrument& in,
                                                        const std::vector<TimedScore>& responses,
                                                        std::size_t current) {
  if (current >= responses.size()) return std::nullopt;
  const TimedScore& cur = responses[current];
  if (!cur.score.valid) return std::nullopt;
  // The earliest valid response of the scope; ties in time are broken by the order given.
  std::optional<std::size_t> base;
  for (std::size_t i = 0; i < responses.size(); ++i) {
    if (!is_baseline_candidate(responses[i], cur)) continue;
    if (!base || responses[i].at_us < responses[*base].at_us) base = i;
  }
  if (!base || *base == current) return std::nullopt;
  const TimedScore& b = responses[*base];

  BaselineComparison out;
  out.baseline_id = b.id;
  out.baseline_us = b.at_us;
  out.scope = cur.episode_id.empty() ? "all" : "episode";
  ChangeReport rep = change_flag(in, b.score, cur.score);
  out.notes = std::move(rep.notes);
  for (ScoreChange& ch : rep.changes) {
    BaselineScoreChange s;
    switch (ch.verdict) {
      case ChangeVerdict::kImproved:
        s.flag = "improved";
        break;
      case ChangeVerdict::kWorsened:
        s.flag = "worsened";
        break;
      case ChangeVerdict::kWithinMcid:
        s.flag = "within_mcid";
        break;
      case ChangeVerdict::kNoMcid:
        s.flag = "no_mcid";
        break;
    }
    s.flagged = ch.verdict == ChangeVerdict::kImproved || ch.verdict == ChangeVerdict::kWorsened;
    if (const Threshold* t = threshold_of(in, ch.score, true); t && ch.mcid) s.mcid_source = t->source;
    if (const Threshold* t = threshold_of(in, ch.score, false); t && ch.mdc) s.mdc_source = t->source;
    s.text = ch.text;
    if (!s.mcid_source.empty()) s.text += fmt::format(" (MCID: {})", s.mcid_source);
    s.change = std::move(ch);
    out.scores.push_back(std::move(s));
  }
  return out;
}

std::string score_to_json(const Score& s) {
  ojson scores = ojson::object();
  for (const auto& v : s.scores) scores[v.id] = v.value ? ojson(tidy(*v.value)) : ojson(nullptr);
  ojson out;
  out["instrument"] = s.instrument;
  out["scores"] = std::move(scores);
  out["missing"] = s.missing;
  out["valid"] = s.valid;
  out["reason"] = s.reason.empty() ? ojson(nullptr) : ojson(s.reason);
  return out.dump();
}

std::string answers_to_json(const std::vector<std::optional<double>>& answers) {
  ojson a = ojson::array();
  for (const auto& v : answers) a.push_back(v ? ojson(tidy(*v)) : ojson(nullptr));
  return a.dump();
}

Result<Score> score_from_json(std::string_view scores_json, std::string_view answers_json) {
  ojson j, a;
  try {
    j = ojson::parse(scores_json);
    a = ojson::parse(answers_json);
  } catch (const ojson::parse_error& e) {
    return fail(ErrorCode::kParse, "stored score: not valid JSON: {}", e.what());
  }
  if (!j.is_object() || !j.contains("scores") || !j["scores"].is_object())
    return fail(ErrorCode::kParse, "stored score: expected an object with \"scores\"");
  if (!a.is_array()) return fail(ErrorCode::kParse, "stored answers: expected an array");
  Score s;
  s.instrument = j.value("instrument", "");
  for (const auto& [id, v] : j["scores"].items()) {
    if (!v.is_null() && !v.is_number())
      return fail(ErrorCode::kParse, "stored score: scores.{}: expected a number or null", id);
    s.scores.push_back({id, v.is_null() ? std::nullopt : std::optional<double>(v.get<double>())});
  }
  if (j.contains("missing") && j["missing"].is_array())
    for (const auto& m : j["missing"])
      if (m.is_string()) s.missing.push_back(m.get<std::string>());
  s.valid = j.value("valid", false);
  if (j.contains("reason") && j["reason"].is_string()) s.reason = j["reason"].get<std::string>();
  for (const auto& v : a) {
    if (!v.is_null() && !v.is_number())
      return fail(ErrorCode::kParse, "stored answers: expected numbers or null");
    s.answers.push_back(v.is_null() ? std::nullopt : std::optional<double>(v.get<double>()));
  }
  return s;
}

}  // namespace physio::measures
