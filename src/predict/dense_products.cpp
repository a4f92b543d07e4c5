#include "predict/dense_products.hpp"

namespace physio::predict {

Eigen::MatrixXd weighted_gram(const Eigen::MatrixXd& x, const Eigen::VectorXd& w) {
  return x.transpose() * w.asDiagonal() * x;
}

Eigen::MatrixXd gram(const Eigen::MatrixXd& x) {
  return x.transpose() * x;
}

Eigen::VectorXd times(const Eigen::MatrixXd& x, const Eigen::VectorXd& v) {
  return x * v;
}

Eigen::VectorXd transposed_times(const Eigen::MatrixXd& x, const Eigen::VectorXd& v) {
  return x.transpose() * v;
}

}  // namespace physio::predict
