#pragma once
/// The model fits' dense products (Eigen), in a file of its own so that the sanitizer build can compile it
/// without instrumentation: AddressSanitizer's checks inside Eigen's product kernels were most of a PROMs
/// model's fit (bench/RESULTS.md, "Test time", 2026-11-27). Eigen's own size assertions still hold here,
/// and the callers stay instrumented.

#include <Eigen/Dense>

namespace physio::predict {

/// Xᵀ diag(w) X (a Newton step's Hessian without its penalty).
Eigen::MatrixXd weighted_gram(const Eigen::MatrixXd& x, const Eigen::VectorXd& w);

/// Xᵀ X.
Eigen::MatrixXd gram(const Eigen::MatrixXd& x);

/// X v.
Eigen::VectorXd times(const Eigen::MatrixXd& x, const Eigen::VectorXd& v);

/// Xᵀ v.
Eigen::VectorXd transposed_times(const Eigen::MatrixXd& x, const Eigen::VectorXd& v);

}  // namespace physio::predict
