#include "risk/survival.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include <fmt/format.h>

namespace physio::risk {
// Helpers in a named namespace: the module is compiled in unity batches (see recovery.cpp).
namespace {
namespace survival_impl {

// S equal to the quantile's level "exactly": products of fractions such as 1/2 or 6/12 land within a few
// ulps of it.
constexpr double kLevelTol = 1e-10;

// The pointwise 95 % band on the log(-log) scale. It stays inside (0, 1) for every S in (0, 1), which the
// plain band on S does not near the ends of the curve.
void set_band(SurvivalStep& s) {
  if (s.survival >= 1.0) {
    s.lower = s.upper = 1.0;
    return;
  }
  if (s.survival <= 0.0 || !std::isfinite(s.greenwood)) {
    s.lower = s.upper = 0.0;
    return;
  }
  const double log_s = std::log(s.survival);  // < 0
  const double a = kZ95 * std::sqrt(s.greenwood) / log_s;
  s.upper = std::exp(-std::exp(std::log(-log_s) + a));
  s.lower = std::exp(-std::exp(std::log(-log_s) - a));
}

void set_error(SurvivalStep& s) {
  s.std_error =
      (s.survival <= 0.0 || !std::isfinite(s.greenwood)) ? 0.0 : s.survival * std::sqrt(s.greenwood);
}

enum class Curve { kEstimate, kLower, kUpper };

double value_of(const SurvivalStep& s, Curve c) {
  switch (c) {
    case Curve::kLower:
      return s.lower;
    case Curve::kUpper:
      return s.upper;
    case Curve::kEstimate:
      break;
  }
  return s.survival;
}

// The first time `c` falls to `level` or below; on a flat step exactly at `level`, the midpoint between
// that time and the next time the curve drops (or that time itself when it never drops again).
std::optional<double> first_at_or_below(const KaplanMeier& km, double level, Curve c) {
  const auto& st = km.steps;
  for (std::size_t i = 0; i < st.size(); ++i) {
    const double v = value_of(st[i], c);
    if (v > level + kLevelTol) continue;
    if (v < level - kLevelTol) return st[i].time;
    for (std::size_t k = i + 1; k < st.size(); ++k) {
      if (value_of(st[k], c) < v - kLevelTol) return 0.5 * (st[i].time + st[k].time);
    }
    return st[i].time;
  }
  return std::nullopt;
}

}  // namespace survival_impl
}  // namespace

Result<KaplanMeier> compute_kaplan_meier(std::span<const SurvivalObservation> observations) {
  using survival_impl::set_band;
  using survival_impl::set_error;
  if (observations.empty()) return fail(ErrorCode::kMissingData, "no observations to estimate survival from");
  // time -> (events, censored); ordered, so the steps come out ascending.
  std::map<double, std::pair<int, int>> by_time;
  for (std::size_t i = 0; i < observations.size(); ++i) {
    const double t = observations[i].time;
    if (!std::isfinite(t) || t < 0) {
      return fail(ErrorCode::kInvalidArgument, "observation {}: time {} is not a finite value >= 0", i + 1,
                  t);
    }
    auto& [d, c] = by_time[t];
    (observations[i].event ? d : c) += 1;
  }
  KaplanMeier km;
  km.subjects = static_cast<int>(observations.size());
  int at_risk = km.subjects;
  double s = 1.0;
  double g = 0.0;
  for (const auto& [t, dc] : by_time) {
    const auto [d, c] = dc;
    SurvivalStep step;
    step.time = t;
    step.at_risk = at_risk;
    step.events = d;
    step.censored = c;
    if (d > 0) {
      s *= static_cast<double>(at_risk - d) / at_risk;
      g = at_risk == d ? std::numeric_limits<double>::infinity()
                       : g + static_cast<double>(d) / (static_cast<double>(at_risk) * (at_risk - d));
    }
    step.survival = s;
    step.greenwood = g;
    set_error(step);
    set_band(step);
    km.steps.push_back(step);
    km.events += d;
    km.censored += c;
    at_risk -= d + c;
  }
  return km;
}

double survival_at(const KaplanMeier& km, double t) {
  double s = 1.0;
  for (const auto& step : km.steps) {
    if (step.time > t) break;
    s = step.survival;
  }
  return s;
}

SurvivalQuantile survival_quantile(const KaplanMeier& km, double p) {
  using survival_impl::Curve;
  using survival_impl::first_at_or_below;
  SurvivalQuantile q;
  q.p = p;
  if (!(p > 0 && p < 1)) {
    q.reason = fmt::format("not estimable: the fraction {} is not between 0 and 1", p);
    return q;
  }
  const double level = 1.0 - p;
  q.time = first_at_or_below(km, level, Curve::kEstimate);
  q.lower = first_at_or_below(km, level, Curve::kLower);
  q.upper = first_at_or_below(km, level, Curve::kUpper);
  if (!q.time) {
    const double lowest = km.steps.empty() ? 1.0 : km.steps.back().survival;
    const double last = km.steps.empty() ? km.start : km.steps.back().time;
    q.reason = fmt::format(
        "not estimable: the curve never falls to {:.2f} (fewer than {:.0f} % had the event by the last time "
        "under observation, {:g}; lowest S = {:.3f})",
        level, p * 100, last, lowest);
  }
  return q;
}

std::optional<double> conditional_survival(const KaplanMeier& km, double t0, double t) {
  const double s0 = survival_at(km, t0);
  if (s0 <= 0) return std::nullopt;
  if (t <= t0) return 1.0;
  return survival_at(km, t) / s0;
}

Result<KaplanMeier> condition_on(const KaplanMeier& km, double t0) {
  using survival_impl::set_band;
  using survival_impl::set_error;
  double s0 = 1.0;
  double g0 = 0.0;
  for (const auto& step : km.steps) {
    if (step.time > t0) break;
    s0 = step.survival;
    g0 = step.greenwood;
  }
  if (s0 <= 0 || !std::isfinite(g0)) {
    return fail(ErrorCode::kMissingData, "nobody remains without the event after {:g}", t0);
  }
  KaplanMeier out;
  out.start = t0;
  for (const auto& step : km.steps) {
    if (step.time <= t0) continue;
    SurvivalStep c = step;
    c.survival = step.survival / s0;
    c.greenwood = std::isfinite(step.greenwood) ? std::max(0.0, step.greenwood - g0) : step.greenwood;
    set_error(c);
    set_band(c);
    out.steps.push_back(c);
    out.events += c.events;
    out.censored += c.censored;
  }
  if (out.steps.empty()) {
    return fail(ErrorCode::kMissingData, "nobody was followed beyond {:g}", t0);
  }
  out.subjects = out.steps.front().at_risk;
  return out;
}

}  // namespace physio::risk
