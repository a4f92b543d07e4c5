// Joint-angle tables: OpenSim .mot reading (the real Pose2Sim files), writing, CSV/JSON, bad input.

#include <cmath>
#include <limits>
#include <string>

#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "core/file_io.hpp"
#include "formats_test_util.hpp"
#include "kinematics/formats/load.hpp"
#include "kinematics/formats/mot.hpp"

namespace physio::kin {
namespace {

constexpr double kAngleTol = 1e-9;

AngleTable make_table() {
  AngleTable t;
  t.names = {"knee_angle_r", "knee_angle_l", "pelvis_ty"};
  t.units = {"deg", "deg", "m"};
  t.columns.resize(3);
  for (int i = 0; i < 10; ++i) {
    t.times.push_back(sample_time_us(i, 60.0));
    t.columns[0].push_back(10.0 + i * 1.25);
    t.columns[1].push_back(i == 4 ? std::numeric_limits<double>::quiet_NaN() : -3.5 + i / 3.0);
    t.columns[2].push_back(0.9 + i * 1e-3);
  }
  return t;
}

void expect_same(const AngleTable& a, const AngleTable& b) {
  ASSERT_EQ(a.n_frames(), b.n_frames());
  ASSERT_EQ(a.names, b.names);
  EXPECT_EQ(a.in_degrees, b.in_degrees);
  EXPECT_EQ(a.units, b.units);
  for (std::size_t i = 0; i < a.n_frames(); ++i) {
    EXPECT_NEAR(us_to_seconds(a.times[i]), us_to_seconds(b.times[i]), test::kTimeTolS);
    for (std::size_t c = 0; c < a.n_columns(); ++c) {
      double x = a.columns[c][i], y = b.columns[c][i];
      if (std::isnan(x)) {
        EXPECT_TRUE(std::isnan(y)) << c << "," << i;
      } else {
        EXPECT_NEAR(x, y, kAngleTol) << c << "," << i;
      }
    }
  }
}

using test::expect_error;

TEST(FormatsMot, RoundTripEveryFormat) {
  AngleTable t = make_table();
  auto dir = physio::test::scratch_dir("mot");
  for (const char* leaf : {"a.mot", "a.sto", "a.csv", "a.json"}) {
    SCOPED_TRACE(leaf);
    ASSERT_TRUE(save_angle_table(t, dir / leaf));
    auto back = load_angle_table(dir / leaf);
    ASSERT_TRUE(back) << back.error().to_string();
    expect_same(t, *back);
  }
  ASSERT_TRUE(save_mot(t, dir / "b.mot"));
  auto mot = load_mot(dir / "b.mot");
  ASSERT_TRUE(mot) << mot.error().to_string();
  expect_same(t, *mot);
}

TEST(FormatsMot, RejectsUnknownExtensionAndBadTables) {
  AngleTable t = make_table();
  auto dir = physio::test::scratch_dir("mot_ext");
  EXPECT_FALSE(save_angle_table(t, dir / "a.xlsx"));
  EXPECT_FALSE(std::filesystem::exists(dir / "a.xlsx"));
  t.columns[1].pop_back();
  auto r = save_angle_table(t, dir / "a.mot");
  ASSERT_FALSE(r);
  EXPECT_FALSE(std::filesystem::exists(dir / "a.mot"));  // never half-written
  expect_error(r.error().to_string(), {"knee_angle_l", "9 values for 10 times"});
}

TEST(FormatsMot, ReadsPose2SimFiles) {
  PHYSIO_REQUIRE_SHARED("pose2sim-demo");
  auto r = load_mot(shared_path / "kinematics/S00_P00_T01_BalancingTrial_filt_butterworth_0-100_body25b.mot");
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->n_frames(), 100u);
  EXPECT_EQ(r->n_columns(), 62u);
  EXPECT_TRUE(r->in_degrees);
  EXPECT_EQ(r->names.front(), "pelvis_tilt");
  EXPECT_NEAR(us_to_seconds(r->times[0]), 0.01666667, 1e-6);
  int knee = r->index_of("knee_angle_r");
  ASSERT_GE(knee, 0);
  EXPECT_EQ(r->units[static_cast<std::size_t>(knee)], "deg");
  EXPECT_EQ(r->units[static_cast<std::size_t>(r->index_of("pelvis_ty"))], "m");
  EXPECT_NEAR(r->columns[0][0], 0.03149947, 1e-9);
  EXPECT_NEAR(r->columns[3][0], 0.03162683, 1e-9);  // pelvis_tx

  auto lstm =
      load_angle_table(shared_path / "kinematics/S00_P00_T01_BalancingTrial_filt_butterworth_0-100_LSTM.mot");
  ASSERT_TRUE(lstm) << lstm.error().to_string();
  EXPECT_EQ(lstm->n_frames(), 100u);
  EXPECT_EQ(lstm->n_columns(), 68u);
  EXPECT_NEAR(lstm->columns[0][0], -1.03176270, 1e-9);

  // A .mot is angles, not landmarks: load_landmarks says so.
  auto as_landmarks =
      load_landmarks(shared_path / "kinematics/S00_P00_T01_BalancingTrial_filt_butterworth_0-100_LSTM.mot");
  ASSERT_FALSE(as_landmarks);
  expect_error(as_landmarks.error().to_string(), {"LSTM.mot", "joint angles", "give a landmark file"});
}

constexpr const char* kMotHeader = "Coordinates\nversion=1\nnRows=3\nnColumns=3\ninDegrees=no\nendheader\n";

TEST(FormatsMot, ReadsRadiansAndNaN) {
  auto r = parse_mot(std::string(kMotHeader) + "time\ta\tb\n0\t1\tNaN\n0.1\t2\t3\n0.2\t3\t4\n", "r.mot");
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_FALSE(r->in_degrees);
  EXPECT_EQ(r->units[0], "rad");
  EXPECT_TRUE(std::isnan(r->columns[1][0]));
}

TEST(FormatsMotBad, EachErrorNamesFileAndLine) {
  auto err = [](std::string body) {
    auto r = parse_mot(std::string(kMotHeader) + body, "ik.mot");
    EXPECT_FALSE(r);
    return r ? std::string() : r.error().to_string();
  };
  EXPECT_EQ(err("time\ta\tb\n0\t1\t2\n0.1\t2\n0.2\t3\t4\n"),
            "reading ik.mot: line 9: expected 3 columns, got 2");
  expect_error(err("time\ta\tb\n0\t1\t2\n0.1\t2\tinf\n0.2\t3\t4\n"),
               {"ik.mot", "line 9", "column 3 (b)", "infinite"});
  expect_error(err("time\ta\tb\n0\t1\t2\n0.2\t2\t3\n0.1\t3\t4\n"), {"ik.mot", "line 10", "not after"});
  expect_error(err("time\ta\tb\n0\t1\t2\n0.1\t2\t3\n"), {"ik.mot", "nRows says 3", "truncated"});
  expect_error(err("time\ta\ta\n0\t1\t2\n"), {"ik.mot", "line 7", "'a' appears twice"});
  expect_error(err("time\ta\n0\t1\n"), {"ik.mot", "line 7", "expected 3 columns (nColumns), got 2"});
  expect_error(err("angle\ta\tb\n"), {"ik.mot", "line 7", "'time'"});
  expect_error(err(""), {"ik.mot", "column names"});

  auto no_end = parse_mot("Coordinates\nversion=1\ntime\ta\n0\t1\n", "x.mot");
  ASSERT_FALSE(no_end);
  expect_error(no_end.error().to_string(), {"x.mot", "endheader"});
  auto huge = parse_mot("c\nnRows=1000000000000\nnColumns=2\nendheader\ntime\ta\n0\t1\n", "h.mot");
  ASSERT_FALSE(huge);
  expect_error(huge.error().to_string(), {"h.mot", "nRows says 1000000000000"});
  // Found by fuzzing: a column name that is not UTF-8 made JSON writing throw; now the reader refuses it.
  auto bad_utf8 = parse_mot("c\nendheader\ntime\ta\xb0\n0\t1\n", "u.mot");
  ASSERT_FALSE(bad_utf8);
  expect_error(bad_utf8.error().to_string(), {"u.mot", "line 3", "invalid UTF-8"});
  auto bad_deg = parse_mot("c\ninDegrees=maybe\nendheader\ntime\ta\n0\t1\n", "d.mot");
  ASSERT_FALSE(bad_deg);
  expect_error(bad_deg.error().to_string(), {"d.mot", "line 2", "inDegrees"});
}

TEST(FormatsMotBad, AngleCsvAndJson) {
  auto csv = parse_angle_csv("t_s,a,b\n0,1,2\n0.1,1\n", "a.csv");
  ASSERT_FALSE(csv);
  EXPECT_EQ(csv.error().to_string(), "reading a.csv: line 3: expected 3 columns, got 2");
  auto json = parse_angle_json(
      R"({"format":"physio-angles","version":1,"t_s":[0,1],"columns":[{"name":"a","values":[1]}]})",
      "a.json");
  ASSERT_FALSE(json);
  expect_error(json.error().to_string(), {"a.json", "column 0 (a)", "array of 2"});
  auto trunc = parse_angle_json(R"({"format":"physio-angles","version":1,"t_s":[0,1)", "t.json");
  ASSERT_FALSE(trunc);
  expect_error(trunc.error().to_string(), {"t.json", "invalid JSON"});
}

}  // namespace
}  // namespace physio::kin

namespace physio::kin {
namespace {

// The finding: MOT times were written as 0.06666699999999999 and TRC rates as 59.99880002399952.
TEST(FormatsPrecision, TimesAndRatesAtTheirOwnPrecision) {
  AngleTable t;
  t.names = {"a"};
  t.units = {"deg"};
  t.in_degrees = true;
  t.times = {0, 66667, 133333, 2000000};
  t.columns = {{1.0, 2.0, 3.0, 4.0}};
  auto dir = physio::test::scratch_dir("formats_precision");
  ASSERT_TRUE(save_angle_table(t, dir / "p.mot"));
  auto text = load_text_file(dir / "p.mot");
  ASSERT_TRUE(text);
  EXPECT_NE(text->find("0.066667\t"), std::string::npos) << *text;
  EXPECT_NE(text->find("\n2\t"), std::string::npos) << *text;
  EXPECT_EQ(text->find("0.0666669999"), std::string::npos) << *text;

  LandmarkSequence seq(blazepose33(), CoordSpace::kWorldMetres, 3);
  for (std::size_t f = 0; f < 3; ++f) {
    seq.times()[f] = static_cast<TimeUs>(f) * 16667;
    for (std::size_t i = 0; i < seq.n_landmarks(); ++i) seq.at(f, i) = Landmark{0.1f, 0.2f, 0.3f, 1.0f};
  }
  LandmarkFile file;
  file.landmarks = seq;
  ASSERT_TRUE(save_landmark_file(file, dir / "p.trc"));
  auto trc = load_text_file(dir / "p.trc");
  ASSERT_TRUE(trc);
  EXPECT_NE(trc->find("59.9988\t59.9988\t"), std::string::npos) << trc->substr(0, 400);
}

}  // namespace
}  // namespace physio::kin
