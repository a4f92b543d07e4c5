#pragma once
/// Validators for numeric command-line options, so a value that cannot be meant (`--rate-hz 0`,
/// `--sensor-height-m -1`) stops the command before any work, with the option and the value named.

#include <cmath>
#include <string>

#include <CLI/CLI.hpp>

namespace physio::cli {

/// A finite number in (lo, hi) (open at both ends); `what` names the unit ("Hz", "m").
inline CLI::Validator number_between(double lo, double hi, const std::string& what) {
  return CLI::Validator(
      [lo, hi, what](std::string& s) -> std::string {
        double v = std::nan("");
        try {
          std::size_t used = 0;
          v = std::stod(s, &used);
          if (used != s.size()) v = std::nan("");
        } catch (const std::exception&) {
          v = std::nan("");
        }
        if (!std::isfinite(v) || !(v > lo) || !(v < hi))
          return "'" + s + "' is not a valid value: give a number of " + what + " above " +
                 CLI::detail::to_string(lo) + " and below " + CLI::detail::to_string(hi);
        return {};
      },
      what);
}

/// A sampling or frame rate: above 0 and below 100 kHz.
inline CLI::Validator rate_hz_check() {
  return number_between(0.0, 100000.0, "Hz");
}

}  // namespace physio::cli
