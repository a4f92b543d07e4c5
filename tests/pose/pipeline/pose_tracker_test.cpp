// The whole pipeline with the real models: detection, tracking across frames, losing and recovering the
// person, rotation metadata, and conversion to the engine's landmark sequences.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "pose/model_files.hpp"
#include "pose/pipeline/ffmpeg_decoder.hpp"
#include "pose/pipeline/pose_sequence.hpp"
#include "pose/pipeline/pose_tracker.hpp"

namespace physio::pose {
namespace {

// Tracking a still image: the ROI reaches a fixed point within a few frames (MediaPipe smooths the
// auxiliary landmarks heavily), so later frames barely change; the tracked ROI differs from the
// detector's (different centre and angle), which moves the lite model's landmarks by a few hundredths,
// but the torso stays on the same person.
constexpr float kSettledRoiTol = 0.005f;
constexpr float kSettledLandmarkTol = 0.01f;
constexpr float kSamePersonTol = 0.05f;
// A walking person's hips move far less than 5% of the image width in 1/30 s; a jump means the tracker
// switched person.
constexpr float kMaxHipStepPerFrame = 0.05f;
// Letterbox vs explicit black padding: identical detector input; the landmark crop may differ only
// where it leaves the image (replicated edge vs black rows).
constexpr float kLetterboxTolPx = 1.0f;

PoseTrackerOptions lite_options(const std::filesystem::path& model_path) {
  PoseTrackerOptions o;
  o.model = PoseModelKind::kLite;
  o.models_dir = model_path.parent_path();
  o.smooth_landmarks = false;
  return o;
}

TEST(PosePipelineTracker, MissingModelsGiveClearError) {
  PoseTrackerOptions o;
  o.models_dir = "/nonexistent/models";
  auto t = PoseTracker::create(o);
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().to_string().find("/nonexistent/models"), std::string::npos) << t.error().to_string();
  o.min_detection_confidence = 1.5f;
  EXPECT_FALSE(PoseTracker::create(o));
}

TEST(PosePipelineTracker, MissingLandmarkModelNamedWhenTheDetectorLoads) {
  // The detector loads, the landmark model is missing: the error names the landmark model's file.
  PHYSIO_REQUIRE_MODEL("pose_detection.tflite");
  const auto dir = test::scratch_dir("pose_tracker_missing_landmarks");
  std::error_code ec;
  std::filesystem::remove(dir / "pose_detection.tflite", ec);
  std::filesystem::create_symlink(model_path, dir / "pose_detection.tflite", ec);
  ASSERT_FALSE(ec) << ec.message();
  PoseTrackerOptions o;
  o.models_dir = dir;
  auto t = PoseTracker::create(o);
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code(), ErrorCode::kNotFound) << t.error().to_string();
  EXPECT_NE(t.error().to_string().find("pose_landmark_full.tflite"), std::string::npos)
      << t.error().to_string();
}

TEST(PosePipelineTracker, ModelNames) {
  EXPECT_EQ(parse_pose_model("heavy").value(), PoseModelKind::kHeavy);
  EXPECT_EQ(parse_pose_model("0").value(), PoseModelKind::kLite);
  EXPECT_FALSE(parse_pose_model("huge"));
  EXPECT_EQ(landmark_model_path("m", PoseModelKind::kFull),
            std::filesystem::path("m/pose_landmark_full.tflite"));
}

TEST(PosePipelineTracker, TracksLosesAndRecovers) {
  PHYSIO_REQUIRE_MODEL("pose_landmark_lite.tflite");
  PHYSIO_REQUIRE_SHARED("pose-reference");
  auto tracker = PoseTracker::create(lite_options(model_path));
  ASSERT_TRUE(tracker) << tracker.error().to_string();
  Image person = load_image(shared_path / "vtest_f100_crop.png").value();
  Image black = make_image(person.width, person.height).value();

  std::vector<PoseFrame> frames;
  auto run = [&](Image img, TimeUs t) {
    img.timestamp_us = t;
    auto f = (*tracker)->process(img);
    EXPECT_TRUE(f) << f.error().to_string();
    frames.push_back(f ? *f : PoseFrame{});
    frames.back().timestamp_us = t;
    frames.back().image_width = person.width;
    frames.back().image_height = person.height;
  };
  for (int k = 0; k < 4; ++k) run(person, 33'333 * k);
  run(black, 133'333);
  run(black, 166'667);
  run(person, 200'000);

  // Frame 0: detector. Frames 1-3: tracked from the previous frame's landmarks, no detector.
  EXPECT_TRUE(frames[0].detector_ran);
  ASSERT_TRUE(frames[0].found);
  EXPECT_GT(frames[0].presence_score, 0.5f);
  for (int k = 1; k < 4; ++k) {
    EXPECT_FALSE(frames[k].detector_ran) << "frame " << k;
    ASSERT_TRUE(frames[k].found) << "frame " << k;
  }
  // On a still image the tracked ROI settles: consecutive ROIs and landmarks agree closely.
  const NormalizedRect& r2 = frames[2].roi;
  const NormalizedRect& r3 = frames[3].roi;
  const float roi_change = std::max({std::fabs(r3.x_center - r2.x_center),
                                     std::fabs(r3.y_center - r2.y_center), std::fabs(r3.width - r2.width)});
  float settled = 0.0f;
  float torso_shift = 0.0f;
  for (int i = 0; i < kPoseBodyLandmarks; ++i) {
    if (frames[3].landmarks[i].visibility < 0.5f) continue;
    settled = std::max({settled, std::fabs(frames[3].landmarks[i].x - frames[2].landmarks[i].x),
                        std::fabs(frames[3].landmarks[i].y - frames[2].landmarks[i].y)});
  }
  // Still the same person as the detector found: shoulders and hips stay close to frame 0's.
  for (int i : {11, 12, 23, 24}) {
    torso_shift = std::max({torso_shift, std::fabs(frames[3].landmarks[i].x - frames[0].landmarks[i].x),
                            std::fabs(frames[3].landmarks[i].y - frames[0].landmarks[i].y)});
  }
  std::printf(
      "still image, tracking: ROI change frame 2->3 %.4f, landmarks 2->3 max %.4f, torso vs "
      "detector frame %.4f (normalised)\n",
      roi_change, settled, torso_shift);
  EXPECT_LT(roi_change, kSettledRoiTol);
  EXPECT_LT(settled, kSettledLandmarkTol);
  EXPECT_LT(torso_shift, kSamePersonTol);
  // Frame 4: the tracked ROI holds no person -> lost. Frame 5: the detector runs and finds nobody.
  EXPECT_FALSE(frames[4].detector_ran);
  EXPECT_FALSE(frames[4].found);
  EXPECT_LT(frames[4].presence_score, 0.5f);
  EXPECT_TRUE(frames[5].detector_ran);
  EXPECT_FALSE(frames[5].found);
  EXPECT_FALSE(frames[5].detection.has_value());
  // Frame 6: recovered by the detector.
  EXPECT_TRUE(frames[6].detector_ran);
  EXPECT_TRUE(frames[6].found);

  auto file = pose_frames_to_landmarks(frames, "synthetic");
  ASSERT_TRUE(file) << file.error().to_string();
  EXPECT_EQ(file->landmarks.n_frames(), 7u);
  EXPECT_EQ(file->landmarks.n_landmarks(), 33u);
  EXPECT_EQ(file->landmarks.skeleton().name, "blazepose33");
  EXPECT_EQ(file->landmarks.image_width, 600);
  EXPECT_FALSE(file->landmarks.at(0, 0).missing());
  EXPECT_TRUE(file->landmarks.at(4, 0).missing());
  ASSERT_TRUE(file->world);
  EXPECT_EQ(file->world->space(), kin::CoordSpace::kWorldMetres);
  EXPECT_NEAR(file->world->at(6, 23).x, frames[6].world_landmarks[23].x_m, 1e-6f);

  // Time may not go back while tracking.
  person.timestamp_us = 100;
  auto back = (*tracker)->process(person);
  ASSERT_FALSE(back);
  EXPECT_EQ(back.error().code(), ErrorCode::kInvalidArgument);
  (*tracker)->reset();
  EXPECT_TRUE((*tracker)->process(person));
  // Frames out of order cannot become a sequence.
  std::swap(frames[0], frames[1]);
  EXPECT_FALSE(pose_frames_to_landmarks(frames, "x"));
}

TEST(PosePipelineTracker, TrackingHoldsThroughVideo) {
  PHYSIO_REQUIRE_MODEL("pose_landmark_lite.tflite");
  PHYSIO_REQUIRE_SHARED("sports2d-demo");
  auto tracker = PoseTracker::create(lite_options(model_path));
  ASSERT_TRUE(tracker) << tracker.error().to_string();
  auto decoder = FrameDecoder::open(shared_path / "demo.mp4");
  ASSERT_TRUE(decoder) << decoder.error().to_string();
  // A real 1768x994 VP9 video (backlit, deliberately hard). MediaPipe's rule: the detector runs on a
  // frame exactly when the previous frame gave no landmarks.
  constexpr int kFrames = 20;
  int found = 0, detector_runs = 0;
  std::vector<PoseFrame> frames;
  for (int k = 0; k < kFrames; ++k) {
    auto img = (*decoder)->next_frame();
    ASSERT_TRUE(img && img->has_value());
    auto f = (*tracker)->process(**img);
    ASSERT_TRUE(f) << f.error().to_string();
    found += f->found ? 1 : 0;
    detector_runs += f->detector_ran ? 1 : 0;
    const bool previous_found = !frames.empty() && frames.back().found;
    EXPECT_EQ(f->detector_ran, !previous_found) << "frame " << k;
    frames.push_back(*f);
  }
  // Hip centre speed between consecutive tracked frames (a walking person moves a few pixels).
  float max_hip_step = 0.0f;
  for (std::size_t k = 1; k < frames.size(); ++k) {
    if (!frames[k].found || !frames[k - 1].found) continue;
    const float dx = (frames[k].landmarks[23].x + frames[k].landmarks[24].x - frames[k - 1].landmarks[23].x -
                      frames[k - 1].landmarks[24].x) /
                     2.0f;
    max_hip_step = std::max(max_hip_step, std::fabs(dx));
  }
  std::printf("demo.mp4 first %d frames: pose in %d, detector ran %d times, max hip step %.4f\n", kFrames,
              found, detector_runs, max_hip_step);
  EXPECT_GE(found, kFrames / 2);
  EXPECT_LT(detector_runs, kFrames / 2);
  EXPECT_LT(max_hip_step, kMaxHipStepPerFrame);
}

// The still-image tests: the lite model on the reference crop (skipped without either).
class PoseTrackerOnCrop : public ::testing::Test {
 protected:
  void SetUp() override {
    auto model = test::model_file("pose_landmark_lite.tflite");
    if (!model) GTEST_SKIP() << "model pose_landmark_lite.tflite is absent (run scripts/fetch-models.sh)";
    auto shared = test::shared_data("pose-reference");
    if (!shared) GTEST_SKIP() << "reference data ../shared/data/pose-reference is absent; skipping";
    model_path_ = *model;
    auto img = load_image(*shared / "vtest_f100_crop.png");
    ASSERT_TRUE(img) << img.error().to_string();
    crop_ = std::move(*img);
  }
  std::unique_ptr<PoseTracker> tracker(bool track, bool smooth) {
    PoseTrackerOptions o = lite_options(model_path_);
    o.track = track;
    o.smooth_landmarks = smooth;
    auto t = PoseTracker::create(o);
    EXPECT_TRUE(t) << t.error().to_string();
    return t ? std::move(*t) : nullptr;
  }
  std::filesystem::path model_path_;
  Image crop_;
};

TEST_F(PoseTrackerOnCrop, RotationMetadataIsHonoured) {
  auto tracker = this->tracker(false, false);
  ASSERT_TRUE(tracker);
  const Image& upright = crop_;
  // Store the frame turned a quarter anticlockwise, tagged "turn 90 clockwise to display".
  Image stored = upright;
  stored.rotation_deg = 270;
  stored = rotate_upright(stored);
  stored.rotation_deg = 90;
  auto a = tracker->process(upright);
  auto b = tracker->process(stored);
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(a->found && b->found);
  EXPECT_EQ(b->image_width, upright.width);
  for (int i = 0; i < kPoseBodyLandmarks; ++i) {
    EXPECT_EQ(a->landmarks[i].x, b->landmarks[i].x);  // the same pixels, so the same result
    EXPECT_EQ(a->landmarks[i].y, b->landmarks[i].y);
  }
}

TEST_F(PoseTrackerOnCrop, LetterboxMatchesBlackPadding) {
  // A 900x600 frame (black bars left and right) is letterboxed by the detector into the same tensor as a
  // 900x900 frame with black all round: both must give the same landmarks in the original's pixels.
  auto tracker = this->tracker(false, false);
  ASSERT_TRUE(tracker);
  const Image& src = crop_;
  auto padded = [&](int pad_x, int pad_y) {
    Image out = make_image(src.width + 2 * pad_x, src.height + 2 * pad_y).value();
    for (int y = 0; y < src.height; ++y) {
      std::copy_n(src.row(y), 3 * src.width, out.row(y + pad_y) + 3 * pad_x);
    }
    return out;
  };
  const Image wide = padded(150, 0);
  const Image square = padded(150, 150);
  auto a = tracker->process(wide);
  auto b = tracker->process(square);
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(a->found && b->found);
  float max_px = 0.0f;
  for (int i = 0; i < kPoseBodyLandmarks; ++i) {
    const float ax = a->landmarks[i].x * 900.0f, ay = a->landmarks[i].y * 600.0f;
    const float bx = b->landmarks[i].x * 900.0f, by = b->landmarks[i].y * 900.0f - 150.0f;
    max_px = std::max({max_px, std::fabs(ax - bx), std::fabs(ay - by)});
  }
  std::printf("letterboxed 900x600 vs black-padded 900x900: max landmark difference %.3f px\n", max_px);
  EXPECT_LT(max_px, kLetterboxTolPx);
}

TEST_F(PoseTrackerOnCrop, SmoothingFollowsAStillPose) {
  auto tracker = this->tracker(true, true);
  ASSERT_TRUE(tracker);
  Image img = crop_;
  auto first = tracker->process(img);
  img.timestamp_us = 40'000;
  auto second = tracker->process(img);
  ASSERT_TRUE(first && second);
  ASSERT_TRUE(first->found && second->found);
  // With smoothing, the second estimate lies between the first and the raw (tracked) estimate: never
  // further from the first than without smoothing.
  auto raw_tracker = this->tracker(true, false);
  ASSERT_TRUE(raw_tracker);
  img.timestamp_us = 0;
  auto raw_first = raw_tracker->process(img);
  img.timestamp_us = 40'000;
  auto raw_second = raw_tracker->process(img);
  ASSERT_TRUE(raw_first && raw_second && raw_second->found);
  for (int i = 0; i < kPoseBodyLandmarks; ++i) {
    // The first sample passes unchanged (up to the float round trip through pixels).
    EXPECT_NEAR(first->landmarks[i].x, raw_first->landmarks[i].x, 1e-6f);
    const float smooth_step = std::fabs(second->landmarks[i].x - first->landmarks[i].x);
    const float raw_step = std::fabs(raw_second->landmarks[i].x - raw_first->landmarks[i].x);
    EXPECT_LE(smooth_step, raw_step + 1e-5f) << "landmark " << i;
  }
}

}  // namespace
}  // namespace physio::pose
