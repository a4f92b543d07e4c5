#include "kinematics/angles/swaps.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <utility>

#include "kinematics/angles/angles_internal.hpp"
#include "kinematics/angles/merged_legs.hpp"

namespace physio::kin {
namespace detail {

SwapGroup joint_group(Joint j) {
  switch (j) {
    case Joint::kLeftHip:
    case Joint::kRightHip:
    case Joint::kLeftKnee:
    case Joint::kRightKnee:
    case Joint::kLeftAnkle:
    case Joint::kRightAnkle:
    case Joint::kLeftHeel:
    case Joint::kRightHeel:
    case Joint::kLeftBigToe:
    case Joint::kRightBigToe:
    case Joint::kLeftSmallToe:
    case Joint::kRightSmallToe:
      return SwapGroup::kLeg;
    case Joint::kLeftShoulder:
    case Joint::kRightShoulder:
    case Joint::kLeftElbow:
    case Joint::kRightElbow:
    case Joint::kLeftWrist:
    case Joint::kRightWrist:
    case Joint::kLeftIndex:
    case Joint::kRightIndex:
      return SwapGroup::kArm;
    default:
      return SwapGroup::kNone;
  }
}

SwapGroup landmark_group(const Skeleton& s, std::size_t i) {
  if (s.sides[i] == Side::kCentre || s.mirror_of[i] == static_cast<int>(i)) return SwapGroup::kNone;
  if (auto j = joint_for_landmark_name(s.landmarks[i])) return joint_group(*j);
  std::string n;
  for (char c : s.landmarks[i]) n.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  for (const char* w : {"foot", "toe", "heel"})
    if (n.find(w) != std::string::npos) return SwapGroup::kLeg;
  for (const char* w : {"pinky", "thumb", "hand", "finger"})
    if (n.find(w) != std::string::npos) return SwapGroup::kArm;
  return SwapGroup::kNone;
}

namespace {

struct Pair {
  std::size_t left, right;
};

std::vector<Pair> group_pairs(const Skeleton& s, SwapGroup g) {
  std::vector<Pair> out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s.sides[i] != Side::kLeft || landmark_group(s, i) != g) continue;
    out.push_back({i, static_cast<std::size_t>(s.mirror_of[i])});
  }
  return out;
}

}  // namespace

namespace {

// Swap decisions for one group over a whole sequence (see swaps.hpp): the labelling of least total cost,
// found by dynamic programming over each chain of frames with data. The state of a frame is the pair
// (previous frame swapped, this frame swapped), so that its cost can use the constant-velocity prediction
// from the two frames before it, as read with their own labels.
class Labeller {
 public:
  Labeller(const LandmarkSequence& seq, SwapGroup group, const SwapOptions& opts,
           const std::vector<std::uint8_t>& skip, std::vector<std::uint8_t>& flags)
      : skip_(skip), flags_(flags) {
    const std::size_t n = seq.n_frames();
    flags_.assign(n, 0);
    const std::vector<Pair> pairs = group_pairs(seq.skeleton(), group);
    k_ = pairs.size();
    if (k_ == 0 || n < 3) return;
    double sx = 1.0, sy = 1.0;
    if (seq.space() == CoordSpace::kImageNormalized && seq.image_width > 0 && seq.image_height > 0) {
      sx = seq.image_width;
      sy = seq.image_height;
    }
    const bool use_z = seq.space() == CoordSpace::kWorldMetres;
    pos_.resize(n * 2 * k_);
    ok_.assign(n * 2 * k_, 0);
    data_.assign(n, 0);
    double scale_sum = 0.0;
    std::size_t scale_n = 0;
    for (std::size_t f = 0; f < n; ++f) {
      const auto frame = seq.frame(f);
      V3 lo{1e300, 1e300, 1e300}, hi{-1e300, -1e300, -1e300};
      int cnt = 0;
      for (std::size_t i = 0; i < 2 * k_; ++i) {
        const Landmark& l = frame[i < k_ ? pairs[i].left : pairs[i - k_].right];
        if (l.missing() || (use_z && std::isnan(l.z))) continue;
        const V3 p{sx * l.x, sy * l.y, use_z ? static_cast<double>(l.z) : 0.0};
        pos_[f * 2 * k_ + i] = p;
        ok_[f * 2 * k_ + i] = 1;
        data_[f] = 1;
        lo = {std::min(lo.x, p.x), std::min(lo.y, p.y), std::min(lo.z, p.z)};
        hi = {std::max(hi.x, p.x), std::max(hi.y, p.y), std::max(hi.z, p.z)};
        ++cnt;
      }
      if (cnt >= 2) {
        scale_sum += norm(hi - lo);
        ++scale_n;
      }
    }
    if (scale_n == 0) return;
    min_rms_ = opts.min_jump * scale_sum / static_cast<double>(scale_n);
    invert_ = opts.invert_majority;
    ratio_ = opts.cost_ratio;
    active_ = true;
  }

  bool active() const { return active_; }

  void run() {
    const std::size_t n = data_.size();
    std::size_t n_decided = 0, n_swapped = 0;
    for (std::size_t f = 0; f < n;) {
      if (!data_[f]) {
        ++f;
        continue;
      }
      std::size_t e = f;
      while (e < n && data_[e]) ++e;
      std::vector<std::size_t> usable;
      for (std::size_t g = f; g < e; ++g)
        if (!skipped(g)) usable.push_back(g);
      label_chain(usable);
      for (std::size_t g : usable) {
        ++n_decided;
        n_swapped += flags_[g];
      }
      f = e;
    }
    // Decisions are relative to the labels the model gave most frames: when most frames come out
    // swapped, the others were the odd ones.
    if (invert_ && 2 * n_swapped > n_decided)
      for (std::size_t f = 0; f < n; ++f)
        flags_[f] = data_[f] && !skipped(f) ? static_cast<std::uint8_t>(1 - flags_[f]) : 0;
    // A frame whose two sides are at one place (legs crossing in a side view) reads the same swapped or
    // not: it is not reported. Nor is a frame that reads swapped no clearly nearer the frame before it
    // (as that one is read) than as given: less than `cost_ratio` of the distance (frames where the model
    // lost the body, both readings far off).
    std::vector<std::uint8_t> kept = flags_;
    std::size_t prev = n;
    for (std::size_t f = 0; f < n; ++f) {
      if (!data_[f]) {
        prev = n;
        continue;
      }
      if (skipped(f)) continue;
      if (flags_[f] && sides_apart(f) <= min_rms_) kept[f] = 0;
      if (flags_[f] && prev < n) {
        const double as_given = cost(f, 0, prev, flags_[prev], std::nullopt, 0);
        const double swapped = cost(f, 1, prev, flags_[prev], std::nullopt, 0);
        if (!(swapped < ratio_ * as_given)) kept[f] = 0;
      }
      prev = f;
    }
    flags_ = std::move(kept);
  }

 private:
  bool skipped(std::size_t f) const { return f < skip_.size() && skip_[f]; }
  std::size_t mate(std::size_t i) const { return i < k_ ? i + k_ : i - k_; }
  // Landmark i of frame f read with the frame swapped (s = 1) or not.
  std::size_t at(std::size_t f, std::size_t i, int s) const { return f * 2 * k_ + (s ? mate(i) : i); }

  // RMS distance between the left and the right landmarks of a frame.
  double sides_apart(std::size_t f) const {
    double sum = 0.0;
    std::size_t used = 0;
    for (std::size_t i = 0; i < k_; ++i) {
      if (!ok_[f * 2 * k_ + i] || !ok_[f * 2 * k_ + k_ + i]) continue;
      const V3 d = pos_[f * 2 * k_ + i] - pos_[f * 2 * k_ + k_ + i];
      sum += dot(d, d);
      ++used;
    }
    return used > 0 ? std::sqrt(sum / static_cast<double>(used)) : 0.0;
  }

  // RMS distance of frame f's landmarks, read with state s, to their prediction from frame f1 (state s1)
  // and, where given and present, frame f2 before it (state s2), constant velocity over the frames between.
  // Only landmarks the frame has on both sides are compared, so that keeping and swapping are judged on the
  // same landmarks.
  double cost(std::size_t f, int s, std::size_t f1, int s1, std::optional<std::size_t> f2, int s2) const {
    double sum = 0.0;
    std::size_t used = 0;
    const double ahead = f2 ? static_cast<double>(f - f1) / static_cast<double>(f1 - *f2) : 0.0;
    for (std::size_t i = 0; i < 2 * k_; ++i) {
      if (!ok_[f * 2 * k_ + i] || !ok_[f * 2 * k_ + mate(i)] || !ok_[at(f1, i, s1)]) continue;
      const V3 p1 = pos_[at(f1, i, s1)];
      V3 pred = p1;
      if (f2 && ok_[at(*f2, i, s2)]) pred = p1 + ahead * (p1 - pos_[at(*f2, i, s2)]);
      const V3 d = pos_[at(f, i, s)] - pred;
      sum += dot(d, d);
      ++used;
    }
    return used > 0 ? std::sqrt(sum / static_cast<double>(used)) : 0.0;
  }

  // One chain's frames (increasing; the skipped ones left out). State index: 2 * (previous swapped) +
  // (this swapped).
  void label_chain(const std::vector<std::size_t>& fr) {
    constexpr double kInf = std::numeric_limits<double>::infinity();
    const std::size_t len = fr.size();
    if (len < 2) return;
    // A frame read swapped costs min_jump x the body scale: where the frames' continuity does not tell the
    // labellings apart by more than that (a stretch of still frames, legs side by side), the model's own
    // labels stand.
    const double kTie = min_rms_;
    std::vector<std::array<double, 4>> best(len);
    std::vector<std::array<std::uint8_t, 4>> from(len);
    for (int st = 0; st < 4; ++st) {
      const int s0 = st >> 1, s1 = st & 1;
      best[1][st] = cost(fr[1], s1, fr[0], s0, std::nullopt, 0) + kTie * (s0 + s1);
    }
    for (std::size_t j = 2; j < len; ++j) {
      for (int st = 0; st < 4; ++st) {
        const int sp = st >> 1, sc = st & 1;
        double m = kInf;
        std::uint8_t arg = 0;
        for (int spp = 0; spp < 2; ++spp) {
          const int prev = (spp << 1) | sp;
          const double c = best[j - 1][prev] + cost(fr[j], sc, fr[j - 1], sp, fr[j - 2], spp);
          if (c < m) {
            m = c;
            arg = static_cast<std::uint8_t>(prev);
          }
        }
        best[j][st] = m + kTie * sc;
        from[j][st] = arg;
      }
    }
    int st = 0;
    for (int k = 1; k < 4; ++k)
      if (best[len - 1][k] < best[len - 1][st]) st = k;
    for (std::size_t j = len - 1; j >= 1; --j) {
      flags_[fr[j]] = static_cast<std::uint8_t>(st & 1);
      if (j == 1)
        flags_[fr[0]] = static_cast<std::uint8_t>(st >> 1);
      else
        st = from[j][st];
    }
  }

  const std::vector<std::uint8_t>& skip_;
  std::vector<std::uint8_t>& flags_;
  std::size_t k_ = 0;
  std::vector<V3> pos_;             // [n_frames][2k]
  std::vector<std::uint8_t> ok_;    // [n_frames][2k]
  std::vector<std::uint8_t> data_;  // [n_frames] the frame has a landmark of the group
  double min_rms_ = 0.0;
  bool invert_ = true;
  double ratio_ = 0.5;
  bool active_ = false;
};

}  // namespace

void swap_flags(const LandmarkSequence& seq, const SwapOptions& opts, std::vector<std::uint8_t>& legs,
                std::vector<std::uint8_t>& arms, const std::vector<std::uint8_t>& merged_legs) {
  static const std::vector<std::uint8_t> none;
  if (opts.legs) {
    Labeller leg(seq, SwapGroup::kLeg, opts, merged_legs, legs);
    if (leg.active()) leg.run();
  } else {
    legs.assign(seq.n_frames(), 0);
  }
  if (opts.arms) {
    Labeller arm(seq, SwapGroup::kArm, opts, none, arms);
    if (arm.active()) arm.run();
  } else {
    arms.assign(seq.n_frames(), 0);
  }
}

}  // namespace detail

namespace {

std::vector<std::size_t> frames_of(const std::vector<std::uint8_t>& flags) {
  std::vector<std::size_t> out;
  for (std::size_t f = 0; f < flags.size(); ++f)
    if (flags[f]) out.push_back(f);
  return out;
}

void swap_group(LandmarkSequence& seq, detail::SwapGroup g, const std::vector<std::size_t>& frames) {
  const Skeleton& s = seq.skeleton();
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (s.sides[i] == Side::kLeft && detail::landmark_group(s, i) == g)
      pairs.emplace_back(i, static_cast<std::size_t>(s.mirror_of[i]));
  for (std::size_t f : frames) {
    if (f >= seq.n_frames()) continue;
    for (auto [a, b] : pairs) std::swap(seq.at(f, a), seq.at(f, b));
  }
}

}  // namespace

SwapReport detect_swaps(const LandmarkSequence& seq, const SwapOptions& opts) {
  SwapReport r;
  if (seq.n_landmarks() == 0) return r;
  std::vector<std::uint8_t> legs, arms;
  detail::swap_flags(seq, opts, legs, arms);
  r.leg_frames = frames_of(legs);
  r.arm_frames = frames_of(arms);
  return r;
}

void apply_swaps(LandmarkSequence& seq, const SwapReport& swaps) {
  if (seq.n_landmarks() == 0) return;
  swap_group(seq, detail::SwapGroup::kLeg, swaps.leg_frames);
  swap_group(seq, detail::SwapGroup::kArm, swaps.arm_frames);
}

SwapReport repair_swaps(LandmarkSequence& seq, const SwapOptions& opts) {
  SwapReport r = detect_swaps(seq, opts);
  apply_swaps(seq, r);
  return r;
}

LabelRepair repair_labels(LandmarkSequence& seq, const LandmarkSequence* judged, const SwapOptions& opts,
                          bool merged_legs) {
  LabelRepair out;
  if (seq.n_landmarks() == 0) return out;
  const LandmarkSequence& j =
      judged && judged->n_frames() == seq.n_frames() && judged->n_landmarks() == seq.n_landmarks() ? *judged
                                                                                                   : seq;
  std::vector<std::uint8_t> merged;
  // A leg drawn onto the other is a pose model's failure in a picture, judged there: not looked for in world
  // coordinates (a depth camera's or motion capture's skeleton, or a pose model's world landmarks judged
  // alone).
  if (merged_legs && j.space() != CoordSpace::kWorldMetres) {
    out.merged_leg_frames = merged_leg_frames(j);
    merged.assign(seq.n_frames(), 0);
    for (std::size_t f : out.merged_leg_frames) merged[f] = 1;
  }
  std::vector<std::uint8_t> legs, arms;
  detail::swap_flags(j, opts, legs, arms, merged);
  out.swapped_leg_frames = frames_of(legs);
  out.swapped_arm_frames = frames_of(arms);
  apply_label_repair(seq, out);
  return out;
}

void apply_label_repair(LandmarkSequence& seq, const LabelRepair& repair) {
  apply_swaps(seq, SwapReport{repair.swapped_leg_frames, repair.swapped_arm_frames});
  if (!repair.merged_leg_frames.empty())
    interpolate_frames(seq, repair.merged_leg_frames, lower_leg_landmarks(seq.skeleton()));
}

}  // namespace physio::kin
