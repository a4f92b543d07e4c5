#include "predict/train.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "core/civil_date.hpp"
#include "core/wall_clock.hpp"
#include "predict/dense_products.hpp"

namespace physio::predict {

std::size_t fold_of(const std::string& person, std::size_t folds) {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (unsigned char c : person) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return static_cast<std::size_t>(h % folds);
}

namespace {

std::string today() {
  const auto days = wall_clock::now_us() / (86'400 * kUsPerSecond);
  return iso_date_from_days(days);
}

// Means of the non-missing values of each feature over `rows`; notes name the features never observed.
std::vector<double> fill_values(const Table& t, std::span<const std::size_t> rows,
                                std::vector<std::string>& notes) {
  std::vector<double> sum(t.cols(), 0.0);
  std::vector<std::size_t> n(t.cols(), 0);
  for (std::size_t r : rows)
    for (std::size_t c = 0; c < t.cols(); ++c)
      if (const double v = t.at(r, c); std::isfinite(v)) {
        sum[c] += v;
        ++n[c];
      }
  std::vector<double> fill(t.cols(), 0.0);
  for (std::size_t c = 0; c < t.cols(); ++c) {
    if (n[c])
      fill[c] = sum[c] / static_cast<double>(n[c]);
    else
      notes.push_back(
          fmt::format("{} was never recorded in the training rows: held at 0", t.features[c].name));
    if (n[c] && n[c] < rows.size())
      notes.push_back(fmt::format("{}: missing in {} of {} training rows, filled with the mean {:.4g}",
                                  t.features[c].name, rows.size() - n[c], rows.size(), fill[c]));
  }
  return fill;
}

// [rows, cols] matrix of `rows` with missing values filled.
std::vector<double> design(const Table& t, std::span<const std::size_t> rows,
                           const std::vector<double>& fill) {
  std::vector<double> x;
  x.reserve(rows.size() * t.cols());
  for (std::size_t r : rows)
    for (std::size_t c = 0; c < t.cols(); ++c) {
      const double v = t.at(r, c);
      x.push_back(std::isfinite(v) ? v : fill[c]);
    }
  return x;
}

std::vector<double> outcomes(const Table& t, std::span<const std::size_t> rows) {
  std::vector<double> y;
  y.reserve(rows.size());
  for (std::size_t r : rows) y.push_back(t.y[r]);
  return y;
}

Model base_model(const Table& t, std::span<const std::size_t> rows, const ModelSpec& spec, const char* kind) {
  Model m;
  m.name = spec.name;
  m.title = spec.title;
  m.outcome = spec.outcome;
  m.unit = spec.unit;
  m.kind = kind;
  m.trained_on = today();
  m.features = t.features;
  m.fill = fill_values(t, rows, m.training.notes);
  m.reference = m.fill;
  m.training.rows = rows.size();
  std::int64_t first = std::numeric_limits<std::int64_t>::max();
  std::int64_t last = std::numeric_limits<std::int64_t>::min();
  for (std::size_t r : rows) {
    first = std::min(first, t.day[r]);
    last = std::max(last, t.day[r]);
  }
  if (!rows.empty()) {
    m.training.first_day = iso_date_from_days(first);
    m.training.last_day = iso_date_from_days(last);
  }
  return m;
}

std::string version_of(const Model& m) {
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&](double v) {
    const std::string s = fmt::format("{:.17g}", v);
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ull;
    }
  };
  mix(m.fit.intercept);
  for (double c : m.fit.coef) mix(c);
  return fmt::format("{}-{}-{:08x}", m.name, m.trained_on, h & 0xffffffffu);
}

double log_loss(std::span<const double> p, std::span<const double> y) {
  double s = 0.0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const double q = std::clamp(p[i], 1e-15, 1.0 - 1e-15);
    s -= y[i] * std::log(q) + (1.0 - y[i]) * std::log(1.0 - q);
  }
  return s;
}

}  // namespace

Result<Model> train_logistic(const Table& t, std::span<const std::size_t> rows, const ModelSpec& spec,
                             const TrainOptions& options) {
  if (rows.empty()) return fail(ErrorCode::kMissingData, "not assessed: no rows to train on");
  std::size_t events = 0;
  for (std::size_t r : rows) events += t.y[r] == 1.0 ? 1 : 0;
  const std::size_t non_events = rows.size() - events;
  if (events < options.min_events || non_events < options.min_events)
    return fail(ErrorCode::kMissingData,
                "not assessed: needs at least {} cases with and {} without the outcome; has {} and {} (needs "
                "{} more)",
                options.min_events, options.min_events, events, non_events,
                (options.min_events > events ? options.min_events - events : 0) +
                    (options.min_events > non_events ? options.min_events - non_events : 0));
  Model m = base_model(t, rows, spec, "logistic");
  m.training.events = events;
  m.threshold = options.threshold > 0.0 && options.threshold < 1.0 ? options.threshold : 0.5;
  m.training.folds = options.folds;

  // Penalty by cross-validated log-loss (folds by person).
  double best_l2 = options.l2_grid.empty() ? 1.0 : options.l2_grid.front();
  double best_loss = std::numeric_limits<double>::infinity();
  if (options.l2_grid.size() > 1 && options.folds >= 2) {
    for (double l2 : options.l2_grid) {
      double loss = 0.0;
      bool usable = true;
      for (std::size_t k = 0; k < options.folds && usable; ++k) {
        std::vector<std::size_t> fit_rows;
        std::vector<std::size_t> held;
        for (std::size_t r : rows) (fold_of(t.group[r], options.folds) == k ? held : fit_rows).push_back(r);
        if (held.empty()) continue;
        std::vector<std::string> ignored;
        const std::vector<double> fill = fill_values(t, fit_rows, ignored);
        auto fit = fit_logistic(design(t, fit_rows, fill), t.cols(), outcomes(t, fit_rows), {.l2 = l2});
        if (!fit) {
          usable = false;
          break;
        }
        const std::vector<double> x = design(t, held, fill);
        std::vector<double> p(held.size());
        for (std::size_t i = 0; i < held.size(); ++i)
          p[i] = sigmoid(linear_predictor(*fit, std::span<const double>(x).subspan(i * t.cols(), t.cols())));
        loss += log_loss(p, outcomes(t, held));
      }
      if (usable && loss < best_loss) {
        best_loss = loss;
        best_l2 = l2;
      }
    }
  }
  m.training.l2 = best_l2;
  auto fit = fit_logistic(design(t, rows, m.fill), t.cols(), outcomes(t, rows), {.l2 = best_l2});
  if (!fit) return fail(ErrorCode::kMissingData, "not assessed: {}", fit.error().message());
  m.fit = *fit;
  for (std::size_t c = 0; c < t.cols(); ++c)
    if (m.fit.coef[c] == 0.0)
      m.training.notes.push_back(
          fmt::format("{} did not vary in the training rows: no effect", t.features[c].name));
  m.version = version_of(m);
  return m;
}

Result<Model> train_linear(const Table& t, std::span<const std::size_t> rows, const ModelSpec& spec,
                           const TrainOptions& options) {
  if (rows.size() < 20)
    return fail(ErrorCode::kMissingData, "not assessed: {} rows; at least 20 are needed", rows.size());
  for (std::size_t r : rows)
    if (!std::isfinite(t.y[r]))
      return fail(ErrorCode::kInvalidArgument, "row {}: the score is not a number", r + 1);
  Model m = base_model(t, rows, spec, "linear");
  m.training.folds = options.folds;
  m.interval_level = options.interval_level;

  // Ridge on standardised features, solved exactly (normal equations with Eigen's LDLT).
  auto solve = [&](std::span<const std::size_t> fit_rows, const std::vector<double>& fill, double l2) {
    const auto p = static_cast<Eigen::Index>(t.cols());
    const std::vector<double> xs = design(t, fit_rows, fill);
    const auto n = static_cast<Eigen::Index>(fit_rows.size());
    Eigen::MatrixXd X =
        Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(xs.data(), n,
                                                                                                 p);
    Eigen::VectorXd y(n);
    for (Eigen::Index i = 0; i < n; ++i) y[i] = t.y[fit_rows[static_cast<std::size_t>(i)]];
    const Eigen::RowVectorXd mean = X.colwise().mean();
    X.rowwise() -= mean;
    Eigen::VectorXd sd = (X.colwise().squaredNorm() / static_cast<double>(n)).cwiseSqrt().transpose();
    for (Eigen::Index c = 0; c < p; ++c) X.col(c) /= sd[c] > 0 ? sd[c] : 1.0;
    const double ymean = y.mean();
    Eigen::MatrixXd A = gram(X);
    A.diagonal().array() += l2;
    const Eigen::VectorXd b = A.ldlt().solve(transposed_times(X, (y.array() - ymean).matrix()));
    LogisticFit f;
    f.converged = true;
    f.intercept = ymean;
    f.coef.resize(t.cols());
    for (Eigen::Index c = 0; c < p; ++c) {
      const double coef = sd[c] > 0 ? b[c] / sd[c] : 0.0;
      f.coef[static_cast<std::size_t>(c)] = coef;
      f.intercept -= coef * mean[c];
    }
    return f;
  };

  double best_l2 = options.l2_grid.empty() ? 1.0 : options.l2_grid.front();
  double best_sse = std::numeric_limits<double>::infinity();
  std::vector<double> best_residuals;
  for (double l2 : options.l2_grid) {
    double sse = 0.0;
    std::vector<double> residuals;
    for (std::size_t k = 0; k < options.folds; ++k) {
      std::vector<std::size_t> fit_rows;
      std::vector<std::size_t> held;
      for (std::size_t r : rows) (fold_of(t.group[r], options.folds) == k ? held : fit_rows).push_back(r);
      if (held.empty() || fit_rows.size() < 2) continue;
      std::vector<std::string> ignored;
      const std::vector<double> fill = fill_values(t, fit_rows, ignored);
      const LogisticFit f = solve(fit_rows, fill, l2);
      const std::vector<double> x = design(t, held, fill);
      for (std::size_t i = 0; i < held.size(); ++i) {
        const double pred = linear_predictor(f, std::span<const double>(x).subspan(i * t.cols(), t.cols()));
        const double res = t.y[held[i]] - pred;
        sse += res * res;
        residuals.push_back(res);
      }
    }
    if (sse < best_sse) {
      best_sse = sse;
      best_l2 = l2;
      best_residuals = std::move(residuals);
    }
  }
  m.training.l2 = best_l2;
  m.fit = solve(rows, m.fill, best_l2);
  if (!best_residuals.empty()) {
    std::sort(best_residuals.begin(), best_residuals.end());
    auto q = [&](double level) {
      const double pos = level * static_cast<double>(best_residuals.size() - 1);
      const auto lo = static_cast<std::size_t>(std::floor(pos));
      const std::size_t hi = std::min(lo + 1, best_residuals.size() - 1);
      return best_residuals[lo] + (pos - static_cast<double>(lo)) * (best_residuals[hi] - best_residuals[lo]);
    };
    m.interval_low = q((1.0 - options.interval_level) / 2.0);
    m.interval_high = q(1.0 - (1.0 - options.interval_level) / 2.0);
  }
  m.version = version_of(m);
  return m;
}

Result<std::vector<double>> predict_rows(const Model& m, const Table& t, std::span<const std::size_t> rows) {
  auto cols = match_features(m, t);
  if (!cols) return std::unexpected(cols.error());
  std::vector<double> out;
  out.reserve(rows.size());
  std::vector<double> row(cols->size());
  for (std::size_t r : rows) {
    for (std::size_t j = 0; j < cols->size(); ++j) row[j] = t.at(r, (*cols)[j]);
    out.push_back(m.kind == "logistic" ? risk(m, row) : raw_score(m, row));
  }
  return out;
}

Result<Model> recalibrate(const Model& m, const Table& t, std::span<const std::size_t> rows, bool slope_too) {
  if (m.kind != "logistic") return fail(ErrorCode::kInvalidArgument, "model {} is not a risk model", m.name);
  auto cols = match_features(m, t);
  if (!cols) return std::unexpected(cols.error());
  std::vector<double> lp;
  std::vector<double> y;
  std::vector<double> row(cols->size());
  for (std::size_t r : rows) {
    for (std::size_t j = 0; j < cols->size(); ++j) row[j] = t.at(r, (*cols)[j]);
    lp.push_back(raw_score(m, row));
    y.push_back(t.y[r]);
  }
  auto cal = fit_recalibration(lp, y, slope_too);
  if (!cal) return fail(ErrorCode::kMissingData, "not recalibrated: {}", cal.error().message());
  Model out = m;
  out.calibration = *cal;
  out.training.notes.push_back(fmt::format("recalibrated on {} cases: intercept {:.3f}, slope {:.3f}",
                                           rows.size(), cal->intercept, cal->slope));
  return out;
}

}  // namespace physio::predict
