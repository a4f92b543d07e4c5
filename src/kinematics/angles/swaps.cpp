#include "kinematics/angles/swaps.hpp"

#include <algorithm>
#include <cctype>
#include <span>
#include <string>
#include <utility>

#include "kinematics/angles/angles_internal.hpp"

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

// One group's chain of frame-to-frame decisions (see swaps.hpp), fed one frame at a time.
class SwapChain {
 public:
  // Normalised image coordinates are measured in pixels when the image size is known; world ones in 3D.
  SwapChain(const Skeleton& s, SwapGroup group, const SwapOptions& opts, CoordSpace space, int image_width,
            int image_height)
      : opts_(opts), use_z_(space == CoordSpace::kWorldMetres) {
    if (space == CoordSpace::kImageNormalized && image_width > 0 && image_height > 0) {
      sx_ = image_width;
      sy_ = image_height;
    }
    const std::vector<Pair> pairs = group_pairs(s, group);
    k_ = pairs.size();
    slot_.resize(2 * k_);
    for (std::size_t i = 0; i < k_; ++i) {
      slot_[i] = pairs[i].left;
      slot_[k_ + i] = pairs[i].right;
    }
    prev1_.resize(2 * k_);
    prev2_.resize(2 * k_);
    cur_.resize(2 * k_);
    ok1_.assign(2 * k_, 0);
    ok2_.assign(2 * k_, 0);
    okc_.assign(2 * k_, 0);
  }

  bool empty() const { return k_ == 0; }

  // The group's extent in a frame (bounding-box diagonal), 0 with fewer than 2 landmarks.
  double extent(std::span<const Landmark> frame) const {
    V3 lo{1e300, 1e300, 1e300}, hi{-1e300, -1e300, -1e300};
    int cnt = 0;
    for (std::size_t sl : slot_) {
      V3 p;
      if (!read(frame[sl], p)) continue;
      lo = {std::min(lo.x, p.x), std::min(lo.y, p.y), std::min(lo.z, p.z)};
      hi = {std::max(hi.x, p.x), std::max(hi.y, p.y), std::max(hi.z, p.z)};
      ++cnt;
    }
    return cnt >= 2 ? norm(hi - lo) : 0.0;
  }

  struct Step {
    bool data = false;              // the frame has a landmark of the group
    bool swapped = false;           // read this frame with its labels exchanged
    bool previous_swapped = false;  // the previous frame (its chain's first) was the odd one
  };

  // min_rms: the distance under which keeping the labels is never wrong (min_jump x the body scale).
  Step step(std::span<const Landmark> frame, double min_rms) {
    Step out;
    bool had_prev = false;
    for (std::size_t i = 0; i < 2 * k_; ++i) {
      okc_[i] = read(frame[slot_[i]], cur_[i]) ? 1 : 0;
      out.data = out.data || okc_[i];
      had_prev = had_prev || ok1_[i];
    }
    double keep = 0.0, swap = 0.0;
    std::size_t used = 0;
    for (std::size_t i = 0; i < 2 * k_; ++i) {
      const std::size_t m = mate(i);
      if (!ok1_[i] || !okc_[i] || !okc_[m]) continue;
      const V3 pred = ok2_[i] ? prev1_[i] + (prev1_[i] - prev2_[i]) : prev1_[i];
      const V3 dk = cur_[i] - pred, ds = cur_[m] - pred;
      keep += dot(dk, dk);
      swap += dot(ds, ds);
      ++used;
    }
    if (used > 0) {
      const double rk = std::sqrt(keep / static_cast<double>(used));
      const double rs = std::sqrt(swap / static_cast<double>(used));
      out.swapped = rs < opts_.cost_ratio * rk && rk > min_rms;
    }
    // A chain starts at a frame with data and nothing before it to compare with (the first one, or after a
    // gap) and keeps that frame's labels; but a pose tracker's first frame is its least reliable (the
    // person found, not yet followed): when the second frame disagrees with it, the first was the odd one
    // and the chain takes the second frame's labels.
    const bool second = chain_len_ == 1 && had_prev;
    chain_len_ = !out.data ? 0 : had_prev ? chain_len_ + 1 : 1;
    if (second && out.swapped) {
      out.swapped = false;
      out.previous_swapped = true;
      for (std::size_t i = 0; i < 2 * k_; ++i) {
        prev2_[i] = prev1_[mate(i)];
        ok2_[i] = ok1_[mate(i)];
        prev1_[i] = cur_[i];
        ok1_[i] = okc_[i];
      }
      return out;
    }
    std::swap(prev2_, prev1_);
    std::swap(ok2_, ok1_);
    for (std::size_t i = 0; i < 2 * k_; ++i) {
      const std::size_t from = out.swapped ? mate(i) : i;
      prev1_[i] = cur_[from];
      ok1_[i] = okc_[from];
    }
    return out;
  }

 private:
  std::size_t mate(std::size_t i) const { return i < k_ ? i + k_ : i - k_; }
  bool read(const Landmark& l, V3& p) const {
    if (l.missing() || (use_z_ && std::isnan(l.z))) return false;
    p = {sx_ * l.x, sy_ * l.y, use_z_ ? static_cast<double>(l.z) : 0.0};
    return true;
  }

  SwapOptions opts_;
  double sx_ = 1.0, sy_ = 1.0;
  bool use_z_ = false;
  std::size_t k_ = 0;
  std::vector<std::size_t> slot_;
  std::vector<V3> prev1_, prev2_, cur_;  // [2k] repaired positions of the previous two frames, current
  std::vector<std::uint8_t> ok1_, ok2_, okc_;
  std::size_t chain_len_ = 0;  // frames with data in the current chain
};

namespace {

// Swap decisions for one group over a whole sequence (see swaps.hpp). step() is called for frames 0, 1, ...
class Tracker {
 public:
  Tracker(const LandmarkSequence& seq, SwapGroup group, const SwapOptions& opts,
          std::vector<std::uint8_t>& flags)
      : seq_(seq),
        chain_(seq.skeleton(), group, opts, seq.space(), seq.image_width, seq.image_height),
        flags_(flags) {
    const std::size_t n = seq.n_frames();
    flags_.assign(n, 0);
    if (chain_.empty() || n < 3) return;
    // Body scale: mean extent (bounding-box diagonal) of the group over (at most ~2000 of) the frames.
    double scale_sum = 0.0;
    std::size_t scale_n = 0;
    const std::size_t stride = std::max<std::size_t>(1, n / 2000);
    for (std::size_t f = 0; f < n; f += stride) {
      const double e = chain_.extent(seq.frame(f));
      if (e > 0.0) {
        scale_sum += e;
        ++scale_n;
      }
    }
    if (scale_n == 0) return;
    min_rms_ = opts.min_jump * scale_sum / static_cast<double>(scale_n);
    decided_.assign(n, 0);
    active_ = true;
  }

  bool active() const { return active_; }

  void step(std::size_t f) {
    const SwapChain::Step s = chain_.step(seq_.frame(f), min_rms_);
    // A frame with data but nothing to compare with (the first one, or after a gap) keeps the labels
    // of the chain it starts: it is decided too, so that inverting in finish() covers it.
    if (s.data) {
      decided_[f] = 1;
      ++n_decided_;
      if (s.swapped) ++n_swapped_;
    }
    flags_[f] = s.swapped ? 1 : 0;
    if (s.previous_swapped && f > 0) {
      flags_[f - 1] = 1;
      ++n_swapped_;
    }
  }

  // Decisions are relative to the labels of the first frames: when most frames come out swapped, the
  // first frames were the odd ones.
  void finish() {
    if (2 * n_swapped_ <= n_decided_) return;
    for (std::size_t f = 0; f < flags_.size(); ++f)
      flags_[f] = decided_[f] ? static_cast<std::uint8_t>(1 - flags_[f]) : 0;
  }

 private:
  const LandmarkSequence& seq_;
  SwapChain chain_;
  std::vector<std::uint8_t>& flags_;
  bool active_ = false;
  double min_rms_ = 0.0;
  std::vector<std::uint8_t> decided_;  // [n_frames]
  std::size_t n_decided_ = 0, n_swapped_ = 0;
};

}  // namespace

void swap_flags(const LandmarkSequence& seq, const SwapOptions& opts, std::vector<std::uint8_t>& legs,
                std::vector<std::uint8_t>& arms) {
  // One pass over the frames for both groups: the landmarks are read from memory once.
  Tracker leg(seq, SwapGroup::kLeg, opts, legs);
  Tracker arm(seq, SwapGroup::kArm, opts, arms);
  const bool do_legs = opts.legs && leg.active(), do_arms = opts.arms && arm.active();
  if (!do_legs && !do_arms) return;
  for (std::size_t f = 0; f < seq.n_frames(); ++f) {
    if (do_legs) leg.step(f);
    if (do_arms) arm.step(f);
  }
  if (do_legs) leg.finish();
  if (do_arms) arm.finish();
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

struct SwapFollower::State {
  struct Group {
    detail::SwapChain chain;
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    double scale_sum = 0.0;
    std::size_t scale_n = 0;
  };
  std::vector<Group> groups;  // legs, arms (those the options and the skeleton have)
  double min_jump = 0.04;
};

SwapFollower::SwapFollower(const Skeleton& skeleton, CoordSpace space, int image_width, int image_height,
                           const SwapOptions& opts)
    : state_(std::make_unique<State>()) {
  state_->min_jump = opts.min_jump;
  for (const auto& [group, on] :
       {std::pair{detail::SwapGroup::kLeg, opts.legs}, std::pair{detail::SwapGroup::kArm, opts.arms}}) {
    if (!on) continue;
    State::Group g{detail::SwapChain(skeleton, group, opts, space, image_width, image_height), {}};
    if (g.chain.empty()) continue;
    for (const auto& p : detail::group_pairs(skeleton, group)) g.pairs.emplace_back(p.left, p.right);
    state_->groups.push_back(std::move(g));
  }
}

SwapFollower::~SwapFollower() = default;
SwapFollower::SwapFollower(SwapFollower&&) noexcept = default;
SwapFollower& SwapFollower::operator=(SwapFollower&&) noexcept = default;

void SwapFollower::repair(std::span<const Landmark> frame, std::vector<Landmark>& out) {
  out.assign(frame.begin(), frame.end());
  for (auto& g : state_->groups) {
    const double e = g.chain.extent(frame);
    if (e > 0.0) {
      g.scale_sum += e;
      ++g.scale_n;
    }
    const double min_rms =
        g.scale_n > 0 ? state_->min_jump * g.scale_sum / static_cast<double>(g.scale_n) : 0.0;
    if (g.chain.step(frame, min_rms).swapped)
      for (const auto& [l, r] : g.pairs) std::swap(out[l], out[r]);
  }
}

}  // namespace physio::kin
