#pragma once
// Shared by the precondition tests: an exercise by id, an analysis checked against its preconditions, and
// the reasons given.

#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "exercise/analyse.hpp"
#include "exercise/applicability.hpp"
#include "exercise/library.hpp"

namespace physio::exercise::test_support {

inline const Exercise& get(const char* id) {
  auto ex = find_exercise(id);
  if (!ex) throw std::runtime_error(ex.error().to_string());
  return **ex;
}

inline std::string reasons(const Applicability& a) {
  std::string out;
  for (const auto& r : a.reasons) out += r + "\n";
  return out;
}

inline bool any_reason(const Applicability& a, const std::string& text) {
  return reasons(a).find(text) != std::string::npos;
}

/// `seq` analysed as exercise `id`, then its preconditions checked (a failed analysis fails the test).
inline Applicability check(const kin::LandmarkSequence& seq, const char* id) {
  auto res = analyse_exercise(seq, get(id));
  EXPECT_TRUE(res) << res.error().to_string();
  if (!res) return {};
  return check_exercise_applicability(get(id), *res, seq);
}

}  // namespace physio::exercise::test_support
