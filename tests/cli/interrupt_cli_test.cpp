// End to end: an interrupted `physio pose` (Ctrl-C or SIGTERM while it works) leaves no output file and
// no temporary beside it, and ends with a non-zero status.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "pose/model_files.hpp"

namespace physio {
namespace {

namespace fs = std::filesystem;

constexpr auto kStartTimeout = std::chrono::seconds(60);
constexpr auto kPoll = std::chrono::milliseconds(20);

// Starts `physio args...` with its output discarded; returns the child's pid.
pid_t start_physio(const std::vector<std::string>& args) {
  const std::string exe = ::physio::test::binary_dir().string() + "/bin/physio";
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(exe.c_str()));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    // As from a terminal: a runner started in the background passes SIGINT on as ignored.
    ::signal(SIGINT, SIG_DFL);
    ::signal(SIGTERM, SIG_DFL);
    ::freopen("/dev/null", "w", stdout);
    ::freopen("/dev/null", "w", stderr);
    ::execv(exe.c_str(), argv.data());
    ::_exit(127);
  }
  return pid;
}

std::vector<std::string> files_in(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  return names;
}

// Waits until the overlay video is being written (its temporary exists), then sends `sig`.
void interrupt_pose(const fs::path& shared_path, int sig, const std::string& name) {
  auto dir = test::scratch_dir("cli_interrupt_" + name);
  const fs::path out = dir / "demo.json";
  const fs::path overlay = dir / "demo_overlay.mp4";
  const pid_t pid =
      start_physio({"pose", (shared_path / "demo.mp4").string(), "-o", out.string(), "--overlay",
                    overlay.string(), "--model", "lite", "--models", test::models_dir().string()});
  ASSERT_GT(pid, 0);
  const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
  bool writing = false;
  while (!writing && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(kPoll);
    writing = !files_in(dir).empty();
  }
  EXPECT_TRUE(writing) << "physio pose wrote nothing within the start timeout";
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_EQ(::kill(pid, sig), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  const bool failed = WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) != 0);
  EXPECT_TRUE(failed) << "an interrupted run must not end with status 0";
  const auto left = files_in(dir);
  std::string listing;
  for (const auto& n : left) listing += n + " ";
  EXPECT_TRUE(left.empty()) << "left behind: " << listing;
}

TEST(CliInterrupt, CtrlCDuringPoseLeavesNoPartialFile) {
  PHYSIO_REQUIRE_SHARED("sports2d-demo");
  PHYSIO_REQUIRE_MODEL("pose_detection.tflite");
  if (!test::model_file("pose_landmark_lite.tflite")) GTEST_SKIP() << "pose landmark lite model is absent";
  (void)model_path;
  interrupt_pose(shared_path, SIGINT, "sigint");
}

TEST(CliInterrupt, SigtermDuringPoseLeavesNoPartialFile) {
  PHYSIO_REQUIRE_SHARED("sports2d-demo");
  PHYSIO_REQUIRE_MODEL("pose_detection.tflite");
  if (!test::model_file("pose_landmark_lite.tflite")) GTEST_SKIP() << "pose landmark lite model is absent";
  (void)model_path;
  interrupt_pose(shared_path, SIGTERM, "sigterm");
}

}  // namespace
}  // namespace physio
