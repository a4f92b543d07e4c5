#include "predict/model.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace physio::predict {

std::vector<double> filled_row(const Model& m, std::span<const double> row) {
  std::vector<double> out(row.begin(), row.end());
  for (std::size_t j = 0; j < out.size() && j < m.fill.size(); ++j)
    if (!std::isfinite(out[j])) out[j] = m.fill[j];
  return out;
}

double raw_score(const Model& m, std::span<const double> row) {
  const std::vector<double> v = filled_row(m, row);
  return linear_predictor(m.fit, v);
}

double risk(const Model& m, std::span<const double> row) {
  return sigmoid(m.calibration.intercept + m.calibration.slope * raw_score(m, row));
}

Explanation explain(const Model& m, std::span<const double> row) {
  const bool logistic = m.kind == "logistic";
  const double slope = logistic ? m.calibration.slope : 1.0;
  const double shift = logistic ? m.calibration.intercept : 0.0;
  Explanation e;
  double typical = m.fit.intercept;
  for (std::size_t j = 0; j < m.fit.coef.size(); ++j) typical += m.fit.coef[j] * m.reference[j];
  e.baseline = shift + slope * typical;
  e.total = e.baseline;
  for (std::size_t j = 0; j < m.fit.coef.size(); ++j) {
    Contribution c;
    c.feature = j;
    c.was_missing = !std::isfinite(row[j]);
    c.value = c.was_missing ? m.fill[j] : row[j];
    c.effect = slope * m.fit.coef[j] * (c.value - m.reference[j]);
    e.total += c.effect;
    e.contributions.push_back(c);
  }
  std::stable_sort(
      e.contributions.begin(), e.contributions.end(),
      [](const Contribution& a, const Contribution& b) { return std::abs(a.effect) > std::abs(b.effect); });
  return e;
}

Result<Explanation> assess(const Model& m, std::span<const double> row) {
  if (row.size() != m.features.size())
    return fail(ErrorCode::kInvalidArgument, "a case with {} values for a model of {} features", row.size(),
                m.features.size());
  for (const std::string& name : m.required)
    for (std::size_t j = 0; j < m.features.size(); ++j)
      if (m.features[j].name == name && !std::isfinite(row[j]))
        return fail(ErrorCode::kMissingData, "not assessed: {} not recorded", m.features[j].label);
  return explain(m, row);
}

namespace {

std::string value_words(const FeatureInfo& f, double v) {
  if (f.unit == "0/1") return v >= 0.5 ? "yes" : "no";
  if (f.unit == "log(1 + days)") return fmt::format("{:.0f} days", std::expm1(v));
  if (f.unit == "log(1 + count)") return fmt::format("{:.0f}", std::expm1(v));
  if (f.unit == "fraction") return fmt::format("{:.0f} %", v * 100.0);
  if (std::abs(v - std::round(v)) < 1e-9) return fmt::format("{:.0f} {}", v, f.unit);
  return fmt::format("{:.2f} {}", v, f.unit);
}

}  // namespace

std::string describe(const Model& m, const Contribution& c) {
  const FeatureInfo& f = m.features[c.feature];
  const char* direction = c.effect > 0 ? "raises" : "lowers";
  if (m.kind == "linear") direction = c.effect > 0 ? "adds to" : "takes from";
  std::string what = m.kind == "linear" ? "the expected score" : "the risk";
  if (c.was_missing) return fmt::format("{}: not recorded (counted as typical)", f.label);
  return fmt::format("{}: {} ({} {})", f.label, value_words(f, c.value), direction, what);
}

Result<std::vector<std::size_t>> match_features(const Model& m, const Table& t) {
  std::vector<std::size_t> cols;
  for (const FeatureInfo& f : m.features) {
    auto it = std::find_if(t.features.begin(), t.features.end(),
                           [&](const FeatureInfo& g) { return g.name == f.name; });
    if (it == t.features.end())
      return fail(ErrorCode::kMissingData, "the data has no {} ({}), which model {} needs", f.name, f.label,
                  m.name);
    cols.push_back(static_cast<std::size_t>(it - t.features.begin()));
  }
  return cols;
}

}  // namespace physio::predict
