#pragma once
// Shared by the measures tests: the committed instrument files and a scoring shorthand.
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "measures/library.hpp"
#include "measures/score.hpp"

namespace physio::measures::test {

// Score tolerance: published examples are given to 1 decimal (ODI 35.5 %) or 3 (KOOS JR table).
inline constexpr double kTableTol = 1e-9;
inline constexpr double kOneDecimalTol = 0.06;

inline const MeasureLibrary& library() {
  static const MeasureLibrary lib = [] {
    auto l = load_measure_library(physio::test::source_dir() / "data" / "measures");
    if (!l) throw std::runtime_error(l.error().to_string());
    return std::move(*l);
  }();
  return lib;
}

inline const Instrument& instrument(const std::string& id) {
  auto in = library().find(id);
  if (!in) throw std::runtime_error(in.error().to_string());
  return **in;
}

using Answers = std::vector<std::optional<double>>;

inline Answers repeat(std::optional<double> v, std::size_t n) {
  return Answers(n, v);
}

}  // namespace physio::measures::test
