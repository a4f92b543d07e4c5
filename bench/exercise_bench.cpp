// Exercise analysis, batch, on one hour of 30 fps BlazePose-33 landmarks (108,000 frames, 900 squats):
// angles needed by the exercise (2D), low-pass, segmentation, per-repetition metrics (SPARC included),
// rules, cues, scores and summary. The angle-series path alone is timed too.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>

#include "exercise/analyse.hpp"
#include "exercise/library.hpp"
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

}  // namespace

BENCHMARK_MAIN();
