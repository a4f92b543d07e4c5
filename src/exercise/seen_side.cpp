#include "exercise/seen_side.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "exercise/body_checks.hpp"
#include "exercise/framing.hpp"

namespace physio::exercise {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double median(std::vector<double> v) {
  if (v.empty()) return kNaN;
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  if (v.size() % 2 == 1) return *mid;
  return 0.5 * (*mid + *std::max_element(v.begin(), mid));
}

std::string words(std::string s) {
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

}  // namespace

SeenSideJudge::SeenSideJudge(const Exercise& ex, const kin::Skeleton& sk) : vis_{kNaN, kNaN} {
  decided_ = true;  // until it is known to apply
  if (ex.laterality != Laterality::kBilateral) return;
  const char* sides[2] = {"left", "right"};
  for (int s = 0; s < 2; ++s) {
    angle_[s] = resolve_side(ex.primary_angle, sides[s]);
    for (kin::Joint j : angle_joints({angle_[s]})) {
      // Only the side's own joints: a midpoint (the neck, the mid-hip) is shared by both sides.
      if (j == kin::Joint::kNeck || j == kin::Joint::kMidHip || !sk.has(j)) continue;
      const kin::JointSource src = sk.joint(j);
      if (src.is_midpoint() || !src.present()) continue;
      landmarks_[s].push_back(src.a);
    }
  }
  if (landmarks_[0].empty() || landmarks_[1].empty() || angle_[0] == angle_[1]) return;
  applies_ = true;
  decided_ = false;
}

void SeenSideJudge::push(std::span<const kin::Landmark> frame) {
  if (decided_) return;
  if (++pushed_ >= kSeenSideMaxFrames) {
    decide();
    return;
  }
  double least[2];
  for (int s = 0; s < 2; ++s) {
    least[s] = std::numeric_limits<double>::infinity();
    for (int i : landmarks_[s]) {
      if (i < 0 || static_cast<std::size_t>(i) >= frame.size()) return;
      const kin::Landmark& l = frame[static_cast<std::size_t>(i)];
      if (l.missing()) return;  // not placed on both sides: not judged
      least[s] = std::min(least[s], static_cast<double>(l.visibility));  // NaN visibility stays NaN below
      if (std::isnan(l.visibility)) least[s] = kNaN;
    }
  }
  for (int s = 0; s < 2; ++s) seen_[s].push_back(least[s]);
  // A source without visibility says nothing of what is seen: decided (both sides) at once.
  if (seen_[0].size() >= kSeenSideFrames || std::isnan(least[0]) || std::isnan(least[1])) decide();
}

void SeenSideJudge::finish() {
  if (!decided_) decide();
}

void SeenSideJudge::decide() {
  decided_ = true;
  if (!applies_ || seen_[0].empty()) return;
  for (int s = 0; s < 2; ++s) {
    if (std::any_of(seen_[s].begin(), seen_[s].end(), [](double v) { return std::isnan(v); })) return;
    vis_[s] = median(seen_[s]);
  }
  for (int s = 0; s < 2; ++s) {
    const int o = 1 - s;
    if (vis_[s] >= kClearlySeen && vis_[o] < kSeenVisibility) {
      side_ = s == 0 ? "left" : "right";
      basis_ = fmt::format(
          "counted on the {} side, the one the camera sees: the {} is measured from landmarks the pose "
          "model does not see (visibility {:.2f} against {:.2f}, median of the first {} frames)",
          side_, words(angle_[o]), vis_[o], vis_[s], seen_[s].size());
      return;
    }
  }
}

SeenSideJudge judge_seen_side(const Exercise& ex, const kin::LandmarkSequence& seq) {
  SeenSideJudge j(ex, seq.skeleton());
  for (std::size_t f = 0; f < seq.n_frames() && !j.decided(); ++f) j.push(seq.frame(f));
  j.finish();
  return j;
}

}  // namespace physio::exercise
