#pragma once
/// Gait from a side-view video's 2D landmarks: events, temporal measures, sagittal joint angles per gait
/// cycle, and step length and speed when a scale is known. docs/metrics/gait-video.md defines every
/// measure; docs/validation/gait-video.md gives the figures against hand-marked events.
///
/// Contract: compute_video_gait
///   inputs : a 2D landmark sequence (prepare_walk, walk_track.hpp) and GaitOptions (a scale, or none).
///   steps  : prepare_walk -> detect_events (events.hpp) -> strides (consecutive contacts of one foot,
///            kMinSameFootS-kMaxStrideS apart and under 1.5 median strides, so a missed event never makes
///            a double stride) and steps (consecutive contacts of alternating feet) -> cadence, step and
///            stride time, stance and swing, step-time asymmetry -> angle curves (cycles.hpp) -> step and
///            stride length and speed (spatial.hpp).
///   outputs: VideoGait. A recording that is not a walk across the view, or has fewer than kMinStrides
///            strides of the near foot, comes back with applicability.valid false and the reasons (no
///            numbers). A measure that cannot be given (no scale, the far foot's events withheld) is listed
///            in `withheld` with the reason.
///   errors : those of prepare_walk.

#include <array>
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "core/applicability.hpp"
#include "core/error.hpp"
#include "gait/calibration.hpp"
#include "gait/events.hpp"
#include "gait/walk_track.hpp"
#include "kinematics/landmarks.hpp"

namespace physio::gait {

inline constexpr std::size_t kMinStrides = 2;
inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct GaitOptions {
  std::optional<double> height_m;                ///< the patient's standing height, metres
  std::optional<CameraCalibration> calibration;  ///< the camera's calibration (floor plane Z = 0)
};

struct Stride {
  LegSide side = LegSide::kLeft;
  GaitEvent start, end;              ///< the foot's initial contact and its next one
  std::optional<GaitEvent> toe_off;  ///< the foot's toe-off between them, if kept
  double time_s = 0;
  double stance_pct = kNaN, swing_pct = kNaN;  ///< % of the stride
  double length_m = kNaN;
};

struct Step {
  LegSide side = LegSide::kLeft;  ///< the foot that lands at `end`
  GaitEvent start, end;           ///< the other foot's contact, then this foot's
  double time_s = 0;
  double length_m = kNaN;
};

struct SideSummary {
  std::size_t strides = 0, steps = 0;
  double stride_time_s = kNaN, stride_time_sd_s = kNaN, step_time_s = kNaN;
  double stance_pct = kNaN, swing_pct = kNaN;
  double stride_length_m = kNaN, step_length_m = kNaN;
};

struct AnglePeak {
  std::string name;  ///< "max", "min", "at_initial_contact"
  double value_deg = kNaN;
  double at_pct = kNaN;  ///< % of the gait cycle
};

/// One joint's sagittal angle over the gait cycle of one side: mean and SD across cycles at 0, 1, ... 100 %.
struct AngleCurve {
  std::string angle;  ///< "hip_flexion", "knee_flexion", "ankle_dorsiflexion"
  LegSide side = LegSide::kLeft;
  std::size_t cycles = 0;
  std::vector<double> mean_deg, sd_deg;  ///< [101]
  std::vector<AnglePeak> peaks;
  double range_deg = kNaN;  ///< max - min of the mean curve
};

struct WithheldMeasure {
  std::string measure;  ///< the JSON name of what is missing
  std::string reason;
};

struct VideoGait {
  Applicability applicability;
  WalkTrack walk;
  GaitEvents events;
  std::vector<Stride> strides;
  std::vector<Step> steps;
  std::array<SideSummary, 2> sides;  ///< by LegSide
  double cadence_steps_per_min = kNaN;
  std::string cadence_basis;
  double step_time_asymmetry_pct = kNaN;
  std::string longer_step_side;  ///< whose steps take longer ("left"/"right"), when asymmetry is given
  double speed_mps = kNaN;
  std::string scale_basis;  ///< where metres come from, empty without a scale
  std::vector<AngleCurve> curves;
  std::vector<WithheldMeasure> withheld;
  std::vector<std::string> notes;

  const SideSummary& side(LegSide s) const { return sides[static_cast<std::size_t>(s)]; }
};

Result<VideoGait> compute_video_gait(const kin::LandmarkSequence& seq, const GaitOptions& opts = {});

}  // namespace physio::gait
