#pragma once
/// The walk as the gait measures need it: the longest stretch of frames where the legs are in view, in
/// pixels, low-pass filtered, with the walking direction, the side nearer the camera and the body scale.
///
/// Contract: prepare_walk
///   inputs : a 2D landmark sequence (image coordinates: pixels, or normalised with the image size) of a
///            skeleton with hips, knees and ankles (heels and toes when it has them: BlazePose, HALPE-26,
///            BODY_25; otherwise the ankle stands for both, as in Stenum et al. 2021 with COCO-like data).
///   steps  : (1) a frame is usable when both legs' hip, knee, ankle, heel and toe are found (labels as the
///            estimator gives them) and both feet are inside the image;
///            gaps of at most kMaxFillS are filled linearly (and the events found in them withheld; frames
///            one after the other are never a gap, whatever the frame rate); (2)
///            the longest run of usable frames is kept; (3) every coordinate is low-pass filtered (4th order
///            zero-lag Butterworth, kCutoffHz, the usual cut-off for gait kinematics: Winter 2009); (4)
///            the longest pass one way is kept (half-second windows whose pelvis moves at least
///            kMinWalkLegsPerS, in runs of one direction: standing, turning and walking back are left out),
///            and the other passes of at least kMinOtherPassLegs are listed (a walk across and back);
///            the walking direction is that pass's; (5) the nearer side is the person's left when they walk
///            towards the image's left (walking forwards, the left side faces the camera), checked against
///            BlazePose's depth (z) when the file has it.
///   outputs: WalkTrack, or the reasons the recording is not a walk across the view (Applicability), the
///            real reason first: legs not in view (nothing else can be judged), then the view, not walking
///            across, and last a frame rate under kMinRateHz (said also when the rest holds: the events
///            need it).
///   errors : kUnsupported for 3D (world) landmarks; kMissingData for a skeleton without legs.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/applicability.hpp"
#include "core/error.hpp"
#include "kinematics/landmarks.hpp"

namespace physio::gait {

inline constexpr double kMaxFillS = 0.1;  ///< longest gap filled by interpolation, s
inline constexpr double kCutoffHz = 6.0;  ///< low-pass cut-off, Hz
/// Gait events need this many frames a second: Stenum et al. 2021 (PLOS Comput Biol 17:e1008935) validated
/// the events from 2D video at 25 frames/s (a frame is 40 ms). 24 frames/s (film's rate, and 24000/1001 =
/// 23.976 of film on video) is measured: a frame is 41.7 ms, 4 % longer than the validated 40 ms, and the
/// result says its time resolution. The check compares the frame period (the median time between frames,
/// in whole microseconds: 24 frames/s reads 41,667 us, 23.9998 frames/s) with 1001/24000 s plus the
/// microsecond's rounding, so that a 24 frames/s clip is never refused as "24.0, at least 24".
inline constexpr double kMinRateHz = 24000.0 / 1001.0;
/// The validated rate (Stenum et al. 2021): below it the result states its coarser time resolution.
inline constexpr double kValidatedRateHz = 25.0;
/// A frame whose foot landmark is within this fraction of the image width of its left or right edge is not
/// usable: the landmark model extrapolates feet it cannot see.
inline constexpr double kEdgeMargin = 0.01;
/// Side view: the shoulders' horizontal separation under this fraction of the torso length in most frames
/// (the same criterion as the exercise preconditions, exercise/applicability.hpp).
inline constexpr double kSideViewMaxWidth = 0.45;
/// Walking across the view: the pelvis travels at least this many leg lengths (a stride is about 1.5 leg
/// lengths at ordinary speed, 0.8 when very slow; 2 strides of a slow walk need 1.6).
inline constexpr double kMinTravelLegs = 1.5;
/// A half-second window belongs to a pass when the pelvis moves at least this many leg lengths per second
/// (about 0.13 m/s; very slow walking is 0.2-0.4 m/s, standing sway far less).
inline constexpr double kMinWalkLegsPerS = 0.15;

enum class LegSide : std::uint8_t { kLeft = 0, kRight = 1 };
std::string_view leg_side_name(LegSide s);  ///< "left", "right"
inline LegSide other(LegSide s) {
  return s == LegSide::kLeft ? LegSide::kRight : LegSide::kLeft;
}

/// One leg's points over the kept frames, pixels (y down). [n] each.
struct LegTrack {
  std::vector<double> hip_x, hip_y, knee_x, knee_y, ankle_x, ankle_y, heel_x, heel_y, toe_x, toe_y;
  double mean_visibility = -1;  ///< mean landmark visibility of the knee, ankle, heel and toe; -1 if unknown
};

struct WalkTrack {
  std::size_t first_frame = 0;       ///< index in the input sequence of the first kept frame
  std::vector<double> t_s;           ///< [n] time of each kept frame, s, from the input's first frame
  std::vector<std::uint8_t> filled;  ///< [n] 1 where the frame was a gap filled by interpolation
  double rate_hz = 0;
  std::array<LegTrack, 2> legs;  ///< by LegSide
  std::vector<double> pelvis_x;  ///< [n] mid-hip, pixels
  int direction = 1;             ///< +1: walking towards the image's right (+x); -1: towards its left
  LegSide near_side = LegSide::kLeft;
  std::string near_basis;    ///< how the near side was decided
  double leg_length_px = 0;  ///< median hip-knee + knee-ankle length of the near leg, pixels
  /// Median leg length in the first and last third of the walk (perspective: walking towards or away from
  /// the camera changes it).
  double leg_length_first_px = 0, leg_length_last_px = 0;
  bool feet_from_ankle = false;  ///< the skeleton has no heel/toe: the ankle stands for both
  bool pixels = true;            ///< false: normalised coordinates without the image size (not pixels)
  int image_width = 0, image_height = 0;  ///< pixels; 0 when the file does not say
  std::size_t usable_frames = 0, input_frames = 0;
  std::vector<std::string> notes;  ///< what was done (swaps repaired, frames dropped)

  std::size_t size() const { return t_s.size(); }
  const LegTrack& leg(LegSide s) const { return legs[static_cast<std::size_t>(s)]; }
};

/// A pass of the walk other than the longest (a walk across the room and back): input frames, inclusive.
struct OtherPass {
  std::size_t first_frame = 0, last_frame = 0;
  int direction = 1;  ///< +1 towards the image's right
  double travel_legs = 0;
};
/// Another pass is kept when its pelvis travels at least this many leg lengths: one stride of a very slow
/// walk (0.8 leg lengths; see kMinTravelLegs).
inline constexpr double kMinOtherPassLegs = 0.8;

struct PreparedWalk {
  Applicability applicability;
  WalkTrack track;  ///< meaningful only when applicability.valid
  /// The walk's other passes one way (turns and standing between them left out), in time order; the track
  /// is the longest pass. compute_video_gait analyses each and pools them.
  std::vector<OtherPass> other_passes;
};

Result<PreparedWalk> prepare_walk(const kin::LandmarkSequence& seq);

}  // namespace physio::gait
