#include "kinematics/angles/merged_legs.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "kinematics/angles/angles_internal.hpp"

namespace physio::kin {
namespace {

constexpr float kUnknown = std::numeric_limits<float>::quiet_NaN();

// Distance between two landmarks of a frame (pixels for normalised image landmarks of a known size).
std::optional<double> distance(std::span<const Landmark> f, int a, int b, double sx, double sy, bool use_z) {
  if (a < 0 || b < 0) return std::nullopt;
  const Landmark &p = f[static_cast<std::size_t>(a)], &q = f[static_cast<std::size_t>(b)];
  if (p.missing() || q.missing()) return std::nullopt;
  const double dx = sx * (p.x - q.x), dy = sy * (p.y - q.y);
  double dz = 0.0;
  if (use_z) {
    if (std::isnan(p.z) || std::isnan(q.z)) return std::nullopt;
    dz = p.z - q.z;
  }
  return std::sqrt(dx * dx + dy * dy + dz * dz);
}

double median(std::vector<double>& v) {
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  if (v.size() % 2) return *mid;
  return 0.5 * (*mid + *std::max_element(v.begin(), mid));
}

}  // namespace

std::vector<std::size_t> merged_leg_frames(const LandmarkSequence& seq, const MergedLegsOptions& opts) {
  std::vector<std::size_t> out;
  const Skeleton& s = seq.skeleton();
  const std::size_t n = seq.n_frames();
  if (n < 3 || seq.n_landmarks() == 0) return out;
  const int lk = s.joint(Joint::kLeftKnee).b < 0 ? s.joint(Joint::kLeftKnee).a : -1;
  const int rk = s.joint(Joint::kRightKnee).b < 0 ? s.joint(Joint::kRightKnee).a : -1;
  const int la = s.joint(Joint::kLeftAnkle).b < 0 ? s.joint(Joint::kLeftAnkle).a : -1;
  const int ra = s.joint(Joint::kRightAnkle).b < 0 ? s.joint(Joint::kRightAnkle).a : -1;
  if (lk < 0 || rk < 0 || la < 0 || ra < 0) return out;
  double sx = 1.0, sy = 1.0;
  if (seq.space() == CoordSpace::kImageNormalized && seq.image_width > 0 && seq.image_height > 0) {
    sx = seq.image_width;
    sy = seq.image_height;
  }
  const bool use_z = seq.space() == CoordSpace::kWorldMetres;
  const int lh = s.joint(Joint::kLeftHip).b < 0 ? s.joint(Joint::kLeftHip).a : -1;
  const int rh = s.joint(Joint::kRightHip).b < 0 ? s.joint(Joint::kRightHip).a : -1;
  std::vector<std::optional<double>> knees(n), ankles(n), thighs(n);
  for (std::size_t f = 0; f < n; ++f) {
    knees[f] = distance(seq.frame(f), lk, rk, sx, sy, use_z);
    ankles[f] = distance(seq.frame(f), la, ra, sx, sy, use_z);
    const auto tl = distance(seq.frame(f), lh, lk, sx, sy, use_z);
    const auto tr = distance(seq.frame(f), rh, rk, sx, sy, use_z);
    if (tl && tr) thighs[f] = 0.5 * (*tl + *tr);
  }
  const double rate = seq.rate_hz();
  if (!(rate > 0.0)) return out;
  const auto half = static_cast<std::size_t>(std::max(1.0, std::round(opts.window_s * rate)));
  std::vector<double> wk, wa, wt;
  for (std::size_t f = 0; f < n; ++f) {
    if (!knees[f] || !ankles[f]) continue;
    wk.clear();
    wa.clear();
    wt.clear();
    for (std::size_t g = f >= half ? f - half : 0; g <= std::min(n - 1, f + half); ++g) {
      if (g == f || !knees[g] || !ankles[g]) continue;
      wk.push_back(*knees[g]);
      wa.push_back(*ankles[g]);
      if (thighs[g]) wt.push_back(*thighs[g]);
    }
    if (wk.size() < half || wt.empty()) continue;  // at least half of the window's 2 x half frames
    const double apart = median(wk);
    // Legs side by side (knees under min_apart thighs apart) have nothing to lose: their distance is noise.
    if (apart < opts.min_apart * median(wt)) continue;
    if (*knees[f] < opts.fraction * apart && *ankles[f] < opts.fraction * median(wa)) out.push_back(f);
  }
  return out;
}

std::vector<std::size_t> lower_leg_landmarks(const Skeleton& s) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (detail::landmark_group(s, i) != detail::SwapGroup::kLeg) continue;
    const auto j = joint_for_landmark_name(s.landmarks[i]);
    if (j == Joint::kLeftHip || j == Joint::kRightHip) continue;
    out.push_back(i);
  }
  return out;
}

void interpolate_frames(LandmarkSequence& seq, const std::vector<std::size_t>& frames,
                        const std::vector<std::size_t>& landmarks, double max_gap_s) {
  const std::size_t n = seq.n_frames();
  std::vector<std::uint8_t> redo(n, 0);
  for (std::size_t f : frames)
    if (f < n) redo[f] = 1;
  const auto times = seq.times();
  for (std::size_t i : landmarks) {
    // Read the kept frames first: a frame to read anew is never a neighbour of another.
    for (std::size_t f = 0; f < n; ++f) {
      if (!redo[f]) continue;
      std::optional<std::size_t> a, b;
      for (std::size_t g = f; g-- > 0;)
        if (!redo[g] && !seq.at(g, i).missing()) {
          a = g;
          break;
        }
      for (std::size_t g = f + 1; g < n; ++g)
        if (!redo[g] && !seq.at(g, i).missing()) {
          b = g;
          break;
        }
      Landmark& l = seq.at(f, i);
      const double span_s = a && b ? static_cast<double>(times[*b] - times[*a]) / 1e6 : 0.0;
      if (!a || !b || span_s > max_gap_s || span_s <= 0.0) {
        l.x = l.y = l.z = kUnknown;
        continue;
      }
      const double w = static_cast<double>(times[f] - times[*a]) / 1e6 / span_s;
      const Landmark &p = seq.at(*a, i), &q = seq.at(*b, i);
      l.x = static_cast<float>(p.x + w * (q.x - p.x));
      l.y = static_cast<float>(p.y + w * (q.y - p.y));
      l.z = static_cast<float>(p.z + w * (q.z - p.z));
      l.visibility = std::min(p.visibility, q.visibility);
    }
  }
}

}  // namespace physio::kin
