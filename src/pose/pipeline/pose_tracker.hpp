#pragma once
/// BlazePose on the CPU, frame by frame: MediaPipe's pose_landmark_cpu graph (detector -> ROI ->
/// landmark model -> landmarks, with the next ROI tracked from the landmarks).
///
/// Stage contract
///   input:   RGB8 frames (`Image`) in time order; a frame with rotation_deg != 0 is first turned upright.
///            With tracking or smoothing active, timestamps must increase strictly between calls (a
///            frame at or before the previous one is kInvalidArgument); `reset()` starts afresh.
///   per frame:
///     1. ROI: the ROI tracked from the previous frame's auxiliary landmarks when there is one and
///        tracking is on; otherwise the detector runs (224x224 letterbox, 2254 SSD anchors, score >=
///        min_detection_confidence, weighted NMS 0.3) and the best detection gives the ROI (keypoints
///        0 -> 1, rotated square x1.25). No detection: found = false.
///     2. Landmarks: 256x256 crop of the ROI -> landmark model; pose flag < min_tracking_confidence:
///        found = false and tracking is dropped (the next frame runs the detector).
///     3. Decoding: 39 landmarks (sigmoid visibility/presence), heatmap refinement (7x7, 0.5),
///        projection to the image; world landmarks (metres, hip-centred) rotated by the ROI angle.
///     4. Smoothing (optional, MediaPipe's One Euro settings) of landmarks, world landmarks and
///        visibility; the auxiliary landmarks are always smoothed (as MediaPipe) and give the next ROI.
///     5. Identity (only with `follow_identity`; person_identity.hpp): when the detector runs, the
///        detection that matches the followed person is taken (not simply the best one; the first time,
///        `first_person` decides); landmarks whose hip centre or size moved further than a person can
///        since the followed person was last seen are dropped (found = false, tracking restarts).
///        With a target (set_target, from a people scan) the detector does not run: only frames where
///        the scan saw the target are followed; without a tracked ROI, or when the tracked ROI loses
///        them, the region the scan found them in is taken, and the landmarks must match the target's
///        body state in that frame.
///   output:  PoseFrame: 33 image landmarks (x, y normalised to the upright image, z on the x scale,
///            visibility, presence), 33 world landmarks, the ROI used, whether the detector ran, the
///            identity status.
///   options: PoseTrackerOptions; defaults follow MediaPipe Pose (full model, thresholds 0.5,
///            smoothing on).
///   errors:  creation: missing/corrupt model files (kNotFound/kCorrupt with the path), models without
///            the expected tensors (kUnsupported); process: empty images, timestamps going back.

#include <array>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"
#include "pose/inference.hpp"
#include "pose/pipeline/anchors.hpp"
#include "pose/pipeline/detection.hpp"
#include "pose/pipeline/geometry.hpp"
#include "pose/pipeline/image.hpp"
#include "pose/pipeline/landmark_decoding.hpp"
#include "pose/pipeline/landmark_smoothing.hpp"
#include "pose/pipeline/person_identity.hpp"
#include "pose/pipeline/pose_models.hpp"

namespace physio::pose {

struct PoseTrackerOptions {
  PoseModelKind model = PoseModelKind::kFull;
  /// Folder holding the .tflite files; empty = default_models_dir().
  std::filesystem::path models_dir;
  BackendKind backend = BackendKind::kAuto;
  int threads = 1;
  /// Track the ROI from frame to frame (false: the detector runs on every frame, MediaPipe's
  /// static_image_mode).
  bool track = true;
  /// MediaPipe's smooth_landmarks (One Euro on landmarks and world landmarks, low-pass on visibility).
  bool smooth_landmarks = true;
  float min_detection_confidence = 0.5f;
  float min_tracking_confidence = 0.5f;
  /// Follow one person through the video (step 5). Off: MediaPipe's behaviour (the best detection).
  bool follow_identity = false;
  /// Whom to follow first (with follow_identity, when there is no target).
  PersonChoice first_person = PersonChoice::kBestScore;
  IdentityLimits identity_limits;
};

struct PoseFrame {
  TimeUs timestamp_us = 0;
  int image_width = 0;  ///< of the upright image
  int image_height = 0;
  bool found = false;
  bool detector_ran = false;
  /// Pose flag of the landmark model (0 when it did not run).
  float presence_score = 0.0f;
  /// The detector's best detection, in image-normalised coordinates, when the detector ran and found one.
  std::optional<Detection> detection;
  /// ROI the landmark model ran on (meaningful when the landmark model ran).
  NormalizedRect roi;
  std::array<NormalizedLandmark, kPoseBodyLandmarks> landmarks{};   // valid when found
  std::array<WorldLandmark, kPoseBodyLandmarks> world_landmarks{};  // valid when found
  /// Identity check of this frame (kUnchecked without follow_identity).
  IdentityStatus identity = IdentityStatus::kUnchecked;
  /// Detections after NMS when the detector ran (0 otherwise).
  int people_detected = 0;
};

class PoseTracker {
 public:
  ~PoseTracker();
  PoseTracker(const PoseTracker&) = delete;
  PoseTracker& operator=(const PoseTracker&) = delete;

  /// Loads both models and builds their executables.
  static Result<std::unique_ptr<PoseTracker>> create(const PoseTrackerOptions& options = {});

  Result<PoseFrame> process(const Image& image);
  /// Every detection of the detector on one image (after NMS, best first), without tracking state.
  Result<std::vector<Detection>> detect_people(const Image& image);
  /// The people in one image, for a people scan: the landmark model runs in each `tracked` region (the
  /// next_roi of the frame before's sightings), then in the region of each detection; every region where
  /// it finds a pose (pose flag >= min_tracking_confidence) whose body is not one already found in this
  /// image (compare_person) is a sighting. Tracked regions first, so a person keeps being found the way
  /// process() tracks them when the detector misses them. The tracker's own tracking state is neither used
  /// nor changed.
  Result<std::vector<PersonSighting>> sight_people(const Image& image,
                                                   std::span<const NormalizedRect> tracked = {});
  /// Whom to follow in the next process() call (follow_identity; from a PeopleTracker scan).
  /// Cleared by clear_target().
  void set_target(FollowTarget target);
  void clear_target();
  /// Forgets the tracked ROI, the filters and the last timestamp (MediaPipe's pose.reset()).
  void reset();

  const PoseTrackerOptions& options() const { return options_; }
  /// The backend actually running the landmark model.
  BackendKind backend() const;

 private:
  PoseTracker() = default;
  void reset_filters();
  void drop_tracking();
  /// The identity status of landmarks just found (follow_identity); clears frame.found when they are
  /// someone else (kJump).
  IdentityStatus identity_of(PoseFrame& frame, const std::array<NormalizedLandmark, 2>& aux,
                             const std::optional<PersonState>& reference) const;
  Status landmarks_in_roi(const Image& image, const NormalizedRect& roi, PoseFrame& frame,
                          std::array<NormalizedLandmark, 2>& aux);

  PoseTrackerOptions options_;
  std::unique_ptr<Model> detector_model_;
  std::unique_ptr<Model> landmark_model_;
  std::unique_ptr<Inference> detector_;
  std::unique_ptr<Inference> landmarker_;
  DetectorOutputs detector_outputs_;
  LandmarkOutputs landmark_outputs_;
  std::vector<Anchor> anchors_;

  std::optional<NormalizedRect> tracked_roi_;
  std::optional<TimeUs> last_timestamp_us_;
  std::optional<PersonState> followed_;  // the followed person when last confirmed
  bool has_target_ = false;
  FollowTarget target_;
  LandmarkSmoother landmark_filter_{pose_landmark_filter_settings()};
  LandmarkSmoother world_filter_{pose_world_landmark_filter_settings()};
  LandmarkSmoother aux_filter_{pose_aux_landmark_filter_settings()};
  VisibilitySmoother visibility_filter_;
  VisibilitySmoother world_visibility_filter_;
};

}  // namespace physio::pose
