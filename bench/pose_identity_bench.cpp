// The per-frame cost of PoseTracker's identity check (`follow_identity`, person_identity.hpp), against
// same-run baselines. Every iteration is one frame of a synthetic 30 fps video (1768x994, the size of the
// Sports2D demo): a person walking across the image at ~0.7 body sizes per second, hip centre and scale
// point jittered by up to 2 px, slightly leaning; beside them a second person 0.6 body sizes to the right.
// The frames are generated once and read in turn (1024 of them), so no result can be hoisted out of the loop.
//   BM_NoOpFrame            baseline: the same pass over the frames, reading the two auxiliary landmarks.
//   BM_TrackedRoi           baseline: roi_from_alignment_landmarks, which every tracking frame computes with
//                           or without follow_identity (the next frame's ROI from the same two landmarks).
//   BM_IdentityCheck        what follow_identity adds to a tracking frame: person_state from the auxiliary
//                           landmarks, compare_person against the followed person's last state. arg
//                           candidate: 0 = the followed person (a match), 1 = the person beside them (no
//                           match: the frame would be dropped as a jump). Counter `same` = fraction matched.
//   BM_DetectorFramePick    what a detector frame does with its detections: arg follow 0 = MediaPipe's
//                           choice (the first, best detection) -> roi_from_detection (baseline); follow 1 =
//                           choose_detection against the followed person, then roi_from_detection on the
//                           detection it picks. arg people: detections in the frame (the followed person
//                           last, the others 0.6, 1.2, ... body sizes away). Counter `picked_followed`.
#include <benchmark/benchmark.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <random>
#include <span>
#include <vector>

#include "pose/pipeline/detection.hpp"
#include "pose/pipeline/geometry.hpp"
#include "pose/pipeline/landmark_decoding.hpp"
#include "pose/pipeline/person_identity.hpp"
#include "pose/pipeline/roi.hpp"

namespace {
using namespace physio::pose;

constexpr int kWidth = 1768;
constexpr int kHeight = 994;
constexpr std::size_t kFrames = 1024;  // a power of two: the frame index is masked
constexpr physio::TimeUs kFrameUs = 33'333;
constexpr float kBodySizePx = 560.0f;  // twice hip centre -> full-body circle point (~1.2 body heights)
constexpr float kWalkSizesPerS = 0.7f;
constexpr float kBesideSizes = 0.6f;  // the second person's hip centre, in body sizes to the right

// The two auxiliary landmarks (33 hip centre, 34 full-body circle point), normalised to the image.
struct AuxPair {
  Point2f centre;
  Point2f scale;
};

struct Frame {
  physio::TimeUs t_us = 0;
  AuxPair followed;       // the followed person in this frame
  AuxPair beside;         // another person next to them
  PersonState reference;  // the followed person's state in the previous frame (PoseTracker's followed_)
};

AuxPair aux_at(float x_px, float y_px, float size_px, float lean_rad, std::mt19937& rng) {
  std::uniform_real_distribution<float> jitter(-2.0f, 2.0f);
  const float cx = x_px + jitter(rng);
  const float cy = y_px + jitter(rng);
  const float half = 0.5f * size_px;
  const float sx = x_px + half * std::sin(lean_rad) + jitter(rng);
  const float sy = y_px - half * std::cos(lean_rad) + jitter(rng);
  const auto w = static_cast<float>(kWidth);
  const auto h = static_cast<float>(kHeight);
  return AuxPair{.centre = {cx / w, cy / h}, .scale = {sx / w, sy / h}};
}

PersonState state_of(const AuxPair& a, physio::TimeUs t_us) {
  return person_state(a.centre, a.scale, kWidth, kHeight, t_us);
}

const std::vector<Frame>& frames() {
  static const std::vector<Frame> all = [] {
    std::mt19937 rng(20261124);
    std::vector<Frame> out(kFrames);
    const float step_px = kWalkSizesPerS * kBodySizePx * static_cast<float>(kFrameUs) * 1e-6f;
    AuxPair previous{};
    for (std::size_t i = 0; i < kFrames; ++i) {
      const auto k = static_cast<float>(i % 64);  // walks 64 frames, then starts again on the left
      const float x = 300.0f + step_px * k;
      const float y = 600.0f + 3.0f * std::sin(0.5f * k);  // the hip bobbing with the steps
      const float size = kBodySizePx * (1.0f + 0.02f * std::sin(0.1f * k));
      const float lean = 0.05f * std::sin(0.3f * k);
      Frame& f = out[i];
      f.t_us = static_cast<physio::TimeUs>(i + 1) * kFrameUs;
      f.followed = aux_at(x, y, size, lean, rng);
      f.beside = aux_at(x + kBesideSizes * kBodySizePx, y, size, -lean, rng);
      // The first frame of each walk has the previous walk's last state: use its own, a step back.
      if (i % 64 == 0) previous = aux_at(x - step_px, y, size, lean, rng);
      f.reference = state_of(previous, f.t_us - kFrameUs);
      previous = f.followed;
    }
    return out;
  }();
  return all;
}

Detection detection_of(const AuxPair& a) {
  Detection d;
  d.score = 0.9f;
  const float dx = a.scale.x - a.centre.x;
  const float dy = a.scale.y - a.centre.y;
  const float r = std::sqrt(dx * dx + dy * dy);
  d.xmin = a.centre.x - 0.3f * r;
  d.ymin = a.centre.y - r;
  d.width = 0.6f * r;
  d.height = 2.0f * r;
  // BlazePose keypoints: hip centre, full-body circle point, shoulder centre, upper-body circle point.
  d.keypoints = {a.centre, a.scale, {a.centre.x, a.centre.y - 0.6f * r}, {a.centre.x, a.centre.y - r}};
  return d;
}

void BM_NoOpFrame(benchmark::State& state) {
  const std::vector<Frame>& all = frames();
  std::size_t i = 0;
  for (auto _ : state) {
    const Frame& f = all[i++ & (kFrames - 1)];
    AuxPair a = f.followed;
    PersonState r = f.reference;
    benchmark::DoNotOptimize(a);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_NoOpFrame);

void BM_TrackedRoi(benchmark::State& state) {
  const std::vector<Frame>& all = frames();
  std::size_t i = 0;
  for (auto _ : state) {
    const Frame& f = all[i++ & (kFrames - 1)];
    NormalizedRect roi = roi_from_alignment_landmarks(f.followed.centre, f.followed.scale, kWidth, kHeight);
    benchmark::DoNotOptimize(roi);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TrackedRoi);

void BM_IdentityCheck(benchmark::State& state) {
  const std::vector<Frame>& all = frames();
  const bool other = state.range(0) != 0;
  const IdentityLimits limits;  // PoseTrackerOptions' defaults
  std::size_t i = 0;
  std::int64_t same = 0;
  for (auto _ : state) {
    const Frame& f = all[i++ & (kFrames - 1)];
    const AuxPair& a = other ? f.beside : f.followed;
    const PersonState now = person_state(a.centre, a.scale, kWidth, kHeight, f.t_us);
    IdentityVerdict v = compare_person(f.reference, now, limits);
    benchmark::DoNotOptimize(v);
    benchmark::DoNotOptimize(now);
    same += v.same ? 1 : 0;
  }
  state.counters["same"] = static_cast<double>(same) / static_cast<double>(state.iterations());
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(other ? "candidate: the person beside" : "candidate: the followed person");
}
BENCHMARK(BM_IdentityCheck)->ArgName("candidate")->Arg(0)->Arg(1);

void BM_DetectorFramePick(benchmark::State& state) {
  const std::vector<Frame>& all = frames();
  const bool follow = state.range(0) != 0;
  const auto people = static_cast<std::size_t>(state.range(1));
  // Per frame: the other people first (best first, as weighted_nms orders them), the followed person last.
  std::vector<std::vector<Detection>> detections(kFrames);
  std::mt19937 rng(7);
  for (std::size_t i = 0; i < kFrames; ++i) {
    const Frame& f = all[i];
    const PersonState s = state_of(f.followed, f.t_us);
    for (std::size_t p = 1; p < people; ++p) {
      const float sign = p % 2 == 1 ? 1.0f : -1.0f;
      const float x = s.x_px + sign * kBesideSizes * static_cast<float>((p + 1) / 2) * s.size_px;
      detections[i].push_back(detection_of(aux_at(x, s.y_px, s.size_px, 0.0f, rng)));
    }
    detections[i].push_back(detection_of(f.followed));
  }
  const IdentityLimits limits;
  std::size_t i = 0;
  std::int64_t picked_followed = 0;
  for (auto _ : state) {
    const std::size_t k = i++ & (kFrames - 1);
    const std::span<const Detection> dets(detections[k]);
    int pick = 0;
    if (follow) {
      const std::optional<PersonState> reference = all[k].reference;
      pick =
          choose_detection(dets, reference, PersonChoice::kBestScore, kWidth, kHeight, all[k].t_us, limits);
    }
    benchmark::DoNotOptimize(pick);
    if (pick >= 0) {
      auto roi = roi_from_detection(dets[static_cast<std::size_t>(pick)], kWidth, kHeight);
      benchmark::DoNotOptimize(roi);
    }
    picked_followed += pick == static_cast<int>(people) - 1 ? 1 : 0;
  }
  state.counters["picked_followed"] =
      static_cast<double>(picked_followed) / static_cast<double>(state.iterations());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DetectorFramePick)->ArgNames({"follow", "people"})->ArgsProduct({{0, 1}, {1, 2, 4}});

}  // namespace

BENCHMARK_MAIN();
