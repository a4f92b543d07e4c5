#pragma once
/// A quiet NaN, the value of a measure that could not be taken (a frame without the landmark, a repetition
/// without a peak). One definition for the modules whose files meet in one unity batch.

#include <limits>

namespace physio {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace physio
