#pragma once
/// Penalised logistic regression, fitted by Newton's method (iteratively reweighted least squares) with
/// Eigen's Cholesky solver, and the two-parameter logistic recalibration used for calibration figures and
/// per-clinic recalibration. Deterministic: the same rows give the same coefficients to the last digits.
///
/// Model:     P(y = 1 | x) = 1 / (1 + exp(-(b0 + sum_j b_j x_j)))
/// Objective: log-likelihood - l2/2 * sum_j (b_j * sd_j)^2, i.e. a ridge penalty on the coefficients of
///            the standardised features (sd_j: population standard deviation over the fitted rows); the
///            intercept is not penalised. l2 = 0 is plain maximum likelihood.

#include <cstddef>
#include <span>
#include <vector>

#include "core/error.hpp"

namespace physio::predict {

struct LogisticOptions {
  double l2 = 1.0;
  int max_iterations = 100;
  double tolerance = 1e-12;  ///< stop when no standardised coefficient moves more than this
};

struct LogisticFit {
  double intercept = 0.0;
  std::vector<double> coef{};  ///< [n_features], on the features' own scale
  int iterations = 0;
  bool converged = false;
};

/// Fits on `x` ([n_rows, n_features] row-major, no missing values) and `y` (0/1). Fails on fewer than two
/// rows, one class only, non-finite values or a solver that does not converge.
Result<LogisticFit> fit_logistic(std::span<const double> x, std::size_t n_features, std::span<const double> y,
                                 const LogisticOptions& options = {});

/// Linear predictor b0 + x . b of one row.
double linear_predictor(const LogisticFit& fit, std::span<const double> row);

struct Recalibration {
  double intercept = 0.0;  ///< a
  double slope = 1.0;      ///< b (1 when not fitted)
};

/// Fits logit P(y) = a + b * lp (fit_slope) or a + lp (the slope fixed at 1: calibration-in-the-large), by
/// maximum likelihood. Fails on one class only.
Result<Recalibration> fit_recalibration(std::span<const double> lp, std::span<const double> y,
                                        bool fit_slope);

double sigmoid(double z);
/// log(p / (1 - p)), with p clamped to [1e-15, 1 - 1e-15].
double logit(double p);

}  // namespace physio::predict
