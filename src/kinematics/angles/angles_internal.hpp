#pragma once
// Shared pieces of the angle code: small vector maths, a fast atan2, joint gathering with swap and
// facing handling. Not part of the public API.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "kinematics/angles/angles.hpp"
#include "kinematics/angles/swaps.hpp"
#include "kinematics/landmarks.hpp"
#include "kinematics/skeleton.hpp"

namespace physio::kin::detail {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
inline constexpr double kPi = 3.14159265358979323846;
inline constexpr double kRadToDeg = 180.0 / kPi;

struct V3 {
  double x = 0.0, y = 0.0, z = 0.0;
};
inline V3 operator-(V3 a, V3 b) {
  return {a.x - b.x, a.y - b.y, a.z - b.z};
}
inline V3 operator+(V3 a, V3 b) {
  return {a.x + b.x, a.y + b.y, a.z + b.z};
}
inline V3 operator*(double s, V3 a) {
  return {s * a.x, s * a.y, s * a.z};
}
inline double dot(V3 a, V3 b) {
  return a.x * b.x + a.y * b.y + a.z * b.z;
}
inline V3 cross(V3 a, V3 b) {
  return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
}
inline double norm(V3 a) {
  return std::sqrt(dot(a, a));
}

// atan2 in degrees with a polynomial for atan on [0, 1] (Abramowitz & Stegun 4.4.49, |error| <= 1e-5 rad,
// i.e. 0.0006 deg): about 5x faster than std::atan2, which dominated the cost of a full angle pass.
inline double fast_atan2_deg(double y, double x) {
  const double ax = std::fabs(x), ay = std::fabs(y);
  const double hi = std::max(ax, ay);
  if (hi == 0.0) return 0.0;
  const double a = std::min(ax, ay) / hi;
  const double s = a * a;
  double r = ((((0.0208351 * s - 0.0851330) * s + 0.1801410) * s - 0.3302995) * s + 0.9998660) * a;
  if (ay > ax) r = kPi / 2 - r;
  if (x < 0.0) r = kPi - r;
  if (y < 0.0) r = -r;
  return r * kRadToDeg;
}

// `v` moved by whole periods into [lo, lo + period).
inline double wrap_deg(double v, double lo, double period) {
  // Values come from atan2 plus an offset, within a couple of periods of the range: a few compares are
  // cheaper than floor and a division. Far values (and infinities) take the general path.
  if (v < lo - 4 * period || v >= lo + 5 * period) {
    v -= std::floor((v - lo) / period) * period;
  } else {
    while (v < lo) v += period;
    while (v >= lo + period) v -= period;
  }
  // A value a rounding error below lo lands exactly on lo + period after adding a period: that is lo.
  return v >= lo + period ? lo : v;
}

enum class SwapGroup : std::uint8_t { kNone, kLeg, kArm };

// The swap group a common joint belongs to.
SwapGroup joint_group(Joint j);
// The swap group of a skeleton landmark (sided landmarks with a mirror only).
SwapGroup landmark_group(const Skeleton& s, std::size_t landmark);
// [n_frames] 1 where the legs' (arms') labels are exchanged in that frame; all 0 for a group that
// opts leaves out or the skeleton lacks.
// `merged_legs` [n_frames or empty]: frames whose legs are no measurement (merged_legs.hpp); the leg labels
// are judged over them (0 there).
void swap_flags(const LandmarkSequence& seq, const SwapOptions& opts, std::vector<std::uint8_t>& legs,
                std::vector<std::uint8_t>& arms, const std::vector<std::uint8_t>& merged_legs = {});

// How raw landmark coordinates become the coordinates an angle is computed in:
// out = (sx * x, sy * y, sz * z) after picking axes (2D from world data uses a horizontal axis and the
// up axis).
struct CoordMap {
  int ix = 0, iy = 1, iz = 2;  // source component for out.x, out.y, out.z
  double sx = 1.0, sy = 1.0, sz = 1.0;
  bool use_z = false;
};

inline double component(const Landmark& l, int i) {
  return i == 0 ? static_cast<double>(l.x) : i == 1 ? static_cast<double>(l.y) : static_cast<double>(l.z);
}

// Reads the common joints of one frame, with swapped groups exchanged, into `out`/`ok`.
class JointReader {
 public:
  JointReader(const Skeleton& skeleton, CoordMap map, std::vector<Joint> needed)
      : map_(map), needed_(std::move(needed)) {
    // Sources for each swap state: 0 none, 1 legs, 2 arms, 3 both.
    for (std::size_t state = 0; state < 4; ++state) {
      for (std::size_t j = 0; j < kJointCount; ++j) {
        Joint from = static_cast<Joint>(j);
        const SwapGroup g = joint_group(from);
        if ((g == SwapGroup::kLeg && (state & 1u)) || (g == SwapGroup::kArm && (state & 2u)))
          from = mirror(from);
        src_[state][j] = skeleton.joint(from);
      }
    }
  }

  /// `frame`: the frame's landmarks [n_landmarks of the skeleton].
  void read(const Landmark* frame, bool legs_swapped, bool arms_swapped, std::array<V3, kJointCount>& out,
            std::array<bool, kJointCount>& ok) const {
    const auto& src = src_[(legs_swapped ? 1u : 0u) | (arms_swapped ? 2u : 0u)];
    for (Joint j : needed_) {
      const auto ji = static_cast<std::size_t>(j);
      ok[ji] = load(frame, src[ji], out[ji]);
    }
  }

 private:
  bool load(const Landmark* frame, JointSource s, V3& p) const {
    if (!s.present()) return false;
    const Landmark& a = frame[s.a];
    if (!get(a, p)) return false;
    if (!s.is_midpoint()) return true;
    V3 q;
    if (!get(frame[s.b], q)) return false;
    p = 0.5 * (p + q);
    return true;
  }
  bool get(const Landmark& l, V3& p) const {
    if (l.missing()) return false;
    p.x = map_.sx * component(l, map_.ix);
    p.y = map_.sy * component(l, map_.iy);
    if (map_.use_z) {
      p.z = map_.sz * component(l, map_.iz);
      if (std::isnan(p.z)) return false;
    } else {
      p.z = 0.0;
    }
    return !std::isnan(p.x) && !std::isnan(p.y);
  }

  CoordMap map_;
  std::vector<Joint> needed_;
  std::array<std::array<JointSource, kJointCount>, 4> src_{};
};

// The angle mode compute_angles uses for `requested` on data in `space` (never kAuto); kUnsupported for
// 3D on data that is not in metres.
Result<AngleMode> resolve_mode(AngleMode requested, CoordSpace space);
// Indices into the mode's specs of the angles `opts.angles` names (every one the skeleton supports when
// empty; those left out go to report.omitted), as compute_angles selects them, with its errors.
Result<std::vector<std::size_t>> select_angles(AngleMode mode, const Skeleton& skeleton,
                                               const std::vector<std::string>& names, AngleReport& report);

// One frame's votes for the facing direction (detect_facing): toes minus heels, nose minus ears.
struct FacingVotes {
  double feet = 0.0;
  std::size_t n_feet = 0;
  double face = 0.0;
  std::size_t n_face = 0;
};
void add_facing_votes(const Skeleton& skeleton, const Landmark* frame, FacingVotes& votes);
FacingResult decide_facing(const FacingVotes& votes);

// The selected 2D angles of one frame (indices into angle_specs_2d()), resolved once: joint sources, the
// coordinate map for either facing direction, the flat definitions. Warnings about the coordinates go to
// `report` at construction.
class Plan2d {
 public:
  Plan2d(const Skeleton& skeleton, CoordSpace space, Axis up_axis, int image_width, int image_height,
         const std::vector<std::size_t>& which, AngleReport& report);
  std::size_t size() const { return ops_.size(); }
  // out [size()], degrees, NaN where undefined.
  void compute(const Landmark* frame, Facing facing, bool legs_swapped, bool arms_swapped, double* out) const;

 private:
  Plan2d(const Skeleton& skeleton, CoordMap map, const std::vector<std::size_t>& which);
  struct Op {
    std::array<std::size_t, 4> p;
    int n;
    double offset, scale, lo, period;
  };
  std::vector<Op> ops_;
  JointReader right_, left_;  // facing +x, facing -x
};

// The selected 3D angles of one frame (indices into angle_specs_3d()), resolved once.
class Plan3d {
 public:
  Plan3d(const Skeleton& skeleton, Axis up_axis, const std::vector<std::size_t>& which);
  std::size_t size() const { return ops_.size(); }
  // out [size()], degrees, NaN where undefined.
  void compute(const Landmark* frame, bool legs_swapped, bool arms_swapped, double* out) const;

 private:
  struct Op {
    std::uint8_t kind;
    double side;
    std::array<std::size_t, 4> j;
    std::array<std::size_t, 5> need;
    std::size_t n_need;
    double lo;
  };
  std::vector<Op> ops_;
  JointReader reader_;
  V3 up_;
  bool any_lean_ = false;
};

}  // namespace physio::kin::detail

namespace physio::kin::detail {

// Computes the selected 2D angles (indices into angle_specs_2d()) into columns [n_selected][n_frames].
void compute_2d(const LandmarkSequence& seq, const std::vector<std::size_t>& which, Facing facing,
                const std::vector<std::uint8_t>& legs_swapped, const std::vector<std::uint8_t>& arms_swapped,
                std::vector<std::vector<double>>& columns, AngleReport& report);
// Computes the selected 3D angles (indices into angle_specs_3d()).
void compute_3d(const LandmarkSequence& seq, const std::vector<std::size_t>& which,
                const std::vector<std::uint8_t>& legs_swapped, const std::vector<std::uint8_t>& arms_swapped,
                std::vector<std::vector<double>>& columns, AngleReport& report);

}  // namespace physio::kin::detail
