#pragma once
/// The p-quantile of a set of values as the imu checks read it: the value of rank floor(p * (n - 1)) in
/// ascending order, no interpolation; 0 for no values.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace physio::imu {

inline double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0.0;
  const auto k = static_cast<std::ptrdiff_t>(std::floor(p * static_cast<double>(v.size() - 1)));
  std::nth_element(v.begin(), v.begin() + k, v.end());
  return v[static_cast<std::size_t>(k)];
}

}  // namespace physio::imu
