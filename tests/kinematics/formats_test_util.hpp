#pragma once
// Helpers shared by the format tests: small sequences, files in scratch folders, tolerances.

#include <cmath>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "kinematics/landmarks.hpp"

namespace physio::kin::test {

/// Round trips go through shortest float text: exact, but allow for the metre conversions.
inline constexpr float kCoordTol = 1e-6f;
inline constexpr double kTimeTolS = 1e-6;

inline void write_text(const std::filesystem::path& p, std::string_view text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

/// Expects the error message `msg` to name each of `parts`.
inline void expect_error(const std::string& msg, std::initializer_list<std::string_view> parts) {
  for (auto p : parts) EXPECT_NE(msg.find(p), std::string::npos) << "'" << p << "' not in: " << msg;
}

/// A sequence with distinct values, some missing landmarks, and (optionally) NaN visibility.
inline LandmarkSequence make_sequence(SkeletonPtr sk, CoordSpace space, std::size_t n_frames,
                                      double rate_hz) {
  LandmarkSequence seq(sk, space, n_frames);
  for (std::size_t f = 0; f < n_frames; ++f) {
    seq.times()[f] = sample_time_us(static_cast<std::int64_t>(f), rate_hz);
    for (std::size_t l = 0; l < seq.n_landmarks(); ++l) {
      if ((f + l) % 7 == 3) continue;  // missing
      float base = static_cast<float>(f) * 0.01f + static_cast<float>(l) * 0.001f;
      seq.at(f, l) = Landmark{0.1f + base, 0.2f + base * 2.0f, -0.3f + base / 3.0f, 0.5f + base / 100.0f};
    }
  }
  return seq;
}

inline bool same_value(float a, float b, float tol) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return std::fabs(a - b) <= tol;
}

/// Checks two sequences agree: times, missing landmarks, coordinates (and visibility if `with_vis`).
inline void expect_same(const LandmarkSequence& a, const LandmarkSequence& b, bool with_vis,
                        float tol = kCoordTol) {
  ASSERT_EQ(a.n_frames(), b.n_frames());
  ASSERT_EQ(a.n_landmarks(), b.n_landmarks());
  EXPECT_EQ(a.skeleton().landmarks, b.skeleton().landmarks);
  EXPECT_EQ(a.space(), b.space());
  for (std::size_t f = 0; f < a.n_frames(); ++f) {
    EXPECT_NEAR(us_to_seconds(a.times()[f]), us_to_seconds(b.times()[f]), kTimeTolS) << "frame " << f;
    for (std::size_t l = 0; l < a.n_landmarks(); ++l) {
      const Landmark& p = a.at(f, l);
      const Landmark& q = b.at(f, l);
      ASSERT_EQ(p.missing(), q.missing()) << "frame " << f << " landmark " << l;
      if (p.missing()) continue;
      EXPECT_TRUE(same_value(p.x, q.x, tol)) << f << "," << l << ": " << p.x << " vs " << q.x;
      EXPECT_TRUE(same_value(p.y, q.y, tol)) << f << "," << l << ": " << p.y << " vs " << q.y;
      EXPECT_TRUE(same_value(p.z, q.z, tol)) << f << "," << l << ": " << p.z << " vs " << q.z;
      if (with_vis) {
        EXPECT_TRUE(same_value(p.visibility, q.visibility, tol)) << f << "," << l;
      }
    }
  }
}

}  // namespace physio::kin::test
