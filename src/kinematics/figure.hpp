#pragma once
/// A figure: a whole-body linkage posed by clinical joint angles, for exercise illustrations and for
/// movements the engine is checked against.
///
/// Contract: figure_points
///   in:  FigurePose (degrees, the clinical conventions below), the person's height (m)
///   out: FigurePoints: 3D positions in metres of every drawn point, in the figure's frame: x the
///        direction the person faces when standing upright, y up, z towards the person's left; the floor
///        is y = 0 and the lowest point of the body touches it (feet when standing, back when lying).
///   Segment lengths are fractions of height (Winter, Biomechanics and Motor Control of Human Movement,
///   table 4.1), as in the synthetic person (synthetic.hpp).
///
/// Angle conventions (the same words the exercise definitions use):
///   trunk_pitch       trunk axis from vertical in the sagittal plane, forward positive; -90 lying on the
///                     back (face up), +90 lying face down
///   trunk_side_bend   trunk towards the person's left positive (frontal plane)
///   body_roll         the whole body (trunk and pelvis, limbs with them) turned about the line it faces,
///                     the head towards the person's left positive: +90 lying on the left side (right side
///                     up), -90 lying on the right side; applied before the pitch and the side bend
///   hip_flexion       thigh from the trunk's downward axis, forward positive (extension negative)
///   hip_abduction     thigh away from the midline positive
///   knee_flexion      shank from the thigh's line, heel towards the buttock positive
///   ankle_dorsiflexion foot from perpendicular to the shank, toes towards the shin positive
///   shoulder_flexion  arm raised forward from hanging positive (extension negative)
///   shoulder_abduction arm raised sideways from hanging positive (applied after flexion)
///   shoulder_horizontal_flexion the raised arm's plane turned forward about the trunk's axis (abduction
///                     with 30-40 of it is scaption)
///   shoulder_rotation forearm about the upper arm (elbow bent), 0 forward, outward (external) positive
///   elbow_flexion     forearm from the upper arm's line positive
///
/// Contract: figure_landmarks
///   in:  FigurePoints, the camera view ("side": the camera sees the person's right side, the person
///        faces image +x; "front": the person faces the camera), image size in pixels, and the point
///        that is at the image's horizontal centre (default: the mid-hip); a fixed camera keeps the
///        points that rest on the floor still, so a moving figure passes its own (see figure_motion)
///   out: one frame of BlazePose-33 landmarks in normalised image coordinates (the person's standing
///        height is 80 % of the image height; the floor at 90 %) and in world metres (hip-centred, y
///        down, as BlazePose world landmarks), every landmark visible.

#include <array>
#include <string_view>

#include "kinematics/landmarks.hpp"

namespace physio::kin {

struct LimbAngles {
  double shoulder_flexion = 0.0;
  double shoulder_abduction = 0.0;
  double shoulder_horizontal_flexion = 0.0;
  double shoulder_rotation = 0.0;
  double elbow_flexion = 0.0;
  double hip_flexion = 0.0;
  double hip_abduction = 0.0;
  double knee_flexion = 0.0;
  double ankle_dorsiflexion = 0.0;
};

struct FigurePose {
  double trunk_pitch = 0.0;
  double trunk_side_bend = 0.0;
  double body_roll = 0.0;
  LimbAngles left;
  LimbAngles right;
};

/// Every angle of `a` moved a fraction `t` of the way to `b` (0 gives a, 1 gives b).
FigurePose interpolate(const FigurePose& a, const FigurePose& b, double t);

struct Point3 {
  double x = 0.0, y = 0.0, z = 0.0;
};

/// The points a figure is drawn with. Index with FigurePoint.
enum class FigurePoint : std::uint8_t {
  kHead,  ///< centre of the head
  kNose,
  kNeck,  ///< between the shoulders
  kPelvis,
  kLeftShoulder,
  kRightShoulder,
  kLeftElbow,
  kRightElbow,
  kLeftWrist,
  kRightWrist,
  kLeftHand,  ///< finger tips
  kRightHand,
  kLeftHip,
  kRightHip,
  kLeftKnee,
  kRightKnee,
  kLeftAnkle,
  kRightAnkle,
  kLeftHeel,
  kRightHeel,
  kLeftToe,
  kRightToe,
  kCount
};
inline constexpr std::size_t kFigurePointCount = static_cast<std::size_t>(FigurePoint::kCount);

struct FigurePoints {
  std::array<Point3, kFigurePointCount> at{};
  double head_radius = 0.0;  ///< m
  double height_m = 0.0;     ///< the person's standing height, m
  const Point3& operator[](FigurePoint p) const { return at[static_cast<std::size_t>(p)]; }
  Point3& operator[](FigurePoint p) { return at[static_cast<std::size_t>(p)]; }
};

FigurePoints figure_points(const FigurePose& pose, double height_m = 1.70);

enum class FigureView : std::uint8_t { kSide, kFront };
/// "side" or "front".
std::optional<FigureView> figure_view_from_string(std::string_view s);

struct FigureFrame {
  std::array<Landmark, 33> image;  ///< BlazePose-33, normalised image coordinates
  std::array<Landmark, 33> world;  ///< BlazePose-33, metres, hip-centred, y down
};

FigureFrame figure_landmarks(const FigurePoints& points, FigureView view, int image_width = 1280,
                             int image_height = 720, const Point3* image_centre = nullptr);

}  // namespace physio::kin
