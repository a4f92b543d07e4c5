#include "predict/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "predict/logistic.hpp"

namespace physio::predict {

namespace {

// Rows sorted by score, grouped into runs of equal score.
struct Ranked {
  std::vector<std::size_t> order{};
  std::vector<std::size_t> run_start{};  ///< index into order where each run of ties starts (plus the end)
};

Ranked rank(std::span<const double> score) {
  Ranked r;
  r.order.resize(score.size());
  std::iota(r.order.begin(), r.order.end(), std::size_t{0});
  std::stable_sort(r.order.begin(), r.order.end(),
                   [&](std::size_t a, std::size_t b) { return score[a] < score[b]; });
  for (std::size_t i = 0; i < r.order.size(); ++i)
    if (i == 0 || score[r.order[i]] != score[r.order[i - 1]]) r.run_start.push_back(i);
  r.run_start.push_back(r.order.size());
  return r;
}

// Weighted Mann-Whitney AUC over ranked rows; weight[i] is how often row i is drawn.
std::optional<double> weighted_auc(const Ranked& r, std::span<const double> y,
                                   std::span<const double> weight) {
  double neg_below = 0.0;
  double pos_total = 0.0;
  double neg_total = 0.0;
  double concordant = 0.0;
  for (std::size_t k = 0; k + 1 < r.run_start.size(); ++k) {
    double pos = 0.0;
    double neg = 0.0;
    for (std::size_t i = r.run_start[k]; i < r.run_start[k + 1]; ++i) {
      const std::size_t row = r.order[i];
      (y[row] == 1.0 ? pos : neg) += weight[row];
    }
    concordant += pos * (neg_below + 0.5 * neg);
    neg_below += neg;
    pos_total += pos;
    neg_total += neg;
  }
  if (pos_total == 0.0 || neg_total == 0.0) return std::nullopt;
  return concordant / (pos_total * neg_total);
}

}  // namespace

std::optional<double> compute_auc(std::span<const double> score, std::span<const double> y) {
  const std::vector<double> ones(score.size(), 1.0);
  return weighted_auc(rank(score), y, ones);
}

std::optional<Interval> compute_auc_interval(std::span<const double> score, std::span<const double> y,
                                             int replicates, std::uint64_t seed) {
  if (!compute_auc(score, y) || replicates < 10) return std::nullopt;
  const Ranked r = rank(score);
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<std::size_t> pick(0, score.size() - 1);
  std::vector<double> weight(score.size());
  std::vector<double> aucs;
  aucs.reserve(static_cast<std::size_t>(replicates));
  for (int b = 0; b < replicates; ++b) {
    std::fill(weight.begin(), weight.end(), 0.0);
    for (std::size_t i = 0; i < score.size(); ++i) weight[pick(rng)] += 1.0;
    if (auto a = weighted_auc(r, y, weight)) aucs.push_back(*a);
  }
  if (aucs.size() < 10) return std::nullopt;
  std::sort(aucs.begin(), aucs.end());
  auto quantile = [&](double q) {
    const double pos = q * static_cast<double>(aucs.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const std::size_t hi = std::min(lo + 1, aucs.size() - 1);
    return aucs[lo] + (pos - static_cast<double>(lo)) * (aucs[hi] - aucs[lo]);
  };
  return Interval{quantile(0.025), quantile(0.975)};
}

double compute_brier(std::span<const double> p, std::span<const double> y) {
  if (p.empty()) return 0.0;
  double s = 0.0;
  for (std::size_t i = 0; i < p.size(); ++i) s += (p[i] - y[i]) * (p[i] - y[i]);
  return s / static_cast<double>(p.size());
}

Performance compute_performance(std::span<const double> p, std::span<const double> y,
                                const EvaluationOptions& o) {
  Performance perf;
  perf.n = p.size();
  double expected = 0.0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (y[i] == 1.0) ++perf.events;
    expected += p[i];
  }
  perf.brier = compute_brier(p, y);
  perf.observed_expected = expected > 0 ? static_cast<double>(perf.events) / expected : 0.0;
  const std::size_t non_events = perf.n - perf.events;
  if (perf.events >= o.min_events && non_events >= o.min_events) {
    perf.auc = compute_auc(p, y);
    perf.auc_ci = compute_auc_interval(p, y, o.bootstrap);
    std::vector<double> lp(p.size());
    std::transform(p.begin(), p.end(), lp.begin(), [](double v) { return logit(v); });
    if (auto a = fit_recalibration(lp, y, false)) perf.calibration_intercept = a->intercept;
    if (auto b = fit_recalibration(lp, y, true)) perf.calibration_slope = b->slope;
  }
  AtThreshold& t = perf.at_threshold;
  t.threshold = o.threshold;
  std::size_t tp = 0;
  std::size_t fp = 0;
  for (std::size_t i = 0; i < p.size(); ++i)
    if (p[i] >= o.threshold) (y[i] == 1.0 ? tp : fp) += 1;
  t.flagged = tp + fp;
  t.flag_rate = perf.n ? static_cast<double>(t.flagged) / static_cast<double>(perf.n) : 0.0;
  if (t.flagged) t.precision = static_cast<double>(tp) / static_cast<double>(t.flagged);
  if (perf.events) t.recall = static_cast<double>(tp) / static_cast<double>(perf.events);
  if (non_events) t.specificity = 1.0 - static_cast<double>(fp) / static_cast<double>(non_events);
  return perf;
}

namespace {

std::vector<CalibrationBin> calibration_curve(std::span<const double> p, std::span<const double> y,
                                              std::size_t bins) {
  std::vector<std::size_t> order(p.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return p[a] < p[b]; });
  std::vector<CalibrationBin> curve;
  if (p.empty() || bins == 0) return curve;
  for (std::size_t b = 0; b < bins; ++b) {
    const std::size_t lo = b * order.size() / bins;
    const std::size_t hi = (b + 1) * order.size() / bins;
    if (hi <= lo) continue;
    CalibrationBin bin;
    bin.n = hi - lo;
    for (std::size_t i = lo; i < hi; ++i) {
      bin.mean_predicted += p[order[i]];
      bin.observed += y[order[i]];
    }
    bin.mean_predicted /= static_cast<double>(bin.n);
    bin.observed /= static_cast<double>(bin.n);
    curve.push_back(bin);
  }
  return curve;
}

std::vector<NetBenefit> decision_curve(std::span<const double> p, std::span<const double> y) {
  std::vector<NetBenefit> out;
  const auto n = static_cast<double>(p.size());
  if (p.empty()) return out;
  const double prevalence = std::accumulate(y.begin(), y.end(), 0.0) / n;
  for (int k = 1; k <= 19; ++k) {
    const double t = 0.05 * k;
    double tp = 0.0;
    double fp = 0.0;
    for (std::size_t i = 0; i < p.size(); ++i)
      if (p[i] >= t) (y[i] == 1.0 ? tp : fp) += 1.0;
    const double odds = t / (1.0 - t);
    out.push_back({t, tp / n - fp / n * odds, prevalence - (1.0 - prevalence) * odds});
  }
  return out;
}

}  // namespace

Evaluation evaluate_risks(std::span<const double> p, std::span<const double> y,
                          const std::map<std::string, std::vector<std::string>>& subgroups,
                          const EvaluationOptions& options) {
  Evaluation e;
  e.overall = compute_performance(p, y, options);
  e.curve = calibration_curve(p, y, options.bins);
  e.decision_curve = decision_curve(p, y);
  for (const auto& [audit, labels] : subgroups) {
    std::map<std::string, std::vector<std::size_t>> rows;
    for (std::size_t i = 0; i < labels.size() && i < p.size(); ++i) rows[labels[i]].push_back(i);
    for (const auto& [label, idx] : rows) {
      std::vector<double> sp;
      std::vector<double> sy;
      for (std::size_t i : idx) {
        sp.push_back(p[i]);
        sy.push_back(y[i]);
      }
      SubgroupPerformance s{audit, label, compute_performance(sp, sy, options), ""};
      const std::size_t events = s.performance.events;
      const std::size_t non_events = s.performance.n - events;
      if (!s.performance.auc)
        s.note = events < non_events
                     ? "fewer than " + std::to_string(options.min_events) + " cases with the outcome"
                     : "fewer than " + std::to_string(options.min_events) + " cases without the outcome";
      e.subgroups.push_back(std::move(s));
    }
  }
  return e;
}

ScoreAccuracy compute_score_accuracy(std::span<const double> predicted, std::span<const double> observed,
                                     double interval_low, double interval_high) {
  ScoreAccuracy a;
  a.n = predicted.size();
  if (a.n == 0) return a;
  double mean = 0.0;
  for (double v : observed) mean += v;
  mean /= static_cast<double>(a.n);
  double sse = 0.0;
  double sst = 0.0;
  std::size_t inside = 0;
  for (std::size_t i = 0; i < a.n; ++i) {
    const double e = observed[i] - predicted[i];
    a.mae += std::abs(e);
    sse += e * e;
    sst += (observed[i] - mean) * (observed[i] - mean);
    if (e >= interval_low && e <= interval_high) ++inside;
  }
  a.mae /= static_cast<double>(a.n);
  a.rmse = std::sqrt(sse / static_cast<double>(a.n));
  a.r2 = sst > 0 ? 1.0 - sse / sst : 0.0;
  a.coverage = static_cast<double>(inside) / static_cast<double>(a.n);
  return a;
}

}  // namespace physio::predict
