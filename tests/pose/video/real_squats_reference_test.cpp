// Pose on real video against MediaPipe: ../shared/data/real-squats-front/pose_squats.mp4 (a woman doing
// squats, 720x1280, 65 frames) through run_pose as `physio pose --smooth --rate 30` runs it (full model, the
// video decoder, MediaPipe's temporal filter with the frames timed 1/30 s apart as the reference was made),
// against (1) MediaPipe's own runtime with the same models on the same frames and times
// (tests/pose/data/mediapipe_ref/real_squats_tracking_smooth_full.json, made by tools/mediapipe-reference)
// and (2) the shared reference landmarks for every frame (pose_squats.full.json in pixels,
// pose_squats_3d.full.json in metres; SOURCE.md), made by another MediaPipe release. Figures and the
// explanation of the residual: docs/validation/real-squats-pose.md. Skips visibly when
// ../shared/data/real-squats-front or the full model is absent.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/test_data.hpp"
#include "pose/model_files.hpp"
#include "pose/video/pose_run.hpp"

namespace physio::pose {
namespace {

// Targets of issue 25 on visible landmarks (visibility >= 0.5): image landmarks within 3 px at the median and
// 10 px at the 95th percentile (the reference repository's own browser tests accept 31 px per coordinate).
constexpr double kVisibleThreshold = 0.5;
constexpr double kMedianPxMax = 3.0;
constexpr double kP95PxMax = 10.0;
// World landmarks (3D distance) against MediaPipe's own runtime: the 2 cm of the still-image agreement
// (reference_agreement_test.cpp) at the median, 5 cm (half the smallest segment the angles use) at the 95th
// percentile.
constexpr double kWorldMedianMMax = 0.02;
constexpr double kWorldP95MMax = 0.05;
// Against the shared reference, which another MediaPipe release made: no further from it than MediaPipe's own
// runtime with our models is (measured on the same frames, tests/pose/data/mediapipe_ref), within the
// float-rounding spread of the two runtimes on this clip (0.1 px at the median, 0.5 px at the 95th
// percentile, 2 and 5 mm for world landmarks).
constexpr double kMedianPxOverRuntime = 0.1, kP95PxOverRuntime = 0.5;
constexpr double kWorldMedianMOverRuntime = 0.002, kWorldP95MOverRuntime = 0.005;
// MediaPipe's Python solution times frames 33,333 us apart whatever the video's rate.
constexpr double kReferenceRateHz = 30.0;
constexpr std::size_t kLandmarks = 33;

double percentile(std::vector<double> v, double pct) {
  if (v.empty()) return std::nan("");
  std::sort(v.begin(), v.end());
  const double pos = pct / 100.0 * static_cast<double>(v.size() - 1);
  const auto i = static_cast<std::size_t>(std::floor(pos));
  const double frac = pos - static_cast<double>(i);
  return i + 1 >= v.size() ? v[i] : v[i] + frac * (v[i + 1] - v[i]);
}

nlohmann::json load_json(const std::filesystem::path& p) {
  std::ifstream in(p);
  if (!in) return nlohmann::json();
  return nlohmann::json::parse(in, nullptr, false);
}

// One pose per frame: image landmarks in pixels [33][x, y], visibility, world landmarks [33][x, y, z].
struct Pose {
  std::vector<std::array<double, 2>> px;
  std::vector<double> visibility;
  std::vector<std::array<double, 3>> world;
};
using Poses = std::vector<std::optional<Pose>>;

// The shared reference (tfjs-models' JSON: pixels, no visibility; world metres).
Poses tfjs_reference(const nlohmann::json& ref2d, const nlohmann::json& ref3d) {
  Poses out;
  for (std::size_t f = 0; f < ref2d.size(); ++f) {
    Pose p;
    for (std::size_t k = 0; k < kLandmarks; ++k) {
      p.px.push_back({ref2d[f][k][0].get<double>(), ref2d[f][k][1].get<double>()});
      p.visibility.push_back(1.0);
      p.world.push_back(
          {ref3d[f][k][0].get<double>(), ref3d[f][k][1].get<double>(), ref3d[f][k][2].get<double>()});
    }
    out.emplace_back(std::move(p));
  }
  return out;
}

// MediaPipe's own runtime (tools/mediapipe-reference output, normalised image landmarks).
Poses runtime_reference(const nlohmann::json& j, double w, double h) {
  Poses out;
  for (const auto& input : j.at("inputs")) {
    const auto& res = input.at("models").at("full").at("results");
    if (res.empty()) {
      out.emplace_back();
      continue;
    }
    Pose p;
    for (std::size_t k = 0; k < kLandmarks; ++k) {
      const auto& l = res[0].at("poseLandmarks")[k];
      const auto& q = res[0].at("poseWorldLandmarks")[k];
      p.px.push_back({w * l.at("x").get<double>(), h * l.at("y").get<double>()});
      p.visibility.push_back(l.at("visibility").get<double>());
      p.world.push_back({q.at("x").get<double>(), q.at("y").get<double>(), q.at("z").get<double>()});
    }
    out.emplace_back(std::move(p));
  }
  return out;
}

Poses ours(const kin::LandmarkFile& file) {
  Poses out;
  const kin::LandmarkSequence& lm = file.landmarks;
  const kin::LandmarkSequence& world = *file.world;
  for (std::size_t f = 0; f < lm.n_frames(); ++f) {
    if (lm.at(f, 0).missing()) {
      out.emplace_back();
      continue;
    }
    Pose p;
    for (std::size_t k = 0; k < kLandmarks; ++k) {
      const kin::Landmark& a = lm.at(f, k);
      const kin::Landmark& b = world.at(f, k);
      p.px.push_back({lm.image_width * double{a.x}, lm.image_height * double{a.y}});
      p.visibility.push_back(a.visibility);
      p.world.push_back({b.x, b.y, b.z});
    }
    out.emplace_back(std::move(p));
  }
  return out;
}

struct Figures {
  double median = 0, p95 = 0, max = 0, wmedian = 0, wp95 = 0, wmax = 0;
  std::size_t n = 0, frames_both = 0;
  std::vector<std::vector<double>> per;  // [landmark] pixel errors
};

// Errors of `a` against `b` on the landmarks `visible_in` calls visible (visibility >= 0.5).
Figures compare(const Poses& a, const Poses& b, const Poses& visible_in) {
  Figures fig;
  fig.per.resize(kLandmarks);
  std::vector<double> px, wm;
  for (std::size_t f = 0; f < a.size() && f < b.size() && f < visible_in.size(); ++f) {
    if (!a[f] || !b[f] || !visible_in[f]) continue;
    ++fig.frames_both;
    for (std::size_t k = 0; k < kLandmarks; ++k) {
      if (!(visible_in[f]->visibility[k] >= kVisibleThreshold)) continue;
      const double d = std::hypot(a[f]->px[k][0] - b[f]->px[k][0], a[f]->px[k][1] - b[f]->px[k][1]);
      px.push_back(d);
      fig.per[k].push_back(d);
      const auto& u = a[f]->world[k];
      const auto& v = b[f]->world[k];
      wm.push_back(std::sqrt(std::pow(u[0] - v[0], 2) + std::pow(u[1] - v[1], 2) + std::pow(u[2] - v[2], 2)));
    }
  }
  fig.n = px.size();
  fig.median = percentile(px, 50);
  fig.p95 = percentile(px, 95);
  fig.max = percentile(px, 100);
  fig.wmedian = percentile(wm, 50);
  fig.wp95 = percentile(wm, 95);
  fig.wmax = percentile(wm, 100);
  return fig;
}

void print(const char* what, const Figures& f, bool per_landmark) {
  std::printf("%s: %zu visible landmark-frames in %zu frames\n", what, f.n, f.frames_both);
  std::printf("  image: median %.2f px, p95 %.2f px, max %.2f px\n", f.median, f.p95, f.max);
  std::printf("  world: median %.1f mm, p95 %.1f mm, max %.1f mm\n", 1000 * f.wmedian, 1000 * f.wp95,
              1000 * f.wmax);
  if (!per_landmark) return;
  for (std::size_t k = 0; k < kLandmarks; ++k)
    if (!f.per[k].empty())
      std::printf("  landmark %2zu: %2zu frames, median %6.2f px, p95 %6.2f px, max %6.2f px\n", k,
                  f.per[k].size(), percentile(f.per[k], 50), percentile(f.per[k], 95),
                  percentile(f.per[k], 100));
}

TEST(RealSquatsReference, SmoothedFullModelMatchesMediaPipe) {
  PHYSIO_REQUIRE_SHARED("real-squats-front");
  PHYSIO_REQUIRE_MODEL("pose_landmark_full.tflite");
  const nlohmann::json ref2d = load_json(shared_path / "pose_squats.full.json");
  const nlohmann::json ref3d = load_json(shared_path / "pose_squats_3d.full.json");
  ASSERT_TRUE(ref2d.is_array() && ref3d.is_array()) << "cannot read the reference JSON in " << shared_path;
  ASSERT_EQ(ref2d.size(), ref3d.size());
  const nlohmann::json runtime_json = load_json(test::source_dir() / "tests" / "pose" / "data" /
                                                "mediapipe_ref" / "real_squats_tracking_smooth_full.json");
  ASSERT_TRUE(runtime_json.is_object())
      << "tests/pose/data/mediapipe_ref/real_squats_tracking_smooth_full.json";

  PoseRunOptions o;
  o.tracker.model = PoseModelKind::kFull;
  o.tracker.models_dir = test::models_dir();
  o.tracker.smooth_landmarks = true;
  o.tracker.threads = 1;
  o.source.video_rate_hz = kReferenceRateHz;
  auto run = run_pose(shared_path / "pose_squats.mp4", o);
  ASSERT_TRUE(run) << run.error().to_string();
  const kin::LandmarkSequence& lm = run->landmarks.landmarks;
  ASSERT_TRUE(run->landmarks.world.has_value());
  ASSERT_EQ(lm.n_frames(), ref2d.size()) << "frames decoded against frames in the reference";
  ASSERT_EQ(lm.n_landmarks(), kLandmarks);
  EXPECT_EQ(lm.times()[1] - lm.times()[0], 33'333) << "the frames carry the reference's times";
  ASSERT_EQ(lm.image_width, 720);
  ASSERT_EQ(lm.image_height, 1280);

  const Poses mine = ours(run->landmarks);
  const Poses shared = tfjs_reference(ref2d, ref3d);
  const Poses runtime = runtime_reference(runtime_json, lm.image_width, lm.image_height);
  ASSERT_EQ(runtime.size(), mine.size());
  std::size_t with_pose = 0;
  for (const auto& p : mine) with_pose += p.has_value();
  EXPECT_EQ(with_pose, mine.size()) << "MediaPipe has a pose in every frame";

  // 1. MediaPipe's own runtime, same models, same frames and times: the targets.
  const Figures vs_runtime = compare(mine, runtime, runtime);
  print("ours vs MediaPipe's runtime (@mediapipe/pose 0.5.1675469404, smoothLandmarks, 30 Hz times)",
        vs_runtime, false);
  EXPECT_LE(vs_runtime.median, kMedianPxMax);
  EXPECT_LE(vs_runtime.p95, kP95PxMax);
  EXPECT_LE(vs_runtime.wmedian, kWorldMedianMMax);
  EXPECT_LE(vs_runtime.wp95, kWorldP95MMax);

  // 2. The shared reference (visible = our visibility): the 95th-percentile target, and no further from it
  //    than MediaPipe's own runtime is.
  const Figures vs_shared = compare(mine, shared, mine);
  const Figures runtime_vs_shared = compare(runtime, shared, mine);
  print("ours vs the shared reference (pose_squats.full.json)", vs_shared, true);
  print("MediaPipe's runtime vs the shared reference", runtime_vs_shared, false);
  EXPECT_LE(vs_shared.p95, kP95PxMax);
  EXPECT_LE(vs_shared.median, runtime_vs_shared.median + kMedianPxOverRuntime);
  EXPECT_LE(vs_shared.p95, runtime_vs_shared.p95 + kP95PxOverRuntime);
  EXPECT_LE(vs_shared.wmedian, runtime_vs_shared.wmedian + kWorldMedianMOverRuntime);
  EXPECT_LE(vs_shared.wp95, runtime_vs_shared.wp95 + kWorldP95MOverRuntime);
}

}  // namespace
}  // namespace physio::pose
