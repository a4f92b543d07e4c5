// Foot gait pipeline against the gaitmap example recording (Kuederle et al. 2022 data, participant 5047,
// normal speed, 2 x 20 m with a turn) and its motion-capture reference; see
// ../shared/data/gaitmap-foot-imu-mocap/SOURCE.md and docs/validation/imu-gait-foot.md.
//
// Matching rules (fixed before looking at the results):
//   - segmentation: a detected segmented stride matches a hand-labelled one when its start AND end are both
//     within kBorderTolMs (50 ms, ~10 samples at 204.8 Hz, as SOURCE.md suggests) of the label;
//     one-to-one, F1 = 2 TP / (2 TP + FP + FN).
//   - parameters: a detected min_vel stride matches a mocap min_vel stride when their sample intervals
//     overlap with intersection-over-union >= kMinIou; errors are taken over matched strides.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "imu/csv_loader.hpp"
#include "imu/gait_foot/foot_gait.hpp"
#include "validation_util.hpp"

namespace physio::imu {
namespace {

using test::Interval;

constexpr double kRateHz = 204.8;
constexpr double kBorderTolMs = 50.0;
constexpr double kMinIou = 0.5;

// Floors. Targets from the task: F1 >= 0.95, stride length MAE <= 5 cm, stride time MAE <= 20 ms.
constexpr double kMinSegmentationF1 = 0.95;
constexpr double kMaxStrideLengthMaeM = 0.05;
constexpr double kMaxStrideTimeMaeS = 0.020;
constexpr double kMinMatchedShare = 0.9;  // matched mocap strides / all mocap strides, per foot
// With the alignment estimated from the data, z is put on gravity at rest and y on the gyro's principal
// axis; that frame is ~24 deg from the file's FSF (whose z keeps the shoe's ~17 deg lateral tilt), so
// gyr_ml differs: some borders move by more than 50 ms and strides of the turn, which the hand labels leave
// out, are found. Measured F1 0.915 / 0.933: the floor is below the 0.95 target, honestly.
constexpr double kMinSegmentationF1Estimated = 0.90;
// Event agreement with the mocap events (no target given; floors = measured + margin, see the doc). IMU and
// mocap define the events differently (Rampp's acc/gyro features vs marker kinematics), so a few tens of
// ms are expected; min_vel (least gyro energy vs least marker speed) differs most and has no floor.
constexpr double kMaxIcMaeS = 0.070;
constexpr double kMaxTcMaeS = 0.030;
// Second recording (102.4 Hz, IC-to-IC strides from mocap, only those inside the capture volume):
// recall of our IC strides with both borders within kBorderTolMs.
constexpr double kMinIcStrideRecall = 0.95;

struct Loaded {
  FootGaitResult result;
  std::filesystem::path dir;
};

const FootGaitFoot* foot(const FootGaitResult& r, FootSide side) {
  for (const auto& f : r.feet) {
    if (f.side == side) return &f;
  }
  return nullptr;
}

void validate_gaitmap_example(const std::filesystem::path& shared_path, const FootGaitOptions& options,
                              const char* label, double min_f1) {
  ImuLoadOptions lo;
  lo.rate_hz = kRateHz;
  auto session = load_imu_csv(shared_path / "imu_sample.csv", lo);
  ASSERT_TRUE(session) << session.error().message();
  auto res = analyse_foot_gait(*session, options);
  ASSERT_TRUE(res) << res.error().message();
  ASSERT_EQ(res->feet.size(), 2u);

  const auto borders = test::read_csv_table(shared_path / "stride_borders_sample.csv");
  const auto params = test::read_csv_table(shared_path / "reference_stride_parameters_DERIVED.csv");
  const auto events = test::read_csv_table(shared_path / "stride_events_sample.csv");
  ASSERT_EQ(events.rows.size(), params.rows.size());
  ASSERT_FALSE(borders.rows.empty());
  ASSERT_FALSE(params.rows.empty());
  const double tol = kBorderTolMs / 1000.0 * kRateHz;

  std::printf(
      "\nGaitFoot validation [%s], gaitmap imu_sample.csv vs mocap (tolerance %.0f ms, IoU >= %.1f)\n", label,
      kBorderTolMs, kMinIou);
  std::printf("%-6s %5s %5s %4s %4s %4s %6s | %5s %5s %9s %9s %9s %9s %9s\n", "foot", "ref", "det", "TP",
              "FP", "FN", "F1", "nref", "nmat", "SL_MAE_cm", "SL_ME_cm", "ST_MAE_ms", "SwMAE_ms", "StMAE_ms");
  std::string event_lines;
  for (FootSide side : {FootSide::kLeft, FootSide::kRight}) {
    const std::string name(foot_side_name(side));
    const FootGaitFoot* f = foot(*res, side);
    ASSERT_NE(f, nullptr);
    std::vector<Interval> ref_b, det_b;
    for (std::size_t i = 0; i < borders.rows.size(); ++i) {
      if (borders.str(i, "foot") == name) ref_b.push_back({borders.num(i, "start"), borders.num(i, "end")});
    }
    for (const auto& s : f->segmented_strides) {
      det_b.push_back({static_cast<double>(s.start), static_cast<double>(s.end)});
    }
    const test::F1 seg = test::border_f1(ref_b, det_b, tol);

    std::vector<Interval> ref_s, det_s;
    std::vector<std::size_t> ref_row;
    for (std::size_t i = 0; i < params.rows.size(); ++i) {
      if (params.str(i, "foot") != name) continue;
      ref_s.push_back({params.num(i, "start"), params.num(i, "end")});
      ref_row.push_back(i);
    }
    for (const auto& s : f->strides)
      det_s.push_back({static_cast<double>(s.start), static_cast<double>(s.end)});
    const auto m = test::match_intervals(
        ref_s, det_s, [](const Interval& a, const Interval& b) { return test::iou(a, b) >= kMinIou; },
        [](const Interval& a, const Interval& b) { return test::iou(a, b); });
    double sl_abs = 0, sl_err = 0, st_abs = 0, sw_abs = 0, stc_abs = 0;
    double ic_abs = 0, tc_abs = 0, mv_abs = 0, ic_err = 0, tc_err = 0, mv_err = 0;
    std::size_t n = 0;
    for (std::size_t k = 0; k < m.size(); ++k) {
      if (m[k] < 0) continue;
      const FootStride& d = f->strides[static_cast<std::size_t>(m[k])];
      const std::size_t r = ref_row[k];
      const double e_sl = d.stride_length_m - params.num(r, "stride_length_m");
      sl_abs += std::abs(e_sl);
      sl_err += e_sl;
      st_abs += std::abs(d.stride_time_s - params.num(r, "stride_time_s"));
      sw_abs += std::abs(d.swing_time_s - params.num(r, "swing_time_s"));
      stc_abs += std::abs(d.stance_time_s - params.num(r, "stance_time_s"));
      // Events from the upstream event table (same strides, same order as the DERIVED parameters).
      EXPECT_EQ(events.num(r, "start"), params.num(r, "start"));
      const double e_ic = (static_cast<double>(d.ic) - events.num(r, "ic")) / kRateHz;
      const double e_tc = (static_cast<double>(d.tc) - events.num(r, "tc")) / kRateHz;
      const double e_mv = (static_cast<double>(d.start) - events.num(r, "min_vel")) / kRateHz;
      ic_abs += std::abs(e_ic);
      tc_abs += std::abs(e_tc);
      mv_abs += std::abs(e_mv);
      ic_err += e_ic;
      tc_err += e_tc;
      mv_err += e_mv;
      ++n;
    }
    const double dn = std::max<double>(1.0, static_cast<double>(n));
    std::printf("%-6s %5zu %5zu %4zu %4zu %4zu %6.3f | %5zu %5zu %9.2f %9.2f %9.1f %9.1f %9.1f\n",
                name.c_str(), ref_b.size(), det_b.size(), seg.tp, seg.fp, seg.fn, seg.f1(), ref_s.size(), n,
                100.0 * sl_abs / dn, 100.0 * sl_err / dn, 1000.0 * st_abs / dn, 1000.0 * sw_abs / dn,
                1000.0 * stc_abs / dn);
    event_lines += fmt::format("{:<6} {:5} {:9.1f} {:9.1f} {:9.1f} {:9.1f} {:9.1f} {:9.1f}\n", name, n,
                               1000.0 * ic_abs / dn, 1000.0 * ic_err / dn, 1000.0 * tc_abs / dn,
                               1000.0 * tc_err / dn, 1000.0 * mv_abs / dn, 1000.0 * mv_err / dn);
    EXPECT_LE(ic_abs / dn, kMaxIcMaeS) << name;
    EXPECT_LE(tc_abs / dn, kMaxTcMaeS) << name;
    const std::string key = std::string(label) + "_" + name;
    ::testing::Test::RecordProperty(key + "_segmentation_f1", std::to_string(seg.f1()));
    ::testing::Test::RecordProperty(key + "_stride_length_mae_m", std::to_string(sl_abs / dn));
    ::testing::Test::RecordProperty(key + "_stride_time_mae_s", std::to_string(st_abs / dn));
    EXPECT_GE(seg.f1(), min_f1) << name;
    const double align_deg = f->sensor_to_fsf.angularDistance(Quat::Identity()) * 180.0 / 3.14159265358979;
    if (align_deg > 0.0)
      std::printf("       (%s: estimated alignment is %.1f deg from the file's FSF)\n", name.c_str(),
                  align_deg);
    EXPECT_GE(static_cast<double>(n), kMinMatchedShare * static_cast<double>(ref_s.size())) << name;
    EXPECT_LE(sl_abs / dn, kMaxStrideLengthMaeM) << name;
    EXPECT_LE(st_abs / dn, kMaxStrideTimeMaeS) << name;
  }
  std::printf(
      "events vs stride_events_sample.csv (ms; ME = ours - mocap)\n%-6s %5s %9s %9s %9s %9s %9s %9s\n%s",
      "foot", "n", "IC_MAE", "IC_ME", "TC_MAE", "TC_ME", "MV_MAE", "MV_ME", event_lines.c_str());
}

TEST(GaitFootValidation, GaitmapExampleAgainstMocap) {
  PHYSIO_REQUIRE_SHARED("gaitmap-foot-imu-mocap");
  validate_gaitmap_example(shared_path, FootGaitOptions{}, "fsf", kMinSegmentationF1);
}

// The same recording with the sensor-to-foot alignment estimated from the data instead of trusted.
TEST(GaitFootValidation, GaitmapExampleWithEstimatedAlignment) {
  PHYSIO_REQUIRE_SHARED("gaitmap-foot-imu-mocap");
  FootGaitOptions o;
  o.frame.mounting = FootMounting::kEstimate;
  validate_gaitmap_example(shared_path, o, "estimated", kMinSegmentationF1Estimated);
}

TEST(GaitFootValidation, IcStridesOfSecondRecording) {
  PHYSIO_REQUIRE_SHARED("gaitmap-foot-imu-mocap");
  constexpr double kRate2Hz = 102.4;
  ImuLoadOptions lo;
  lo.rate_hz = kRate2Hz;
  auto session = load_imu_csv(shared_path / "imu_sample_ic_stride.csv", lo);
  ASSERT_TRUE(session) << session.error().message();
  auto res = analyse_foot_gait(*session, FootGaitOptions{});
  ASSERT_TRUE(res) << res.error().message();
  const auto borders = test::read_csv_table(shared_path / "stride_borders_sample_ic_stride.csv");
  const double tol = kBorderTolMs / 1000.0 * kRate2Hz;
  std::printf("\nIC-to-IC strides, imu_sample_ic_stride.csv (102.4 Hz) vs mocap borders (+-%.0f ms)\n",
              kBorderTolMs);
  std::printf("%-6s %5s %5s %7s %12s %12s\n", "foot", "ref", "found", "recall", "start_MAE_ms", "end_MAE_ms");
  for (FootSide side : {FootSide::kLeft, FootSide::kRight}) {
    const std::string name(foot_side_name(side));
    const FootGaitFoot* f = foot(*res, side);
    ASSERT_NE(f, nullptr);
    std::vector<Interval> ref, det;
    for (std::size_t i = 0; i < borders.rows.size(); ++i) {
      if (borders.str(i, "foot") == name) ref.push_back({borders.num(i, "start"), borders.num(i, "end")});
    }
    for (const auto& s : f->strides)
      det.push_back({static_cast<double>(s.pre_ic), static_cast<double>(s.ic)});
    const test::F1 m = test::border_f1(ref, det, tol);
    const auto idx = test::match_intervals(
        ref, det,
        [&](const Interval& a, const Interval& b) {
          return std::abs(a.start - b.start) <= tol && std::abs(a.end - b.end) <= tol;
        },
        [](const Interval& a, const Interval& b) {
          return -std::abs(a.start - b.start) - std::abs(a.end - b.end);
        });
    double e_start = 0, e_end = 0;
    for (std::size_t k = 0; k < idx.size(); ++k) {
      if (idx[k] < 0) continue;
      e_start += std::abs(ref[k].start - det[static_cast<std::size_t>(idx[k])].start);
      e_end += std::abs(ref[k].end - det[static_cast<std::size_t>(idx[k])].end);
    }
    const double dn = std::max<double>(1.0, static_cast<double>(m.tp));
    std::printf("%-6s %5zu %5zu %7.3f %12.1f %12.1f\n", name.c_str(), ref.size(), m.tp, m.recall(),
                1000.0 * e_start / dn / kRate2Hz, 1000.0 * e_end / dn / kRate2Hz);
    EXPECT_GE(m.recall(), kMinIcStrideRecall) << name;
  }
}

// The MS recordings have no reference: the pipeline must run through a long continuous walk and find an
// unbroken sequence of strides (the person never stops).
TEST(GaitFootValidation, LongWalkWithoutReferenceRunsThrough) {
  PHYSIO_REQUIRE_SHARED("gaitmap-foot-imu-mocap");
  for (const char* file : {"imu_sample_ms_left.csv", "imu_sample_ms_right.csv"}) {
    ImuLoadOptions lo;
    lo.rate_hz = 102.4;
    auto session = load_imu_csv(shared_path / file, lo);
    ASSERT_TRUE(session) << session.error().message();
    ASSERT_EQ(session->sensors.size(), 1u);
    const FootSide side =
        std::string(file).find("left") != std::string::npos ? FootSide::kLeft : FootSide::kRight;
    auto f = analyse_foot_recording(session->sensors.front(), side, FootGaitOptions{});
    ASSERT_TRUE(f) << f.error().message();
    const double dur_s = session->sensors.front().duration_s();
    std::printf(
        "%s: %.1f s, %zu segmented, %zu min_vel strides, stride time %.3f s, length %.2f m (CV %.1f %%)\n",
        file, dur_s, f->segmented_strides.size(), f->strides.size(), f->summary.stride_time_s.mean,
        f->summary.stride_length_m.mean, f->summary.stride_length_m.cv_pct);
    ASSERT_FALSE(f->strides.empty());
    // Continuous walking: the strides cover most of the recording.
    const double covered_s = f->strides.back().end_s - f->strides.front().start_s;
    EXPECT_GT(covered_s, 0.8 * dur_s) << file;
  }
}

}  // namespace
}  // namespace physio::imu
