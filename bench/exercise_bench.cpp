// Exercise analysis, batch, on one hour of 30 fps BlazePose-33 landmarks (108,000 frames, 900 squats):
// angles needed by the exercise (2D), low-pass, segmentation, per-repetition metrics (SPARC included),
// rules, cues, scores and summary. The angle-series path alone is timed too.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "exercise/analyse.hpp"
#include "exercise/applicability.hpp"
#include "exercise/library.hpp"
#include "exercise/live.hpp"
#include "exercise/live_landmarks.hpp"
#include "kinematics/angles/label_window.hpp"
#include "kinematics/synthetic.hpp"

namespace {
using namespace physio;

const kin::SyntheticRecording& hour() {
  static const kin::SyntheticRecording rec = [] {
    kin::SyntheticOptions o;
    o.repetitions = 900;
    o.rep_period_s = 3.0;
    o.pause_s = 1.0;
    o.noise = 0.002;
    auto r = kin::make_synthetic(o);
    r.image.resize(108'000);
    return r;
  }();
  return rec;
}

const exercise::Exercise& squat() {
  auto ex = exercise::find_exercise("deep_squat");
  if (!ex) {
    std::fprintf(stderr, "%s\n", ex.error().to_string().c_str());
    std::abort();
  }
  return **ex;
}

// Complete repetitions among live events.
int complete_reps(const std::vector<exercise::LiveEvent>& events) {
  int n = 0;
  for (const auto& e : events) n += e.kind == exercise::LiveEvent::Kind::kRepDone && !e.rep.partial;
  return n;
}

void BM_AnalyseLandmarksHour(benchmark::State& state) {
  const auto& seq = hour().image;
  const auto& ex = squat();
  int count = 0;
  for (auto _ : state) {
    auto r = exercise::analyse_exercise(seq, ex);
    if (!r) state.SkipWithError(r.error().to_string().c_str());
    count = r ? r->summary.count : -1;
    benchmark::DoNotOptimize(r);
  }
  state.counters["reps"] = count;
  state.counters["frames"] = static_cast<double>(seq.n_frames());
}
BENCHMARK(BM_AnalyseLandmarksHour)->Unit(benchmark::kMillisecond)->Repetitions(5)->ReportAggregatesOnly(true);

// What `physio analyze` does with the hour: the analysis, then the repetitions that count and the
// preconditions (their body checks read the picture with the labels repaired: body_frames).
void BM_AnalyseLandmarksHourWithChecks(benchmark::State& state) {
  const auto& seq = hour().image;
  const auto& ex = squat();
  int count = 0;
  for (auto _ : state) {
    auto r = exercise::analyse_exercise(seq, ex);
    if (!r) {
      state.SkipWithError(r.error().to_string().c_str());
      break;
    }
    exercise::count_repetitions(ex, *r, seq);
    auto a = exercise::check_exercise_applicability(ex, *r, seq);
    count = r->summary.count;
    benchmark::DoNotOptimize(a);
  }
  state.counters["reps"] = count;
}
BENCHMARK(BM_AnalyseLandmarksHourWithChecks)
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(3)
    ->ReportAggregatesOnly(true);

void BM_AnalyseAnglesHour(benchmark::State& state) {
  const auto& ex = squat();
  auto series = exercise::compute_exercise_angles(hour().image, ex);
  if (!series) {
    state.SkipWithError(series.error().to_string().c_str());
    return;
  }
  for (auto _ : state) {
    auto r = exercise::analyse_exercise(*series, ex);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_AnalyseAnglesHour)->Unit(benchmark::kMillisecond)->Repetitions(5)->ReportAggregatesOnly(true);

// Live analysis (exercise/live.hpp): the same hour pushed one frame of angles at a time through
// LiveAnalyser; per_frame_s is the mean cost of one push in seconds (target < 50 us), worst_frame_s the
// slowest push (includes the clock reads).
void BM_LiveAnglesHourPerFrame(benchmark::State& state) {
  const auto& ex = squat();
  auto series = exercise::compute_exercise_angles(hour().image, ex);
  if (!series) {
    state.SkipWithError(series.error().to_string().c_str());
    return;
  }
  const auto& s = *series;
  std::vector<double> row(s.n_angles());
  int reps = 0;
  double worst_s = 0.0;  // slowest single push (a repetition completing: re-filter, metrics, SPARC)
  for (auto _ : state) {
    auto la = exercise::LiveAnalyser::create(ex, {}, s.names, 30.0);
    if (!la) {
      state.SkipWithError(la.error().to_string().c_str());
      return;
    }
    reps = 0;
    for (std::size_t i = 0; i < s.n_frames(); ++i) {
      for (std::size_t k = 0; k < s.n_angles(); ++k) row[k] = s.columns[k][i];
      auto t_a = std::chrono::steady_clock::now();
      auto ev = la->push(s.times[i], row);
      worst_s =
          std::max(worst_s, std::chrono::duration<double>(std::chrono::steady_clock::now() - t_a).count());
      if (!ev) {
        state.SkipWithError(ev.error().to_string().c_str());
        return;
      }
      reps += complete_reps(*ev);
    }
    reps += complete_reps(la->finish());
  }
  state.counters["reps"] = reps;
  state.counters["worst_frame_s"] = worst_s;
  state.counters["per_frame_s"] =
      benchmark::Counter(static_cast<double>(s.n_frames()),
                         benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_LiveAnglesHourPerFrame)
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(5)
    ->ReportAggregatesOnly(true);

// Live analysis with landmarks in (exercise/live_landmarks.hpp): per frame, the exercise's angles of
// that frame, then the same LiveAnalyser. per_frame_s as above (target < 50 us).
void BM_LiveLandmarksHourPerFrame(benchmark::State& state) {
  const auto& ex = squat();
  const auto& seq = hour().image;
  int reps = 0;
  for (auto _ : state) {
    auto la = exercise::LiveLandmarkAnalyser::create(ex, {}, seq.skeleton_ptr(), seq.space(), seq.up_axis,
                                                     seq.image_width, seq.image_height, 30.0);
    if (!la) {
      state.SkipWithError(la.error().to_string().c_str());
      return;
    }
    reps = 0;
    for (std::size_t i = 0; i < seq.n_frames(); ++i) {
      auto ev = la->push(seq.times()[i], seq.frame(i));
      if (!ev) {
        state.SkipWithError(ev.error().to_string().c_str());
        return;
      }
      reps += complete_reps(*ev);
    }
    reps += complete_reps(la->finish());
  }
  state.counters["reps"] = reps;
  state.counters["per_frame_s"] =
      benchmark::Counter(static_cast<double>(seq.n_frames()),
                         benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_LiveLandmarksHourPerFrame)
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(3)
    ->ReportAggregatesOnly(true);

// The left/right and merged-leg repair a live set makes before its angles (kin::LabelWindow: the recording's
// repair over the frames from 2 s before to 0.5 s after each frame), alone: its share of the landmarks-in
// cost above.
void BM_LabelWindowHourPerFrame(benchmark::State& state) {
  const auto& seq = hour().image;
  kin::LabelWindow::Ready r;
  for (auto _ : state) {
    kin::LabelWindow window(seq.skeleton_ptr(), seq.space(), seq.space(), seq.image_width, seq.image_height);
    for (std::size_t i = 0; i < seq.n_frames(); ++i) {
      window.push(seq.times()[i], seq.frame(i), seq.frame(i));
      while (window.pop(r)) benchmark::DoNotOptimize(r.measured.data());
    }
    window.finish();
    while (window.pop(r)) benchmark::DoNotOptimize(r.measured.data());
  }
  state.counters["per_frame_s"] =
      benchmark::Counter(static_cast<double>(seq.n_frames()),
                         benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_LabelWindowHourPerFrame)
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(3)
    ->ReportAggregatesOnly(true);

}  // namespace

BENCHMARK_MAIN();
