#include "exercise/score.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "core/nan.hpp"
#include "exercise/json_fields.hpp"

namespace physio::exercise {
namespace {}

double rule_points(Severity s) {
  switch (s) {
    case Severity::kLow:
      return 5.0;
    case Severity::kMedium:
      return 10.0;
    case Severity::kHigh:
      return 20.0;
  }
  return 10.0;
}

std::vector<std::string> template_angle_names(const Exercise& ex) {
  std::vector<std::string> out;
  auto add = [&](const std::string& n) {
    if (n == "primary") return;
    std::vector<std::string> names = {n};
    if (ex.laterality == Laterality::kBilateral && n.find("{side}") != std::string::npos)
      names = {resolve_side(n, "left"), resolve_side(n, "right")};
    for (auto& x : names)
      if (std::find(out.begin(), out.end(), x) == out.end()) out.push_back(x);
  };
  add(ex.primary_angle);
  for (const auto& a : ex.secondary_angles) add(a);
  for (const auto& c : ex.compensations)
    if (c.measure.stat != Stat::kDurationS && c.measure.stat != Stat::kHoldS) add(c.measure.angle);
  return out;
}

RepCurves extract_rep_curves(const RepContext& ctx, const RepBounds& rep, std::span<const std::string> angles,
                             int n_points) {
  RepCurves rc;
  rc.angles.assign(angles.begin(), angles.end());
  const std::string side = ctx.side.empty() ? "right" : ctx.side;
  for (const auto& name : angles) {
    std::vector<double> out(static_cast<std::size_t>(n_points), kNaN);
    const std::vector<double>* col = ctx.column(resolve_side(name, side));
    if (col && rep.end > rep.start) {
      const double span = static_cast<double>(rep.end - rep.start);
      for (int k = 0; k < n_points; ++k) {
        double pos = static_cast<double>(rep.start) + span * k / (n_points - 1);
        auto i = static_cast<std::size_t>(std::floor(pos));
        double fr = pos - static_cast<double>(i);
        double a = (*col)[i], b = i + 1 <= rep.end ? (*col)[i + 1] : a;
        out[static_cast<std::size_t>(k)] = fr == 0.0 ? a : a + fr * (b - a);
      }
    }
    rc.values.push_back(std::move(out));
  }
  return rc;
}

Result<ReferenceTemplate> build_reference_template(const std::string& exercise_id,
                                                   std::span<const RepCurves> reps, int n_points,
                                                   double sd_floor_deg) {
  if (reps.size() < 2)
    return fail(ErrorCode::kMissingData, "a reference template needs at least 2 repetitions, got {}",
                reps.size());
  ReferenceTemplate t;
  t.exercise_id = exercise_id;
  t.angles = reps[0].angles;
  t.n_points = n_points;
  t.sd_floor_deg = sd_floor_deg;
  t.n_reps = static_cast<int>(reps.size());
  auto np = static_cast<std::size_t>(n_points);
  t.mean.assign(t.angles.size(), std::vector<double>(np, kNaN));
  t.sd.assign(t.angles.size(), std::vector<double>(np, kNaN));
  for (std::size_t a = 0; a < t.angles.size(); ++a) {
    for (std::size_t k = 0; k < np; ++k) {
      double s = 0.0, ss = 0.0;
      int n = 0;
      for (const auto& r : reps) {
        if (r.angles != t.angles)
          return fail(ErrorCode::kInvalidArgument, "template repetitions measure different angles");
        double v = r.values[a][k];
        if (std::isnan(v)) continue;
        s += v;
        ss += v * v;
        ++n;
      }
      if (n < 2) continue;
      double m = s / n;
      t.mean[a][k] = m;
      t.sd[a][k] = std::sqrt(std::max(0.0, (ss - n * m * m) / (n - 1)));
    }
  }
  return t;
}

void calibrate_template(ReferenceTemplate& tpl, std::span<const double> held_out) {
  std::vector<double> d;
  for (double x : held_out)
    if (!std::isnan(x)) d.push_back(x);
  if (d.empty()) return;
  std::sort(d.begin(), d.end());
  double pos = 0.75 * static_cast<double>(d.size() - 1);
  auto i = static_cast<std::size_t>(pos);
  double v = i + 1 < d.size() ? d[i] + (pos - static_cast<double>(i)) * (d[i + 1] - d[i]) : d[i];
  tpl.d_ok = std::max(v, 1e-6);
  tpl.d_bad = 3.0 * tpl.d_ok;
}

double template_distance(const ReferenceTemplate& tpl, const RepCurves& rep) {
  double ss = 0.0;
  std::size_t n = 0;
  for (std::size_t a = 0; a < tpl.angles.size(); ++a) {
    auto it = std::find(rep.angles.begin(), rep.angles.end(), tpl.angles[a]);
    if (it == rep.angles.end()) continue;
    const auto& v = rep.values[static_cast<std::size_t>(it - rep.angles.begin())];
    for (std::size_t k = 0; k < tpl.mean[a].size() && k < v.size(); ++k) {
      double m = tpl.mean[a][k];
      if (std::isnan(m) || std::isnan(v[k])) continue;
      double z = (v[k] - m) / std::max(tpl.sd[a][k], tpl.sd_floor_deg);
      ss += z * z;
      ++n;
    }
  }
  return n == 0 ? kNaN : std::sqrt(ss / static_cast<double>(n));
}

void score_repetition(RepMetrics& rm, const ReferenceTemplate* tpl, const RepCurves* curves) {
  QualityScore q;
  double total = 0.0;
  if (rm.partial) {
    q.deductions.push_back(
        {"partial", "the movement did not reach its usual range (partial repetition)", 30.0});
    total += 30.0;
  }
  for (const auto& v : rm.violations) {
    double pts = rule_points(v.severity);
    q.deductions.push_back(
        {"rule:" + v.rule_id,
         fmt::format("{} ({} {:.1f}, limit {}{:.1f})", v.cue, v.rule_id, v.value, v.op, v.threshold), pts});
    total += pts;
  }
  if (tpl && curves) {
    double d = template_distance(*tpl, *curves);
    q.template_distance = std::isnan(d) ? -1.0 : d;
    if (!std::isnan(d) && d > tpl->d_ok) {
      double frac = std::clamp((d - tpl->d_ok) / std::max(tpl->d_bad - tpl->d_ok, 1e-9), 0.0, 1.0);
      double pts = kTemplateMaxPoints * frac;
      // Name the angle that deviates most, so the deduction says what differed.
      std::string worst;
      double worst_z = -1.0;
      for (std::size_t a = 0; a < tpl->angles.size(); ++a) {
        auto it = std::find(curves->angles.begin(), curves->angles.end(), tpl->angles[a]);
        if (it == curves->angles.end()) continue;
        const auto& v = curves->values[static_cast<std::size_t>(it - curves->angles.begin())];
        double ss = 0.0;
        int n = 0;
        for (std::size_t k = 0; k < v.size() && k < tpl->mean[a].size(); ++k) {
          if (std::isnan(v[k]) || std::isnan(tpl->mean[a][k])) continue;
          double z = (v[k] - tpl->mean[a][k]) / std::max(tpl->sd[a][k], tpl->sd_floor_deg);
          ss += z * z;
          ++n;
        }
        if (n > 0 && std::sqrt(ss / n) > worst_z) {
          worst_z = std::sqrt(ss / n);
          worst = tpl->angles[a];
        }
      }
      q.deductions.push_back({"template",
                              fmt::format("movement differs from the reference of correct performance "
                                          "(distance {:.2f}, typical <= {:.2f}; "
                                          "most in {})",
                                          d, tpl->d_ok, worst),
                              pts});
      total += pts;
    }
  }
  q.score = std::clamp(100.0 - total, 0.0, 100.0);
  rm.quality = std::move(q);
}

void apply_movement_assessment(RepMetrics& rm, const MovementAssessment& a) {
  auto& ds = rm.quality.deductions;
  ds.erase(std::remove_if(ds.begin(), ds.end(),
                          [](const Deduction& d) { return d.source.starts_with("movement"); }),
           ds.end());
  if (!a.discriminant) {  // one-class: an extra deduction next to the rules
    if (a.points > 0.0) {
      std::string why;
      for (const auto& r : a.reasons) why += (why.empty() ? "" : "; ") + r.text;
      ds.push_back(
          {"movement", fmt::format("the movement differs from correct performance: {}", why), a.points});
    }
    double total = 0.0;
    for (const auto& d : ds) total += d.points;
    rm.quality.score = std::clamp(100.0 - total, 0.0, 100.0);
    return;
  }
  // Discriminant model (rules included as a feature): score = 100 x calibrated probability of correct
  // performance; the points lost are shared out over what pulled the repetition towards "incorrect".
  const double lost = 100.0 * (1.0 - a.p_correct);
  double rule_total = 0.0;
  for (const auto& d : ds) rule_total += d.points;
  for (auto& d : ds) d.points = rule_total > 0.0 ? lost * a.rules_share * d.points / rule_total : 0.0;
  for (const auto& r : a.reasons) ds.push_back({"movement:" + r.feature, r.text, lost * r.weight});
  if (lost * a.other_share >= 0.05) {
    std::string where;
    for (const auto& p : a.other_parts) where += (where.empty() ? "" : ", ") + p;
    ds.push_back({"movement:other",
                  where.empty()
                      ? "other smaller differences from correct performance"
                      : fmt::format("other smaller differences from correct performance, mostly: {}", where),
                  lost * a.other_share});
  }
  rm.quality.score = std::clamp(100.0 * a.p_correct, 0.0, 100.0);
}

double rule_points_of(const RepMetrics& rm) {
  double total = 0.0;
  for (const auto& d : rm.quality.deductions)
    if (!d.source.starts_with("movement") && d.source != "template") total += d.points;
  return total;
}

nlohmann::json template_to_json(const ReferenceTemplate& t) {
  return {{"exercise", t.exercise_id},
          {"angles", t.angles},
          {"n_points", t.n_points},
          {"mean_deg", t.mean},
          {"sd_deg", t.sd},
          {"sd_floor_deg", t.sd_floor_deg},
          {"d_ok", t.d_ok},
          {"d_bad", t.d_bad},
          {"n_reps", t.n_reps}};
}

Result<ReferenceTemplate> template_from_json(const nlohmann::json& j) {
  ReferenceTemplate t;
  try {
    t.exercise_id = j.at("exercise").get<std::string>();
    t.angles = j.at("angles").get<std::vector<std::string>>();
    t.d_ok = j.at("d_ok").get<double>();
    t.d_bad = j.at("d_bad").get<double>();
    t.sd_floor_deg = j.value("sd_floor_deg", 5.0);
    auto arr = [](const nlohmann::json& a) {
      std::vector<std::vector<double>> out;
      for (const auto& row : a) {
        std::vector<double> r;
        for (const auto& v : row) r.push_back(v.is_number() ? v.get<double>() : kNaN);
        out.push_back(std::move(r));
      }
      return out;
    };
    t.mean = arr(j.at("mean_deg"));
    t.sd = arr(j.at("sd_deg"));
  } catch (const nlohmann::json::exception& e) {
    return fail(ErrorCode::kParse, "reference template: {}", e.what());
  }
  t.n_points = PHYSIO_TRY(json_int_member(j, "n_points", std::nullopt, "reference template"));
  t.n_reps = PHYSIO_TRY(json_int_member(j, "n_reps", 0, "reference template"));
  if (t.mean.size() != t.angles.size() || t.sd.size() != t.angles.size() || t.n_points < 2)
    return fail(ErrorCode::kParse, "reference template: mean_deg/sd_deg must have one row per angle");
  for (std::size_t a = 0; a < t.angles.size(); ++a)
    if (t.mean[a].size() != static_cast<std::size_t>(t.n_points) || t.sd[a].size() != t.mean[a].size())
      return fail(ErrorCode::kParse, "reference template: row {} must have n_points values", a);
  return t;
}

}  // namespace physio::exercise
