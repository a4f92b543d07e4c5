// How sensitive is our BlazePose pipeline, on demo.mp4 frame 125 (a weak detection, score 0.53, two
// overlapping people in the crop), to perturbations far below anything that separates two correct
// implementations? Issue 3: heavy differs from MediaPipe by 0.0076 (normalised xy) there, against
// < 0.0008 elsewhere (video_reference_test.cpp). Diagnostic: it prints the figures of docs/pose-pipeline.md.
//
// Per case (model, frame) the detector runs once (no tracking, as the reference's detector path) and the
// landmark model runs on the baseline ROI and on perturbed inputs:
//   crop ulp      every value of the 256x256x3 crop tensor moved by one float ulp, random sign;
//   crop 1e-N     every value multiplied by (1 + r), r uniform in [-1e-N, 1e-N] (1e-3 = at most 0.26 grey
//                 level on the brightest pixel);
//   shift x / y   ROI centre (= detection box and keypoints) moved by +-1e-4 of the image (0.18 / 0.10 px);
//   rot           ROI rotation +-1e-4 rad;
//   size          ROI side x (1 + 1e-4);
//   det ulp       one-ulp noise on the detector's input tensor (the ROI then follows).
// Printed per case: the baseline's difference from MediaPipe (max |dx|,|dy| over the landmarks the reference
// calls visible, as video_reference_test.cpp), each perturbation's max landmark move (same mask) and the gap
// to MediaPipe after it, and the heatmap cell (7x7 refinement window centre) of the worst landmark before
// refinement. Frame 125 also gets: the detector on the reference kernels, the NMS cluster with one candidate
// left out or one near-threshold candidate added, and a linear fit of an ROI offset to MediaPipe's result
// (checked on lite, which MediaPipe ran on the same ROI).
// Controls: heavy on frames 75 and 150 (confident detections), lite on frame 125 (same ROI), full on
// frame 125 (MediaPipe finds no pose there: only our landmarks' moves are printed).
// Asserted (robust, not the figures): frame 125 heavy moves at least kMinSensitivityRatio times more than
// the confident controls under the same perturbations, rounding-level perturbations move it far less than
// its gap to MediaPipe, and some sub-grey-level perturbation brings it within kVisibleTolNorm of MediaPipe.
// Skips visibly without the models or ../shared/data/sports2d-demo. ~90 landmark inferences, ~12 s (ASan).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/test_data.hpp"
#include "mediapipe_agreement.hpp"
#include "pose/inference.hpp"
#include "pose/model_files.hpp"
#include "pose/pipeline/detection.hpp"
#include "pose/pipeline/ffmpeg_decoder.hpp"
#include "pose/pipeline/image_to_tensor.hpp"
#include "pose/pipeline/landmark_decoding.hpp"
#include "pose/pipeline/pose_models.hpp"
#include "pose/pipeline/roi.hpp"
#include "pose/tflite_model.hpp"

namespace physio::pose {
namespace {

using agreement::kVisibleThreshold;
using agreement::kVisibleTolNorm;  // the strict agreement bound of video_reference_test.cpp
using agreement::requested_backend;

constexpr float kShiftNorm = 1e-4f;  // ROI centre step, fraction of the image
constexpr float kRotationStepRad = 1e-4f;
constexpr float kSizeStepRel = 1e-4f;
constexpr float kCropRelNoise = 1e-6f;
constexpr unsigned kNoiseSeed = 125;
constexpr float kMinDetectionConfidence = 0.5f;  // MediaPipe Pose's default, as the references
// Leave-one-out over the NMS cluster of frame 125 (the candidates merged into the best detection).
// and the near-threshold candidates (kNearThresholdScore <= score < 0.5) of that cluster added one at a time.
constexpr std::size_t kMaxLeaveOneOut = 8;
constexpr float kNearThresholdScore = 0.4f;
// Frame 125 heavy must respond at least this many times more than the confident controls (measured ratio
// ~100x or more, see docs/pose-pipeline.md); a factor 10 keeps the assertion robust to backend numerics.
constexpr double kMinSensitivityRatio = 10.0;
// Rounding-level perturbations (crop ulp, crop 1e-6, detector ulp) must move frame 125 heavy by less than
// this fraction of its gap to MediaPipe (measured ~1/150).
constexpr double kRoundingShareOfGap = 0.1;

// Moves every value by one float ulp up or down (fixed seed).
void add_ulp_noise(std::span<float> values) {
  std::mt19937 rng(kNoiseSeed);
  std::bernoulli_distribution up(0.5);
  for (float& v : values) {
    v = std::nextafter(
        v, up(rng) ? std::numeric_limits<float>::infinity() : -std::numeric_limits<float>::infinity());
  }
}

using Landmarks = std::vector<NormalizedLandmark>;  // [39]

// The landmark stage of pose_tracker.cpp with a hook on the crop tensor.
class LandmarkRunner {
 public:
  static Result<LandmarkRunner> create(const std::filesystem::path& dir, PoseModelKind kind) {
    LandmarkRunner r;
    r.model_ = std::make_unique<Model>(PHYSIO_TRY(load_tflite_model(landmark_model_path(dir, kind))));
    r.outputs_ = PHYSIO_TRY(find_landmark_outputs(*r.model_));
    InferenceOptions o;
    o.backend = requested_backend();
    o.outputs = {r.outputs_.landmarks, r.outputs_.pose_flag, r.outputs_.heatmap};
    r.inference_ = PHYSIO_TRY(create_inference(*r.model_, o));
    return r;
  }

  enum class CropNoise { kNone, kUlp, kRelative };

  /// Crop-normalised landmarks of the last run before heatmap refinement.
  Landmarks last_unrefined;
  /// Relative amplitude of kRelative noise (each value times 1 + r, r uniform in [-a, a]).
  float relative_noise = kCropRelNoise;

  // Landmarks projected to the image, and the pose flag.
  Result<std::pair<Landmarks, float>> run(const Image& image, const NormalizedRect& roi, CropNoise noise) {
    std::span<float> in = inference_->input(0);
    const LetterboxPadding padding = PHYSIO_TRY(image_to_tensor(image, roi, landmark_input_options(), in));
    std::mt19937 rng(kNoiseSeed);
    if (noise == CropNoise::kUlp) {
      add_ulp_noise(in);
    } else if (noise == CropNoise::kRelative) {
      std::uniform_real_distribution<float> r(-relative_noise, relative_noise);
      for (float& v : in) v *= 1.0f + r(rng);
    }
    PHYSIO_CHECK(inference_->run());
    Landmarks lms = PHYSIO_TRY(decode_landmarks(inference_->output(0), kPoseModelLandmarks));
    last_unrefined = lms;
    PHYSIO_CHECK(refine_landmarks_from_heatmap(lms, inference_->output(2), outputs_.heatmap_height,
                                               outputs_.heatmap_width));
    remove_landmark_letterbox(lms, padding);
    project_landmarks(lms, roi);
    return std::pair<Landmarks, float>(std::move(lms), inference_->output(1)[0]);
  }

 private:
  std::unique_ptr<Model> model_;
  LandmarkOutputs outputs_;
  std::unique_ptr<Inference> inference_;
};

// pose_tracker.cpp's detector stage, kept apart: the decoded candidates above `min_score` (before NMS, in
// letterboxed coordinates) and the letterbox padding.
struct RawDetections {
  std::vector<Detection> candidates;
  LetterboxPadding padding;
};

// `ulp_noise`: every value of the detector's input tensor moved by one float ulp (random sign) first.
// `reference_kernels`: the detector runs on the plain reference kernels instead of the requested backend.
Result<RawDetections> detect_raw(const std::filesystem::path& dir, const Image& image, bool ulp_noise,
                                 float min_score, bool reference_kernels = false) {
  const Model model = PHYSIO_TRY(load_tflite_model(detector_model_path(dir)));
  const DetectorOutputs outs = PHYSIO_TRY(find_detector_outputs(model));
  InferenceOptions o;
  o.backend = requested_backend();
  o.outputs = {outs.boxes, outs.scores};
  auto inference =
      PHYSIO_TRY(reference_kernels ? create_reference_inference(model, o) : create_inference(model, o));
  RawDetections r;
  r.padding =
      PHYSIO_TRY(image_to_tensor(image, NormalizedRect{}, detector_input_options(), inference->input(0)));
  if (ulp_noise) add_ulp_noise(inference->input(0));
  PHYSIO_CHECK(inference->run());
  const std::vector<Anchor> anchors = PHYSIO_TRY(compute_ssd_anchors(SsdAnchorOptions{}));
  DetectionDecodeOptions decode;
  decode.num_boxes = outs.num_boxes;
  decode.num_coords = outs.num_coords;
  decode.min_score_thresh = min_score;
  r.candidates = PHYSIO_TRY(decode_detections(inference->output(0), inference->output(1), anchors, decode));
  return r;
}

// Weighted NMS (0.3), letterbox removal and the ROI of the best detection, as pose_tracker.cpp.
Result<std::pair<NormalizedRect, float>> roi_of(const std::vector<Detection>& candidates,
                                                const LetterboxPadding& padding, const Image& image) {
  std::vector<Detection> kept = weighted_nms(candidates, 0.3f);
  remove_detection_letterbox(kept, padding);
  if (kept.empty()) return fail(ErrorCode::kMissingData, "no detection");
  const NormalizedRect roi = PHYSIO_TRY(roi_from_detection(kept.front(), image.width, image.height));
  return std::pair<NormalizedRect, float>(roi, kept.front().score);
}

// Max |dx|, |dy| over the masked body landmarks; `argmax` receives the landmark holding it.
double max_move(const Landmarks& a, const Landmarks& b, const std::vector<bool>& mask,
                std::size_t* argmax = nullptr) {
  double m = 0.0;
  for (std::size_t i = 0; i < kPoseBodyLandmarks; ++i) {
    if (!mask[i]) continue;
    const double d = std::max(std::fabs(static_cast<double>(a[i].x) - b[i].x),
                              std::fabs(static_cast<double>(a[i].y) - b[i].y));
    if (d > m) {
      m = d;
      if (argmax != nullptr) *argmax = i;
    }
  }
  return m;
}

// Least squares min |J p - g| for p in R^k (normal equations, Gaussian elimination with pivoting).
// J: columns of length n. Returns p and the residual max |J p - g|.
std::pair<std::vector<double>, double> fit_linear(const std::vector<std::vector<double>>& cols,
                                                  const std::vector<double>& g) {
  const std::size_t k = cols.size(), n = g.size();
  std::vector<std::vector<double>> a(k, std::vector<double>(k + 1, 0.0));
  for (std::size_t r = 0; r < k; ++r) {
    for (std::size_t c = 0; c < k; ++c) {
      for (std::size_t i = 0; i < n; ++i) a[r][c] += cols[r][i] * cols[c][i];
    }
    for (std::size_t i = 0; i < n; ++i) a[r][k] += cols[r][i] * g[i];
  }
  for (std::size_t c = 0; c < k; ++c) {
    std::size_t piv = c;
    for (std::size_t r = c + 1; r < k; ++r) {
      if (std::fabs(a[r][c]) > std::fabs(a[piv][c])) piv = r;
    }
    std::swap(a[c], a[piv]);
    for (std::size_t r = 0; r < k; ++r) {
      if (r == c || a[c][c] == 0.0) continue;
      const double f = a[r][c] / a[c][c];
      for (std::size_t j = c; j <= k; ++j) a[r][j] -= f * a[c][j];
    }
  }
  std::vector<double> p(k, 0.0);
  for (std::size_t c = 0; c < k; ++c) p[c] = a[c][c] != 0.0 ? a[c][k] / a[c][c] : 0.0;
  double residual = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    double v = -g[i];
    for (std::size_t c = 0; c < k; ++c) v += cols[c][i] * p[c];
    residual = std::max(residual, std::fabs(v));
  }
  return {p, residual};
}

struct CaseResult {
  double gap_to_mediapipe = -1.0;  // < 0: MediaPipe found no pose
  double max_response = 0.0;       // max over perturbations
  double rounding_response = 0.0;  // max over the rounding-level ones
  double best_gap_after = 1.0;     // smallest gap to MediaPipe after a perturbation
};

struct Perturbation {
  const char* name;
  LandmarkRunner::CropNoise noise;
  float dx, dy, dsize_rel, drot_rad;
  float relative_noise = kCropRelNoise;
};

constexpr std::array<Perturbation, 12> kPerturbations = {{
    {"crop ulp", LandmarkRunner::CropNoise::kUlp, 0, 0, 0, 0},
    {"crop 1e-6", LandmarkRunner::CropNoise::kRelative, 0, 0, 0, 0, 1e-6f},
    {"crop 1e-5", LandmarkRunner::CropNoise::kRelative, 0, 0, 0, 0, 1e-5f},
    {"crop 1e-4", LandmarkRunner::CropNoise::kRelative, 0, 0, 0, 0, 1e-4f},
    {"crop 1e-3", LandmarkRunner::CropNoise::kRelative, 0, 0, 0, 0, 1e-3f},
    {"shift +x", LandmarkRunner::CropNoise::kNone, kShiftNorm, 0, 0, 0},
    {"shift -x", LandmarkRunner::CropNoise::kNone, -kShiftNorm, 0, 0, 0},
    {"shift +y", LandmarkRunner::CropNoise::kNone, 0, kShiftNorm, 0, 0},
    {"shift -y", LandmarkRunner::CropNoise::kNone, 0, -kShiftNorm, 0, 0},
    {"rot +", LandmarkRunner::CropNoise::kNone, 0, 0, 0, kRotationStepRad},
    {"rot -", LandmarkRunner::CropNoise::kNone, 0, 0, 0, -kRotationStepRad},
    {"size +", LandmarkRunner::CropNoise::kNone, 0, 0, kSizeStepRel, 0},
}};

TEST(PoseFrame125Sensitivity, HeavyGapIsWithinSubGreyLevelSensitivity) {
  PHYSIO_REQUIRE_MODEL("pose_landmark_heavy.tflite");
  const std::filesystem::path models = model_path.parent_path();
  for (const char* name :
       {"pose_detection.tflite", "pose_landmark_lite.tflite", "pose_landmark_full.tflite"}) {
    if (!std::filesystem::exists(models / name)) GTEST_SKIP() << "model " << name << " is absent; skipping";
  }
  PHYSIO_REQUIRE_SHARED("sports2d-demo");
  std::ifstream ref_in(test::source_dir() / "tests" / "pose" / "data" / "mediapipe_ref" /
                       "demo_detector.json");
  ASSERT_TRUE(ref_in) << "missing tests/pose/data/mediapipe_ref/demo_detector.json";
  const nlohmann::json ref = nlohmann::json::parse(ref_in);

  // Decode the frames in order, stopping after the last one wanted.
  const std::vector<int> wanted = {75, 125, 150};
  std::map<int, Image> frames;
  {
    auto decoder = FrameDecoder::open(shared_path / "demo.mp4");
    ASSERT_TRUE(decoder) << decoder.error().to_string();
    Image frame;
    for (int n = 0; n <= wanted.back(); ++n) {
      auto got = (*decoder)->next_frame_into(frame);
      ASSERT_TRUE(got && *got) << "demo.mp4 ends before frame " << n;
      if (std::find(wanted.begin(), wanted.end(), n) != wanted.end()) frames[n] = frame;
    }
  }
  // The detector's ROI, and the ROI after one-ulp noise on the detector's input tensor.
  std::map<int, NormalizedRect> rois, rois_det_ulp;
  std::map<int, float> scores;
  RawDetections raw125;  // frame 125's candidates down to kNearThresholdScore
  NormalizedRect roi125_reference_kernels;
  std::printf("detector input one-ulp noise -> ROI change (centre x, y, size: fraction of the image; rad)\n");
  for (int n : wanted) {
    for (bool noisy : {false, true}) {
      auto raw = detect_raw(models, frames.at(n), noisy, kMinDetectionConfidence);
      ASSERT_TRUE(raw) << raw.error().to_string();
      auto roi = roi_of(raw->candidates, raw->padding, frames.at(n));
      ASSERT_TRUE(roi) << "frame " << n << ": " << roi.error().to_string();
      (noisy ? rois_det_ulp : rois)[n] = roi->first;
      if (!noisy) scores[n] = roi->second;
    }
    if (n == 125) {
      auto raw = detect_raw(models, frames.at(n), false, kNearThresholdScore);
      ASSERT_TRUE(raw) << raw.error().to_string();
      raw125 = std::move(*raw);
      // Two correct implementations of the detector: the reference kernels against the requested backend.
      auto ref_raw =
          detect_raw(models, frames.at(n), false, kMinDetectionConfidence, /*reference_kernels=*/true);
      ASSERT_TRUE(ref_raw) << ref_raw.error().to_string();
      auto ref_roi = roi_of(ref_raw->candidates, ref_raw->padding, frames.at(n));
      ASSERT_TRUE(ref_roi) << ref_roi.error().to_string();
      roi125_reference_kernels = ref_roi->first;
      const NormalizedRect &a = rois.at(n), &b = ref_roi->first;
      std::printf(
          "  frame 125, detector on the reference kernels instead: dx %+.1e dy %+.1e dsize %+.1e drot "
          "%+.1e\n",
          static_cast<double>(b.x_center - a.x_center), static_cast<double>(b.y_center - a.y_center),
          static_cast<double>(b.width - a.width), static_cast<double>(b.rotation_rad - a.rotation_rad));
    }
    const NormalizedRect &a = rois.at(n), &b = rois_det_ulp.at(n);
    std::printf("  frame %3d score %.3f: dx %+.1e dy %+.1e dsize %+.1e drot %+.1e\n", n,
                static_cast<double>(scores.at(n)), static_cast<double>(b.x_center - a.x_center),
                static_cast<double>(b.y_center - a.y_center), static_cast<double>(b.width - a.width),
                static_cast<double>(b.rotation_rad - a.rotation_rad));
  }

  struct Case {
    PoseModelKind kind;
    int frame;
  };
  const std::array<Case, 5> cases = {{{PoseModelKind::kHeavy, 125},
                                      {PoseModelKind::kHeavy, 75},
                                      {PoseModelKind::kHeavy, 150},
                                      {PoseModelKind::kLite, 125},
                                      {PoseModelKind::kFull, 125}}};
  std::map<std::pair<int, int>, CaseResult> results;  // (model, frame)
  std::printf(
      "max landmark move (normalised xy, landmarks MediaPipe calls visible) under each perturbation\n");
  std::printf("(landmark holding the max in brackets)\nmodel frame score flag  vs_MP(lm)   ");
  for (const Perturbation& p : kPerturbations) std::printf(" %-11s", p.name);
  std::printf(" det ulp    max\n");
  std::map<PoseModelKind, std::optional<LandmarkRunner>> runners;
  std::optional<NormalizedRect> heavy125_fitted_roi;
  for (const Case& c : cases) {
    auto& runner = runners[c.kind];
    if (!runner) {
      auto r = LandmarkRunner::create(models, c.kind);
      ASSERT_TRUE(r) << r.error().to_string();
      runner.emplace(std::move(*r));
    }
    const Image& image = frames.at(c.frame);
    const NormalizedRect roi = rois.at(c.frame);
    auto base = runner->run(image, roi, LandmarkRunner::CropNoise::kNone);
    ASSERT_TRUE(base) << base.error().to_string();
    const Landmarks& b = base->first;

    const std::string model_name(pose_model_name(c.kind));
    const nlohmann::json* mp = nullptr;
    for (const auto& input : ref.at("inputs")) {
      if (input.at("frame").get<int>() != c.frame) continue;
      const auto& res = input.at("models").at(model_name).at("results");
      if (!res.empty()) mp = &res.at(0).at("poseLandmarks");
    }
    // Mask: MediaPipe's visible landmarks; without a MediaPipe pose, ours.
    std::vector<bool> mask(kPoseBodyLandmarks);
    Landmarks mp_lms(kPoseBodyLandmarks);
    for (std::size_t i = 0; i < kPoseBodyLandmarks; ++i) {
      if (mp != nullptr) {
        mp_lms[i].x = mp->at(i).at("x").get<float>();
        mp_lms[i].y = mp->at(i).at("y").get<float>();
        mask[i] = mp->at(i).at("visibility").get<double>() > kVisibleThreshold;
      } else {
        mask[i] = b[i].visibility > kVisibleThreshold;
      }
    }
    CaseResult cr;
    std::size_t gap_lm = 0;
    if (mp != nullptr) cr.gap_to_mediapipe = max_move(b, mp_lms, mask, &gap_lm);
    std::printf("%-5s %5d %.3f %.3f ", model_name.c_str(), c.frame, static_cast<double>(scores.at(c.frame)),
                static_cast<double>(base->second));
    if (mp != nullptr) {
      std::printf(" %.5f(%2zu)", cr.gap_to_mediapipe, gap_lm);
    } else {
      std::printf(" no pose    ");
    }
    std::vector<Landmarks> moved, moved_unrefined;
    float flag_change = 0.0f;
    for (const Perturbation& p : kPerturbations) {
      NormalizedRect r = roi;
      r.x_center += p.dx;
      r.y_center += p.dy;
      r.width *= 1.0f + p.dsize_rel;
      r.height *= 1.0f + p.dsize_rel;
      r.rotation_rad += p.drot_rad;
      runner->relative_noise = p.relative_noise;
      auto out = runner->run(image, r, p.noise);
      ASSERT_TRUE(out) << out.error().to_string();
      std::size_t lm = 0;
      const double m = max_move(out->first, b, mask, &lm);
      cr.max_response = std::max(cr.max_response, m);
      if (p.noise == LandmarkRunner::CropNoise::kUlp ||
          (p.noise == LandmarkRunner::CropNoise::kRelative && p.relative_noise <= kCropRelNoise)) {
        cr.rounding_response = std::max(cr.rounding_response, m);
      }
      if (mp != nullptr) cr.best_gap_after = std::min(cr.best_gap_after, max_move(out->first, mp_lms, mask));
      flag_change = std::max(flag_change, std::fabs(out->second - base->second));
      std::printf(" %.1e(%2zu)", m, lm);
      moved.push_back(std::move(out->first));
      moved_unrefined.push_back(runner->last_unrefined);
    }
    {
      auto out = runner->run(image, rois_det_ulp.at(c.frame), LandmarkRunner::CropNoise::kNone);
      ASSERT_TRUE(out) << out.error().to_string();
      std::size_t lm = 0;
      const double m = max_move(out->first, b, mask, &lm);
      cr.max_response = std::max(cr.max_response, m);
      cr.rounding_response = std::max(cr.rounding_response, m);
      flag_change = std::max(flag_change, std::fabs(out->second - base->second));
      std::printf(" %.1e(%2zu)", m, lm);
    }
    std::printf(" %.5f (flag moves <= %.4f)\n", cr.max_response, static_cast<double>(flag_change));
    const Landmarks base_unrefined = [&] {
      auto again = runner->run(image, roi, LandmarkRunner::CropNoise::kNone);
      return again ? runner->last_unrefined : Landmarks();
    }();
    if (mp != nullptr) {
      std::printf("      after each perturbation, gap to MediaPipe:");
      for (const Landmarks& m : moved) std::printf(" %.5f", max_move(m, mp_lms, mask));
      std::printf("\n");
    }
    // The landmark of the largest gap: its heatmap cell (7x7 refinement window centre = the truncated
    // crop position x 64) before refinement, baseline and each perturbation.
    if (mp != nullptr && !base_unrefined.empty()) {
      const auto cell = [&](const Landmarks& u) {
        return std::pair<double, double>(static_cast<double>(u[gap_lm].x) * 64.0,
                                         static_cast<double>(u[gap_lm].y) * 64.0);
      };
      std::printf("      lm %zu heatmap cell (col, row) before refinement: baseline %.3f %.3f; perturbed",
                  gap_lm, cell(base_unrefined).first, cell(base_unrefined).second);
      for (const Landmarks& u : moved_unrefined) std::printf(" %.3f %.3f,", cell(u).first, cell(u).second);
      std::printf("\n");
    }
    results[{static_cast<int>(c.kind), c.frame}] = cr;

    // Which ROI offset (centre x, y, size, rotation) best turns our landmarks into MediaPipe's, to first
    // order (one-sided finite differences of the + steps)? Masked landmarks, x and y.
    if (mp != nullptr) {
      const std::array<std::pair<std::size_t, double>, 4> steps = {
          {{5, kShiftNorm}, {7, kShiftNorm}, {11, kSizeStepRel}, {9, kRotationStepRad}}};
      std::vector<std::vector<double>> cols(steps.size());
      std::vector<double> gap;
      for (std::size_t i = 0; i < kPoseBodyLandmarks; ++i) {
        if (!mask[i]) continue;
        gap.push_back(static_cast<double>(mp_lms[i].x) - b[i].x);
        gap.push_back(static_cast<double>(mp_lms[i].y) - b[i].y);
        for (std::size_t s = 0; s < steps.size(); ++s) {
          const Landmarks& m = moved[steps[s].first];
          cols[s].push_back((static_cast<double>(m[i].x) - b[i].x) / steps[s].second);
          cols[s].push_back((static_cast<double>(m[i].y) - b[i].y) / steps[s].second);
        }
      }
      const auto [p, residual] = fit_linear(cols, gap);
      // The fitted ROI, run for real (the response is not linear at this scale).
      NormalizedRect fitted = roi;
      fitted.x_center += static_cast<float>(p[0]);
      fitted.y_center += static_cast<float>(p[1]);
      fitted.width *= 1.0f + static_cast<float>(p[2]);
      fitted.height *= 1.0f + static_cast<float>(p[2]);
      fitted.rotation_rad += static_cast<float>(p[3]);
      auto out = runner->run(image, fitted, LandmarkRunner::CropNoise::kNone);
      ASSERT_TRUE(out) << out.error().to_string();
      if (c.kind == PoseModelKind::kHeavy && c.frame == 125) heavy125_fitted_roi = fitted;
      if (c.kind == PoseModelKind::kLite && c.frame == 125 && heavy125_fitted_roi) {
        // MediaPipe ran lite and heavy on one ROI: lite tells whether heavy's fitted ROI can be MediaPipe's.
        auto on_heavy_fit = runner->run(image, *heavy125_fitted_roi, LandmarkRunner::CropNoise::kNone);
        ASSERT_TRUE(on_heavy_fit) << on_heavy_fit.error().to_string();
        std::printf("      lite on the ROI fitted for heavy: gap to MediaPipe %.5f (baseline %.5f)\n",
                    max_move(on_heavy_fit->first, mp_lms, mask), cr.gap_to_mediapipe);
      }
      std::printf(
          "      ROI offset fitted to MediaPipe (linear): dx %+.1e dy %+.1e dsize %+.1e drot %+.1e rad; "
          "predicted gap %.5f, actual on that ROI %.5f (baseline %.5f)\n",
          p[0], p[1], p[2], p[3], residual, max_move(out->first, mp_lms, mask), cr.gap_to_mediapipe);
    }

    if (c.frame == 125) {
      auto out = runner->run(image, roi125_reference_kernels, LandmarkRunner::CropNoise::kNone);
      ASSERT_TRUE(out) << out.error().to_string();
      std::printf("      on the ROI of the reference-kernel detector: move %.2e\n",
                  max_move(out->first, b, mask));
    }

    // NMS candidate set on frame 125 heavy: drop one merged candidate, or add one just below threshold.
    if (c.kind == PoseModelKind::kHeavy && c.frame == 125 && mp != nullptr) {
      std::vector<Detection> above;
      for (const Detection& d : raw125.candidates) {
        if (d.score >= kMinDetectionConfidence) above.push_back(d);
      }
      ASSERT_FALSE(above.empty());
      const Detection best = *std::max_element(
          above.begin(), above.end(), [](const auto& x, const auto& y) { return x.score < y.score; });
      std::vector<std::size_t> cluster;  // indices into raw125.candidates, best score first
      for (std::size_t i = 0; i < raw125.candidates.size(); ++i) {
        if (box_iou(raw125.candidates[i], best) > 0.3f) cluster.push_back(i);
      }
      std::sort(cluster.begin(), cluster.end(), [&](std::size_t x, std::size_t y) {
        return raw125.candidates[x].score > raw125.candidates[y].score;
      });
      std::printf("      NMS cluster of the best detection: %zu candidates >= %.2f (%zu >= %.2f)\n",
                  cluster.size(), static_cast<double>(kNearThresholdScore),
                  static_cast<std::size_t>(std::count_if(
                      cluster.begin(), cluster.end(),
                      [&](std::size_t i) { return raw125.candidates[i].score >= kMinDetectionConfidence; })),
                  static_cast<double>(kMinDetectionConfidence));
      std::size_t runs = 0;
      for (std::size_t i : cluster) {
        if (runs++ >= kMaxLeaveOneOut) break;
        const bool in = raw125.candidates[i].score >= kMinDetectionConfidence;
        std::vector<Detection> set = above;
        if (in) {
          set.erase(std::find_if(set.begin(), set.end(), [&](const Detection& d) {
            return d.score == raw125.candidates[i].score && d.xmin == raw125.candidates[i].xmin;
          }));
        } else {
          set.push_back(raw125.candidates[i]);
        }
        auto r = roi_of(set, raw125.padding, image);
        ASSERT_TRUE(r) << r.error().to_string();
        auto out = runner->run(image, r->first, LandmarkRunner::CropNoise::kNone);
        ASSERT_TRUE(out) << out.error().to_string();
        std::printf(
            "        %s candidate score %.4f: ROI dx %+.1e dy %+.1e dsize %+.1e drot %+.1e -> move %.5f, gap "
            "to "
            "MediaPipe %.5f\n",
            in ? "without" : "with   ", static_cast<double>(raw125.candidates[i].score),
            static_cast<double>(r->first.x_center - roi.x_center),
            static_cast<double>(r->first.y_center - roi.y_center),
            static_cast<double>(r->first.width / roi.width - 1.0f),
            static_cast<double>(r->first.rotation_rad - roi.rotation_rad), max_move(out->first, b, mask),
            max_move(out->first, mp_lms, mask));
      }
    }
  }

  const CaseResult heavy125 = results.at({static_cast<int>(PoseModelKind::kHeavy), 125});
  const double control = std::max(results.at({static_cast<int>(PoseModelKind::kHeavy), 75}).max_response,
                                  results.at({static_cast<int>(PoseModelKind::kHeavy), 150}).max_response);
  std::printf(
      "heavy frame 125: max move %.5f, gap to MediaPipe %.5f; confident heavy controls max %.6f (x%.0f)\n",
      heavy125.max_response, heavy125.gap_to_mediapipe, control,
      control > 0.0 ? heavy125.max_response / control : 0.0);
  ::testing::Test::RecordProperty("heavy125_max_move", std::to_string(heavy125.max_response));
  ::testing::Test::RecordProperty("heavy_control_max_move", std::to_string(control));
  std::printf(
      "heavy frame 125: rounding-level perturbations move it by <= %.2e; best gap to MediaPipe after a "
      "perturbation %.5f\n",
      heavy125.rounding_response, heavy125.best_gap_after);
  EXPECT_GT(heavy125.max_response, kMinSensitivityRatio * control)
      << "frame 125 heavy is expected to be far more sensitive than the confident controls";
  EXPECT_LT(heavy125.rounding_response, kRoundingShareOfGap * heavy125.gap_to_mediapipe)
      << "float-rounding-level perturbations are expected not to reproduce the gap";
  EXPECT_LT(heavy125.best_gap_after, kVisibleTolNorm)
      << "some sub-grey-level perturbation is expected to bring frame 125 heavy within the strict bound";
}

}  // namespace
}  // namespace physio::pose
