#pragma once
/// Pose over a whole input, streamed: decode thread -> bounded queue -> PoseTracker -> landmarks
/// (and optionally an overlay video or PNG). What `physio pose` and `physio angles <video>` run.
///
/// Stage contract
///   input:   a video file, an image, a folder of images (FrameSource).
///   steps:   frames are decoded on a second thread (StreamingReader, `queue_frames` deep), started
///            before the models load, while the calling thread runs PoseTracker on the previous ones. A still
///            image runs the detector on its own (MediaPipe's static_image_mode); videos and folders track
///            from frame to frame. A frame whose timestamp does not increase is skipped and counted (the
///            tracker needs strictly increasing times). Landmarks accumulate chunk by chunk into the output
///            sequences, so memory holds the output (~1 KB per frame) plus the queued frames, never the
///            video.
///   output:  PoseRunResult: a LandmarkFile (image-normalised landmarks + world landmarks in metres,
///            BlazePose-33, NaN in frames without a person), statistics, and the overlay file when asked:
///            `.png` (only for a single-image input) or a video (VideoWriter) at the source's frame rate.
///   errors:  the source's and the tracker's errors; kInvalidArgument for a PNG overlay of a video or
///            folder, frames of different sizes; kMissingData "no person found in <input>" when no frame
///            has a person (nothing is written then, the overlay neither).

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "core/error.hpp"
#include "kinematics/landmarks.hpp"
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
  double setup_s = 0.0;    ///< of which start-up: opening the input and loading the models
  double wait_s = 0.0;     ///< time the pose thread waited for decoded frames
  std::size_t queue_high_water = 0;
  std::string overlay_encoder;  ///< "libx264", "mpeg4", "png" or empty

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
};

/// Called after each frame with (frames done, frames expected or 0 when unknown).
using PoseProgressFn = std::function<void(std::int64_t, std::int64_t)>;

Result<PoseRunResult> run_pose(const std::filesystem::path& input, const PoseRunOptions& options,
                               const PoseProgressFn& progress = {});

/// True when the overlay path asks for a still image (.png).
bool is_png_path(const std::filesystem::path& path);

}  // namespace physio::pose
