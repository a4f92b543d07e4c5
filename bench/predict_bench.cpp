// Prediction module timings on a synthetic clinic (labelled as such): 100,000 appointments of 20,000
// patients for training, and a 10,000-patient clinic with 3 open appointments each for scoring. The
// baseline measured in the same run is the feature construction alone (one pass over the history).
#include <benchmark/benchmark.h>

#include <random>

#include "predict/dropout.hpp"
#include "predict/noshow.hpp"
#include "predict/train.hpp"
#include "risk/dropout_model.hpp"
#include "risk/synthetic.hpp"

namespace physio::predict {
namespace {

constexpr TimeUs kDay = 86'400 * kUsPerSecond;
constexpr TimeUs kStart = 20'454 * kDay;  // 2026-01-01

std::vector<AppointmentEvent> synthetic_clinic(int patients, int per_patient, int open_per_patient) {
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<int> lead(0, 30);
  std::uniform_int_distribution<int> gap(3, 14);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<AppointmentEvent> ev;
  ev.reserve(static_cast<std::size_t>(patients * (per_patient + open_per_patient)));
  for (int p = 0; p < patients; ++p) {
    const double frailty = u(rng);
    TimeUs t = kStart + (p % 60) * kDay + 9 * 3600 * kUsPerSecond;
    for (int k = 0; k < per_patient + open_per_patient; ++k) {
      AppointmentEvent e;
      e.patient_id = "p" + std::to_string(p);
      e.appointment_id = e.patient_id + "-" + std::to_string(k);
      e.practitioner_id = "dr" + std::to_string(p % 7);
      const int l = lead(rng);
      e.start_us = t;
      e.booked_us = t - l * kDay;
      e.reminder_sent = l > 2 ? 1 : 0;
      const double risk = 0.08 + 0.25 * frailty + 0.004 * l;
      e.attendance = k >= per_patient ? Attendance::kOpen
                                      : (u(rng) < risk ? Attendance::kNoShow : Attendance::kAttended);
      ev.push_back(std::move(e));
      t += gap(rng) * kDay;
    }
  }
  return ev;
}

void BM_Features100k(benchmark::State& state) {
  const auto ev = synthetic_clinic(20'000, 5, 0);
  for (auto _ : state) benchmark::DoNotOptimize(noshow_rows(ev));
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(ev.size()));
}
BENCHMARK(BM_Features100k)->Unit(benchmark::kMillisecond);

void BM_Train100k(benchmark::State& state) {
  const auto ev = synthetic_clinic(20'000, 5, 0);
  for (auto _ : state) {
    const NoShowRows rows = noshow_rows(ev);
    auto m = train_logistic(rows.table, all_rows(rows.table), {"noshow", "t", "o", ""}, {});
    if (!m) state.SkipWithError(m.error().to_string().c_str());
    benchmark::DoNotOptimize(m);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(ev.size()));
}
BENCHMARK(BM_Train100k)->Unit(benchmark::kMillisecond)->Iterations(1);

void BM_ScoreClinic10k(benchmark::State& state) {
  // A model trained once; each iteration rebuilds every patient's features and scores all 30,000 open
  // appointments, as the nightly job or a page load of the whole day list would.
  const auto history = synthetic_clinic(10'000, 5, 3);
  const NoShowRows train_rows = noshow_rows(history);
  std::vector<std::size_t> known;
  for (std::size_t r = 0; r < train_rows.table.rows(); ++r)
    if (outcome_known(history[train_rows.event_index[r]])) known.push_back(r);
  auto m = train_logistic(train_rows.table, known, {"noshow", "t", "o", ""}, {});
  if (!m) {
    state.SkipWithError(m.error().to_string().c_str());
    return;
  }
  for (auto _ : state) {
    const NoShowRows rows = noshow_rows(history);
    std::vector<std::size_t> open;
    for (std::size_t r = 0; r < rows.table.rows(); ++r)
      if (!outcome_known(history[rows.event_index[r]])) open.push_back(r);
    auto risks = predict_rows(*m, rows.table, open);
    benchmark::DoNotOptimize(risks);
  }
}
BENCHMARK(BM_ScoreClinic10k)->Unit(benchmark::kMillisecond);

void BM_ScorePrograms10k(benchmark::State& state) {
  // The drop-out model trained once on two years of programs; then a clinic of 10,000 patients each with an
  // active program started 1 to 70 days ago. Each iteration rebuilds every program's weekly rows from its
  // logs and scores every active program with its flag and reasons, as the nightly job does.
  const TimeUs now = kStart + 400 * kDay + 11 * 3600 * kUsPerSecond;
  std::vector<std::pair<std::string, TimeUs>> history_starts, active_starts;
  for (int p = 0; p < 10'000; ++p) {
    history_starts.emplace_back("h" + std::to_string(p), now - (20 + (p * 530) % 700) * kDay);
    active_starts.emplace_back("p" + std::to_string(p), now - (1 + p % 70) * kDay);
  }
  const auto history = risk::synthetic_programs(history_starts, now, 42);
  const DropoutRows train_rows = dropout_rows(history, now);
  auto m =
      train_logistic(train_rows.table, dropout_rows_with_outcome(train_rows), {"dropout", "t", "o", ""}, {});
  if (!m) {
    state.SkipWithError(m.error().to_string().c_str());
    return;
  }
  const auto programs = risk::synthetic_programs(active_starts, now, 43);
  const std::vector<std::string> titles(programs.size(), "Home program");
  std::size_t scored = 0;
  for (auto _ : state) {
    const DropoutRows rows = dropout_rows(programs, now);
    auto flags = risk::score_programs(*m, "bench", programs, rows, titles);
    scored = flags.size();
    benchmark::DoNotOptimize(flags);
  }
  // Programs where the 14-day rule already holds are the rule's, not scored by the model.
  state.counters["active_programs_scored"] = static_cast<double>(scored);
}
BENCHMARK(BM_ScorePrograms10k)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace physio::predict

BENCHMARK_MAIN();
