#pragma once
// Synthetic angle series with a known number of repetitions, for exercise tests.

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include "core/time.hpp"
#include "kinematics/angles/angles.hpp"

namespace physio::exercise::test {

/// Frame rate of the synthetic angle series, Hz.
inline constexpr double kRate = 30.0;

struct SynthRep {
  double duration_s = 2.0;
  double amplitude_deg = 90.0;
  double pause_after_s = 1.0;
  double hold_s = 0.0;  ///< flat top at the peak
};

/// Raised-cosine repetitions from rest_deg, each followed by a pause; Gaussian noise of noise_deg.
inline std::vector<double> make_reps(const std::vector<SynthRep>& reps, double rate_hz, double rest_deg,
                                     double noise_deg, double lead_s = 1.0, unsigned seed = 7) {
  std::vector<double> v;
  auto add_const = [&](double s, double val) {
    auto n = static_cast<int>(std::lround(s * rate_hz));
    for (int i = 0; i < n; ++i) v.push_back(val);
  };
  add_const(lead_s, rest_deg);
  for (const auto& r : reps) {
    auto half = static_cast<int>(std::lround(r.duration_s * rate_hz / 2.0));
    for (int i = 0; i < half; ++i)
      v.push_back(rest_deg + r.amplitude_deg * 0.5 * (1.0 - std::cos(std::numbers::pi * i / half)));
    add_const(r.hold_s, rest_deg + r.amplitude_deg);
    for (int i = 0; i < half; ++i)
      v.push_back(rest_deg + r.amplitude_deg * 0.5 * (1.0 + std::cos(std::numbers::pi * i / half)));
    add_const(r.pause_after_s, rest_deg);
  }
  std::mt19937 rng(seed);
  std::normal_distribution<double> nd(0.0, noise_deg);
  if (noise_deg > 0.0)
    for (double& x : v) x += nd(rng);
  return v;
}

/// Appends n samples of a raised-cosine move from `from` to `to` (the last sample is `to`).
inline void append_ramp(std::vector<double>& v, double from, double to, int n) {
  for (int i = 1; i <= n; ++i)
    v.push_back(from + (to - from) * 0.5 * (1.0 - std::cos(std::numbers::pi * i / n)));
}

inline std::vector<TimeUs> make_times(std::size_t n, double rate_hz) {
  std::vector<TimeUs> t(n);
  for (std::size_t i = 0; i < n; ++i) t[i] = sample_time_us(static_cast<std::int64_t>(i), rate_hz);
  return t;
}

/// An AngleSeries with the given named columns.
inline kin::AngleSeries make_series(double rate_hz,
                                    std::vector<std::pair<std::string, std::vector<double>>> cols) {
  kin::AngleSeries s;
  s.times = make_times(cols.front().second.size(), rate_hz);
  for (auto& [n, c] : cols) {
    s.names.push_back(n);
    s.units.push_back("deg");
    s.columns.push_back(std::move(c));
  }
  return s;
}

}  // namespace physio::exercise::test
