// Foot gait pipeline at free-living scale: 7 days of ONE foot sensor at 100 Hz (60.48 M samples x 6
// channels), of which 2 h per day are walking (twelve 10-min bouts of ~545 strides each, spread over the
// day) and 22 h rest with sensor noise. The data are pushed in 10-min blocks through `FootGaitStream`
// (10-min chunks), so memory stays at a few MB; the whole week as one array would take 2.9 GB.
// The walking bout and the rest block are generated once and reused, so the timing is the pipeline's.

#include <cstddef>
#include <random>
#include <vector>

#include <benchmark/benchmark.h>

#include "imu/gait_foot/foot_gait_stream.hpp"
#include "synthetic_foot.hpp"

namespace {

using physio::imu::Samples3;

constexpr double kRateHz = 100.0;
constexpr int kDays = 7;
constexpr int kBlocksPerDay = 144;        // 10-min blocks
constexpr int kWalkingBlocksPerDay = 12;  // 2 h
constexpr double kBlockS = 600.0;

struct Blocks {
  Samples3 walk_acc, walk_gyr, rest_acc, rest_gyr;  // [60000, 3] each
};

const Blocks& blocks() {
  static const Blocks b = [] {
    Blocks out;
    physio::imu::test::SyntheticGait g;
    g.rate_hz = kRateHz;
    g.rest_before_s = 0.0;
    g.stride_time_s = 1.1;
    g.n_strides = static_cast<int>(kBlockS / g.stride_time_s);
    g.rest_after_s = kBlockS - g.n_strides * g.stride_time_s + 0.5;
    g.acc_noise_mps2 = 0.05;
    g.gyr_noise_rps = 0.005;
    const auto rec = physio::imu::test::synthetic_foot_recording(g);
    const auto n = static_cast<Eigen::Index>(kBlockS * kRateHz);
    out.walk_acc = rec.acc_mps2.topRows(n);
    out.walk_gyr = rec.gyr_rps->topRows(n);
    std::mt19937 rng(3);
    std::normal_distribution<double> d(0.0, 1.0);
    out.rest_acc.resize(n, 3);
    out.rest_gyr.resize(n, 3);
    for (Eigen::Index i = 0; i < n; ++i) {
      out.rest_acc.row(i) << 0.3 + 0.05 * d(rng), -0.2 + 0.05 * d(rng), 9.8 + 0.05 * d(rng);
      out.rest_gyr.row(i) << 0.005 * d(rng), 0.005 * d(rng), 0.005 * d(rng);
    }
    return out;
  }();
  return b;
}

void BM_FootGaitSevenDaysOneFoot100Hz(benchmark::State& state) {
  const Blocks& b = blocks();
  std::size_t strides = 0;
  for (auto _ : state) {
    auto stream = physio::imu::FootGaitStream::create(physio::imu::FootSide::kLeft, kRateHz, {});
    if (!stream) {
      state.SkipWithError(stream.error().message().c_str());
      return;
    }
    for (int day = 0; day < kDays; ++day) {
      for (int k = 0; k < kBlocksPerDay; ++k) {
        const bool walking = k % (kBlocksPerDay / kWalkingBlocksPerDay) == 5;  // one bout every 2 h
        auto st = walking ? stream->push(b.walk_acc, b.walk_gyr) : stream->push(b.rest_acc, b.rest_gyr);
        if (!st) {
          state.SkipWithError(st.error().message().c_str());
          return;
        }
      }
    }
    auto result = stream->finish();
    if (!result) {
      state.SkipWithError(result.error().message().c_str());
      return;
    }
    strides = result->strides.size();
    benchmark::DoNotOptimize(result->summary.stride_length_m.mean);
  }
  state.counters["strides"] = static_cast<double>(strides);
  state.counters["samples"] = kDays * kBlocksPerDay * kBlockS * kRateHz;
}
BENCHMARK(BM_FootGaitSevenDaysOneFoot100Hz)
    ->Unit(benchmark::kSecond)
    ->Iterations(1)
    ->Repetitions(3)
    ->ReportAggregatesOnly(true);

}  // namespace
BENCHMARK_MAIN();
