#include "pose/pipeline/pose_tracker.hpp"

#include <algorithm>
#include <cstddef>

#include "pose/pipeline/image_to_tensor.hpp"
#include "pose/pipeline/roi.hpp"
#include "pose/tflite_model.hpp"

namespace physio::pose {

PoseTracker::~PoseTracker() = default;

BackendKind PoseTracker::backend() const {
  return landmarker_->kind();
}

Result<std::unique_ptr<PoseTracker>> PoseTracker::create(const PoseTrackerOptions& options) {
  if (!(options.min_detection_confidence >= 0.0f && options.min_detection_confidence <= 1.0f) ||
      !(options.min_tracking_confidence >= 0.0f && options.min_tracking_confidence <= 1.0f)) {
    return fail(ErrorCode::kInvalidArgument,
                "pose: min_detection_confidence {} and min_tracking_confidence {} must lie in [0, 1]",
                options.min_detection_confidence, options.min_tracking_confidence);
  }
  if (options.threads < 1) {
    return fail(ErrorCode::kInvalidArgument, "pose: threads {} must be at least 1", options.threads);
  }
  std::unique_ptr<PoseTracker> t(new PoseTracker());
  t->options_ = options;
  const std::filesystem::path dir = options.models_dir.empty() ? default_models_dir() : options.models_dir;

  for (const auto& path : {detector_model_path(dir), landmark_model_path(dir, options.model)}) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
      return fail(ErrorCode::kNotFound, "{}: no such file: {}", path.string(), models_hint(dir));
  }
  t->detector_model_ = std::make_unique<Model>(PHYSIO_TRY(load_tflite_model(detector_model_path(dir))));
  t->landmark_model_ =
      std::make_unique<Model>(PHYSIO_TRY(load_tflite_model(landmark_model_path(dir, options.model))));
  t->detector_outputs_ = PHYSIO_TRY(find_detector_outputs(*t->detector_model_));
  t->landmark_outputs_ = PHYSIO_TRY(find_landmark_outputs(*t->landmark_model_));

  InferenceOptions det_opts;
  det_opts.backend = options.backend;
  det_opts.threads = options.threads;
  det_opts.outputs = {t->detector_outputs_.boxes, t->detector_outputs_.scores};
  t->detector_ = PHYSIO_TRY(create_inference(*t->detector_model_, det_opts));

  InferenceOptions lm_opts = det_opts;
  const LandmarkOutputs& lo = t->landmark_outputs_;
  // The segmentation mask is not requested, so a backend can skip its decoder.
  lm_opts.outputs = {lo.landmarks, lo.pose_flag, lo.heatmap, lo.world};
  t->landmarker_ = PHYSIO_TRY(create_inference(*t->landmark_model_, lm_opts));

  SsdAnchorOptions anchor_opts;
  t->anchors_ = PHYSIO_TRY(compute_ssd_anchors(anchor_opts));
  if (static_cast<int>(t->anchors_.size()) != t->detector_outputs_.num_boxes) {
    return fail(ErrorCode::kUnsupported, "pose detector has {} boxes, the SSD anchors are {}",
                t->detector_outputs_.num_boxes, t->anchors_.size());
  }
  return t;
}

void PoseTracker::reset() {
  tracked_roi_.reset();
  last_timestamp_us_.reset();
  followed_.reset();
  clear_target();
  reset_filters();
}

void PoseTracker::set_target(FollowTarget target) {
  has_target_ = true;
  target_ = std::move(target);
}

void PoseTracker::clear_target() {
  has_target_ = false;
  target_ = {};
}

void PoseTracker::drop_tracking() {
  tracked_roi_.reset();
  reset_filters();
}

void PoseTracker::reset_filters() {
  landmark_filter_.reset();
  world_filter_.reset();
  aux_filter_.reset();
  visibility_filter_.reset();
  world_visibility_filter_.reset();
}

Result<std::vector<Detection>> PoseTracker::detect_people(const Image& image) {
  const LetterboxPadding padding =
      PHYSIO_TRY(image_to_tensor(image, NormalizedRect{}, detector_input_options(), detector_->input(0)));
  PHYSIO_CHECK(detector_->run());
  DetectionDecodeOptions decode;
  decode.num_boxes = detector_outputs_.num_boxes;
  decode.num_coords = detector_outputs_.num_coords;
  decode.min_score_thresh = options_.min_detection_confidence;
  std::vector<Detection> raw =
      PHYSIO_TRY(decode_detections(detector_->output(0), detector_->output(1), anchors_, decode));
  std::vector<Detection> kept = weighted_nms(raw, 0.3f);
  remove_detection_letterbox(kept, padding);
  return kept;
}

Result<std::vector<PersonSighting>> PoseTracker::sight_people(const Image& input,
                                                              std::span<const NormalizedRect> tracked) {
  Image rotated;
  if (input.rotation_deg % 360 != 0) rotated = rotate_upright(input);
  const Image& image = input.rotation_deg % 360 != 0 ? rotated : input;
  std::vector<NormalizedRect> regions(tracked.begin(), tracked.end());
  for (const Detection& d : PHYSIO_TRY(detect_people(image)))
    regions.push_back(PHYSIO_TRY(roi_from_detection(d, image.width, image.height)));
  std::vector<PersonSighting> out;
  for (std::size_t r = 0; r < regions.size(); ++r) {
    const NormalizedRect& roi = regions[r];
    PoseFrame scratch;
    std::array<NormalizedLandmark, 2> aux{};
    PHYSIO_CHECK(landmarks_in_roi(image, roi, scratch, aux));
    if (!scratch.found) continue;  // the landmark model sees no person there
    const LandmarkBox box = landmark_box(scratch.landmarks);
    const Point2f centre{aux[0].x, aux[0].y};
    // The same person found again from another region (a tracked region and a detection's, or two
    // detections NMS kept), possibly at another scale or as a smaller part of them. A detection's region
    // gives a new person only clear of everyone found already (a region taking in a person and what they
    // stand on can give a second, misread pose overlapping them).
    const bool new_person = r >= tracked.size();
    if (std::ranges::any_of(out, [&](const PersonSighting& s) {
          return same_place(s.box, box) ||
                 (new_person && (contains(s.box, centre) || contains(box, s.centre)));
        }))
      continue;
    out.push_back(PersonSighting{
        .body = person_state(centre, {aux[1].x, aux[1].y}, image.width, image.height, image.timestamp_us),
        .centre = centre,
        .box = box,
        .roi = roi,
        .next_roi = roi_from_alignment_landmarks({aux[0].x, aux[0].y}, {aux[1].x, aux[1].y}, image.width,
                                                 image.height)});
  }
  return out;
}

Status PoseTracker::landmarks_in_roi(const Image& image, const NormalizedRect& roi, PoseFrame& frame,
                                     std::array<NormalizedLandmark, 2>& aux) {
  const LetterboxPadding padding =
      PHYSIO_TRY(image_to_tensor(image, roi, landmark_input_options(), landmarker_->input(0)));
  PHYSIO_CHECK(landmarker_->run());
  // Outputs in the order requested: landmarks, pose flag, heatmap, world.
  frame.presence_score = landmarker_->output(1)[0];
  if (!(frame.presence_score >= options_.min_tracking_confidence)) return ok();

  std::vector<NormalizedLandmark> lms =
      PHYSIO_TRY(decode_landmarks(landmarker_->output(0), kPoseModelLandmarks));
  // Visibility and presence of world landmarks are those of the image landmarks.
  std::vector<WorldLandmark> world =
      PHYSIO_TRY(decode_world_landmarks(landmarker_->output(3), kPoseModelLandmarks, roi));
  for (std::size_t i = 0; i < world.size(); ++i) {
    world[i].visibility = lms[i].visibility;
    world[i].presence = lms[i].presence;
  }
  PHYSIO_CHECK(refine_landmarks_from_heatmap(lms, landmarker_->output(2), landmark_outputs_.heatmap_height,
                                             landmark_outputs_.heatmap_width));
  remove_landmark_letterbox(lms, padding);
  project_landmarks(lms, roi);

  frame.found = true;
  std::copy_n(lms.begin(), kPoseBodyLandmarks, frame.landmarks.begin());
  std::copy_n(world.begin(), kPoseBodyLandmarks, frame.world_landmarks.begin());
  aux[0] = lms[kAuxCentreLandmark];
  aux[1] = lms[kAuxScaleLandmark];
  return ok();
}

IdentityStatus PoseTracker::identity_of(PoseFrame& frame, const std::array<NormalizedLandmark, 2>& aux,
                                        const std::optional<PersonState>& reference) const {
  // A handful of multiplications and a square root per frame.
  const TimeUs t = frame.timestamp_us;
  const PersonState now =
      person_state({aux[0].x, aux[0].y}, {aux[1].x, aux[1].y}, frame.image_width, frame.image_height, t);
  const IdentityLimits& limits = options_.identity_limits;
  if (reference && !compare_person(*reference, now, limits).same) {
    frame.found = false;
    return IdentityStatus::kJump;
  }
  const bool long_gap =
      followed_ && !has_target_ &&
      static_cast<double>(t - followed_->t_us) > 1e6 * static_cast<double>(limits.reacquire_s);
  return long_gap ? IdentityStatus::kReacquired : IdentityStatus::kFollowed;
}

Result<PoseFrame> PoseTracker::process(const Image& input) {
  if (input.empty()) return fail(ErrorCode::kInvalidArgument, "pose: empty image");
  const bool stateful = options_.track || options_.smooth_landmarks;
  if (stateful && last_timestamp_us_ && input.timestamp_us <= *last_timestamp_us_) {
    return fail(ErrorCode::kInvalidArgument,
                "pose: frame time {} us is not after the previous frame's {} us (call reset() to restart)",
                input.timestamp_us, *last_timestamp_us_);
  }
  Image rotated;
  if (input.rotation_deg % 360 != 0) rotated = rotate_upright(input);
  const Image& image = input.rotation_deg % 360 != 0 ? rotated : input;

  PoseFrame frame;
  frame.timestamp_us = image.timestamp_us;
  frame.image_width = image.width;
  frame.image_height = image.height;
  last_timestamp_us_ = image.timestamp_us;

  const TimeUs t = image.timestamp_us;
  const bool follow = options_.follow_identity;
  const bool targeted = follow && has_target_;
  // Where the scan saw the target in this frame (nullopt: not seen): its region, and its body the reference.
  const std::optional<PersonSighting>& target = target_.person;
  if (targeted) frame.people_detected = static_cast<int>(target_.others.size() + (target ? 1 : 0));
  // The state the landmarks of this frame must match: the target, else the followed person.
  std::optional<PersonState> reference = followed_;
  if (targeted && target) reference = target->body;

  if (targeted && !target) {
    // The scan did not see the target in this frame: nobody is followed here (others seen: reported).
    if (!target_.outside_listing && !target_.others.empty()) frame.identity = IdentityStatus::kOtherPerson;
    drop_tracking();
    return frame;
  }
  NormalizedRect roi;
  const bool from_tracking = options_.track && tracked_roi_.has_value();
  if (from_tracking) {
    roi = *tracked_roi_;
  } else if (targeted) {
    roi = target->roi;  // where the scan found the target: the landmark model finds them there again
  } else {
    frame.detector_ran = true;
    std::vector<Detection> detections = PHYSIO_TRY(detect_people(image));
    frame.people_detected = static_cast<int>(detections.size());
    int pick = detections.empty() ? -1 : 0;
    if (follow && pick >= 0) {
      pick = choose_detection(detections, reference, options_.first_person, image.width, image.height, t,
                              options_.identity_limits);
      if (pick < 0) frame.identity = IdentityStatus::kOtherPerson;
    }
    if (pick < 0) {
      drop_tracking();
      return frame;
    }
    frame.detection = std::move(detections[static_cast<std::size_t>(pick)]);
    roi = PHYSIO_TRY(roi_from_detection(*frame.detection, image.width, image.height));
  }

  std::array<NormalizedLandmark, 2> aux{};
  PHYSIO_CHECK(landmarks_in_roi(image, roi, frame, aux));
  frame.roi = roi;
  if (follow && frame.found) frame.identity = identity_of(frame, aux, reference);
  if (!frame.found && targeted && target && from_tracking) {
    // The tracked region lost the target where the scan found them: look where the scan did, afresh.
    drop_tracking();
    PoseFrame again;
    again.timestamp_us = frame.timestamp_us;
    again.image_width = frame.image_width;
    again.image_height = frame.image_height;
    again.people_detected = frame.people_detected;
    PHYSIO_CHECK(landmarks_in_roi(image, target->roi, again, aux));
    again.roi = target->roi;
    if (again.found) again.identity = identity_of(again, aux, reference);
    if (again.found || frame.identity == IdentityStatus::kUnchecked) frame = std::move(again);
  }
  if (!frame.found) {
    drop_tracking();
    return frame;
  }
  if (follow)
    followed_ = person_state({aux[0].x, aux[0].y}, {aux[1].x, aux[1].y}, image.width, image.height, t);

  // MediaPipe scales the filters' speed by the size of the (unscaled) ROI of the auxiliary landmarks.
  const NormalizedRect scale_roi =
      alignment_points_to_rect({aux[0].x, aux[0].y}, {aux[1].x, aux[1].y}, image.width, image.height);
  if (options_.smooth_landmarks) {
    visibility_filter_.apply(frame.landmarks);
    landmark_filter_.apply(frame.landmarks, t, image.width, image.height, scale_roi);
    world_visibility_filter_.apply_world(frame.world_landmarks);
    world_filter_.apply_world(frame.world_landmarks, t);
  }
  aux_filter_.apply(aux, t, image.width, image.height, scale_roi);
  tracked_roi_ =
      roi_from_alignment_landmarks({aux[0].x, aux[0].y}, {aux[1].x, aux[1].y}, image.width, image.height);
  return frame;
}

}  // namespace physio::pose
