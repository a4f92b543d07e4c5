// End to end: a video cut short (a copy or download interrupted) gives the landmarks of the frames that
// could be decoded and a warning naming the file, instead of no output at all.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "cli_run.hpp"
#include "common/test_data.hpp"
#include "core/file_io.hpp"
#include "kinematics/formats/load.hpp"
#include "pose/model_files.hpp"

namespace physio {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kKeptBytes = 1'500'000;  // of demo.mp4's 3,968,304: about a third of its frames

TEST(CliTruncatedInput, VideoCutShortGivesTheFramesRead) {
  PHYSIO_REQUIRE_SHARED("sports2d-demo");
  PHYSIO_REQUIRE_MODEL("pose_detection.tflite");
  if (!test::model_file("pose_landmark_lite.tflite")) GTEST_SKIP() << "pose landmark lite model is absent";
  (void)model_path;
  auto dir = test::scratch_dir("cli_truncated_video");
  auto bytes = load_file(shared_path / "demo.mp4");
  ASSERT_TRUE(bytes);
  const fs::path cut = dir / "cut.mp4";
  ASSERT_TRUE(save_file_atomic(cut, std::string_view(*bytes).substr(0, kKeptBytes)).has_value());
  const fs::path out = dir / "cut.json";
  auto r = test::physio_cli("pose " + cut.string() + " -o " + out.string() + " --model lite --models " +
                            test::models_dir().string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("warning: " + cut.string() + ": the video ends early"), std::string::npos)
      << r.output;
  auto file = kin::load_landmarks(out);
  ASSERT_TRUE(file) << file.error().to_string();
  const std::size_t frames = file->landmarks.n_frames();
  EXPECT_GT(frames, 10u);
  EXPECT_LT(frames, 230u);  // the whole video has 230
  EXPECT_NE(r.output.find(std::to_string(frames) + " frames read"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace physio
