// run_pose end to end on the reference image (needs the models and ../shared): landmarks, PNG overlay,
// and the "no person" error that writes nothing.
#include <cmath>
#include <filesystem>

#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "pose/model_files.hpp"
#include "pose/pipeline/ffmpeg_decoder.hpp"
#include "pose/video/lite_options.hpp"
#include "pose/video/pose_run.hpp"
#include "pose/video/video_writer.hpp"

namespace physio::pose {
namespace {

namespace fs = std::filesystem;
using test_options::lite_options;

TEST(PoseRun, ImageGivesOneFrameAndAPngOverlay) {
  PHYSIO_REQUIRE_SHARED("pose-reference");
  PHYSIO_REQUIRE_MODEL("pose_landmark_lite.tflite");
  auto dir = test::scratch_dir("pose_run_image");
  PoseRunOptions o = lite_options();
  o.overlay = dir / "overlay.png";
  const fs::path input = shared_path / "vtest_f100_crop.png";
  auto run = run_pose(input, o);
  ASSERT_TRUE(run) << run.error().to_string();
  EXPECT_EQ(run->stats.kind, SourceKind::kImage);
  EXPECT_EQ(run->stats.frames, 1);
  EXPECT_EQ(run->stats.frames_with_person, 1);
  EXPECT_EQ(run->stats.overlay_encoder, "png");
  ASSERT_EQ(run->landmarks.landmarks.n_frames(), 1u);
  ASSERT_EQ(run->landmarks.landmarks.n_landmarks(), 33u);
  ASSERT_TRUE(run->landmarks.world.has_value());
  EXPECT_FALSE(run->landmarks.landmarks.at(0, 0).missing());

  auto original = load_image(input);
  auto overlay = load_image(o.overlay);
  ASSERT_TRUE(original && overlay);
  ASSERT_EQ(overlay->width, original->width);
  // The skeleton changed pixels, and only some of them.
  std::size_t changed = 0;
  for (std::size_t i = 0; i < original->pixels.size(); ++i)
    changed += original->pixels[i] != overlay->pixels[i];
  const double fraction = static_cast<double>(changed) / static_cast<double>(original->pixels.size());
  std::printf("overlay changed %.2f%% of the channel values\n", 100.0 * fraction);
  EXPECT_GT(fraction, 0.002);
  EXPECT_LT(fraction, 0.2);
  // The nose (landmark 0) is drawn: its pixel differs from the original.
  const auto& nose = run->landmarks.landmarks.at(0, 0);
  const int nx = static_cast<int>(nose.x * static_cast<float>(original->width));
  const int ny = static_cast<int>(nose.y * static_cast<float>(original->height));
  const std::size_t at = static_cast<std::size_t>(ny) * original->stride + 3 * static_cast<std::size_t>(nx);
  EXPECT_NE(std::abs(original->pixels[at] - overlay->pixels[at]) +
                std::abs(original->pixels[at + 1] - overlay->pixels[at + 1]),
            0);
}

TEST(PoseRun, NoPersonIsAnErrorAndWritesNoOverlay) {
  PHYSIO_REQUIRE_MODEL("pose_landmark_lite.tflite");
  auto dir = test::scratch_dir("pose_run_empty");
  Image grey = *make_image(160, 120);
  for (auto& v : grey.pixels) v = 128;
  ASSERT_TRUE(save_png(grey, dir / "grey.png"));
  PoseRunOptions o = lite_options();
  o.overlay = dir / "overlay.png";
  auto run = run_pose(dir / "grey.png", o);
  ASSERT_FALSE(run);
  EXPECT_EQ(run.error().code(), ErrorCode::kMissingData);
  EXPECT_NE(run.error().to_string().find("no person found in"), std::string::npos) << run.error().to_string();
  EXPECT_FALSE(fs::exists(o.overlay));

  PoseRunOptions png_of_folder = lite_options();
  png_of_folder.overlay = dir / "x.png";
  auto bad = run_pose(dir, png_of_folder);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), ErrorCode::kInvalidArgument);
}

TEST(PoseRun, InputAndModelErrors) {
  // The decode thread starts before the models load: each failure comes back as its own error, the
  // input's first, and a failed model load stops the running decode thread (no hang).
  auto dir = test::scratch_dir("pose_run_errors");
  PoseRunOptions o = lite_options();
  auto missing = run_pose(dir / "nope.mp4", o);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound) << missing.error().to_string();
  EXPECT_NE(missing.error().to_string().find("nope.mp4"), std::string::npos) << missing.error().to_string();

  Image grey = *make_image(64, 48);
  ASSERT_TRUE(save_png(grey, dir / "grey.png"));
  PoseRunOptions no_models = lite_options();
  no_models.tracker.models_dir = dir / "no-models";
  auto unloaded = run_pose(dir / "grey.png", no_models);
  ASSERT_FALSE(unloaded);
  EXPECT_EQ(unloaded.error().code(), ErrorCode::kNotFound) << unloaded.error().to_string();
  EXPECT_NE(unloaded.error().to_string().find("no-models"), std::string::npos)
      << unloaded.error().to_string();
}

}  // namespace
}  // namespace physio::pose
