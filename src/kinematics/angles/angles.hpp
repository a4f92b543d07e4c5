#pragma once
/// Joint and segment angles from landmark sequences.
///
/// Stage contract (compute_angles):
///   input   a LandmarkSequence [n_frames, n_landmarks] of any skeleton and coordinate space
///   output  AngleSeries: times [n_frames], columns [n_angles][n_frames] in degrees, NaN where a
///           landmark an angle needs is missing; a report (mode, facing, repaired swaps, omitted angles,
///           warnings)
///   options AngleOptions (mode, angle names, facing, swap repair, unwrapping)
///
/// 2D angles follow the Sports2D / Pose2Sim definitions (same points, offsets and signs), computed in
/// image coordinates (y down) after the sequence is turned to face +x, so flexion is positive whichever
/// way the person faces. 3D angles are measured in a pelvis/trunk frame built from the hips, the neck and
/// the up axis. docs/metrics/angles.md lists every angle: points, plane, zero, sign and range.
///
/// Cost: one pass over the frames, no allocation per frame (columns are allocated once).

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"
#include "kinematics/landmarks.hpp"
#include "kinematics/skeleton.hpp"

namespace physio::kin {

struct AngleTable;  // kinematics/formats/mot.hpp

/// One angle an analysis can compute.
struct AngleSpec {
  std::string name;  ///< "right_knee_flexion"
  std::string unit = "deg";
  std::string description;
  std::vector<Joint> joints;  ///< the common joints it needs, in the order the definition uses them
  bool is_segment = false;    ///< segment angle (vs the horizontal) rather than a joint angle
  /// Values are reported in [range_lo_deg, range_lo_deg + period_deg); only segment angles with
  /// AngleOptions::unwrap may leave it.
  double range_lo_deg = -180.0;
  double period_deg = 360.0;  ///< 180 for axes without a direction (pelvis, shoulders)
};

/// The 2D angles (Sports2D conventions), right side before left.
std::span<const AngleSpec> angle_specs_2d();
/// The 3D angles (pelvis/trunk frame), right side before left.
std::span<const AngleSpec> angle_specs_3d();

enum class AngleMode : std::uint8_t {
  kAuto,  ///< 3D for CoordSpace::kWorldMetres, else 2D
  k2d,
  k3d,
};
enum class Facing : std::uint8_t {
  kAuto,   ///< detected from toes vs heels, else nose vs ears, over the whole sequence
  kLeft,   ///< toes point to -x in the image
  kRight,  ///< toes point to +x in the image
};

std::string_view angle_mode_name(AngleMode m);  ///< "auto", "2d", "3d"
std::string_view facing_name(Facing f);         ///< "auto", "left", "right"
Result<AngleMode> parse_angle_mode(std::string_view s);
Result<Facing> parse_facing(std::string_view s);

struct AngleOptions {
  AngleMode mode = AngleMode::kAuto;
  /// Angle names to compute (AngleSpec::name); empty = every angle the skeleton supports.
  std::vector<std::string> angles;
  Facing facing = Facing::kAuto;  ///< 2D only
  /// Detect frames where the pose estimator swapped the left/right legs (or arms) and read them
  /// swapped back. The input is not modified (see repair_swaps in swaps.hpp for that).
  bool repair_swaps = true;
  /// Where the left/right labels are judged: the image landmarks of the same frames when the analysed ones
  /// are a pose model's world landmarks (one detection labels both; its depth is the least certain of its
  /// coordinates, and a leg drawn onto the other in depth is plain in the picture). Null, or a sequence of
  /// another length: the analysed sequence itself.
  const LandmarkSequence* labels_from = nullptr;
  /// With repair_swaps: frames where both legs are drawn at one place (merged_legs.hpp, judged where the
  /// labels are) have their lower legs read between the frames around them, on a copy of the input.
  bool repair_merged_legs = true;
  /// Remove 360-degree jumps from each segment-angle series (a value is replaced by the equivalent
  /// nearest to the previous valid one); the series is then shifted by whole turns so that its mean is
  /// in the angle's range, and single values may leave it (a forearm circling keeps counting). Joint
  /// angles are never unwrapped: they always stay in their range. Off by default: every value of every
  /// angle is then in its documented range.
  bool unwrap = false;
};

struct AngleReport {
  AngleMode mode = AngleMode::k2d;  ///< the mode used (never kAuto)
  Facing facing = Facing::kAuto;    ///< 2D: the direction used; kAuto in 3D (not needed)
  std::string facing_basis;         ///< "given", "toes-vs-heels", "nose-vs-ears", "default"; empty in 3D
  std::vector<std::size_t> swapped_leg_frames;  ///< frames read with left/right legs exchanged
  std::vector<std::size_t> swapped_arm_frames;  ///< frames read with left/right arms exchanged
  std::vector<std::size_t> merged_leg_frames;   ///< frames whose lower legs were read between neighbours
  std::vector<std::string> omitted;             ///< "head (missing: head)" when all angles were requested
  std::vector<std::string> warnings;
};

struct AngleSeries {
  std::vector<TimeUs> times;                 ///< [n_frames]
  std::vector<std::string> names;            ///< [n_angles]
  std::vector<std::string> units;            ///< [n_angles]
  std::vector<std::vector<double>> columns;  ///< [n_angles][n_frames], degrees, NaN = missing
  AngleReport report;

  std::size_t n_frames() const { return times.size(); }
  std::size_t n_angles() const { return names.size(); }
  /// Index of a column by name, -1 if absent.
  int index_of(std::string_view name) const;
  /// A column by name; empty if absent.
  std::span<const double> column(std::string_view name) const;
};

/// Computes joint and segment angles. Errors: an unknown angle name (kInvalidArgument, listing the
/// known ones); a requested angle whose joints the skeleton lacks (kMissingData, naming the angle and
/// the joints); 3D requested on 2D data (kUnsupported); a sequence without a skeleton.
Result<AngleSeries> compute_angles(const LandmarkSequence& seq, const AngleOptions& opts = {});

/// The facing direction of a 2D sequence and what it was decided from ("toes-vs-heels",
/// "nose-vs-ears", or "default" = right when nothing tells).
struct FacingResult {
  Facing facing = Facing::kRight;
  std::string basis;
};
FacingResult detect_facing(const LandmarkSequence& seq);

/// Removes jumps of more than half a period between consecutive valid values (NaNs are skipped).
void unwrap_deg(std::span<double> values, double period_deg = 360.0);
/// unwrap_deg, then shifts the series by whole periods so that its mean lies in
/// [range_lo_deg, range_lo_deg + period_deg).
void unwrap_into_range(std::span<double> values, double range_lo_deg, double period_deg = 360.0);

/// The series as a joint-angle table (for writing .mot/.csv/.json).
AngleTable to_angle_table(const AngleSeries& series);

}  // namespace physio::kin
