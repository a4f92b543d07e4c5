// Timing of analyse_lowback_gait on a synthetic day: 24 h at 100 Hz (8.64 M samples) of a lower-back
// sensor, walking bouts of 6 to 600 steps at 85-125 steps/min separated by rest (about 2.5 h of walking).
// Target: < 5 s on one core (release).

#include <cstdio>
#include <vector>

#include <benchmark/benchmark.h>

#include "imu/gait_lowback/lowback_gait.hpp"
#include "synthetic_gait.hpp"

namespace {

constexpr double kRateHz = 100.0;
constexpr double kDayS = 24.0 * 3600.0;

const physio::imu::ImuRecording& synthetic_day() {
  static const physio::imu::ImuRecording rec = [] {
    std::vector<physio::imu::test::SyntheticWalk> walks;
    const int lengths[] = {6, 12, 20, 40, 80, 150, 300, 600};
    const double cadences[] = {85.0, 95.0, 105.0, 115.0, 125.0};
    double t = 60.0;
    std::size_t i = 0;
    while (true) {
      physio::imu::test::SyntheticWalk w;
      w.start_s = t;
      w.n_steps = lengths[i % 8];
      w.cadence_spm = cadences[i % 5];
      w.com_excursion_m = 0.025 + 0.005 * static_cast<double>(i % 4);
      const double end = t + w.n_steps * 60.0 / w.cadence_spm;
      if (end + 60.0 > kDayS) break;
      walks.push_back(w);
      t = end + 20.0 + static_cast<double>((i * 37) % 300);
      ++i;
    }
    physio::imu::ImuRecording r;
    (void)physio::imu::test::make_synthetic_recording(r, kRateHz, kDayS, walks, 7);
    return r;
  }();
  return rec;
}

void BM_LowBackGaitDay(benchmark::State& state) {
  const physio::imu::ImuRecording& rec = synthetic_day();
  physio::imu::LowBackGaitOptions options;
  options.sensor_height_m = 1.0;
  std::size_t bouts = 0;
  for (auto _ : state) {
    auto res = physio::imu::analyse_lowback_gait(rec, options);
    if (!res) state.SkipWithError(res.error().message().c_str());
    bouts = res ? res->walking_bouts.size() : 0;
    benchmark::DoNotOptimize(bouts);
  }
  state.counters["samples"] = static_cast<double>(rec.size());
  state.counters["walking_bouts"] = static_cast<double>(bouts);
}
BENCHMARK(BM_LowBackGaitDay)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->Repetitions(3)
    ->ReportAggregatesOnly(true);

}  // namespace

BENCHMARK_MAIN();
