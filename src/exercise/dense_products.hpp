#pragma once
/// The movement model's dense linear algebra (Eigen's matrix products and LDLT), in a file of its own so
/// that the sanitizer build can compile it without instrumentation: AddressSanitizer's checks inside
/// Eigen's product kernels made the UI-PRMD evaluation 2.5 times slower (bench/RESULTS.md, "Test time",
/// 2026-11-27). Eigen's own size and index assertions still hold here, and the callers stay instrumented.

#include <Eigen/Dense>

namespace physio::exercise {

/// aᵀa (the scatter matrix of rows already centred).
Eigen::MatrixXd scatter_matrix(const Eigen::MatrixXd& a);

/// x with c x = b, c symmetric positive semi-definite (LDLT with pivoting).
Eigen::VectorXd solve_symmetric(const Eigen::MatrixXd& c, const Eigen::VectorXd& b);

/// z w (each row's projection on w).
Eigen::VectorXd project_rows(const Eigen::MatrixXd& z, const Eigen::VectorXd& w);

}  // namespace physio::exercise
