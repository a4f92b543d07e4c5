#include "exercise/live.hpp"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "exercise/library.hpp"
#include "exercise/live_landmarks.hpp"
#include "exercise/ui_prmd.hpp"
#include "kinematics/synthetic.hpp"
#include "synthetic_angles.hpp"

namespace physio::exercise {
namespace {

// Parity tolerances (docs/metrics/exercise.md, "Live mode"): the live path segments a sliding-window
// zero-phase signal with running thresholds and measures each repetition on a windowed re-filter.
constexpr double kTolFrameS = 0.1;  // start/peak/end frames and cue frames, s
constexpr double kTolRomDeg = 2.0;  // repetition ROM, deg
// Start frames on real data whose rest level drifts: the batch rest band comes from the whole recording,
// the live one from the look-back so far, so "back in the rest band" can differ by a few frames between
// repetitions that never settle (the start then falls back to the previous end). Peak and end frames,
// counts and cues keep the tight tolerance.
constexpr double kTolStartDriftS = 0.4;

struct LiveRun {
  std::vector<LiveEvent> events;
  std::vector<RepMetrics> reps;
  std::vector<Cue> cues;
};

LiveRun run_live(const kin::AngleSeries& s, const Exercise& ex, double rate_hz,
                 const AnalysisOptions& o = {}) {
  LiveRun out;
  auto la = LiveAnalyser::create(ex, o, s.names, rate_hz);
  EXPECT_TRUE(la) << la.error().to_string();
  if (!la) return out;
  std::vector<double> row(s.n_angles());
  auto take = [&](std::vector<LiveEvent> ev) {
    for (auto& e : ev) {
      if (e.kind == LiveEvent::Kind::kRepDone) out.reps.push_back(e.rep);
      if (e.kind == LiveEvent::Kind::kCue) out.cues.push_back(e.cue);
      out.events.push_back(std::move(e));
    }
  };
  for (std::size_t i = 0; i < s.n_frames(); ++i) {
    for (std::size_t k = 0; k < s.n_angles(); ++k) row[k] = s.columns[k][i];
    auto ev = la->push(s.times[i], row);
    EXPECT_TRUE(ev) << ev.error().to_string();
    if (ev) take(std::move(*ev));
  }
  take(la->finish());
  return out;
}

void expect_parity(const ExerciseResult& batch, const LiveRun& live, double rate_hz, const char* what,
                   double start_tol_s = kTolFrameS) {
  const auto tol_f = static_cast<long>(std::lround(kTolFrameS * rate_hz));
  const auto tol_start_f = static_cast<long>(std::lround(start_tol_s * rate_hz));
  long worst_start = 0;
  ASSERT_EQ(live.reps.size(), batch.reps.size()) << what;
  long worst_f = 0;
  double worst_rom = 0.0;
  for (std::size_t i = 0; i < batch.reps.size(); ++i) {
    const auto &b = batch.reps[i], &l = live.reps[i];
    EXPECT_EQ(l.partial, b.partial) << what << " rep " << i;
    EXPECT_EQ(l.index, b.index) << what << " rep " << i;
    long ds = std::labs(static_cast<long>(l.start_frame) - static_cast<long>(b.start_frame));
    worst_start = std::max(worst_start, ds);
    EXPECT_LE(ds, tol_start_f) << what << " rep " << i << " start: live " << l.start_frame << " batch "
                               << b.start_frame;
    for (auto [lf, bf] : {std::pair{l.peak_frame, b.peak_frame}, std::pair{l.end_frame, b.end_frame}}) {
      long d = std::labs(static_cast<long>(lf) - static_cast<long>(bf));
      worst_f = std::max(worst_f, d);
      EXPECT_LE(d, tol_f) << what << " rep " << i << ": live " << l.start_frame << "/" << l.peak_frame << "/"
                          << l.end_frame << " batch " << b.start_frame << "/" << b.peak_frame << "/"
                          << b.end_frame;
    }
    worst_rom = std::max(worst_rom, std::abs(l.rom_deg - b.rom_deg));
    EXPECT_NEAR(l.rom_deg, b.rom_deg, kTolRomDeg) << what << " rep " << i;
  }
  ASSERT_EQ(live.cues.size(), batch.cues.size()) << what;
  for (std::size_t i = 0; i < batch.cues.size(); ++i) {
    EXPECT_EQ(live.cues[i].rule_id, batch.cues[i].rule_id) << what << " cue " << i;
    EXPECT_EQ(live.cues[i].rep, batch.cues[i].rep) << what << " cue " << i;
    EXPECT_LE(std::labs(static_cast<long>(live.cues[i].frame) - static_cast<long>(batch.cues[i].frame)),
              tol_f)
        << what << " cue " << i;
  }
  std::printf(
      "[live parity] %s: %zu reps (%zu complete), %zu cues; worst start diff %ld, worst peak/end diff %ld "
      "frames, worst ROM diff %.3f deg\n",
      what, batch.reps.size(), batch.segmentation.count(), batch.cues.size(), worst_start, worst_f,
      worst_rom);
}

// Events come in the order they became known; within a kind, in time order; every repetition is started
// before it is done; a repetition is reported within a bounded delay of its end.
void expect_ordered(const LiveRun& live, double rate_hz, double max_delay_s) {
  std::size_t last_emit = 0, last_end = 0;
  double last_cue_t = -1e300, worst_delay_s = 0.0;
  bool started = false;
  for (const auto& e : live.events) {
    EXPECT_GE(e.emitted_frame, last_emit);
    last_emit = e.emitted_frame;
    if (e.kind == LiveEvent::Kind::kRepStarted) {
      EXPECT_GE(e.frame, last_end);
      started = true;
    } else if (e.kind == LiveEvent::Kind::kRepDone) {
      EXPECT_TRUE(started);
      EXPECT_LE(e.rep.start_frame, e.rep.peak_frame);  // the start is refined at completion
      EXPECT_GE(e.frame, last_end);
      EXPECT_GE(e.emitted_frame, e.frame);
      last_end = e.frame;
      double delay_s = static_cast<double>(e.emitted_frame - e.frame) / rate_hz;
      worst_delay_s = std::max(worst_delay_s, delay_s);
      if (!e.rep.partial) {
        EXPECT_LE(delay_s, max_delay_s);
      }
    } else {
      EXPECT_GE(e.t_s, last_cue_t);
      last_cue_t = e.t_s;
    }
  }
  std::printf("[live latency] worst report delay after a repetition's end: %.3f s\n", worst_delay_s);
}

const Exercise& squat() {
  auto ex = find_exercise("deep_squat");
  if (!ex) std::abort();
  return **ex;
}

TEST(ExerciseLive, SyntheticSquatsMatchBatch) {
  struct Case {
    const char* what;
    double depth, period_s;
    bool cues;  // shallow (ROM < 60 deg) and fast (< 1.2 s) squats violate the depth / tempo rules
  };
  for (const Case& c :
       {Case{"synthetic full squats", 1.0, 3.0, false}, Case{"synthetic shallow squats", 0.4, 3.0, true},
        Case{"synthetic shallow fast squats", 0.4, 1.0, true}}) {
    kin::SyntheticOptions o;
    o.repetitions = 12;
    o.depth = c.depth;
    o.rep_period_s = c.period_s;
    o.noise = 0.002;
    auto rec = kin::make_synthetic(o);
    auto series = compute_exercise_angles(rec.image, squat());
    ASSERT_TRUE(series) << series.error().to_string();
    auto batch = analyse_exercise(*series, squat());
    ASSERT_TRUE(batch) << batch.error().to_string();
    EXPECT_EQ(batch->segmentation.count(), 12u) << c.what;
    EXPECT_EQ(!batch->cues.empty(), c.cues) << c.what;
    auto live = run_live(*series, squat(), o.rate_hz);
    expect_parity(*batch, live, o.rate_hz, c.what);
    // Latency bound: segmentation delay (0.5 s) + confirmation of the lowest point (0.5 s at rest) + margin.
    expect_ordered(live, o.rate_hz, 1.2);
  }
}

TEST(ExerciseLive, UiPrmdDeepSquatMatchesBatch) {
  PHYSIO_REQUIRE_SHARED("ui-prmd-kinect");
  for (bool correct : {true, false}) {
    auto files = list_ui_prmd(shared_path);
    ASSERT_TRUE(files) << files.error().to_string();
    auto set = load_ui_prmd_set(*files, "m01", "s01", correct);
    ASSERT_TRUE(set) << set.error().to_string();
    ASSERT_TRUE(*set);
    const kin::LandmarkSequence* seq = &(*set)->landmarks;
    const Exercise& ex = squat();
    auto series = compute_exercise_angles(*seq, ex);
    ASSERT_TRUE(series) << series.error().to_string();
    auto batch = analyse_exercise(*series, ex);
    ASSERT_TRUE(batch) << batch.error().to_string();
    auto live = run_live(*series, ex, batch->rate_hz);
    expect_parity(*batch, live, batch->rate_hz,
                  correct ? "UI-PRMD m01 s01 correct" : "UI-PRMD m01 s01 incorrect",
                  correct ? kTolFrameS : kTolStartDriftS);
    expect_ordered(live, batch->rate_hz, 2.0);
  }
}

// Every UI-PRMD sequence (10 exercises x 5 subjects x correct/incorrect), the side as the evaluation takes
// it (from the subject's correct set): the live analyser's counts against the batch analysis. Exact parity
// is impossible here (the batch thresholds come from the whole recording, the live ones from the frames so
// far: docs/metrics/exercise.md, "Live mode"); the test prints every disagreement and guards the agreement
// measured on 2026-11-23: same complete and partial counts on 92 of 100 sequences, same repetitions
// performed (complete + partial) on 97; the live count equals the repetitions recorded on 96 (batch: 95).
TEST(ExerciseLive, UiPrmdAllSequencesCountsAgree) {
  PHYSIO_REQUIRE_SHARED("ui-prmd-kinect");
  auto files = list_ui_prmd(shared_path);
  ASSERT_TRUE(files) << files.error().to_string();
  struct Key {
    std::string exercise, subject;
    bool incorrect;  // false sorts first: the correct set gives the side
    auto operator<=>(const Key&) const = default;
  };
  std::map<Key, std::size_t> groups;  // -> repetition files
  for (const auto& f : *files) ++groups[Key{f.exercise, f.subject, !f.correct}];
  std::map<std::string, SideChoice> side_of;  // exercise + subject
  int n = 0, same = 0, same_performed = 0, live_exact = 0;
  for (const auto& [key, n_files] : groups) {
    auto set = load_ui_prmd_set(*files, key.exercise, key.subject, !key.incorrect);
    ASSERT_TRUE(set) << set.error().to_string();
    ASSERT_TRUE(*set);
    const kin::LandmarkSequence* seq = &(*set)->landmarks;
    auto ex = find_exercise(key.exercise);
    ASSERT_TRUE(ex) << ex.error().to_string();
    auto series = compute_exercise_angles(*seq, **ex);
    ASSERT_TRUE(series) << series.error().to_string();
    AnalysisOptions o;
    const std::string who = key.exercise + " " + key.subject;
    if (key.incorrect) o.side = side_of[who];
    auto batch = analyse_exercise(*series, **ex, o);
    ASSERT_TRUE(batch) << batch.error().to_string();
    if (!key.incorrect) {
      side_of[who] = batch->side == "left" ? SideChoice::kLeft : SideChoice::kRight;
      o.side = side_of[who];  // the live analyser needs the side of a unilateral exercise
    }
    auto live = run_live(*series, **ex, batch->rate_hz, o);
    std::size_t lc = 0, lp = 0;
    for (const auto& r : live.reps) (r.partial ? lp : lc)++;
    const auto bc = static_cast<std::size_t>(batch->summary.count);
    const auto bp = static_cast<std::size_t>(batch->summary.partial_count);
    ++n;
    same += (lc == bc && lp == bp) ? 1 : 0;
    same_performed += (lc + lp == bc + bp) ? 1 : 0;
    live_exact += (lc + lp == n_files) ? 1 : 0;
    if (lc != bc || lp != bp)
      std::printf("[live vs batch] %s %s: batch %zu + %zu partial, live %zu + %zu partial (%zu recorded)\n",
                  who.c_str(), key.incorrect ? "incorrect" : "correct", bc, bp, lc, lp, n_files);
  }
  std::printf(
      "[live vs batch] %d sequences: same counts %d, same repetitions performed %d; live count exact %d\n", n,
      same, same_performed, live_exact);
  EXPECT_EQ(n, 100);
  EXPECT_GE(same, 92);
  EXPECT_GE(same_performed, 97);
  EXPECT_GE(live_exact, 95);  // the evaluation's target, 95 %
}

// A long first rest whose first frame sits lowest (a pose tracker's first frame, 4 deg under the rest, spread
// by the filter): the batch segmenter reads the opening stay without it, so its first repetition starts at
// the end of the rest. The live analyser re-derives each start when its repetition is complete, by the same
// rule (RestStay); before, it started the first repetition at frame 1, 2 s before the batch start.
TEST(ExerciseLive, ALongFirstRestWithALowFirstFrameStartsWhereTheBatchStarts) {
  std::vector<test::SynthRep> reps(4, test::SynthRep{2.5, 90.0, 1.0});
  auto knee = test::make_reps(reps, test::kRate, 5.0, 0.3, 2.0);
  knee[0] = 1.0;
  std::vector<double> hip(knee.size()), trunk(knee.size(), 10.0);
  for (std::size_t i = 0; i < knee.size(); ++i) hip[i] = 0.8 * knee[i];
  auto series = test::make_series(test::kRate, {{"left_knee_flexion", knee},
                                                {"right_knee_flexion", knee},
                                                {"left_hip_flexion", hip},
                                                {"right_hip_flexion", hip},
                                                {"trunk_flexion", trunk}});
  auto batch = analyse_exercise(series, squat());
  ASSERT_TRUE(batch) << batch.error().to_string();
  ASSERT_EQ(batch->segmentation.count(), 4u);
  ASSERT_FALSE(batch->reps.empty());
  // The batch start is after the rest's first frames (the rest lasts 2 s: 60 frames).
  EXPECT_GT(batch->reps[0].start_frame, 30u);
  auto live = run_live(series, squat(), test::kRate);
  expect_parity(*batch, live, test::kRate, "a long first rest with a low first frame");
}

// Landmarks in: the deep squat of UI-PRMD s01 pushed frame by frame as 3D landmarks gives exactly the
// events of the angle-rows path (per-frame angles equal the batch angles on this 3D data), so the same
// parity with the batch analysis of the same landmarks.
TEST(ExerciseLive, LandmarksInMatchBatch) {
  PHYSIO_REQUIRE_SHARED("ui-prmd-kinect");
  auto files = list_ui_prmd(shared_path);
  ASSERT_TRUE(files) << files.error().to_string();
  auto set = load_ui_prmd_set(*files, "m01", "s01", true);
  ASSERT_TRUE(set) << set.error().to_string();
  ASSERT_TRUE(*set);
  const kin::LandmarkSequence* seq = &(*set)->landmarks;
  const Exercise& ex = squat();
  auto batch = analyse_exercise(*seq, ex);
  ASSERT_TRUE(batch) << batch.error().to_string();
  auto la = LiveLandmarkAnalyser::create(ex, {}, seq->skeleton_ptr(), seq->space(), seq->up_axis, 0, 0,
                                         batch->rate_hz);
  ASSERT_TRUE(la) << la.error().to_string();
  // The per-frame angle rows equal the batch angle columns.
  auto series = compute_exercise_angles(*seq, ex);
  ASSERT_TRUE(series);
  LiveRun live;
  for (std::size_t f = 0; f < seq->n_frames(); ++f) {
    auto ev = la->push(seq->times()[f], seq->frame(f));
    ASSERT_TRUE(ev) << ev.error().to_string();
    for (auto& e : *ev) {
      if (e.kind == LiveEvent::Kind::kRepDone) live.reps.push_back(e.rep);
      if (e.kind == LiveEvent::Kind::kCue) live.cues.push_back(e.cue);
      live.events.push_back(std::move(e));
    }
  }
  for (auto& e : la->finish()) {
    if (e.kind == LiveEvent::Kind::kRepDone) live.reps.push_back(e.rep);
    if (e.kind == LiveEvent::Kind::kCue) live.cues.push_back(e.cue);
    live.events.push_back(std::move(e));
  }
  ASSERT_EQ(la->angle_names(), series->names);
  expect_parity(*batch, live, batch->rate_hz, "UI-PRMD m01 s01 correct, landmarks in");
  auto rows = run_live(*series, ex, batch->rate_hz);
  ASSERT_EQ(live.events.size(), rows.events.size());
  for (std::size_t i = 0; i < live.events.size(); ++i) {
    EXPECT_EQ(live.events[i].kind, rows.events[i].kind) << i;
    EXPECT_EQ(live.events[i].frame, rows.events[i].frame) << i;
    EXPECT_EQ(live.events[i].emitted_frame, rows.events[i].emitted_frame) << i;
  }
  ASSERT_EQ(live.reps.size(), rows.reps.size());
  for (std::size_t i = 0; i < live.reps.size(); ++i) {
    EXPECT_DOUBLE_EQ(live.reps[i].rom_deg, rows.reps[i].rom_deg) << i;
    EXPECT_DOUBLE_EQ(live.reps[i].quality.score, rows.reps[i].quality.score) << i;
  }
  // A frame of the wrong size is refused.
  std::vector<kin::Landmark> short_frame(3);
  EXPECT_FALSE(la->push(seq->times().back() + 100000, short_frame));
}

TEST(ExerciseLive, RejectsBadInput) {
  auto ex = find_exercise("deep_squat");
  ASSERT_TRUE(ex);
  auto names = resolved_angle_names(**ex, "left");
  auto missing = LiveAnalyser::create(**ex, {}, {"nothing"}, 30.0);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ErrorCode::kMissingData);
  EXPECT_FALSE(LiveAnalyser::create(**ex, {}, names, 0.0));
  std::vector<std::string> cols = resolved_angle_names(**ex, "left");
  for (const auto& n : resolved_angle_names(**ex, "right")) cols.push_back(n);
  auto la = LiveAnalyser::create(**ex, {}, cols, 30.0);
  ASSERT_TRUE(la) << la.error().to_string();
  std::vector<double> row(cols.size(), 0.0);
  EXPECT_TRUE(la->push(1000, row));
  EXPECT_FALSE(la->push(1000, row));  // time not increasing
  row.pop_back();
  EXPECT_FALSE(la->push(2000, row));  // wrong width
}

}  // namespace
}  // namespace physio::exercise
