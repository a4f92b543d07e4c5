#pragma once
/// Helpers for the imu tests: synthetic CSV text, the warnings of a loaded session.

#include <cmath>
#include <functional>
#include <string>

#include <fmt/format.h>

#include "imu/types.hpp"

namespace physio::imu::test {

/// CSV with `header` and n rows; `row(i)` returns the row text without newline.
inline std::string make_csv(const std::string& header, int n, const std::function<std::string(int)>& row) {
  std::string s = header + "\n";
  for (int i = 0; i < n; ++i) s += row(i) + "\n";
  return s;
}

/// A still, level sensor at `rate` Hz: acc (0, 0, g_value) in the file unit, gyr `gyr_value` on each axis.
inline std::string still_csv(const std::string& header, int n, double rate, double g_value,
                             double gyr_value) {
  return make_csv(header, n, [&](int i) {
    return fmt::format("{:.6f},0.01,-0.02,{},{},{},{}", i / rate, g_value, gyr_value, gyr_value, gyr_value);
  });
}

/// True when one of the session's warnings contains `text`.
inline bool any_warning_contains(const ImuSession& s, const std::string& text) {
  for (const auto& w : s.warnings)
    if (w.find(text) != std::string::npos) return true;
  return false;
}

}  // namespace physio::imu::test
