// The kinematics full path on one hour of 30 fps BlazePose-33 landmarks (108,000 frames):
// read (physio CSV from memory), gap fill, zero-phase Butterworth 4th order 6 Hz, all angles.
// Each stage is also timed alone so the total can be read against its parts.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "kinematics/angles/angles.hpp"
#include "kinematics/formats/physio_bin.hpp"
#include "kinematics/formats/physio_csv.hpp"
#include "kinematics/preprocess.hpp"
#include "kinematics/synthetic.hpp"

namespace {
using namespace physio::kin;

// One hour: 900 squats of 3 s with 1 s pauses, 30 fps, light noise, a few gaps.
const SyntheticRecording& hour() {
  static const SyntheticRecording rec = [] {
    SyntheticOptions o;
    o.repetitions = 900;
    o.rep_period_s = 3.0;
    o.pause_s = 1.0;
    o.noise = 0.002;
    auto r = make_synthetic(o);
    r.image.resize(108'000);
    r.world.resize(108'000);
    // Occlusions: the far ankle missing for 5 frames every 10 s.
    auto ank = static_cast<std::size_t>(r.image.skeleton().joint(Joint::kLeftAnkle).a);
    for (std::size_t f = 100; f + 5 < r.image.n_frames(); f += 300)
      for (std::size_t k = 0; k < 5; ++k) r.image.at(f + k, ank) = Landmark{};
    return r;
  }();
  return rec;
}

const std::string& hour_csv() {
  static const std::string csv = *format_physio_csv(hour().image);
  return csv;
}

// The same hour as a .plmk file on disk (in the page cache after the first read): image landmarks only,
// as in the CSV.
const std::filesystem::path& hour_plmk() {
  static const std::filesystem::path path = [] {
    auto p = std::filesystem::temp_directory_path() / "physio_bench_hour.plmk";
    auto s = save_physio_bin(hour().image, p);
    if (!s) {
      std::fprintf(stderr, "benchmark setup failed: %s\n", s.error().to_string().c_str());
      std::abort();
    }
    return p;
  }();
  return path;
}

PreprocessOptions pre_options() {
  PreprocessOptions o;
  o.filter = *parse_filter_spec("butterworth:4:6");
  o.joint_landmarks_only = true;
  return o;
}

void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "benchmark setup failed: %s\n", what);
    std::abort();
  }
}

void BM_ReadCsv(benchmark::State& state) {
  const auto& csv = hour_csv();
  for (auto _ : state) {
    auto f = parse_physio_csv(csv, "hour.csv");
    check(f.has_value(), "parse");
    benchmark::DoNotOptimize(f->landmarks.data().data());
  }
  state.counters["MB"] = static_cast<double>(csv.size()) / 1e6;
}
BENCHMARK(BM_ReadCsv)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ReadPlmk(benchmark::State& state) {
  const auto& path = hour_plmk();
  for (auto _ : state) {
    auto f = load_physio_bin(path);
    check(f.has_value(), "load plmk");
    benchmark::DoNotOptimize(f->landmarks.data().data());
  }
  state.counters["MB"] = static_cast<double>(std::filesystem::file_size(path)) / 1e6;
}
BENCHMARK(BM_ReadPlmk)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_GapFillAndButterworth(benchmark::State& state) {
  const auto opts = pre_options();
  for (auto _ : state) {
    state.PauseTiming();
    auto seq = hour().image;
    state.ResumeTiming();
    auto r = preprocess_landmarks(seq, opts);
    check(r.has_value(), "preprocess");
    benchmark::DoNotOptimize(seq.data().data());
  }
}
BENCHMARK(BM_GapFillAndButterworth)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Angles2d(benchmark::State& state) {
  const auto& seq = hour().image;
  for (auto _ : state) {
    auto a = compute_angles(seq, {});
    check(a.has_value(), "angles");
    benchmark::DoNotOptimize(a->columns.data());
  }
}
BENCHMARK(BM_Angles2d)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Angles3d(benchmark::State& state) {
  const auto& seq = hour().world;
  for (auto _ : state) {
    auto a = compute_angles(seq, {});
    check(a.has_value(), "angles");
    benchmark::DoNotOptimize(a->columns.data());
  }
}
BENCHMARK(BM_Angles3d)->Unit(benchmark::kMillisecond)->UseRealTime();

// In memory: gap fill + Butterworth + all 2D angles (what runs after any reader).
void BM_PipelineInMemory(benchmark::State& state) {
  const auto opts = pre_options();
  for (auto _ : state) {
    state.PauseTiming();
    auto seq = hour().image;
    state.ResumeTiming();
    check(preprocess_landmarks(seq, opts).has_value(), "preprocess");
    auto a = compute_angles(seq, {});
    check(a.has_value(), "angles");
    benchmark::DoNotOptimize(a->columns.data());
  }
}
BENCHMARK(BM_PipelineInMemory)->Unit(benchmark::kMillisecond)->UseRealTime();

// Full path: read CSV + gap fill + Butterworth + all 2D angles.
void BM_FullPathFromCsv(benchmark::State& state) {
  const auto opts = pre_options();
  const auto& csv = hour_csv();
  for (auto _ : state) {
    auto f = parse_physio_csv(csv, "hour.csv");
    check(f.has_value(), "parse");
    check(preprocess_landmarks(f->landmarks, opts).has_value(), "preprocess");
    auto a = compute_angles(f->landmarks, {});
    check(a.has_value(), "angles");
    benchmark::DoNotOptimize(a->columns.data());
  }
}
BENCHMARK(BM_FullPathFromCsv)->Unit(benchmark::kMillisecond)->UseRealTime();

// Full path from the binary container on disk: read + gap fill + Butterworth + all 2D angles.
void BM_FullPathFromPlmk(benchmark::State& state) {
  const auto opts = pre_options();
  const auto& path = hour_plmk();
  for (auto _ : state) {
    auto f = load_physio_bin(path);
    check(f.has_value(), "load plmk");
    check(preprocess_landmarks(f->landmarks, opts).has_value(), "preprocess");
    auto a = compute_angles(f->landmarks, {});
    check(a.has_value(), "angles");
    benchmark::DoNotOptimize(a->columns.data());
  }
}
BENCHMARK(BM_FullPathFromPlmk)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
