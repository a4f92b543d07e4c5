#include "cli/pose_job.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <optional>
#include <system_error>
#include <thread>

#include <fmt/format.h>

#include "core/progress.hpp"
#include "exercise/ui_prmd.hpp"
#include "kinematics/formats/load.hpp"
#include "pose/pipeline/ffmpeg_decoder.hpp"
#include "pose/video/frame_source.hpp"
#include "pose/video/pose_cache.hpp"

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

// --follow as an id: a whole number from 1.
std::optional<int> follow_id(const std::string& text) {
  int id = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, id);
  if (text.empty() || ec != std::errc() || ptr != end || id < 1) return std::nullopt;
  return id;
}

Result<pose::PoseRunOptions> pose_run_options(const PoseJob& job) {
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
  o.source.video_rate_hz = job.video_rate_hz;
  o.overlay = job.overlay;
  PHYSIO_CHECK(check_follow(job.follow));
  o.tracker.follow_identity = true;
  o.follow_name = job.follow;
  if (auto choice = pose::parse_person_choice(job.follow)) {
    o.tracker.first_person = *choice;
  } else {
    o.follow_id = *follow_id(job.follow);
    o.people = job.people;
  }
  return o;
}

}  // namespace

Status check_follow(const std::string& follow) {
  if (pose::parse_person_choice(follow) || follow_id(follow)) return ok();
  return fail(ErrorCode::kInvalidArgument,
              "--follow {}: expected auto, largest, central or a person id (1, 2, ...) listed by "
              "`physio pose <video> --list-people`",
              follow.substr(0, 40));
}

nlohmann::json identity_json(const kin::IdentityInfo& identity) {
  nlohmann::json spans = nlohmann::json::array();
  for (const kin::IdentitySpan& s : identity.uncertain) {
    spans.push_back({{"start_s", static_cast<double>(s.start_us) * 1e-6},
                     {"end_s", static_cast<double>(s.end_us) * 1e-6},
                     {"frames", s.frames},
                     {"kind", s.kind},
                     {"reason", s.reason}});
  }
  return {{"follow", identity.follow}, {"people_seen", identity.people_seen}, {"uncertain", spans}};
}

Result<pose::PeopleScan> scan_people_job(const PoseJob& job) {
  pose::PoseRunOptions o = PHYSIO_TRY(pose_run_options(job));
  std::unique_ptr<Progress> bar;
  auto on_frame = [&](std::int64_t done, std::int64_t expected) {
    if (!job.progress) return;
    if (!bar) bar = std::make_unique<Progress>("people", expected, "frames");
    bar->update(done);
  };
  auto scan = pose::scan_people(job.input, o, on_frame);
  if (bar) bar->finish();
  return scan;
}

std::string people_listing(const std::string& input, const pose::PeopleScan& scan) {
  std::string s = fmt::format(
      "people in {} ({} frame{}, each person found by the detector and followed by the landmark model; ids "
      "for --follow):\n",
      input, scan.frames, scan.frames == 1 ? "" : "s");
  if (scan.people.empty()) return s + "  nobody was found\n";
  s += "  id  first_s  last_s  frames  hip_x  hip_y  size\n";
  for (const pose::PersonTrack& p : scan.people) {
    s += fmt::format("{:4d} {:8.2f} {:7.2f} {:7d} {:6.2f} {:6.2f} {:5.2f}\n", p.id,
                     static_cast<double>(p.first_us) * 1e-6, static_cast<double>(p.last_us) * 1e-6, p.frames,
                     p.mean_x, p.mean_y, p.mean_size);
  }
  s += "  (mean hip centre as fractions of the image width and height; size: the body's height as a fraction "
       "of the image height)\n";
  return s;
}

Result<pose::PoseRunResult> run_pose_job(const PoseJob& job) {
  pose::PoseRunOptions o = PHYSIO_TRY(pose_run_options(job));

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
  const std::string scan = st.scan_s > 0 ? fmt::format("people scan {:.2f} s; ", st.scan_s) : std::string();
  std::string s = fmt::format(
      "pose: {} frame{}, {} with a person, {:.1f} frames/s after start-up ({:.1f} overall), "
      "{:.2f} s of which start-up {:.2f} s ({}{} model, {} thread{}",
      st.frames, st.frames == 1 ? "" : "s", st.frames_with_person, st.processing_fps(), st.fps(),
      st.elapsed_s, st.setup_s, scan, job.model, st.inference_threads, st.inference_threads == 1 ? "" : "s");
  s += st.frames > 1
           ? fmt::format(", detector on {} frame{})", st.detector_runs, st.detector_runs == 1 ? "" : "s")
           : ")";
  if (st.from_cache)
    s += fmt::format("; read from the pose cache {} (the figures are of the run stored there)",
                     pose::kPoseCacheEnv);
  if (st.people_seen > 1 || st.identity_uncertain_frames > 0) {
    s += fmt::format(
        "\npose: up to {} people in view, following '{}'; identity {}", st.people_seen, job.follow,
        st.identity_uncertain_frames > 0
            ? fmt::format("uncertain in {} frame{} (see the warnings)", st.identity_uncertain_frames,
                          st.identity_uncertain_frames == 1 ? "" : "s")
            : std::string("kept in every frame"));
  }
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

namespace {
// Printable text in the first kilobyte (a landmark or data file nobody recognised, never a video).
bool looks_like_text(const fs::path& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return false;
  unsigned char buf[1024];
  const std::size_t n = std::fread(buf, 1, sizeof buf, f);
  std::fclose(f);
  if (n == 0) return false;
  for (std::size_t i = 0; i < n; ++i)
    if (buf[i] < 0x09 || (buf[i] > 0x0d && buf[i] < 0x20) || buf[i] == 0x7f) return false;
  return true;
}
}  // namespace

Result<kin::LandmarkFile> load_or_estimate_landmarks(const fs::path& path, const kin::LoadOptions& load,
                                                     PoseJob job, bool* ran_pose) {
  if (ran_pose != nullptr) *ran_pose = false;
  // A UI-PRMD repetition (Kinect): its positions and angles files together give the 3D joints.
  auto ui_prmd = exercise::ui_prmd_pair_of(path);
  if (!ui_prmd) return std::unexpected(std::move(ui_prmd).error());
  if (*ui_prmd) {
    kin::LandmarkFile file;
    file.landmarks = PHYSIO_TRY(exercise::load_ui_prmd_repetition((*ui_prmd)->positions, (*ui_prmd)->angles));
    file.format = "ui-prmd";
    return file;
  }
  bool pose_first = is_pose_input(path);
  if (!pose_first) {
    auto file = kin::load_landmarks(path, load);
    if (file) {
      // A landmark JSON written by pose from video says where identity was uncertain.
      if (file->identity) {
        for (auto& w : pose::identity_warnings(*file->identity)) file->warnings.push_back(std::move(w));
      }
      return file;
    }
    // Not a landmark file: a video under an unusual extension still goes through pose; a text file is
    // never a video (FFmpeg would open it as a text "video" and find nobody in it).
    std::error_code ec;
    if (!fs::is_regular_file(path, ec) || looks_like_text(path) || !pose::FrameDecoder::open(path))
      return file;
    pose_first = true;
  }
  job.input = path.string();
  auto run = PHYSIO_TRY(run_pose_job(job));
  std::fprintf(stderr, "%s\n", pose_summary(job, run.stats).c_str());
  if (ran_pose != nullptr) *ran_pose = true;
  return std::move(run.landmarks);
}

}  // namespace physio::cli
