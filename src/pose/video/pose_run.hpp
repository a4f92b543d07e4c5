#pragma once
/// Pose over a whole input, streamed: decode thread -> bounded queue -> PoseTracker -> landmarks
/// (and optionally an overlay video or PNG). What `physio pose` and `physio angles <video>` run.
///
/// Stage contract
///   input:   a video file, an image, a folder of images (FrameSource).
///   steps:   frames are decoded on a second thread (StreamingReader, `queue_frames` deep), started
///            before the models load, while the calling thread runs PoseTracker on the previous ones. A still
///            image runs the detector on its own, unsmoothed (MediaPipe's static_image_mode; with --follow
///            auto the detector's first detection after weighted NMS is the person, as MediaPipe's choice;
///            largest/central choose among the detections); videos and folders track
///            from frame to frame. A frame whose timestamp does not increase is skipped and counted (the
///            tracker needs strictly increasing times). Landmarks accumulate chunk by chunk into the output
///            sequences, so memory holds the output (~1 KB per frame) plus the queued frames, never the
///            video.
///            Videos and folders follow one person (PoseTrackerOptions::follow_identity, set by the
///            caller): frames where only other people were found, or where the landmarks jumped to
///            someone else, are left empty and reported as uncertain spans; with `follow_id` the people
///            are first scanned (scan_people) and that person is followed in the frames where the scan saw
///            them (the landmark model in the scan's region for them when tracking loses them).
///   output:  PoseRunResult: a LandmarkFile (image-normalised landmarks + world landmarks in metres,
///            BlazePose-33, NaN in frames without a person; `identity` when identity was followed),
///            statistics, and the overlay file when asked:
///            `.png` (only for a single-image input) or a video (VideoWriter) at the source's frame rate.
///   errors:  the source's and the tracker's errors; kInvalidArgument for a PNG overlay of a video or
///            folder, frames of different sizes; kMissingData "no person found in <input>" when no frame
///            has a person (nothing is written then, the overlay neither).

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "kinematics/landmarks.hpp"
#include "pose/pipeline/person_identity.hpp"
#include "pose/pipeline/pose_tracker.hpp"
#include "pose/video/frame_source.hpp"
#include "pose/video/skeleton_overlay.hpp"

namespace physio::pose {

struct PoseRunOptions {
  PoseTrackerOptions tracker;
  FrameSourceOptions source;
  std::int64_t max_frames = 0;  ///< 0 = all
  std::size_t queue_frames = 4;
  std::filesystem::path overlay;  ///< empty = none
  OverlayStyle overlay_style;
  /// Follow the person with this id of scan_people() (0: whom tracker.first_person chooses). Needs
  /// tracker.follow_identity.
  int follow_id = 0;
  /// The people scan to take follow_id from (scan_people's); nullopt: run_pose scans the input first.
  std::optional<std::vector<PersonTrack>> people;
  /// What `identity.follow` says in the output ("auto", "largest", "central" or the id).
  std::string follow_name = "auto";
};

struct PoseRunStats {
  SourceKind kind = SourceKind::kVideo;
  std::int64_t frames = 0;  ///< frames processed
  std::int64_t frames_with_person = 0;
  std::int64_t frames_skipped = 0;  ///< timestamps not increasing
  std::string truncation;           ///< a video cut short: what failed after the frames read (else empty)
  std::int64_t detector_runs = 0;
  int inference_threads = 0;
  double elapsed_s = 0.0;  ///< wall time from open to the last frame (overlay included)
  double setup_s = 0.0;    ///< of which start-up: opening the input and loading the models (and the scan)
  double scan_s = 0.0;     ///< of which the people scan (follow_id without a given scan)
  double wait_s = 0.0;     ///< time the pose thread waited for decoded frames
  std::size_t queue_high_water = 0;
  std::string overlay_encoder;                 ///< "libx264", "mpeg4", "png" or empty
  std::int64_t identity_uncertain_frames = 0;  ///< frames in the identity's uncertain spans
  std::int64_t people_seen = 0;                ///< most detections in one frame where the detector ran
  bool from_cache =
      false;  ///< read from the pose cache (PHYSIO_POSE_CACHE, pose_cache.hpp), not computed now

  /// Frames per second of the whole run, start-up included.
  double fps() const { return elapsed_s > 0 ? static_cast<double>(frames) / elapsed_s : 0.0; }
  /// Throughput once the models are loaded: frames / (elapsed_s - setup_s).
  double processing_fps() const {
    const double t = elapsed_s - setup_s;
    return t > 0 ? static_cast<double>(frames) / t : 0.0;
  }
};

struct PoseRunResult {
  kin::LandmarkFile landmarks;
  PoseRunStats stats;
  /// The people scan (only with follow_id).
  std::vector<PersonTrack> people;
};

/// The people in a video. In every frame the landmark model runs in the region of each person of the frame
/// before (from their landmarks, as tracking does) and in the region of each detection of the detector;
/// each pose found that is not one found already (PoseTracker::sight_people) is grouped into people by
/// PeopleTracker with the tracking's identity limits. About 2.5 times the cost of a pose run with two
/// people in view (a landmark pass per person and the detector, each frame).
struct PeopleScan {
  std::vector<PersonTrack> people;
  std::int64_t frames = 0;
  int image_width = 0;
  int image_height = 0;
};

/// Called after each frame with (frames done, frames expected or 0 when unknown).
using PoseProgressFn = std::function<void(std::int64_t, std::int64_t)>;

Result<PoseRunResult> run_pose(const std::filesystem::path& input, const PoseRunOptions& options,
                               const PoseProgressFn& progress = {});

/// The people of `input` (videos, folders, images). Reads of the options only the models, backend, threads,
/// confidences and identity limits, the source, max_frames and the queue; the rest (whom a run follows,
/// tracking, smoothing, an overlay) changes neither the scan nor its pose-cache entry, so a listing and a run
/// following one of its ids share one scan.
Result<PeopleScan> scan_people(const std::filesystem::path& input, const PoseRunOptions& options,
                               const PoseProgressFn& progress = {});

/// The person walking across the view: the one whose hips travel furthest across it, in body sizes (mean
/// size), when that is at least kMinWalkerTravelSizes (1.5 leg lengths, the gait module's walking-across
/// floor); id 0 when nobody does. What `physio gait` and a walk's upload follow in a video of several people.
inline constexpr double kMinWalkerTravelSizes = 0.75;
struct Walker {
  int id = 0;
  double travel_sizes = 0.0;  ///< the furthest travel found, body sizes
};
Walker walking_person(const PeopleScan& scan);

/// Groups frames' identity statuses into uncertain spans with their reasons (what run_pose reports).
class IdentitySpans {
 public:
  void add(const PoseFrame& frame);
  std::vector<kin::IdentitySpan> finish();

 private:
  std::vector<kin::IdentitySpan> spans_;
  std::vector<int> span_people_;  // [spans] most people detected in a frame of the span
  IdentityStatus open_ = IdentityStatus::kUnchecked;
  std::optional<TimeUs> last_found_us_;
};

/// The uncertain spans in words, one warning each (the first five, then a count); run_pose adds them to
/// the landmark file's warnings.
std::vector<std::string> identity_warnings(const kin::IdentityInfo& identity);

/// True when the overlay path asks for a still image (.png).
bool is_png_path(const std::filesystem::path& path);

}  // namespace physio::pose
