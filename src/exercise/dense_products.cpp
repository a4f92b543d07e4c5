#include "exercise/dense_products.hpp"

namespace physio::exercise {

Eigen::MatrixXd scatter_matrix(const Eigen::MatrixXd& a) {
  return a.transpose() * a;
}

Eigen::VectorXd solve_symmetric(const Eigen::MatrixXd& c, const Eigen::VectorXd& b) {
  return c.ldlt().solve(b);
}

Eigen::VectorXd project_rows(const Eigen::MatrixXd& z, const Eigen::VectorXd& w) {
  return z * w;
}

}  // namespace physio::exercise
