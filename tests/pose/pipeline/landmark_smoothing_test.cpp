// MediaPipe-style One Euro smoothing: closed-form steps and invariance to the object's size.
#include <cmath>
#include <numbers>
#include <vector>

#include <gtest/gtest.h>

#include "pose/pipeline/landmark_smoothing.hpp"

namespace physio::pose {
namespace {

double alpha(double cutoff_hz, double rate_hz) {
  const double tau = 1.0 / (2.0 * std::numbers::pi * cutoff_hz);
  return 1.0 / (1.0 + tau * rate_hz);
}

TEST(PosePipelineSmoothing, OneEuroStepsByHand) {
  OneEuroSettings s;
  s.min_cutoff_hz = 0.05;
  s.beta = 80.0;
  s.derivate_cutoff_hz = 1.0;
  ScaledOneEuroFilter f(s);
  const double scale = 0.01;                       // 1 / object size of 100 px
  EXPECT_EQ(f.apply(100'000, scale, 50.0), 50.0);  // first sample passes
  // Second sample 40 ms later: rate 25 Hz; speed = 4 px * 0.01 * 25 = 1 (object sizes / s).
  const double rate = 25.0;
  const double speed = (54.0 - 50.0) * scale * rate;
  const double edx = alpha(1.0, rate) * speed;  // low-pass from the first (zero) speed
  const double a = alpha(0.05 + 80.0 * edx, rate);
  const double expected = a * 54.0 + (1.0 - a) * 50.0;
  EXPECT_NEAR(f.apply(140'000, scale, 54.0), expected, 1e-9);
  // Time not advancing: the value passes unfiltered (MediaPipe).
  EXPECT_EQ(f.apply(140'000, scale, 70.0), 70.0);
}

TEST(PosePipelineSmoothing, StillLandmarkStaysPut) {
  LandmarkSmoother sm(pose_landmark_filter_settings());
  std::vector<NormalizedLandmark> l(3);
  for (int k = 0; k < 30; ++k) {
    l = {{0.2f, 0.3f, -0.1f, 1, 1}, {0.5f, 0.5f, 0, 1, 1}, {0.7f, 0.9f, 0.05f, 1, 1}};
    sm.apply(l, 33'333 * (k + 1), 640, 480, std::nullopt);
  }
  EXPECT_NEAR(l[0].x, 0.2f, 1e-6f);
  EXPECT_NEAR(l[2].y, 0.9f, 1e-6f);
  EXPECT_NEAR(l[2].z, 0.05f, 1e-6f);
}

TEST(PosePipelineSmoothing, SameRelativeMotionSmoothsTheSameAtAnySize) {
  // A step of 10% of the object size, for a 100 px and a 300 px object: identical relative output.
  auto run = [](float size_norm) {
    LandmarkSmoother sm(pose_landmark_filter_settings());
    NormalizedRect roi;
    roi.width = roi.height = size_norm;
    std::vector<NormalizedLandmark> l(1);
    float out = 0;
    for (int k = 0; k < 10; ++k) {
      const float x = 0.1f + (k >= 5 ? 0.1f * size_norm : 0.0f);
      l[0] = {x, 0.5f, 0.0f, 1, 1};
      sm.apply(l, 33'333 * (k + 1), 1000, 1000, roi);
      out = (l[0].x - 0.1f) / size_norm;
    }
    return out;
  };
  const float small = run(0.1f);
  const float large = run(0.3f);
  EXPECT_GT(small, 0.0f);
  EXPECT_LT(small, 0.1f);  // lagging behind the step
  EXPECT_NEAR(small, large, 1e-4f);
}

TEST(PosePipelineSmoothing, VisibilityLowPass) {
  VisibilitySmoother v(0.1f);
  std::vector<NormalizedLandmark> l(1);
  l[0].visibility = 1.0f;
  v.apply(l);
  EXPECT_EQ(l[0].visibility, 1.0f);
  l[0].visibility = 0.0f;
  v.apply(l);
  EXPECT_NEAR(l[0].visibility, 0.9f, 1e-6f);
  v.reset();
  l[0].visibility = 0.2f;
  v.apply(l);
  EXPECT_EQ(l[0].visibility, 0.2f);
}

}  // namespace
}  // namespace physio::pose
