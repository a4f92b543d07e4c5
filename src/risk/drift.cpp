#include "risk/drift.hpp"

#include <cmath>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/civil_date.hpp"
#include "predict/metrics.hpp"

namespace physio::risk {

namespace {

struct Moments {
  double n = 0, sum = 0, sum2 = 0;
  void add(double v) {
    if (std::isnan(v)) return;
    n += 1;
    sum += v;
    sum2 += v * v;
  }
  double mean() const { return n > 0 ? sum / n : 0.0; }
  double var() const { return n > 1 ? (sum2 - sum * sum / n) / (n - 1) : 0.0; }
};

}  // namespace

std::vector<MonthDrift> drift_by_month(const predict::Model& m, const predict::Table& t,
                                       std::span<const std::size_t> rows,
                                       std::span<const std::size_t> training_rows,
                                       std::optional<double> validation_auc, const DriftLimits& limits) {
  std::vector<MonthDrift> out;
  auto cols = predict::match_features(m, t);
  if (!cols) return out;
  const std::size_t k = cols->size();
  std::vector<Moments> base(k);
  for (std::size_t r : training_rows)
    for (std::size_t j = 0; j < k; ++j) base[j].add(t.at(r, (*cols)[j]));

  std::map<std::string, std::vector<std::size_t>> by_month;
  for (std::size_t r : rows) {
    const CivilDate d = civil_from_days(t.day[r]);
    by_month[fmt::format("{:04d}-{:02d}", d.year, d.month)].push_back(r);
  }
  for (const auto& [month, idx] : by_month) {
    MonthDrift d;
    d.month = month;
    d.cases = idx.size();
    std::vector<double> p, y;
    std::vector<Moments> now(k);
    for (std::size_t r : idx) {
      std::vector<double> x(k);
      for (std::size_t j = 0; j < k; ++j) {
        x[j] = t.at(r, (*cols)[j]);
        now[j].add(x[j]);
      }
      p.push_back(predict::risk(m, x));
      y.push_back(t.y[r]);
      if (t.y[r] > 0.5) ++d.events;
    }
    std::string shifted;  // the largest shift that is also clear of sampling noise
    double shifted_smd = 0.0;
    for (std::size_t j = 0; j < k; ++j) {
      const double pooled = std::sqrt((base[j].var() + now[j].var()) / 2);
      if (now[j].n == 0 || base[j].n == 0 || pooled <= 1e-12) continue;
      const double diff = std::abs(now[j].mean() - base[j].mean());
      const double smd = diff / pooled;
      if (smd > d.max_shift) {
        d.max_shift = smd;
        d.shift_feature = m.features[j].label;
      }
      // A month of a hundred bookings moves a 0/1 feature's mean by chance: a shift counts when its z
      // (difference over its standard error) also passes limits.shift_z, a bound for many features at once.
      const double se = std::sqrt(base[j].var() / base[j].n + now[j].var() / now[j].n);
      if (smd > limits.max_shift && se > 0 && diff / se > limits.shift_z && smd > shifted_smd) {
        shifted_smd = smd;
        shifted = m.features[j].label;
      }
    }
    d.brier = predict::compute_brier(p, y);
    const bool enough = d.events >= limits.min_events && d.cases - d.events >= limits.min_events;
    if (enough) {
      d.auc = predict::compute_auc(p, y);
      double sp = 0;
      for (double v : p) sp += v;
      d.expected = sp / static_cast<double>(p.size());
      d.observed = static_cast<double>(d.events) / static_cast<double>(d.cases);
      // An alert needs the month's figure past the limit and its 95 % interval clear of the checked value,
      // so a month of 30 missed visits does not raise one on noise alone.
      const auto n1 = static_cast<double>(d.events);
      const auto n0 = static_cast<double>(d.cases - d.events);
      if (d.auc && validation_auc && *d.auc < *validation_auc - limits.auc_drop) {
        // Hanley and McNeil (1982) standard error of an AUC.
        const double a = *d.auc, q1 = a / (2 - a), q2 = 2 * a * a / (1 + a);
        const double se =
            std::sqrt((a * (1 - a) + (n1 - 1) * (q1 - a * a) + (n0 - 1) * (q2 - a * a)) / (n1 * n0));
        if (a + 1.96 * se < *validation_auc)
          d.alerts.push_back(
              fmt::format("AUC {:.2f} (95 % CI up to {:.2f}), more than {:.2f} below the {:.2f} the "
                          "model had when it was checked",
                          a, a + 1.96 * se, limits.auc_drop, *validation_auc));
      }
      const double oe = *d.expected > 0 ? *d.observed / *d.expected : 0;
      const double se_obs = std::sqrt(*d.observed * (1 - *d.observed) / static_cast<double>(d.cases));
      if ((oe < limits.oe_low || oe > limits.oe_high) && std::abs(*d.observed - *d.expected) > 1.96 * se_obs)
        d.alerts.push_back(fmt::format("observed/expected {:.2f} (outside {:.2f}-{:.2f}): the risks are {}",
                                       oe, limits.oe_low, limits.oe_high, oe < 1 ? "too high" : "too low"));
    }
    if (!shifted.empty())
      d.alerts.push_back(fmt::format(
          "inputs moved: {} differs by {:.2f} standard deviations from the end of the training period",
          shifted, shifted_smd));
    out.push_back(std::move(d));
  }
  return out;
}

std::string month_drift_json(const MonthDrift& d) {
  auto opt = [](const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
  return nlohmann::json{{"month", d.month},
                        {"cases", d.cases},
                        {"events", d.events},
                        {"auc", opt(d.auc)},
                        {"brier", opt(d.brier)},
                        {"observed", opt(d.observed)},
                        {"expected", opt(d.expected)},
                        {"max_shift", d.max_shift},
                        {"shift_feature", d.shift_feature},
                        {"alerts", d.alerts}}
      .dump();
}

}  // namespace physio::risk
