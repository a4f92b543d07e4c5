#pragma once
/// Per-step values (step time, step length) to robust per-second values, and per-second values back to the
/// mean over any time region (a stride): the interpolation scheme of the Mobilise-D pipeline as published in
/// mobgap (`robust_step_para_to_sec`, `naive_sec_paras_to_regions`; used by `CadFromIc`, `SlZijlstra`).
///
/// Contract: step_values_per_second
///   inputs : ic_s [n] increasing times (s) of the steps' starting contacts, relative to the start of the
///            analysed region (a gait sequence cut to its first and last contact); values [n] one value per
///            contact (the value of the step that starts there; callers repeat the last step's value for the
///            last contact, as mobgap); n_seconds = number of output seconds (second k covers [k, k + 1) s).
///   method : 1. Hampel filter on the per-step values (half-width 2 steps, 3 robust SD);
///            2. per second, the mean of the values of the contacts inside [k, k + 1] (both ends included);
///               NaN when none;
///            3. Hampel filter again on the per-second values (NaN-aware);
///            4. NaN runs strictly inside the series no longer than max_interpolation_gap_s seconds are
///               filled by linear interpolation; longer runs and runs at either end stay NaN.
///   outputs: [n_seconds] per-second values (NaN where undefined).
///   errors : kInvalidArgument when ic_s and values differ in length, ic_s is not increasing or not finite,
///            or the options are invalid.
///
/// Contract: region_mean_of_seconds
///   inputs : per_second [m] (second k covers [k, k + 1) s of the same region), start_s < end_s (s, same
///            origin).
///   method : time-weighted mean of the piecewise-constant per-second function over [start_s, end_s]; the
///            part before second 0 takes second 0's value and the part after the last second the last
///            value (mobgap pads the same way). NaN seconds are left out of the weighting (mobgap's
///            cumulative sum would turn every later region NaN instead).
///   outputs: the mean; NaN when the region covers only NaN seconds, m == 0, or end_s <= start_s.
///   cost   : O(number of seconds covered).

#include <cstddef>
#include <span>
#include <vector>

#include "core/error.hpp"

namespace physio::imu {

struct PerSecondOptions {
  std::size_t hampel_half_width = 2;  ///< mobgap HampelFilter(2, 3.0)
  double hampel_n_sigmas = 3.0;
  double max_interpolation_gap_s = 3.0;  ///< mobgap CadFromIc / SlZijlstra default
};

Result<std::vector<double>> step_values_per_second(std::span<const double> ic_s,
                                                   std::span<const double> values, std::size_t n_seconds,
                                                   const PerSecondOptions& options);

double region_mean_of_seconds(std::span<const double> per_second, double start_s, double end_s);

}  // namespace physio::imu
