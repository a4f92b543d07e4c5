#pragma once
// A synthetic person walking across a 1920x1080 image, seen from the side (BlazePose-33 landmarks in
// pixels), with known initial contacts and toe-offs: each foot is planted during stance and moves one stride
// forward during swing on a minimum-jerk profile, lifted by a sine; the pelvis moves at constant speed.

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "kinematics/landmarks.hpp"
#include "kinematics/skeleton.hpp"

namespace physio::test {

struct SynthWalk {
  double rate_hz = 30;
  double duration_s = 6;
  double stride_s = 1.1;
  double stance = 0.62;  // fraction of the stride
  double right_stance =
      -1;  // the right foot's stance fraction when it differs (an antalgic limp); <0: stance
  double right_offset = 0.5;    // the right foot's phase lag (0.5: symmetric steps)
  double leg_px = 200;          // thigh + shank
  double stride_legs = 1.4;     // stride length in leg lengths
  int direction = -1;           // -1: towards the image's left
  double shoulder_half_px = 5;  // half the shoulders' horizontal separation (side view: small)
  bool walking = true;          // false: stepping in place
};

struct SynthTruth {
  std::vector<double> left_ic_s, left_to_s, right_ic_s, right_to_s;
};

inline kin::LandmarkSequence make_walk(const SynthWalk& o, SynthTruth* truth = nullptr) {
  auto sk = kin::blazepose33();
  const auto n = static_cast<std::size_t>(std::lround(o.duration_s * o.rate_hz));
  kin::LandmarkSequence seq(sk, kin::CoordSpace::kImagePixels, n);
  seq.image_width = 1920;
  seq.image_height = 1080;
  const double ground = 900, stride = o.walking ? o.stride_legs * o.leg_px : 0.0;
  const double v = stride / o.stride_s;
  const double x0 = o.direction < 0 ? 1500.0 : 420.0;
  const auto set = [&](std::size_t f, const char* name, double x, double y) {
    auto& l = seq.at(f, static_cast<std::size_t>(sk->index_of(name)));
    l.x = static_cast<float>(x);
    l.y = static_cast<float>(y);
    l.z = 0;
    l.visibility = 1;
  };
  for (std::size_t f = 0; f < n; ++f) {
    const double t = static_cast<double>(f) / o.rate_hz;
    seq.times()[f] = static_cast<TimeUs>(std::llround(t * 1e6));
    const double pelvis = x0 + o.direction * v * t;
    const double hip_y = ground - 10 - 0.97 * o.leg_px;
    for (int side = 0; side < 2; ++side) {
      const double lag = side == 0 ? 0.0 : o.right_offset;
      // Cycle k of this foot starts (initial contact) at (k + lag) * stride_s.
      const double cyc = t / o.stride_s - lag;
      const double k = std::floor(cyc), p = cyc - k;
      const double t_k = (k + lag) * o.stride_s;
      const double stance = side == 1 && o.right_stance >= 0 ? o.right_stance : o.stance;
      const double print = x0 + o.direction * (v * t_k + 0.35 * stride);
      double ax = print, lift = 0;
      if (p >= stance) {
        const double q = (p - stance) / (1 - stance);
        const double s = q * q * q * (10 - 15 * q + 6 * q * q);
        ax = print + o.direction * stride * s;
        lift = 0.15 * o.leg_px * std::sin(std::numbers::pi * q);
      }
      const double ay = ground - 10 - lift;
      const char* pre = side == 0 ? "left_" : "right_";
      const double hx = pelvis + (side == 0 ? 3.0 : -3.0);
      const double d = std::hypot(ax - hx, ay - hip_y), half = 0.5 * o.leg_px;
      const double h = d < o.leg_px ? std::sqrt(half * half - 0.25 * d * d) : 0.0;
      // Knee: off the hip-ankle line, forwards.
      const double mx = 0.5 * (hx + ax), my = 0.5 * (hip_y + ay);
      const double ux = (ax - hx) / d, uy = (ay - hip_y) / d;
      double nx = -uy, ny = ux;
      if (nx * o.direction < 0) nx = -nx, ny = -ny;
      set(f, (std::string(pre) + "hip").c_str(), hx, hip_y);
      set(f, (std::string(pre) + "knee").c_str(), mx + h * nx, my + h * ny);
      set(f, (std::string(pre) + "ankle").c_str(), ax, ay);
      set(f, (std::string(pre) + "heel").c_str(), ax - o.direction * 0.1 * o.leg_px, ay + 5);
      set(f, (std::string(pre) + "foot_index").c_str(), ax + o.direction * 0.25 * o.leg_px, ay + 8);
      set(f, (std::string(pre) + "shoulder").c_str(), pelvis + (side == 0 ? 1 : -1) * o.shoulder_half_px,
          hip_y - 0.75 * o.leg_px);
    }
    set(f, "nose", pelvis + o.direction * 20, hip_y - 0.95 * o.leg_px);
  }
  if (truth != nullptr) {
    for (int side = 0; side < 2; ++side) {
      const double lag = side == 0 ? 0.0 : o.right_offset;
      const double stance = side == 1 && o.right_stance >= 0 ? o.right_stance : o.stance;
      for (double k = -1; (k + lag) * o.stride_s < o.duration_s; ++k) {
        const double ic = (k + lag) * o.stride_s, to = ic + stance * o.stride_s;
        auto& ics = side == 0 ? truth->left_ic_s : truth->right_ic_s;
        auto& tos = side == 0 ? truth->left_to_s : truth->right_to_s;
        if (ic >= 0) ics.push_back(ic);
        if (to >= 0 && to < o.duration_s) tos.push_back(to);
      }
    }
  }
  return seq;
}

}  // namespace physio::test
