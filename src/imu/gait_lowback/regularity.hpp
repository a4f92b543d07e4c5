#pragma once
/// Step and stride regularity and step symmetry from the unbiased autocorrelation of the vertical trunk
/// acceleration (Moe-Nilssen & Helbostad, J Biomech 2004).
///
/// Contract: compute_regularity
///   inputs : acc_vertical [n] m/s^2 of one walking bout at rate_hz; stride_time_s > 0 (the bout's
///            mean stride time from the initial contacts, used to locate the peaks).
///   method : x = acc - mean(acc); Ad(m) = [sum_i x_i x_(i+m) / (n - m)] / [sum_i x_i^2 / n] (unbiased,
///            normalised so Ad(0) = 1). Ad1 (step regularity) = max of Ad over lags within +-25 % of half
///            the stride time; Ad2 (stride regularity) = max within +-25 % of the stride time;
///            step_symmetry = Ad1 / Ad2 (1 = symmetric).
///   outputs: Regularity; NaN fields when the bout is shorter than 2 strides, flat, or rate_hz <= 0.
///   cost   : O(n * lags searched).

#include <span>

namespace physio::imu {

struct Regularity {
  double step_regularity = 0.0;    ///< Ad1, dimensionless, <= 1
  double stride_regularity = 0.0;  ///< Ad2, dimensionless, <= 1
  double step_symmetry = 0.0;      ///< Ad1 / Ad2
};

Regularity compute_regularity(std::span<const double> acc_vertical, double rate_hz, double stride_time_s);

}  // namespace physio::imu
