// End-to-end tests of `physio pose` (and `physio angles` on an image): landmarks against MediaPipe's own,
// video frames and times, the overlay, and clear errors that write nothing.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_run.hpp"
#include "common/test_data.hpp"
#include "core/applicability.hpp"
#include "core/file_io.hpp"
#include "kinematics/angles/angles.hpp"
#include "kinematics/formats/load.hpp"
#include "kinematics/formats/mot.hpp"
#include "pose/model_files.hpp"
#include "pose/pipeline/ffmpeg_decoder.hpp"
#include "pose/video/video_writer.hpp"

namespace physio {
namespace {

namespace fs = std::filesystem;
using test::models_arg;
using test::physio_cli;

// The agreement bar with MediaPipe (visible landmarks, world landmarks, visibility).
constexpr double kTolXy = 0.005;
constexpr double kTolWorldM = 0.02;
constexpr double kTolVisibility = 0.03;
constexpr double kVisibleFrom = 0.5;
constexpr int kVideoFrames = 20;

#define REQUIRE_POSE_MODELS()                                                                             \
  PHYSIO_REQUIRE_MODEL("pose_detection.tflite");                                                          \
  if (!test::model_file("pose_landmark_lite.tflite") || !test::model_file("pose_landmark_full.tflite")) { \
    GTEST_SKIP() << "pose landmark models are absent";                                                    \
  }                                                                                                       \
  (void)model_path

TEST(PoseCli, ImageMatchesMediaPipe) {
  PHYSIO_REQUIRE_SHARED("pose-reference");
  REQUIRE_POSE_MODELS();
  auto dir = test::scratch_dir("pose_cli_image");
  const fs::path out = dir / "landmarks.json";
  auto r = physio_cli("pose " + (shared_path / "vtest_f100_crop.png").string() + " -o " + out.string() +
                      " --model full --threads 1" + models_arg());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("1 with a person"), std::string::npos) << r.output;
  auto file = kin::load_landmarks(out);
  ASSERT_TRUE(file) << file.error().to_string();
  ASSERT_EQ(file->landmarks.n_frames(), 1u);
  ASSERT_EQ(file->landmarks.n_landmarks(), 33u);
  ASSERT_TRUE(file->world.has_value());

  auto text = load_text_file(shared_path / "ref_vtest_c1_cpu.json");
  ASSERT_TRUE(text);
  const auto ref = nlohmann::json::parse(*text)["results"][0];
  double max_xy = 0, max_world = 0, max_vis = 0;
  for (std::size_t i = 0; i < 33; ++i) {
    const auto& lr = ref["poseLandmarks"][i];
    const auto& wr = ref["poseWorldLandmarks"][i];
    const auto& l = file->landmarks.at(0, i);
    const auto& w = file->world->at(0, i);
    max_vis = std::max(max_vis, std::abs(l.visibility - lr["visibility"].get<double>()));
    if (lr["visibility"].get<double>() < kVisibleFrom) continue;
    max_xy = std::max({max_xy, std::abs(l.x - lr["x"].get<double>()), std::abs(l.y - lr["y"].get<double>())});
    max_world = std::max({max_world, std::abs(w.x - wr["x"].get<double>()),
                          std::abs(w.y - wr["y"].get<double>()), std::abs(w.z - wr["z"].get<double>())});
  }
  std::printf("physio pose vs MediaPipe (full): max |dxy| %.5f, max |dworld| %.4f m, max |dvis| %.4f\n",
              max_xy, max_world, max_vis);
  EXPECT_LE(max_xy, kTolXy);
  EXPECT_LE(max_world, kTolWorldM);
  EXPECT_LE(max_vis, kTolVisibility);
}

TEST(PoseCli, VideoFramesTimesAndOverlay) {
  PHYSIO_REQUIRE_SHARED("sports2d-demo");
  REQUIRE_POSE_MODELS();
  auto dir = test::scratch_dir("pose_cli_video");
  const fs::path out = dir / "demo.csv";
  const fs::path overlay = dir / "demo_overlay.mp4";
  auto r = physio_cli("pose " + (shared_path / "demo.mp4").string() + " -o " + out.string() + " --overlay " +
                      overlay.string() + " --model lite --threads 1 --max-frames " +
                      std::to_string(kVideoFrames) + models_arg());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::printf("%s", r.output.c_str());
  auto file = kin::load_landmarks(out);
  ASSERT_TRUE(file) << file.error().to_string();
  const auto& seq = file->landmarks;
  ASSERT_EQ(seq.n_frames(), static_cast<std::size_t>(kVideoFrames));
  // demo.mp4 is 30 frames/s: times 1/30 s apart.
  for (std::size_t f = 1; f < seq.n_frames(); ++f) {
    EXPECT_NEAR(static_cast<double>(seq.times()[f] - seq.times()[f - 1]), 1e6 / 30.0, 1.0) << f;
  }
  std::size_t with_person = 0;
  for (std::size_t f = 0; f < seq.n_frames(); ++f) with_person += seq.at(f, 0).missing() ? 0 : 1;
  EXPECT_GE(with_person, static_cast<std::size_t>(kVideoFrames) / 2);

  auto decoder = pose::FrameDecoder::open(overlay);
  ASSERT_TRUE(decoder) << decoder.error().to_string();
  int n = 0;
  while (true) {
    auto f = (*decoder)->next_frame();
    ASSERT_TRUE(f);
    if (!f->has_value()) break;
    EXPECT_EQ((*f)->width, 1768);
    EXPECT_EQ((*f)->height, 994);
    ++n;
  }
  EXPECT_EQ(n, kVideoFrames);
}

TEST(PoseCli, ErrorsAreClearAndWriteNothing) {
  REQUIRE_POSE_MODELS();
  auto dir = test::scratch_dir("pose_cli_errors");
  const fs::path out = dir / "out.json";

  auto missing = physio_cli("pose " + (dir / "nothing.mp4").string() + " -o " + out.string() + models_arg());
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.output.find("nothing.mp4"), std::string::npos) << missing.output;

  ASSERT_TRUE(save_file_atomic(dir / "notes.txt", "these are notes, not an image\n"));
  auto text = physio_cli("pose " + (dir / "notes.txt").string() + " -o " + out.string() + models_arg());
  EXPECT_NE(text.exit_code, 0);
  EXPECT_NE(text.output.find("notes.txt"), std::string::npos) << text.output;

  ASSERT_TRUE(save_file_atomic(dir / "fake.png", "not a png"));
  auto fake = physio_cli("pose " + (dir / "fake.png").string() + " -o " + out.string() + models_arg());
  EXPECT_NE(fake.exit_code, 0);
  EXPECT_NE(fake.output.find("fake.png"), std::string::npos) << fake.output;

  auto flat = pose::make_image(320, 240);
  ASSERT_TRUE(flat);
  for (auto& v : flat->pixels) v = 90;
  ASSERT_TRUE(pose::save_png(*flat, dir / "flat.png"));
  auto nobody = physio_cli("pose " + (dir / "flat.png").string() + " -o " + out.string() + " --overlay " +
                           (dir / "o.png").string() + " --model lite" + models_arg());
  EXPECT_NE(nobody.exit_code, 0);
  EXPECT_NE(nobody.output.find("no person found in"), std::string::npos) << nobody.output;

  auto bad_ext =
      physio_cli("pose " + (dir / "flat.png").string() + " -o " + (dir / "out.xyz").string() + models_arg());
  EXPECT_NE(bad_ext.exit_code, 0);
  EXPECT_NE(bad_ext.output.find("out.xyz"), std::string::npos) << bad_ext.output;

  auto bad_model = physio_cli("pose " + (dir / "flat.png").string() + " -o " + out.string() +
                              " --model huge" + models_arg());
  EXPECT_NE(bad_model.exit_code, 0);
  EXPECT_NE(bad_model.output.find("huge"), std::string::npos) << bad_model.output;

  auto no_models = physio_cli("pose " + (dir / "flat.png").string() + " -o " + out.string() + " --models " +
                              (dir / "no_models").string());
  EXPECT_NE(no_models.exit_code, 0);
  EXPECT_NE(no_models.output.find("no_models"), std::string::npos) << no_models.output;

  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::exists(dir / "o.png"));
}

TEST(PoseCli, AnglesAcceptAnImage) {
  PHYSIO_REQUIRE_SHARED("pose-reference");
  REQUIRE_POSE_MODELS();
  auto dir = test::scratch_dir("pose_cli_angles");
  const fs::path out = dir / "angles.csv";
  auto r = physio_cli("angles " + (shared_path / "vtest_f100_crop.png").string() +
                      " --mode 2d --angles right_knee_flexion,left_knee_flexion --pose-model lite -o " +
                      out.string() + models_arg());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("pose: 1 frame"), std::string::npos) << r.output;
  auto table = kin::load_angle_table(out);
  ASSERT_TRUE(table) << table.error().to_string();
  EXPECT_EQ(table->n_columns(), 2u);
}

// The findings on demo.mp4 (several people; jumping jacks and a backflip): angles of -360 deg (3D) and
// -483 / 309 deg (2D), and confident scores for any exercise ("3 reps, 80/100" as deep_squat, "5 reps,
// 89/100" as heel_raise, a person switch counted as a 4th shoulder-abduction repetition). Every angle must
// be in its documented range, no exercise may be scored, and the frames in which the followed person is
// not found (the others walking through) are left empty and said.
TEST(PoseCli, DemoVideoAnglesInRangeAndNoExerciseScored) {
  REQUIRE_POSE_MODELS();
  PHYSIO_REQUIRE_SHARED("sports2d-demo");
  auto dir = test::scratch_dir("pose_cli_demo_applicability");
  const fs::path landmarks = dir / "demo.json";
  auto r = physio_cli("pose " + (shared_path / "demo.mp4").string() + " -o " + landmarks.string() +
                      " --model full" + models_arg());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const char* mode : {"3d", "2d"}) {
    const fs::path angles = dir / (std::string("angles_") + mode + ".json");
    r = physio_cli("angles " + landmarks.string() + " --mode " + mode + " -o " + angles.string());
    ASSERT_EQ(r.exit_code, 0) << r.output;
    auto table = kin::load_angle_table(angles);
    ASSERT_TRUE(table) << table.error().to_string();
    const auto specs = std::string(mode) == "3d" ? kin::angle_specs_3d() : kin::angle_specs_2d();
    for (std::size_t c = 0; c < table->names.size(); ++c) {
      const auto spec = std::find_if(specs.begin(), specs.end(),
                                     [&](const auto& sp) { return sp.name == table->names[c]; });
      ASSERT_NE(spec, specs.end()) << table->names[c];
      for (double v : table->columns[c]) {
        if (std::isnan(v)) continue;
        EXPECT_GE(v, spec->range_lo_deg) << mode << " " << table->names[c];
        EXPECT_LT(v, spec->range_lo_deg + spec->period_deg) << mode << " " << table->names[c];
      }
    }
  }
  for (const char* ex : {"deep_squat", "heel_raise", "shoulder_abduction"}) {
    const fs::path out = dir / (std::string(ex) + ".json");
    r = physio_cli("analyze " + landmarks.string() + " --exercise " + ex + " -o " + out.string());
    EXPECT_EQ(r.exit_code, kExitNotApplicable) << ex << ": " << r.output;
    EXPECT_EQ(r.output.find("/100"), std::string::npos) << ex << ": " << r.output;
    // The other people walking through are never followed: their frames are left empty and said, so a
    // switch cannot become a repetition.
    EXPECT_NE(r.output.find("identity uncertain 5.67-6.63 s"), std::string::npos) << ex << ": " << r.output;
    auto text = load_text_file(out);
    ASSERT_TRUE(text) << ex;
    const auto j = nlohmann::json::parse(*text);
    EXPECT_EQ(j.value("valid", true), false) << ex;
    EXPECT_FALSE(j.contains("score")) << ex;
    EXPECT_FALSE(j.contains("summary")) << ex;  // no count at the top of a refusal
    // The refusal's grounds: what was measured on the way, each movement found and why it was not counted.
    ASSERT_TRUE(j.contains("measured_not_valid")) << ex;
    EXPECT_TRUE(j["measured_not_valid"].contains("reps")) << ex;
    EXPECT_TRUE(j["measured_not_valid"].contains("segmentation")) << ex;
  }
}

// The findings: run from outside the repository, `physio pose` said "models/pose_detection.tflite: no such
// file" with no hint; `pose -o x.trc` failed only after all inference, still writing the overlay.
TEST(PoseCli, MissingModelsAndWrongOutputAreRefusedBeforeWork) {
  PHYSIO_REQUIRE_SHARED("sports2d-demo");
  auto dir = test::scratch_dir("pose_cli_refuse_early");
  const std::string video = (shared_path / "demo.mp4").string();
  auto r = physio_cli("pose " + video + " -o " + (dir / "x.json").string() + " --models " +
                      (dir / "none").string());
  EXPECT_NE(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("--models"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("PHYSIO_MODELS_DIR"), std::string::npos) << r.output;
  const fs::path overlay = dir / "ov.mp4";
  r = physio_cli("pose " + video + " -o " + (dir / "x.mot").string() + " --overlay " + overlay.string() +
                 models_arg());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find(".trc or .plmk"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(overlay));
  EXPECT_FALSE(fs::exists(dir / "x.mot"));
}

// A TRC of the image landmarks is in pixels (as Sports2D's pixel TRC); with --world the metric one goes to
// the file asked for and the pixel one beside it.
TEST(PoseCli, TrcInPixelsAndBesideTheMetricOne) {
  PHYSIO_REQUIRE_SHARED("pose-reference");
  REQUIRE_POSE_MODELS();
  auto dir = test::scratch_dir("pose_cli_trc");
  const std::string image = (shared_path / "vtest_f100_crop.png").string();
  auto r = physio_cli("pose " + image + " -o " + (dir / "both.json").string() + models_arg());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto json = kin::load_landmarks(dir / "both.json");
  ASSERT_TRUE(json) << json.error().to_string();
  r = physio_cli("pose " + image + " -o " + (dir / "px.trc").string() + models_arg());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("in pixels"), std::string::npos) << r.output;
  auto px = kin::load_landmarks(dir / "px.trc");
  ASSERT_TRUE(px) << px.error().to_string();
  EXPECT_EQ(px->landmarks.space(), kin::CoordSpace::kImagePixels);
  const auto& l = json->landmarks;
  ASSERT_GT(l.image_width, 0);
  EXPECT_NEAR(px->landmarks.at(0, 24).x, l.at(0, 24).x * static_cast<float>(l.image_width), 0.01);
  EXPECT_NEAR(px->landmarks.at(0, 24).y, l.at(0, 24).y * static_cast<float>(l.image_height), 0.01);
  r = physio_cli("pose " + image + " -o " + (dir / "m.trc").string() + " --world" + models_arg());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto m = kin::load_landmarks(dir / "m.trc");
  ASSERT_TRUE(m) << m.error().to_string();
  EXPECT_EQ(m->landmarks.space(), kin::CoordSpace::kWorldMetres);
  auto beside = kin::load_landmarks(dir / "m_px.trc");
  ASSERT_TRUE(beside) << beside.error().to_string();
  EXPECT_EQ(beside->landmarks.space(), kin::CoordSpace::kImagePixels);
  EXPECT_NE(r.output.find("m_px.trc"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace physio
