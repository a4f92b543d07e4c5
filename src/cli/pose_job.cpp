#include "cli/pose_job.hpp"

#include <algorithm>
#include <cstdio>
#include <system_error>
#include <thread>

#include <fmt/format.h>

#include "core/progress.hpp"
#include "kinematics/formats/load.hpp"
#include "pose/pipeline/ffmpeg_decoder.hpp"
#include "pose/video/frame_source.hpp"

namespace physio::cli {
namespace {

namespace fs = std::filesystem;

// Inference threads when --threads is 0. XNNPACK's thread pool spin-waits at every operator's barrier:
// when the decode thread shares the cores, a descheduled pool worker stalls each operator (measured on
// this 2-core machine: full model, demo.mp4, 7 frames/s with 2 inference threads + the decode thread,
// ~100 frames/s with 1). So a video or folder leaves one core to decoding; a still image uses them all.
int default_threads(const std::string& input) {
  const unsigned hw = std::thread::hardware_concurrency();
  const int cores = static_cast<int>(std::clamp(hw == 0 ? 2u : hw, 1u, 4u));
  const bool single_image = pose::has_image_extension(input);
  return single_image ? cores : std::max(1, cores - 1);
}

bool has_landmark_extension(const fs::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".json" || ext == ".csv" || ext == ".trc" || ext == ".plmk";
}

}  // namespace

Result<pose::PoseRunResult> run_pose_job(const PoseJob& job) {
  pose::PoseRunOptions o;
  o.tracker.model = PHYSIO_TRY(pose::parse_pose_model(job.model));
  o.tracker.models_dir = job.models_dir.empty() ? pose::default_models_dir() : fs::path(job.models_dir);
  if (job.threads < 0 || job.threads > 64) {
    return fail(ErrorCode::kInvalidArgument, "--threads {} must be 0 (automatic) to 64", job.threads);
  }
  o.tracker.threads = job.threads == 0 ? default_threads(job.input) : job.threads;
  if (job.threads > 0 && !pose::has_image_extension(job.input)) {
    const unsigned hw = std::thread::hardware_concurrency();
    if (hw > 0 && static_cast<unsigned>(job.threads) >= hw)
      std::fprintf(stderr,
                   "warning: --threads %d leaves no core for decoding the video on this %u-core machine; the "
                   "inference workers then wait for each other at every layer (often ten times slower). "
                   "Leave --threads out to use %d\n",
                   job.threads, hw, default_threads(job.input));
  }
  o.tracker.smooth_landmarks = job.smooth;
  if (job.max_frames < 0)
    return fail(ErrorCode::kInvalidArgument, "--max-frames {} must be >= 0", job.max_frames);
  o.max_frames = job.max_frames;
  o.source.folder_rate_hz = job.rate_hz;
  o.overlay = job.overlay;

  // Created at the first frame, when the expected count is known.
  std::unique_ptr<Progress> bar;
  auto on_frame = [&](std::int64_t done, std::int64_t expected) {
    if (!job.progress) return;
    if (!bar) bar = std::make_unique<Progress>("pose", expected, "frames");
    bar->update(done);
  };
  auto result = pose::run_pose(job.input, o, on_frame);
  if (bar) bar->finish();
  return result;
}

std::string pose_summary(const PoseJob& job, const pose::PoseRunStats& st) {
  std::string s = fmt::format(
      "pose: {} frame{}, {} with a person, {:.1f} frames/s after start-up ({:.1f} overall), "
      "{:.2f} s of which start-up {:.2f} s ({} model, {} thread{}",
      st.frames, st.frames == 1 ? "" : "s", st.frames_with_person, st.processing_fps(), st.fps(),
      st.elapsed_s, st.setup_s, job.model, st.inference_threads, st.inference_threads == 1 ? "" : "s");
  s += st.frames > 1
           ? fmt::format(", detector on {} frame{})", st.detector_runs, st.detector_runs == 1 ? "" : "s")
           : ")";
  if (st.frames_skipped > 0) {
    s += fmt::format("\npose: {} frame(s) skipped: their timestamps did not increase", st.frames_skipped);
  }
  if (!st.truncation.empty()) {
    s += fmt::format(
        "\nwarning: {}: the video ends early, it looks truncated ({}); {} frames read, the "
        "results cover those",
        job.input, st.truncation, st.frames + st.frames_skipped);
  }
  return s;
}

bool is_pose_input(const fs::path& path) {
  if (pose::is_camera_path(path)) return true;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    bool images = false;
    for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
      if (has_landmark_extension(it->path())) return false;
      images = images || pose::has_image_extension(it->path());
    }
    return images;
  }
  return pose::has_image_extension(path) || pose::has_video_extension(path);
}

Result<kin::LandmarkFile> load_or_estimate_landmarks(const fs::path& path, const kin::LoadOptions& load,
                                                     PoseJob job, bool* ran_pose) {
  if (ran_pose != nullptr) *ran_pose = false;
  bool pose_first = is_pose_input(path);
  if (!pose_first) {
    auto file = kin::load_landmarks(path, load);
    if (file) return file;
    // Not a landmark file: a video under an unusual extension still goes through pose.
    std::error_code ec;
    if (!fs::is_regular_file(path, ec) || !pose::FrameDecoder::open(path)) return file;
    pose_first = true;
  }
  job.input = path.string();
  auto run = PHYSIO_TRY(run_pose_job(job));
  std::fprintf(stderr, "%s\n", pose_summary(job, run.stats).c_str());
  if (ran_pose != nullptr) *ran_pose = true;
  return std::move(run.landmarks);
}

}  // namespace physio::cli
