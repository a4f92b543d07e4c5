// TRC reading and writing: the real Pose2Sim files, round trips, and every kind of bad input.

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "formats_test_util.hpp"
#include "kinematics/angles/angles.hpp"
#include "kinematics/formats/load.hpp"
#include "kinematics/formats/trc.hpp"
#include "kinematics/synthetic.hpp"

namespace physio::kin {
namespace {

using test::expect_error;
using test::expect_same;
using test::make_sequence;

constexpr const char* kHeader =
    "PathFileType\t4\t(X/Y/Z)\tknee.trc\n"
    "DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\tOrigDataStartFrame\tOrigNumFrames\n";

// A valid 3-frame, 2-marker TRC in millimetres; rows are lines 6 to 8.
std::string small_trc(std::string rows = "", std::string frames = "3", std::string markers = "2",
                      std::string names = "RKnee\t\t\tLKnee") {
  if (rows.empty())
    rows =
        "1\t0\t1\t2\t3\t4\t5\t6\n"
        "2\t0.01\t10\t20\t30\t40\t50\t60\n"
        "3\t0.02\t100\t200\t300\t400\t500\t600\n";
  return std::string(kHeader) + "100\t100\t" + frames + "\t" + markers + "\tmm\t100\t1\t3\n" +
         "Frame#\tTime\t" + names + "\t\t\n" + "\t\tX1\tY1\tZ1\tX2\tY2\tZ2\n" + rows;
}

std::string error_of(std::string_view content, std::string_view name = "knee.trc") {
  auto r = parse_trc(content, name);
  EXPECT_FALSE(r.has_value()) << "expected an error for:\n" << content;
  return r ? std::string() : r.error().to_string();
}

TEST(FormatsTrc, ReadsSmallFileInMetres) {
  auto r = parse_trc(small_trc(), "knee.trc");
  ASSERT_TRUE(r) << r.error().to_string();
  const LandmarkSequence& seq = r->landmarks;
  EXPECT_EQ(r->format, "trc");
  ASSERT_EQ(seq.n_frames(), 3u);
  ASSERT_EQ(seq.n_landmarks(), 2u);
  EXPECT_EQ(seq.space(), CoordSpace::kWorldMetres);
  EXPECT_EQ(seq.up_axis, Axis::kY);
  EXPECT_EQ(seq.skeleton().landmarks[0], "RKnee");
  EXPECT_TRUE(seq.skeleton().has(Joint::kRightKnee));
  EXPECT_FLOAT_EQ(seq.at(1, 1).x, 0.040f);
  EXPECT_FLOAT_EQ(seq.at(2, 0).z, 0.300f);
  EXPECT_NEAR(seq.rate_hz(), 100.0, 1e-6);
  EXPECT_TRUE(r->warnings.empty());
}

TEST(FormatsTrc, BlankAndNanCellsAreMissing) {
  auto r = parse_trc(
      small_trc("1\t0\t\t\t\t4\t5\t6\n2\t0.01\t1\tNaN\t3\t4\t5\t6\n3\t0.02\t1\t2\t3\t4\t5\t6\n"), "k.trc");
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_TRUE(r->landmarks.at(0, 0).missing());
  EXPECT_FALSE(r->landmarks.at(0, 1).missing());
  EXPECT_TRUE(r->landmarks.at(1, 0).missing());
  EXPECT_TRUE(std::isnan(r->landmarks.at(1, 0).z));
}

TEST(FormatsTrc, RoundTrip) {
  auto sk = skeleton_from_names({"RHip", "RKnee", "RAnkle", "LHip", "LKnee", "LAnkle"});
  ASSERT_TRUE(sk);
  LandmarkSequence seq = make_sequence(*sk, CoordSpace::kWorldMetres, 20, 60.0);
  for (auto& l : seq.data()) l.visibility = std::numeric_limits<float>::quiet_NaN();
  auto dir = physio::test::scratch_dir("trc");
  ASSERT_TRUE(save_landmarks(seq, dir / "out.trc"));
  auto back = load_landmarks(dir / "out.trc");
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(back->format, "trc");
  expect_same(seq, back->landmarks, false);
  EXPECT_NEAR(back->landmarks.rate_hz(), 60.0, 0.1);
}

TEST(FormatsTrc, WritesBuiltinSkeletonAndRotatesMinusYUp) {
  LandmarkSequence seq = make_sequence(blazepose33(), CoordSpace::kWorldMetres, 5, 30.0);
  seq.up_axis = Axis::kNegY;
  auto text = format_trc(seq, "w.trc");
  ASSERT_TRUE(text);
  auto back = parse_trc(*text, "w.trc");
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(back->landmarks.skeleton().name, "blazepose33");  // the names match the built-in exactly
  const Landmark& a = seq.at(0, 0);
  const Landmark& b = back->landmarks.at(0, 0);
  EXPECT_FLOAT_EQ(b.x, a.x);
  EXPECT_FLOAT_EQ(b.y, -a.y);
  EXPECT_FLOAT_EQ(b.z, -a.z);
}

TEST(FormatsTrc, NormalisedImageCoordinatesAreWrittenInPixelsWhenTheImageSizeIsKnown) {
  LandmarkSequence seq = make_sequence(coco17(), CoordSpace::kImageNormalized, 2, 30.0);
  auto r = format_trc(seq);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().to_string().find("unknown size"), std::string::npos) << r.error().to_string();
  seq.image_width = 1768;
  seq.image_height = 994;
  r = format_trc(seq, "px.trc");
  ASSERT_TRUE(r) << r.error().to_string();
  auto back = parse_trc(*r, "px.trc");
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(back->landmarks.space(), CoordSpace::kImagePixels);
  EXPECT_NEAR(back->landmarks.at(1, 3).x, seq.at(1, 3).x * 1768.0f, 1e-2);
  EXPECT_NEAR(back->landmarks.at(1, 3).y, seq.at(1, 3).y * 994.0f, 1e-2);
}

/// A squatting person in pixels of a 1768 x 994 video (the Sports2D demo's size).
LandmarkSequence squat_in_pixels() {
  SyntheticOptions o;
  o.repetitions = 2;
  o.depth = 0.8;
  const auto rec = make_synthetic(o);
  LandmarkSequence px(rec.image.skeleton_ptr(), CoordSpace::kImagePixels, 0);
  for (std::size_t i = 0; i < rec.image.n_frames(); ++i) {
    auto dst = px.add_frame(rec.image.times()[i]);
    for (std::size_t m = 0; m < dst.size(); ++m) {
      const Landmark& l = rec.image.at(i, m);
      dst[m] = Landmark{l.x * 1768.0f, l.y * 994.0f, 0.0f, std::numeric_limits<float>::quiet_NaN()};
    }
  }
  return px;
}

void expect_same_angles(const LandmarkSequence& a, const LandmarkSequence& b) {
  AngleOptions o;
  o.angles = {"right_knee_flexion", "right_hip_flexion", "trunk"};
  auto x = compute_angles(a, o);
  auto y = compute_angles(b, o);
  ASSERT_TRUE(x) << x.error().to_string();
  ASSERT_TRUE(y) << y.error().to_string();
  EXPECT_EQ(y->report.mode, AngleMode::k2d);
  for (const auto& name : o.angles) {
    const auto p = x->column(name), q = y->column(name);
    ASSERT_EQ(p.size(), q.size());
    double range = 0;
    for (std::size_t i = 0; i < p.size(); ++i) {
      EXPECT_NEAR(p[i], q[i], 1e-3) << name << " frame " << i;
      range = std::max(range, std::fabs(q[i] - q[0]));
    }
    if (name == "right_knee_flexion") {
      EXPECT_GT(range, 45.0);  // the squat is seen, not a constant
    }
  }
}

TEST(FormatsTrc, PixelSequencesRoundTripAsPx) {
  const LandmarkSequence px = squat_in_pixels();
  auto text = format_trc(px, "px.trc");
  ASSERT_TRUE(text) << text.error().to_string();
  EXPECT_NE(text->find("\tpx\t"), std::string::npos);
  auto back = parse_trc(*text, "px.trc");
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(back->landmarks.space(), CoordSpace::kImagePixels);
  EXPECT_TRUE(back->warnings.empty());
  EXPECT_NEAR(back->landmarks.at(10, 24).y, px.at(10, 24).y, 1e-3);
}

TEST(FormatsTrc, Sports2DPixelTrcLabelledMetresIsRead2D) {
  // Sports2D writes its pixel TRC with Units "m" and Z = 0: read as 3D it gave a constant hip flexion
  // and a trunk of -180 degrees. It is 2D pixel data and must give the angles of the pixels.
  const LandmarkSequence px = squat_in_pixels();
  std::string text = *format_trc(px, "demo_Sports2D_px_person00.trc");
  const auto at = text.find("\tpx\t");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 4, "\tm\t");
  auto r = parse_trc(text, "demo_Sports2D_px_person00.trc");
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->landmarks.space(), CoordSpace::kImagePixels);
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_NE(r->warnings[0].find("2D pixel coordinates"), std::string::npos) << r->warnings[0];
  EXPECT_NEAR(r->landmarks.at(5, 26).x, px.at(5, 26).x, 1e-3);
  expect_same_angles(px, r->landmarks);
}

TEST(FormatsTrc, PlanarMetreTrcIsRead2DWithYUp) {
  // Sports2D's metre TRC: the same plane in metres, y up, Z = 0.
  const LandmarkSequence px = squat_in_pixels();
  LandmarkSequence m(px.skeleton_ptr(), CoordSpace::kWorldMetres, 0);
  for (std::size_t i = 0; i < px.n_frames(); ++i) {
    auto dst = m.add_frame(px.times()[i]);
    for (std::size_t k = 0; k < dst.size(); ++k)
      dst[k] = Landmark{px.at(i, k).x / 550.0f, -px.at(i, k).y / 550.0f, 0.0f, px.at(i, k).visibility};
  }
  auto r = parse_trc(*format_trc(m, "demo_Sports2D_m_person00.trc"), "demo_Sports2D_m_person00.trc");
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->landmarks.space(), CoordSpace::kImagePixels);
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_NE(r->warnings[0].find("y up"), std::string::npos) << r->warnings[0];
  expect_same_angles(px, r->landmarks);
}

TEST(FormatsTrc, ReadsPose2SimFiles) {
  PHYSIO_REQUIRE_SHARED("pose2sim-demo");
  auto r = load_landmarks(shared_path / "pose-3d/S00_P00_T01_BalancingTrial_0-100.trc");
  ASSERT_TRUE(r) << r.error().to_string();
  const LandmarkSequence& seq = r->landmarks;
  EXPECT_EQ(r->format, "trc");
  EXPECT_EQ(seq.n_frames(), 100u);
  ASSERT_EQ(seq.n_landmarks(), 21u);
  EXPECT_EQ(seq.skeleton().landmarks.front(), "RHip");
  EXPECT_EQ(seq.skeleton().landmarks.back(), "LWrist");
  EXPECT_NEAR(seq.rate_hz(), 60.0, 0.01);
  EXPECT_NEAR(us_to_seconds(seq.times()[0]), 1.0 / 60.0, 1e-6);
  EXPECT_FLOAT_EQ(seq.at(0, 0).x, -0.06497214796810755f);
  EXPECT_FLOAT_EQ(seq.at(0, 0).y, 0.9015045550714222f);
  EXPECT_TRUE(seq.skeleton().has(Joint::kLeftKnee));
  EXPECT_TRUE(seq.skeleton().has(Joint::kNeck));

  // OpenCap's augmented file: 64 markers, a blank line after the header, trailing tabs.
  auto lstm =
      load_landmarks(shared_path / "pose-3d/S00_P00_T01_BalancingTrial_0-100_filt_butterworth_LSTM.trc");
  ASSERT_TRUE(lstm) << lstm.error().to_string();
  EXPECT_EQ(lstm->landmarks.n_frames(), 100u);
  EXPECT_EQ(lstm->landmarks.n_landmarks(), 64u);
  EXPECT_EQ(lstm->landmarks.skeleton().landmarks[21], "r.ASIS_study");
  EXPECT_FLOAT_EQ(lstm->landmarks.at(0, 0).y, 0.8690172f);
}

// --- bad input: each error names the file, the line and what was expected ---

TEST(FormatsTrcBad, WrongColumnCount) {
  std::string msg =
      error_of(small_trc("1\t0\t1\t2\t3\t4\t5\t6\n2\t0.01\t1\t2\t3\t4\t5\n3\t0.02\t1\t2\t3\t4\t5\t6\n"));
  EXPECT_EQ(msg, "reading knee.trc: line 7: expected 8 columns, got 7");
}

TEST(FormatsTrcBad, Truncated) {
  std::string full = small_trc();
  std::string cut = full.substr(0, full.size() - 12);  // ends inside the last row
  expect_error(error_of(cut), {"knee.trc", "line 8", "expected 8 columns"});
  std::string two_rows = small_trc("1\t0\t1\t2\t3\t4\t5\t6\n2\t0.01\t1\t2\t3\t4\t5\t6\n");
  expect_error(error_of(two_rows), {"knee.trc", "line 7", "NumFrames says 3", "truncated"});
  expect_error(error_of(std::string(kHeader)), {"knee.trc", "line 3", "ends inside the header"});
}

TEST(FormatsTrcBad, InfinityIsAnError) {
  expect_error(
      error_of(small_trc("1\t0\t1\t2\t3\t4\t5\t6\n2\t0.01\t1\tinf\t3\t4\t5\t6\n3\t0.02\t1\t2\t3\t4\t5\t6\n")),
      {"knee.trc", "line 7", "RKnee Y", "not a finite coordinate"});
  expect_error(
      error_of(small_trc("1\t0\t1\t2\t3\t4\t5\t6\n2\tinf\t1\t2\t3\t4\t5\t6\n3\t0.02\t1\t2\t3\t4\t5\t6\n")),
      {"knee.trc", "line 7", "time"});
  expect_error(
      error_of(small_trc("1\t0\t1\t2\t3\t4\t5\t6\n2\t0.01\t1\tabc\t3\t4\t5\t6\n3\t0.02\t1\t2\t3\t4\t5\t6\n")),
      {"line 7", "'abc' is not a number"});
}

TEST(FormatsTrcBad, NonMonotonicTimes) {
  expect_error(
      error_of(small_trc("1\t0\t1\t2\t3\t4\t5\t6\n2\t0.02\t1\t2\t3\t4\t5\t6\n3\t0.01\t1\t2\t3\t4\t5\t6\n")),
      {"knee.trc", "line 8", "not after the previous frame"});
}

TEST(FormatsTrcBad, DuplicateMarkerNames) {
  expect_error(error_of(small_trc("", "3", "2", "RKnee\t\t\tRKnee")),
               {"knee.trc", "line 4", "'RKnee' appears twice"});
}

TEST(FormatsTrcBad, AbsurdHeaderClaims) {
  // A trillion frames or a billion markers: checked against the rows present, nothing allocated from them.
  expect_error(error_of(small_trc("", "1000000000000")),
               {"knee.trc", "line 8", "NumFrames says 1000000000000"});
  expect_error(error_of(small_trc("", "3", "1000000000")),
               {"knee.trc", "line 4", "expected 1000000000 marker names"});
  expect_error(error_of(small_trc("", "99999999999999999999999")), {"knee.trc", "line 3", "NumFrames"});
  expect_error(error_of(small_trc("", "3", "-2")), {"knee.trc", "line 3", "NumMarkers"});
}

TEST(FormatsTrcBad, HeaderProblems) {
  expect_error(error_of("hello\n"), {"knee.trc", "line 1", "PathFileType"});
  std::string bad_units = small_trc();
  bad_units.replace(bad_units.find("\tmm\t"), 4, "\tin\t");
  expect_error(error_of(bad_units), {"line 3", "Units 'in'"});
  std::string bad_rate = small_trc();
  bad_rate.replace(bad_rate.find("100\t100"), 3, "nan");
  expect_error(error_of(bad_rate), {"line 3", "DataRate"});
}

TEST(FormatsTrcBad, EmptyAndBinaryFiles) {
  auto dir = physio::test::scratch_dir("trc_bad");
  test::write_text(dir / "empty.trc", "");
  auto e = load_landmarks(dir / "empty.trc");
  ASSERT_FALSE(e);
  expect_error(e.error().to_string(), {"empty.trc", "empty file"});
  test::write_text(dir / "bin.trc", std::string("PathFileType\0\xff\xfe\x01", 16));
  auto b = load_landmarks(dir / "bin.trc");
  ASSERT_FALSE(b);
  expect_error(b.error().to_string(), {"bin.trc", "binary"});
  auto t = load_trc(dir / "bin.trc");
  ASSERT_FALSE(t);
  expect_error(t.error().to_string(), {"bin.trc", "binary"});
  auto missing = load_landmarks(dir / "nope.trc");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
}

TEST(FormatsTrcBad, FileLargerThanLimit) {
  auto dir = physio::test::scratch_dir("trc_big");
  test::write_text(dir / "k.trc", small_trc());
  LoadOptions opts;
  opts.max_bytes = 64;
  auto r = load_landmarks(dir / "k.trc", opts);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kOutOfRange);
  expect_error(r.error().to_string(), {"k.trc", "limit"});
}

}  // namespace
}  // namespace physio::kin
