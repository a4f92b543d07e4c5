#include "predict/logistic.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>

#include "predict/dense_products.hpp"

namespace physio::predict {

double sigmoid(double z) {
  if (z >= 0) return 1.0 / (1.0 + std::exp(-z));
  const double e = std::exp(z);
  return e / (1.0 + e);
}

double logit(double p) {
  const double q = std::clamp(p, 1e-15, 1.0 - 1e-15);
  return std::log(q / (1.0 - q));
}

namespace {

// log(1 + exp(z)) without overflow.
double softplus(double z) {
  return z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z));
}

struct Newton {
  Eigen::VectorXd beta;
  int iterations = 0;
  bool converged = false;
};

// Penalised log-likelihood of design `X` (first column the intercept) with per-column `penalty`.
double objective(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const Eigen::VectorXd& offset,
                 const Eigen::VectorXd& penalty, const Eigen::VectorXd& beta) {
  const Eigen::VectorXd eta = times(X, beta) + offset;
  double ll = 0.0;
  for (Eigen::Index i = 0; i < eta.size(); ++i) ll += y[i] * eta[i] - softplus(eta[i]);
  return ll - 0.5 * (penalty.array() * beta.array().square()).sum();
}

// Newton-Raphson with step halving on the penalised log-likelihood (strictly concave when every column is
// penalised or the design has full rank).
Newton newton(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const Eigen::VectorXd& offset,
              const Eigen::VectorXd& penalty, int max_iterations, double tolerance) {
  Newton out;
  out.beta = Eigen::VectorXd::Zero(X.cols());
  double current = objective(X, y, offset, penalty, out.beta);
  for (int it = 1; it <= max_iterations; ++it) {
    out.iterations = it;
    const Eigen::VectorXd eta = times(X, out.beta) + offset;
    Eigen::VectorXd mu(eta.size());
    Eigen::VectorXd w(eta.size());
    for (Eigen::Index i = 0; i < eta.size(); ++i) {
      mu[i] = sigmoid(eta[i]);
      w[i] = mu[i] * (1.0 - mu[i]);
    }
    const Eigen::VectorXd grad = transposed_times(X, y - mu) - penalty.cwiseProduct(out.beta);
    Eigen::MatrixXd hess = weighted_gram(X, w);
    hess.diagonal() += penalty;
    const Eigen::LDLT<Eigen::MatrixXd> ldlt(hess);
    if (ldlt.info() != Eigen::Success) return out;
    const Eigen::VectorXd step = ldlt.solve(grad);
    if (!step.allFinite()) return out;
    double scale = 1.0;
    Eigen::VectorXd next = out.beta + step;
    double value = objective(X, y, offset, penalty, next);
    for (int halvings = 0; value < current - 1e-12 * std::abs(current) && halvings < 40; ++halvings) {
      scale *= 0.5;
      next = out.beta + scale * step;
      value = objective(X, y, offset, penalty, next);
    }
    out.beta = next;
    current = value;
    if ((scale * step).cwiseAbs().maxCoeff() < tolerance) {
      out.converged = true;
      return out;
    }
  }
  return out;
}

Status check_outcome(std::span<const double> y) {
  bool zero = false;
  bool one = false;
  for (double v : y) {
    if (v == 0.0)
      zero = true;
    else if (v == 1.0)
      one = true;
    else
      return fail(ErrorCode::kInvalidArgument, "an outcome of {} (expected 0 or 1)", v);
  }
  if (!zero || !one)
    return fail(ErrorCode::kMissingData, "the outcome has one class only ({} rows, all {})", y.size(),
                one ? 1 : 0);
  return ok();
}

}  // namespace

Result<LogisticFit> fit_logistic(std::span<const double> x, std::size_t n_features, std::span<const double> y,
                                 const LogisticOptions& options) {
  const std::size_t n = y.size();
  if (n < 2) return fail(ErrorCode::kMissingData, "{} rows: at least 2 are needed to fit", n);
  if (x.size() != n * n_features) return fail(ErrorCode::kInternal, "fit_logistic: x has the wrong size");
  if (!(options.l2 >= 0.0) || !std::isfinite(options.l2))
    return fail(ErrorCode::kInvalidArgument, "l2 penalty {} (expected a finite number >= 0)", options.l2);
  if (auto s = check_outcome(y); !s) return std::unexpected(s.error());
  for (std::size_t i = 0; i < x.size(); ++i)
    if (!std::isfinite(x[i]))
      return fail(ErrorCode::kInvalidArgument, "row {}, feature {}: not a finite number", i / n_features + 1,
                  i % n_features + 1);

  // Standardise: the penalty treats every feature alike whatever its unit.
  const auto p = static_cast<Eigen::Index>(n_features);
  Eigen::VectorXd mean = Eigen::VectorXd::Zero(p);
  Eigen::VectorXd sd = Eigen::VectorXd::Zero(p);
  for (std::size_t r = 0; r < n; ++r)
    for (Eigen::Index c = 0; c < p; ++c) mean[c] += x[r * n_features + static_cast<std::size_t>(c)];
  mean /= static_cast<double>(n);
  for (std::size_t r = 0; r < n; ++r)
    for (Eigen::Index c = 0; c < p; ++c) {
      const double d = x[r * n_features + static_cast<std::size_t>(c)] - mean[c];
      sd[c] += d * d;
    }
  for (Eigen::Index c = 0; c < p; ++c) sd[c] = std::sqrt(sd[c] / static_cast<double>(n));

  Eigen::MatrixXd X(static_cast<Eigen::Index>(n), p + 1);
  Eigen::VectorXd Y(static_cast<Eigen::Index>(n));
  for (std::size_t r = 0; r < n; ++r) {
    const auto ri = static_cast<Eigen::Index>(r);
    X(ri, 0) = 1.0;
    Y[ri] = y[r];
    for (Eigen::Index c = 0; c < p; ++c)
      X(ri, c + 1) = sd[c] > 0 ? (x[r * n_features + static_cast<std::size_t>(c)] - mean[c]) / sd[c] : 0.0;
  }
  Eigen::VectorXd penalty = Eigen::VectorXd::Constant(p + 1, options.l2);
  penalty[0] = 0.0;
  // A constant feature carries no information: its coefficient is held at 0.
  for (Eigen::Index c = 0; c < p; ++c)
    if (sd[c] == 0.0) penalty[c + 1] = 1.0;

  const Newton nt = newton(X, Y, Eigen::VectorXd::Zero(static_cast<Eigen::Index>(n)), penalty,
                           options.max_iterations, options.tolerance);
  if (!nt.converged)
    return fail(ErrorCode::kInvalidArgument,
                "the fit did not converge in {} iterations (separable data? raise the penalty)",
                nt.iterations);
  LogisticFit fit;
  fit.iterations = nt.iterations;
  fit.converged = true;
  fit.intercept = nt.beta[0];
  fit.coef.resize(n_features);
  for (Eigen::Index c = 0; c < p; ++c) {
    const double b = sd[c] > 0 ? nt.beta[c + 1] / sd[c] : 0.0;
    fit.coef[static_cast<std::size_t>(c)] = b;
    fit.intercept -= b * mean[c];
  }
  return fit;
}

double linear_predictor(const LogisticFit& fit, std::span<const double> row) {
  double z = fit.intercept;
  for (std::size_t j = 0; j < fit.coef.size(); ++j) z += fit.coef[j] * row[j];
  return z;
}

Result<Recalibration> fit_recalibration(std::span<const double> lp, std::span<const double> y,
                                        bool fit_slope) {
  if (lp.size() != y.size()) return fail(ErrorCode::kInternal, "fit_recalibration: sizes differ");
  if (auto s = check_outcome(y); !s) return std::unexpected(s.error());
  const auto n = static_cast<Eigen::Index>(y.size());
  const Eigen::Index cols = fit_slope ? 2 : 1;
  Eigen::MatrixXd X(n, cols);
  Eigen::VectorXd Y(n);
  Eigen::VectorXd offset = Eigen::VectorXd::Zero(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto k = static_cast<std::size_t>(i);
    if (!std::isfinite(lp[k]))
      return fail(ErrorCode::kInvalidArgument, "row {}: linear predictor not finite", k + 1);
    X(i, 0) = 1.0;
    if (fit_slope)
      X(i, 1) = lp[k];
    else
      offset[i] = lp[k];
    Y[i] = y[k];
  }
  const Newton nt = newton(X, Y, offset, Eigen::VectorXd::Zero(cols), 100, 1e-12);
  if (!nt.converged) return fail(ErrorCode::kInvalidArgument, "the recalibration did not converge");
  Recalibration r;
  r.intercept = nt.beta[0];
  r.slope = fit_slope ? nt.beta[1] : 1.0;
  return r;
}

}  // namespace physio::predict
