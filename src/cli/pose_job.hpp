#pragma once
/// The pose job shared by `physio pose` and `physio angles <video>`: run BlazePose over a video, an
/// image or an image folder (pose/video/pose_run.hpp) with a progress bar, and say what was done.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "kinematics/formats/options.hpp"
#include "kinematics/landmarks.hpp"
#include "pose/video/pose_run.hpp"

namespace physio::cli {

struct PoseJob {
  std::string input;
  std::string model = "full";
  std::string models_dir;  ///< empty: pose::default_models_dir()
  int threads = 0;         ///< 0: the machine's cores, at most 4
  bool smooth = false;
  std::string overlay;
  std::int64_t max_frames = 0;
  double rate_hz = 30.0;  ///< image folders
  /// A video's frames timed at i / video_rate_hz s instead of the stream's times (0: the stream's).
  double video_rate_hz = 0.0;
  bool progress = true;  ///< the bar (drawn only on a terminal)
  /// Whom to follow in a video: "auto" (the detector's first choice), "largest", "central" or a person id
  /// from the listing (`--list-people`).
  std::string follow = "auto";
  /// The people scan a person id in `follow` refers to, when the caller has made it already
  /// (scan_people_job); empty: the run scans the video first.
  std::optional<std::vector<pose::PersonTrack>> people;
};

/// Help text of --follow (the same on every command that runs pose).
inline constexpr const char* kFollowHelp =
    "Video input: whom to follow when several people are in view: auto (the detector's most confident "
    "person), largest, central, or a person id from `physio pose <video> --list-people`. Frames where "
    "the followed person is lost are left empty and reported";

/// Runs the pose job. Errors: invalid options (kInvalidArgument), run_pose's errors.
Result<pose::PoseRunResult> run_pose_job(const PoseJob& job);

/// The people in the job's input (pose::scan_people), for `--list-people`.
Result<pose::PeopleScan> scan_people_job(const PoseJob& job);
/// The listing printed by `--list-people`: id, first and last time seen, frames, mean box.
std::string people_listing(const std::string& input, const pose::PeopleScan& scan);
/// The "identity" object of result JSON: whom the series follows and the uncertain spans (as in the
/// landmark JSON).
nlohmann::json identity_json(const kin::IdentityInfo& identity);
/// Checks a --follow value: "auto", "largest", "central" or a person id >= 1.
Status check_follow(const std::string& follow);

/// "pose: 20 frames, 20 with a person, 41.3 frames/s, 0.48 s (full model, 2 threads)".
std::string pose_summary(const PoseJob& job, const pose::PoseRunStats& stats);

/// True when `path` is pose input rather than a landmark file: a camera, a file with an image or
/// video extension, a folder of images without landmark files (.json, .csv, .trc), or a file no landmark
/// reader accepts but FFmpeg can decode.
bool is_pose_input(const std::filesystem::path& path);

/// The landmarks of `path`: read from a landmark file, or made by running `job` (input = path) on a
/// video/image first. `ran_pose` tells which.
Result<kin::LandmarkFile> load_or_estimate_landmarks(const std::filesystem::path& path,
                                                     const kin::LoadOptions& load, PoseJob job,
                                                     bool* ran_pose = nullptr);

}  // namespace physio::cli
