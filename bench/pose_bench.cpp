// Pose inference latency on the XNNPACK backend: the detector and the three landmark models at 1 and 2
// threads, landmark models with and without the segmentation output (pruned when not requested). Each
// benchmark reports the model's convolution FLOPs (2 * MACs of CONV_2D and DEPTHWISE_CONV_2D, counted from
// the graph) as a rate, next to the CPU's peak fp32 rate measured by two calibration benchmarks:
//   BM_ClockGHz     the core clock, from a chain of dependent integer adds (one per cycle);
//   BM_PeakFma      AVX-512 (else AVX2) FMAs on independent registers, 1 and 2 threads pinned to distinct
//                   cores: the achievable peak.
// Theoretical peak = cores * GHz * FLOP/cycle/core, where FLOP/cycle = 2 (FMA) * lanes * FMA pipes; the
// measured BM_PeakFma rate tells the pipes (1 or 2) of this CPU.
// Models: $PHYSIO_MODELS_DIR, else <source>/models (scripts/fetch-models.sh); absent ones are skipped.
#include <benchmark/benchmark.h>
#include <immintrin.h>
#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "pose/inference.hpp"
#include "pose/tflite_model.hpp"
#include "pose/xnnpack/graph_cost.hpp"
#include "pose/xnnpack/graph_prune.hpp"

namespace {
using namespace physio::pose;

const char* const kModelFiles[] = {"pose_detection.tflite", "pose_landmark_lite.tflite",
                                   "pose_landmark_full.tflite", "pose_landmark_heavy.tflite"};

std::filesystem::path models_dir() {
  if (const char* env = std::getenv("PHYSIO_MODELS_DIR"); env != nullptr && *env != 0) return env;
  return std::filesystem::path(PHYSIO_SOURCE_DIR) / "models";
}

// Loaded once per process; nullptr when the file is absent or unreadable.
const Model* model(int index) {
  static std::map<int, std::unique_ptr<Model>> cache;
  auto it = cache.find(index);
  if (it != cache.end()) return it->second.get();
  std::unique_ptr<Model> m;
  auto loaded = load_tflite_model(models_dir() / kModelFiles[index]);
  if (loaded) m = std::make_unique<Model>(std::move(*loaded));
  return cache.emplace(index, std::move(m)).first->second.get();
}

// Everything except a [1, h, w, 1] segmentation mask when `segmentation` is false.
std::vector<int> wanted_outputs(const Model& m, bool segmentation) {
  std::vector<int> wanted;
  for (std::size_t k = 0; k < m.outputs.size(); ++k) {
    const auto& shape = m.tensors[static_cast<std::size_t>(m.outputs[k])].shape;
    const bool is_mask = shape.size() == 4 && shape[1] > 64 && shape[3] == 1;
    if (segmentation || !is_mask) wanted.push_back(static_cast<int>(k));
  }
  return wanted;
}

// args: model index, threads, segmentation (0/1).
void BM_Inference(benchmark::State& state) {
  const int index = static_cast<int>(state.range(0));
  const Model* m = model(index);
  if (m == nullptr) {
    state.SkipWithError(
        (std::string(kModelFiles[index]) + " is absent (run scripts/fetch-models.sh)").c_str());
    return;
  }
  InferenceOptions options;
  options.backend = BackendKind::kXnnpack;
  options.threads = static_cast<int>(state.range(1));
  options.outputs = wanted_outputs(*m, state.range(2) != 0);
  auto inference = create_inference(*m, options);
  if (!inference) {
    state.SkipWithError(inference.error().to_string().c_str());
    return;
  }
  // A deterministic mid-grey frame with a gradient (content does not change the cost of a CNN).
  auto input = (*inference)->input(0);
  for (std::size_t i = 0; i < input.size(); ++i) input[i] = static_cast<float>(i % 997) / 997.0f;
  if (!(*inference)->run()) {
    state.SkipWithError("warm-up run failed");
    return;
  }
  std::vector<int> tensors;
  for (int k : options.outputs) tensors.push_back(m->outputs[static_cast<std::size_t>(k)]);
  const GraphCost cost = compute_graph_cost(*m, *live_operators(*m, tensors));
  for (auto _ : state) {
    if (!(*inference)->run()) state.SkipWithError("run failed");
  }
  state.counters["FLOP"] = benchmark::Counter(cost.conv_flops());
  state.counters["FLOP/s"] =
      benchmark::Counter(cost.conv_flops(), benchmark::Counter::kIsIterationInvariantRate);
  state.SetLabel(std::string(kModelFiles[index]) + (state.range(2) != 0 ? " +segmentation" : ""));
}
BENCHMARK(BM_Inference)
    ->ArgNames({"model", "threads", "seg"})
    ->Args({0, 1, 0})
    ->Args({0, 2, 0})
    ->ArgsProduct({{1, 2, 3}, {1, 2}, {0, 1}})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// A re-detection frame's inference: the detector, then the full landmark model without segmentation, on 2
// threads (both executables share one pool; see xnnpack_inference.cpp).
void BM_DetectorThenFull(benchmark::State& state) {
  const Model* detector = model(0);
  const Model* full = model(2);
  if (detector == nullptr || full == nullptr) {
    state.SkipWithError("pose_detection.tflite or pose_landmark_full.tflite is absent");
    return;
  }
  InferenceOptions options;
  options.backend = BackendKind::kXnnpack;
  options.threads = static_cast<int>(state.range(0));
  auto a = create_inference(*detector, options);
  options.outputs = wanted_outputs(*full, false);
  auto b = create_inference(*full, options);
  if (!a || !b) {
    state.SkipWithError("could not create the executables");
    return;
  }
  for (float& v : (*a)->input(0)) v = 0.1f;
  for (float& v : (*b)->input(0)) v = 0.5f;
  for (auto _ : state) {
    if (!(*a)->run() || !(*b)->run()) state.SkipWithError("run failed");
  }
}
BENCHMARK(BM_DetectorThenFull)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// One dependent add per cycle: cycles = adds, so adds / second is the clock.
void BM_ClockGHz(benchmark::State& state) {
  constexpr std::int64_t kAddsPerLoop = 1000;
  constexpr std::int64_t kLoops = 100'000;
  for (auto _ : state) {
    std::uint64_t x = 0;
    for (std::int64_t i = 0; i < kLoops; ++i) {
      asm volatile(".rept 1000\n\taddq $1, %0\n\t.endr" : "+r"(x));
    }
    benchmark::DoNotOptimize(x);
  }
  state.counters["GHz"] = benchmark::Counter(static_cast<double>(kAddsPerLoop * kLoops) * 1e-9,
                                             benchmark::Counter::kIsIterationInvariantRate);
}
// Over CPU time (not wall time): the clock while this thread runs, whatever else shares the machine.
BENCHMARK(BM_ClockGHz)->Unit(benchmark::kMillisecond);

constexpr int kFmaChains = 12;  // independent accumulators: more than latency (4) x pipes (2)
constexpr std::int64_t kFmaLoops = 2'000'000;

__attribute__((target("avx512f"))) float fma_avx512() {
  __m512 acc[kFmaChains];
  for (int i = 0; i < kFmaChains; ++i) acc[i] = _mm512_set1_ps(static_cast<float>(i));
  const __m512 a = _mm512_set1_ps(0.999999f), b = _mm512_set1_ps(1e-7f);
  for (std::int64_t n = 0; n < kFmaLoops; ++n)
    for (int i = 0; i < kFmaChains; ++i) acc[i] = _mm512_fmadd_ps(acc[i], a, b);
  __m512 s = acc[0];
  for (int i = 1; i < kFmaChains; ++i) s = _mm512_add_ps(s, acc[i]);
  alignas(64) float lanes[16];
  _mm512_store_ps(lanes, s);
  return lanes[0] + lanes[15];
}

__attribute__((target("avx2,fma"))) float fma_avx2() {
  __m256 acc[kFmaChains];
  for (int i = 0; i < kFmaChains; ++i) acc[i] = _mm256_set1_ps(static_cast<float>(i));
  const __m256 a = _mm256_set1_ps(0.999999f), b = _mm256_set1_ps(1e-7f);
  for (std::int64_t n = 0; n < kFmaLoops; ++n)
    for (int i = 0; i < kFmaChains; ++i) acc[i] = _mm256_fmadd_ps(acc[i], a, b);
  __m256 s = acc[0];
  for (int i = 1; i < kFmaChains; ++i) s = _mm256_add_ps(s, acc[i]);
  alignas(32) float lanes[8];
  _mm256_store_ps(lanes, s);
  return lanes[0] + lanes[7];
}

double thread_cpu_s() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// args: threads. FLOP/s is over wall time; FLOP/s/core over each thread's own CPU time, which stays the
// core's true rate when other processes share the machine. Label: the instruction set used.
void BM_PeakFma(benchmark::State& state) {
  const bool avx512 = __builtin_cpu_supports("avx512f");
  if (!avx512 && !__builtin_cpu_supports("fma")) {
    state.SkipWithError("no FMA on this CPU");
    return;
  }
  const int lanes = avx512 ? 16 : 8;
  const auto threads = static_cast<int>(state.range(0));
  double cpu_s = 0.0;
  std::int64_t runs = 0;
  for (auto _ : state) {
    std::vector<std::thread> pool;
    std::vector<float> sink(static_cast<std::size_t>(threads));
    std::vector<double> spent(static_cast<std::size_t>(threads));
    for (int t = 0; t < threads; ++t)
      pool.emplace_back([&, t] {
        // One thread per core: without pinning, short-lived threads can share a core on a busy machine.
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(static_cast<unsigned>(t) % std::max(1u, std::thread::hardware_concurrency()), &set);
        pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
        const double start = thread_cpu_s();
        sink[static_cast<std::size_t>(t)] = avx512 ? fma_avx512() : fma_avx2();
        spent[static_cast<std::size_t>(t)] = thread_cpu_s() - start;
      });
    for (auto& th : pool) th.join();
    benchmark::DoNotOptimize(sink.data());
    for (double s : spent) cpu_s += s;
    runs += threads;
  }
  const double flops_per_run = 2.0 * lanes * kFmaChains * static_cast<double>(kFmaLoops);
  state.counters["FLOP/s"] =
      benchmark::Counter(flops_per_run * threads, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["FLOP/s/core"] = flops_per_run * static_cast<double>(runs) / cpu_s;
  state.SetLabel(avx512 ? "avx512f" : "avx2+fma");
}
BENCHMARK(BM_PeakFma)->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
