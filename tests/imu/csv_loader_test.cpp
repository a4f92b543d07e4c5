#include "imu/csv_loader.hpp"

#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "imu/csv_columns.hpp"
#include "imu/imu_test_util.hpp"

namespace physio::imu {
namespace {

using test::any_warning_contains;
using test::make_csv;
using test::still_csv;

constexpr double kGravityTol = 0.05;  // m/s^2
constexpr double kRateTol = 1e-6;     // Hz

std::string error_text(const Result<ImuSession>& r) {
  return r ? std::string("(no error)") : r.error().to_string();
}

// A recording that turns about z with a varying rate after 2 s of rest; gyr in the given scale (1 = rad/s).
std::string turning_csv(const std::string& header, double gyr_scale, double acc_value) {
  return make_csv(header, 1000, [&](int i) {
    const double t = i / 100.0;
    const double wz = t < 2.0 ? 0.001 : 2.0 * std::sin(2.0 * M_PI * 0.5 * (t - 2.0));
    return fmt::format("{:.2f},0,0,{},0,0,{}", t, acc_value, wz * gyr_scale);
  });
}

TEST(ImuColumns, RecognisesNamesAndUnits) {
  EXPECT_EQ(classify_column("acc_x_g").acc_unit, AccUnit::kG);
  EXPECT_EQ(classify_column("ACC_Y_ms2").acc_unit, AccUnit::kMps2);
  EXPECT_EQ(classify_column("acc_z").axis, 2);
  EXPECT_EQ(classify_column("gyr_x_dps").gyr_unit, GyrUnit::kDegPerS);
  EXPECT_EQ(classify_column("gyro_y_rads").gyr_unit, GyrUnit::kRadPerS);
  EXPECT_EQ(classify_column("mag_z_uT").kind, ColumnKind::kMag);
  EXPECT_EQ(classify_column("t_s").kind, ColumnKind::kTime);
  EXPECT_EQ(classify_column("sample").kind, ColumnKind::kSample);
  EXPECT_EQ(classify_column("opt_qw").kind, ColumnKind::kIgnore);
  EXPECT_EQ(classify_column("unix_time_s").kind, ColumnKind::kIgnore);
}

TEST(ImuCsv, UnitsFromSuffix) {
  const auto csv =
      still_csv("t_s,acc_x_g,acc_y_g,acc_z_g,gyr_x_dps,gyr_y_dps,gyr_z_dps", 300, 100.0, 1.0, 0.1);
  auto s = parse_imu_csv(csv, "still.csv", {});
  ASSERT_TRUE(s) << error_text(s);
  ASSERT_EQ(s->sensors.size(), 1u);
  const auto& r = s->sensors[0];
  EXPECT_NEAR(r.rate_hz, 100.0, kRateTol);
  EXPECT_EQ(r.size(), 300u);
  EXPECT_NEAR(r.acc_mps2(0, 2), 9.80665, 1e-9);
  EXPECT_NEAR((*r.gyr_rps)(0, 0), 0.1 * M_PI / 180.0, 1e-12);
  EXPECT_EQ(r.units.acc_source, "column suffix");
  EXPECT_EQ(r.t_us[1], 10000);
}

TEST(ImuCsv, DetectsAccelerometerUnits) {
  auto g = parse_imu_csv(still_csv("t_s,acc_x,acc_y,acc_z,gyr_x,gyr_y,gyr_z", 300, 100.0, 1.0, 0.001),
                         "g.csv", {});
  ASSERT_TRUE(g) << error_text(g);
  EXPECT_EQ(g->sensors[0].units.acc, AccUnit::kG);
  EXPECT_EQ(g->sensors[0].units.acc_source, "detected");
  EXPECT_NEAR(g->sensors[0].acc_mps2.row(0).norm(), 9.81, kGravityTol);
  auto ms = parse_imu_csv(still_csv("t_s,acc_x,acc_y,acc_z,gyr_x,gyr_y,gyr_z", 300, 100.0, 9.81, 0.001),
                          "m.csv", {});
  ASSERT_TRUE(ms) << error_text(ms);
  EXPECT_EQ(ms->sensors[0].units.acc, AccUnit::kMps2);
}

TEST(ImuCsv, DetectsGyroUnits) {
  const std::string h = "t_s,acc_x,acc_y,acc_z,gyr_x,gyr_y,gyr_z";
  auto dps = parse_imu_csv(turning_csv(h, 180.0 / M_PI, 9.81), "dps.csv", {});
  ASSERT_TRUE(dps) << error_text(dps);
  EXPECT_EQ(dps->sensors[0].units.gyr, GyrUnit::kDegPerS);
  auto rads = parse_imu_csv(turning_csv(h, 1.0, 9.81), "rads.csv", {});
  ASSERT_TRUE(rads) << error_text(rads);
  EXPECT_EQ(rads->sensors[0].units.gyr, GyrUnit::kRadPerS);
  // Both give the same rates in rad/s.
  EXPECT_NEAR((*dps->sensors[0].gyr_rps)(600, 2), (*rads->sensors[0].gyr_rps)(600, 2), 1e-9);
}

TEST(ImuCsv, WrongDeclaredAccUnitIsAnError) {
  auto r =
      parse_imu_csv(still_csv("t_s,acc_x_ms2,acc_y_ms2,acc_z_ms2,gyr_x,gyr_y,gyr_z", 300, 100.0, 0.98, 0.001),
                    "wrong.csv", {});
  ASSERT_FALSE(r);
  EXPECT_NE(error_text(r).find(
                "acc magnitude at rest is 0.98 m/s^2: the file looks like it is in g but was declared "
                "m/s^2"),
            std::string::npos)
      << error_text(r);
  EXPECT_NE(error_text(r).find("reading wrong.csv"), std::string::npos);
  // Declared through the options as well.
  ImuLoadOptions o;
  o.acc_unit = AccUnit::kG;
  auto r2 = parse_imu_csv(still_csv("t_s,acc_x,acc_y,acc_z,gyr_x,gyr_y,gyr_z", 300, 100.0, 9.81, 0.001),
                          "w2.csv", o);
  ASSERT_FALSE(r2);
  EXPECT_NE(error_text(r2).find("looks like it is in m/s^2 but was declared g"), std::string::npos)
      << error_text(r2);
}

TEST(ImuCsv, GyroBiasAtRestWarnsAndWrongGyroUnitFails) {
  auto warn = parse_imu_csv(
      still_csv("t_s,acc_x_g,acc_y_g,acc_z_g,gyr_x_dps,gyr_y_dps,gyr_z_dps", 300, 100, 1.0, 3.0), "bias.csv",
      {});
  ASSERT_TRUE(warn) << error_text(warn);
  EXPECT_TRUE(any_warning_contains(*warn, "at rest: a large bias")) << warn->warnings.size();
  auto bad = parse_imu_csv(
      still_csv("t_s,acc_x_g,acc_y_g,acc_z_g,gyr_x_rads,gyr_y_rads,gyr_z_rads", 300, 100, 1.0, 2.0),
      "bad.csv", {});
  ASSERT_FALSE(bad);
  EXPECT_NE(error_text(bad).find("looks like it is in deg/s but was declared rad/s"), std::string::npos)
      << error_text(bad);
}

TEST(ImuCsv, NonMonotonicTimestampsNameTheLine) {
  std::string csv = "t_s,acc_x,acc_y,acc_z\n";
  for (int i = 0; i < 50; ++i) csv += fmt::format("{:.2f},0,0,9.81\n", i == 5 ? 0.03 : i / 100.0);
  auto r = parse_imu_csv(csv, "time.csv", {});
  ASSERT_FALSE(r);
  EXPECT_NE(error_text(r).find("line 7: field t_s: timestamps are not increasing"), std::string::npos)
      << error_text(r);
}

TEST(ImuCsv, MissingAxisColumnIsNamed) {
  auto r = parse_imu_csv(make_csv("t_s,acc_x,acc_y,gyr_x,gyr_y,gyr_z", 50,
                                  [](int i) { return fmt::format("{},0,9.81,0,0,0", i / 100.0); }),
                         "axis.csv", {});
  ASSERT_FALSE(r);
  EXPECT_NE(error_text(r).find("missing column acc_z (found acc_x, acc_y)"), std::string::npos)
      << error_text(r);
  auto g = parse_imu_csv(make_csv("t_s,acc_x,acc_y,acc_z,gyr_x,gyr_z", 50,
                                  [](int i) { return fmt::format("{},0,0,9.81,0,0", i / 100.0); }),
                         "gyr.csv", {});
  ASSERT_FALSE(g);
  EXPECT_NE(error_text(g).find("missing column gyr_y"), std::string::npos) << error_text(g);
}

TEST(ImuCsv, ShortNanRunIsInterpolatedLongOneFails) {
  auto csv_with_gap = [](int first, int len) {
    return make_csv("t_s,acc_x,acc_y,acc_z", 400, [&](int i) {
      const bool missing = i >= first && i < first + len;
      return fmt::format("{:.2f},0,0,{}", i / 100.0, missing ? std::string("nan") : std::string("9.81"));
    });
  };
  auto ok = parse_imu_csv(csv_with_gap(100, 3), "short.csv", {});
  ASSERT_TRUE(ok) << error_text(ok);
  EXPECT_TRUE(any_warning_contains(*ok, "acc_z: 3 missing value(s) in 1 run(s) interpolated (lines 102-104)"))
      << ok->warnings.front();
  EXPECT_NEAR(ok->sensors[0].acc_mps2(101, 2), 9.81, 1e-12);
  auto bad = parse_imu_csv(csv_with_gap(100, 50), "long.csv", {});
  ASSERT_FALSE(bad);
  EXPECT_NE(error_text(bad).find("field acc_z: 50 consecutive missing values from line 102 to line 151"),
            std::string::npos)
      << error_text(bad);
}

TEST(ImuCsv, OneHertzFileIsTooSlow) {
  auto r = parse_imu_csv(
      make_csv("t_s,acc_x,acc_y,acc_z", 30, [](int i) { return fmt::format("{},0,0,9.81", i); }), "slow.csv",
      {});
  ASSERT_FALSE(r);
  EXPECT_NE(error_text(r).find("sampling rate 1 Hz is too slow for gait/orientation analysis"),
            std::string::npos)
      << error_text(r);
}

TEST(ImuCsv, JitterAndGapsAreResampledWithAWarning) {
  std::string csv = "t_s,acc_x,acc_y,acc_z\n";
  double t = 0.0;
  for (int i = 0; i < 300; ++i) {
    csv += fmt::format("{:.4f},{},0,9.81\n", t, t);
    t += (i == 100) ? 0.05 : (i % 2 == 0 ? 0.0085 : 0.0115);
  }
  auto r = parse_imu_csv(csv, "jitter.csv", {});
  ASSERT_TRUE(r) << error_text(r);
  EXPECT_TRUE(any_warning_contains(*r, "resampled linearly to a uniform 100 Hz grid")) << r->warnings.front();
  const auto& rec = r->sensors[0];
  EXPECT_NEAR(rec.rate_hz, 100.0, 1e-3);
  // acc_x holds the time itself, so linear resampling must reproduce the grid times.
  for (std::size_t i = 0; i < rec.size(); i += 37)
    EXPECT_NEAR(rec.acc_mps2(static_cast<Eigen::Index>(i), 0), us_to_seconds(rec.t_us[i]), 1e-6);
}

TEST(ImuCsv, RateFromOptionsWithoutTimeColumn) {
  const auto csv = make_csv("acc_x,acc_y,acc_z", 100, [](int) { return std::string("0,0,1"); });
  auto none = parse_imu_csv(csv, "norate.csv", {});
  ASSERT_FALSE(none);
  EXPECT_NE(error_text(none).find("give the sampling rate"), std::string::npos);
  ImuLoadOptions o;
  o.rate_hz = 50.0;
  auto r = parse_imu_csv(csv, "rate.csv", o);
  ASSERT_TRUE(r) << error_text(r);
  EXPECT_EQ(r->sensors[0].t_us[2], 40000);
}

TEST(ImuCsv, BadFieldsNameLineAndField) {
  auto r = parse_imu_csv("t_s,acc_x,acc_y,acc_z\n0,0,0,9.8\n0.01,0,abc,9.8\n", "bad.csv", {});
  ASSERT_FALSE(r);
  EXPECT_EQ(error_text(r), "reading bad.csv: line 3: field acc_y: 'abc' is not a number");
  auto c = parse_imu_csv("t_s,acc_x,acc_y,acc_z\n0,0,0,9.8\n0.01,0,9.8\n", "count.csv", {});
  ASSERT_FALSE(c);
  EXPECT_EQ(error_text(c), "reading count.csv: line 3: expected 4 fields, got 3");
  EXPECT_FALSE(parse_imu_csv("", "empty.csv", {}));
  EXPECT_FALSE(parse_imu_csv("x,y\n1,2\n", "noacc.csv", {}));
}

TEST(ImuCsv, MultiIndexHeaderGivesTwoFootSensors) {
  std::string csv =
      "sensor,left_sensor,right_sensor,left_sensor,right_sensor,left_sensor,right_sensor\n"
      "axis,acc_x,acc_x,acc_y,acc_y,acc_z,acc_z\n";
  for (int i = 0; i < 200; ++i) csv += fmt::format("{},0.1,0.2,0,0,9.8,9.7\n", i);
  ImuLoadOptions o;
  o.rate_hz = 204.8;
  auto r = parse_imu_csv(csv, "imu_sample.csv", o);
  ASSERT_TRUE(r) << error_text(r);
  ASSERT_EQ(r->sensors.size(), 2u);
  EXPECT_EQ(r->sensors[0].placement, Placement::kLeftFoot);
  EXPECT_EQ(r->sensors[1].placement, Placement::kRightFoot);
  EXPECT_DOUBLE_EQ(r->sensors[1].acc_mps2(0, 0), 0.2);
  EXPECT_NEAR(r->sensors[0].rate_hz, 204.8, kRateTol);
}

TEST(ImuCsvReference, ReadsMobgapImuCsv) {
  PHYSIO_REQUIRE_SHARED("mobgap-lowerback-indip");
  ImuLoadOptions o;
  o.placement = Placement::kLowerBack;
  auto r = load_imu_csv(shared_path / "HA_001/Test5_Trial1/imu.csv", o);
  ASSERT_TRUE(r) << error_text(r);
  const auto& rec = r->sensors[0];
  EXPECT_EQ(rec.size(), 1246u);
  EXPECT_NEAR(rec.rate_hz, 100.0, 1e-6);
  EXPECT_EQ(rec.units.acc, AccUnit::kG);
  EXPECT_EQ(rec.units.gyr, GyrUnit::kDegPerS);
  EXPECT_TRUE(rec.mag_ut.has_value());
  EXPECT_EQ(rec.placement, Placement::kLowerBack);
}

TEST(ImuCsvReference, ReadsGaitmapMultiIndex) {
  PHYSIO_REQUIRE_SHARED("gaitmap-foot-imu-mocap");
  ImuLoadOptions o;
  o.rate_hz = 204.8;
  o.gyr_unit = GyrUnit::kDegPerS;  // stated in its SOURCE.md, not in the header
  auto r = load_imu_csv(shared_path / "imu_sample.csv", o);
  ASSERT_TRUE(r) << error_text(r);
  ASSERT_EQ(r->sensors.size(), 2u);
  EXPECT_EQ(r->sensors[0].sensor_name, "left_sensor");
  EXPECT_EQ(r->sensors[0].placement, Placement::kLeftFoot);
  EXPECT_EQ(r->sensors[1].placement, Placement::kRightFoot);
  EXPECT_EQ(r->sensors[0].size(), 7928u);
  EXPECT_EQ(r->sensors[0].units.acc, AccUnit::kMps2);
  // Without the declaration the gyro unit is detected from the data.
  ImuLoadOptions d;
  d.rate_hz = 204.8;
  auto det = load_imu_csv(shared_path / "imu_sample.csv", d);
  ASSERT_TRUE(det) << error_text(det);
  EXPECT_EQ(det->sensors[0].units.gyr, GyrUnit::kDegPerS);
  d.rate_hz = 102.4;
  auto ic = load_imu_csv(shared_path / "imu_sample_ic_stride.csv", d);
  ASSERT_TRUE(ic) << error_text(ic);
  EXPECT_EQ(ic->sensors.size(), 2u);
}

TEST(ImuCsvReference, ReadsSkdhAccOnly) {
  PHYSIO_REQUIRE_SHARED("skdh-sit2stand-lowerback");
  auto r = load_imu_csv(shared_path / "s2s_input.csv", {});
  ASSERT_TRUE(r) << error_text(r);
  const auto& rec = r->sensors[0];
  EXPECT_EQ(rec.size(), 11650u);
  EXPECT_NEAR(rec.rate_hz, 128.0, 0.01);
  EXPECT_FALSE(rec.gyr_rps.has_value());
  EXPECT_NEAR(rec.acc_mps2.row(0).norm(), 9.81, 0.5);
}

}  // namespace
}  // namespace physio::imu

namespace physio::imu {
namespace {

// The finding: a file cut in the middle of a line gave no result at all. It gives the complete rows and
// a warning naming the line; a short line followed by more rows is still an error.
TEST(ImuCsv, FileCutMidLineGivesTheCompleteRows) {
  const std::string csv =
      test::still_csv("t_s,acc_x_g,acc_y_g,acc_z_g,gyr_x_dps,gyr_y_dps,gyr_z_dps", 300, 100.0, 1.0, 0.0);
  // Cut in the middle of the last row (after its second field), as a copy interrupted part-way.
  std::size_t last_row = csv.rfind('\n', csv.size() - 2) + 1;
  const std::string cut = csv.substr(0, csv.find(',', csv.find(',', last_row) + 1));
  auto s = parse_imu_csv(cut, "cut.csv", {});
  ASSERT_TRUE(s) << s.error().to_string();
  EXPECT_EQ(s->sensors.front().size(), 299u);
  EXPECT_TRUE(any_warning_contains(*s, "cut.csv: line 301 is cut short (2 of 7 fields)"));
  EXPECT_TRUE(any_warning_contains(*s, "read the 299 complete rows"));
  const std::string middle = cut + "\n" + csv.substr(last_row);
  EXPECT_FALSE(parse_imu_csv(middle, "middle.csv", {}));
}

}  // namespace
}  // namespace physio::imu
