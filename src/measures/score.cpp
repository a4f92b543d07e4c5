#include "measures/score.hpp"

#include <algorithm>
#include <cmath>

namespace physio::measures {
namespace {

constexpr double kChangeTol = 1e-9;  // a change equal to the MCID passes it

// "12", "12.5", "0.05": numbers as a clinician writes them.
std::string num(double v) {
  std::string s = fmt::format("{:.3f}", v);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

std::string with_unit(double v, const std::string& unit) {
  if (unit.empty() || unit == "points") return num(v);
  if (unit == "%") return num(v) + " %";
  return num(v) + " " + unit;
}

std::string options_list(const Item& it) {
  std::string out;
  for (const auto& o : it.options) out += (out.empty() ? "" : ", ") + num(o.value);
  return out;
}

Status check_answer(const Instrument& in, std::size_t i, double v) {
  const Item& it = in.items[i];
  if (!std::isfinite(v))
    return fail(ErrorCode::kOutOfRange, "{} item {} ({}, answer {}): not a finite number", in.id, it.id,
                it.label, i + 1);
  if (!it.options.empty()) {
    for (const auto& o : it.options)
      if (std::abs(o.value - v) < kValueTol) return ok();
    return fail(ErrorCode::kOutOfRange,
                "{} item {} ({}, answer {}): {} is not one of its answer options ({})", in.id, it.id,
                it.label, i + 1, num(v), options_list(it));
  }
  if (v < *it.min || v > *it.max)
    return fail(ErrorCode::kOutOfRange, "{} item {} ({}, answer {}): {} is outside {} to {}{}", in.id, it.id,
                it.label, i + 1, num(v), num(*it.min), num(*it.max), it.unit.empty() ? "" : " " + it.unit);
  if (it.integer && v != std::floor(v))
    return fail(ErrorCode::kOutOfRange, "{} item {} ({}, answer {}): {} must be a whole number", in.id, it.id,
                it.label, i + 1, num(v));
  return ok();
}

bool compare(double v, const std::string& op, double t) {
  if (op == "<") return v < t;
  if (op == "<=") return v <= t;
  if (op == ">") return v > t;
  return v >= t;
}

std::string op_words(const std::string& op, bool holds) {
  if (op == ">=") return holds ? "at or above" : "below";
  if (op == ">") return holds ? "above" : "at or below";
  if (op == "<=") return holds ? "at or below" : "above";
  return holds ? "below" : "at or above";
}

}  // namespace

std::optional<double> Score::value(std::string_view score_id) const {
  for (const auto& s : scores)
    if (s.id == score_id) return s.value;
  return std::nullopt;
}

Result<Score> score(const Instrument& in, const std::vector<std::optional<double>>& answers) {
  const std::size_t n = in.items.size();
  if (answers.size() > n || answers.size() < in.min_items) {
    if (in.min_items == n)
      return fail(ErrorCode::kOutOfRange, "{} takes {} answers in the published item order, got {}", in.id, n,
                  answers.size());
    return fail(ErrorCode::kOutOfRange, "{} takes {} to {} answers in the published item order, got {}",
                in.id, in.min_items, n, answers.size());
  }
  for (std::size_t i = 0; i < answers.size(); ++i)
    if (answers[i]) PHYSIO_CHECK(check_answer(in, i, *answers[i]));

  Score out;
  out.instrument = in.id;
  out.answers = answers;
  for (std::size_t i = 0; i < answers.size(); ++i)
    if (!answers[i] && !in.items[i].context) out.missing.push_back(in.items[i].id);

  std::vector<std::string> reasons;
  for (const ScoreDef& def : in.scores) {
    double sum = 0, answered_max = 0;
    std::size_t answered = 0;
    for (std::size_t i : def.items) {
      if (i >= answers.size() || !answers[i]) continue;
      sum += *answers[i];
      answered_max += in.items[i].max_value();
      ++answered;
    }
    ScoreValue sv{def.id, std::nullopt};
    if (answered < def.min_answered) {
      // Items past the end of a short answer list (PSFS) were not chosen; count only those offered.
      reasons.push_back(fmt::format("{}: {} of {} items answered, at least {} needed", def.name, answered,
                                    def.items.size(), def.min_answered));
    } else if (!def.lookup.empty()) {
      sv.value = def.lookup[static_cast<std::size_t>(std::lround(sum))];
    } else {
      double agg = sum;
      if (def.aggregate == Aggregate::kMean) agg = sum / static_cast<double>(answered);
      if (def.aggregate == Aggregate::kPercentOfAnsweredMax) agg = sum / answered_max * 100.0;
      sv.value = def.offset + def.scale * agg;
    }
    out.scores.push_back(std::move(sv));
  }
  for (const auto& s : out.scores) out.valid = out.valid || s.value.has_value();
  for (const auto& r : reasons) out.reason += (out.reason.empty() ? "" : "; ") + r;
  if (!out.reason.empty() && !in.missing_rule.empty() && !out.valid)
    out.reason += " (" + in.missing_rule + ")";
  return out;
}

std::string_view verdict_name(ChangeVerdict v) {
  switch (v) {
    case ChangeVerdict::kImproved:
      return "improved";
    case ChangeVerdict::kWorsened:
      return "worsened";
    case ChangeVerdict::kWithinMcid:
      return "within_mcid";
    case ChangeVerdict::kNoMcid:
      return "no_mcid";
  }
  return "no_mcid";
}

ChangeReport change_flag(const Instrument& in, const Score& baseline, const Score& current) {
  ChangeReport rep;
  rep.instrument = in.id;
  for (const ScoreDef& def : in.scores) {
    auto b = baseline.value(def.id);
    auto c = current.value(def.id);
    if (!b || !c) {
      rep.notes.push_back(
          fmt::format("{}: no change computed ({} has no score)", def.name, !b ? "baseline" : "current"));
      continue;
    }
    ScoreChange ch;
    ch.score = def.id;
    ch.name = def.name;
    ch.unit = def.unit;
    ch.baseline = *b;
    ch.current = *c;
    ch.change = *c - *b;
    ch.improvement = def.direction == Direction::kHigherBetter ? ch.change : -ch.change;
    ch.mcid = def.mcid.at(*b);
    ch.mdc = def.mdc.at(*b);
    if (ch.mcid) {
      if (ch.improvement >= *ch.mcid - kChangeTol)
        ch.verdict = ChangeVerdict::kImproved;
      else if (-ch.improvement >= *ch.mcid - kChangeTol)
        ch.verdict = ChangeVerdict::kWorsened;
      else
        ch.verdict = ChangeVerdict::kWithinMcid;
    }
    ch.passes_mcid = ch.verdict == ChangeVerdict::kImproved;
    ch.beyond_mdc = ch.mdc && std::abs(ch.change) >= *ch.mdc - kChangeTol;

    std::string delta = ch.improvement > kChangeTol    ? with_unit(ch.improvement, def.unit) + " better"
                        : ch.improvement < -kChangeTol ? with_unit(-ch.improvement, def.unit) + " worse"
                                                       : "no change";
    std::string text = fmt::format("{} {}: {} -> {}: {}", in.name, def.name, with_unit(*b, def.unit),
                                   with_unit(*c, def.unit), delta);
    switch (ch.verdict) {
      case ChangeVerdict::kImproved:
        text += fmt::format("; passes the MCID of {} (clinically important improvement)", num(*ch.mcid));
        break;
      case ChangeVerdict::kWorsened:
        text += fmt::format("; worse by at least the MCID of {} (clinically important deterioration)",
                            num(*ch.mcid));
        break;
      case ChangeVerdict::kWithinMcid:
        text += fmt::format("; smaller than the MCID of {}", num(*ch.mcid));
        break;
      case ChangeVerdict::kNoMcid:
        text += "; no MCID for this score";
        break;
    }
    if (ch.mdc)
      text += fmt::format("; {} the MDC of {}", ch.beyond_mdc ? "at or beyond" : "within", num(*ch.mdc));
    ch.text = std::move(text);
    rep.changes.push_back(std::move(ch));
  }
  return rep;
}

std::vector<std::string> interpret(const Instrument& in, const Score& s) {
  std::vector<std::string> out;
  for (const Cutoff& c : in.cutoffs) {
    const ScoreDef* def = in.find_score(c.score);
    auto v = s.value(c.score);
    if (!def || !v) continue;
    bool holds = compare(*v, c.op, c.value);
    std::string prefix = in.scores.size() > 1 ? in.name + " " + def->name : in.name;
    out.push_back(fmt::format("{} {}: {} the {} {}{}", prefix, with_unit(*v, def->unit),
                              op_words(c.op, holds), c.label, with_unit(c.value, def->unit),
                              holds ? " (" + c.meaning + ")" : ""));
  }
  for (const ScoreBand& b : in.bands) {
    const ScoreDef* def = in.find_score(b.score);
    auto v = s.value(b.score);
    if (!def || !v) continue;
    // Bands are half-open [min, max) so a prorated value between two published whole-number bands
    // (ODI 20.5 %) joins the lower one; the top band of a score also includes its max.
    bool top = std::none_of(in.bands.begin(), in.bands.end(),
                            [&](const ScoreBand& o) { return o.score == b.score && o.min >= b.max; });
    if (*v < b.min || *v > b.max || (*v == b.max && !top)) continue;
    out.push_back(fmt::format("{} {}: {}", in.name, with_unit(*v, def->unit), b.label));
  }
  if (in.norms) {
    const AgeSexNorms& n = *in.norms;
    auto v = s.value(n.score);
    const ScoreDef* def = in.find_score(n.score);
    std::optional<double> age, sex;
    if (n.age_item < s.answers.size()) age = s.answers[n.age_item];
    if (n.sex_item < s.answers.size()) sex = s.answers[n.sex_item];
    if (v && def) {
      const AgeSexNormRow* row = nullptr;
      if (age)
        for (const auto& r : n.rows)
          if (*age >= r.age_min && *age < r.age_max + 1) row = &r;
      if (!age || !sex) {
        out.push_back(fmt::format("{} {}: age and sex not given, {} norms not applied", in.name,
                                  with_unit(*v, def->unit), n.label));
      } else if (!row) {
        out.push_back(fmt::format("{} {}: no {} norm for age {}", in.name, with_unit(*v, def->unit), n.label,
                                  num(*age)));
      } else {
        bool male = std::abs(*sex - 1.0) < kValueTol;
        double below = male ? row->male_below : row->female_below;
        bool is_below = *v < below;
        out.push_back(fmt::format("{} {}: {} for {} aged {}-{} ({} threshold < {})", in.name,
                                  with_unit(*v, def->unit), is_below ? "below average" : "not below average",
                                  male ? "men" : "women", row->age_min, row->age_max, n.label, num(below)));
      }
    }
  }
  return out;
}

}  // namespace physio::measures
