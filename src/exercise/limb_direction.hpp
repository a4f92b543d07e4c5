#pragma once
/// Which way a limb moves away from the trunk: what a clinician calls the plane of elevation (arm raised
/// forward = flexion, backward = extension, out to the side = abduction, 30-40 deg forward of the side =
/// scaption). The elevation angle alone cannot tell these apart; this measures the direction, so that a
/// recording of one movement is not counted and scored as another (docs/metrics/exercise.md).
///
/// Judged in the image only: the image plane is what a camera measures well. Depth is not: UI-PRMD's Kinect
/// skeletons read a deep squat's thighs as moving backward and straight leg raises as 33 and -22 deg from
/// the side instead of forward (docs/metrics/exercise.md, "Moving limb"), and monocular world landmarks
/// are weaker still in depth. So a forward or backward movement is checked in a side view, a sideways or
/// scapular one in a front view, and landmarks in metres are not judged.
///
/// Contract: measure_limb_direction
///   inputs : image landmarks (y down), the segment (arm: shoulder -> elbow; thigh: hip -> knee), the side
///            ("left", "right", or "both": each side measured outward on its own side, summed), the frames
///            of one movement (a repetition's start to its peak) and the facing sign (facing_sign).
///   method : over the frames where the segment is at least 15 deg off the trunk axis (neck -> mid-hip),
///            forward_share = sum of the segment's image x component times the facing sign / (frames x
///            its true length, the longest it appears over the frames: a limb pointing at the camera
///            looks short); outward_share likewise with the outward sign (from the other side's shoulder or
///            hip towards this one, where the two are at least 0.1 torso apart: a front view), along the
///            image axis across the body: x while the trunk is nearer vertical than horizontal in the
///            picture, y when it lies across it (lying on the side, facing the camera: side-lying hip
///            abduction lifts the top leg up the picture).
///   outputs: LimbDirection; `frames` = 0 when nothing could be measured (landmarks in metres, the limb
///            never 15 deg off the trunk).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "exercise/exercise.hpp"
#include "kinematics/landmarks.hpp"

namespace physio::exercise {

/// Frames count when the segment is at least this far off the trunk axis (the direction is undefined
/// while the limb hangs along the trunk).
inline constexpr double kLimbMinOffTrunkDeg = 15.0;
/// The share of the segment's length seen moving the expected way (forward, backward or outward) must
/// reach this: a movement out of the image plane shows about none, the opposite movement a negative share,
/// the expected one about the sine of its elevation (0.5-0.9 over a repetition).
inline constexpr double kLimbMinImageShare = 0.2;

struct LimbDirection {
  std::size_t frames = 0;      ///< frames used (segment >= 15 deg off the trunk); 0 = not measured
  double forward_share = 0.0;  ///< mean forward image component / the limb's true length
  double outward_share = 0.0;  ///< mean outward image component / the limb's true length
  bool facing_known = true;    ///< the feet or face told which way the person faces (needed for forward)
};

/// +1 or -1: which way along the image x axis the person faces (heel or ankle -> toes, mid-ear -> nose,
/// over the whole recording); 0 when the feet and face do not say (a front view: they point at the camera).
double facing_sign(const kin::LandmarkSequence& seq);

LimbDirection measure_limb_direction(const kin::LandmarkSequence& seq, LimbSegment segment,
                                     std::string_view side, std::size_t from_frame, std::size_t to_frame,
                                     double facing);

/// Whether a measured direction is a movement toward `toward`: forward/backward judged in a side view,
/// sideways/scapular in a front view; other combinations move out of the image plane. nullopt = cannot be
/// judged (or nothing measured, or the facing unknown for a forward/backward movement).
std::optional<bool> limb_direction_matches(const LimbDirection& d, LimbToward toward, bool side_view);

/// The measured direction in words, for the refusal.
std::string describe_limb_direction(const LimbDirection& d, bool side_view);

}  // namespace physio::exercise
