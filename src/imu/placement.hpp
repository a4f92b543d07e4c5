#pragma once
/// Where a sensor is worn, read from its signal; the file and sensor names are only a hint.
///
/// Contract (placement_from_signal):
///   input   one recording in SI units (acc m/s^2, gyr rad/s), any length
///   output  kFoot when the signal has a foot's stance/swing pattern (repeated still phases at 1 g
///           alternating with fast swings above 3 rad/s, heel strikes above 3.5 g), kLowerBack when the
///           sensor stays upright-ish and never turns fast (trunk motion), kUnknown when neither is clear
///           (too little movement, a thigh, a wrist, a board moved by hand); plus the figures it decided
///           from, for messages.
///   cost    one pass over the samples.
/// A foot's side (left/right) cannot be told from one sensor: it comes from the options or the name.

#include <cstddef>
#include <string>

#include "imu/types.hpp"

namespace physio::imu {

std::string_view signal_placement_name(SignalPlacement p);  ///< "unknown", "lower back", "foot"

struct PlacementEvidence {
  SignalPlacement seen = SignalPlacement::kUnknown;
  double gyr_p99_rps = 0.0;       ///< 99th percentile of |gyr| (0 without a gyroscope)
  double acc_p99_mps2 = 0.0;      ///< 99th percentile of |acc|
  std::size_t stance_phases = 0;  ///< still phases at 1 g followed within 1.5 s by a swing above 3 rad/s
  double upright_fraction = 0.0;  ///< share of time the gravity direction is within 45 deg of its median
  std::string reason;             ///< one sentence: what the signal looks like
};

PlacementEvidence placement_from_signal(const ImuRecording& rec);

/// True when a declared or named placement contradicts the signal (a foot vs the lower back).
bool placement_contradicts(Placement p, SignalPlacement seen);

}  // namespace physio::imu
