// Auto-detection by content, whatever the extension says.

#include <string>

#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "formats_test_util.hpp"
#include "kinematics/formats/load.hpp"

namespace physio::kin {
namespace {

TEST(FormatsDetect, ByContent) {
  EXPECT_EQ(detect_format("PathFileType\t4\n"), LandmarkFormat::kTrc);
  EXPECT_EQ(detect_format("\xEF\xBB\xBF"
                          "PathFileType\t4\n"),
            LandmarkFormat::kTrc);
  EXPECT_EQ(detect_format("Coordinates\nversion=1\nendheader\ntime\ta\n"), LandmarkFormat::kMot);
  EXPECT_EQ(detect_format("frame,t_s,a_x,a_y,a_z,a_v\n"), LandmarkFormat::kPhysioCsv);
  EXPECT_EQ(detect_format("# physio-landmarks v1\nframe,t_s\n"), LandmarkFormat::kPhysioCsv);
  EXPECT_EQ(detect_format(R"({"format":"physio-landmarks"})"), LandmarkFormat::kPhysioJson);
  EXPECT_EQ(detect_format(R"({"results":[]})"), LandmarkFormat::kMediapipeJson);
  EXPECT_EQ(detect_format(R"([null,{"poseLandmarks":[]}])"), LandmarkFormat::kMediapipeJson);
  EXPECT_EQ(detect_format(R"({"annotations":[]})"), LandmarkFormat::kCocoJson);
  EXPECT_EQ(detect_format(R"([{"image_id":1,"keypoints":[]}])"), LandmarkFormat::kCocoJson);
  EXPECT_EQ(detect_format(R"({"version":1.3,"people":[]})"), LandmarkFormat::kOpenPose);
  EXPECT_EQ(detect_format(R"({"hello":1})"), LandmarkFormat::kUnknown);
  EXPECT_EQ(detect_format("{broken"), LandmarkFormat::kUnknown);
  EXPECT_EQ(detect_format("a,b,c\n1,2,3\n"), LandmarkFormat::kUnknown);
  EXPECT_EQ(format_for_extension("x.TRC"), LandmarkFormat::kTrc);
  EXPECT_EQ(format_for_extension("x.txt"), std::nullopt);
}

TEST(FormatsDetect, MisleadingExtensions) {
  auto dir = physio::test::scratch_dir("detect");
  LandmarkSequence seq = test::make_sequence(blazepose33(), CoordSpace::kWorldMetres, 3, 30.0);
  auto json = format_physio_json(seq);
  auto trc = format_trc(seq, "x.trc");
  ASSERT_TRUE(json && trc);
  test::write_text(dir / "really_json.trc", *json);
  test::write_text(dir / "really_trc.json", *trc);
  test::write_text(dir / "really_trc.csv", *trc);

  auto a = load_landmarks(dir / "really_json.trc");
  ASSERT_TRUE(a) << a.error().to_string();
  EXPECT_EQ(a->format, "physio-json");
  ASSERT_FALSE(a->warnings.empty());
  EXPECT_NE(a->warnings.back().find("extension"), std::string::npos);
  auto b = load_landmarks(dir / "really_trc.json");
  ASSERT_TRUE(b) << b.error().to_string();
  EXPECT_EQ(b->format, "trc");
  auto c = load_landmarks(dir / "really_trc.csv");
  ASSERT_TRUE(c) << c.error().to_string();
  EXPECT_EQ(c->format, "trc");
  EXPECT_EQ(detect_file_format(dir / "really_trc.csv").value_or(LandmarkFormat::kUnknown),
            LandmarkFormat::kTrc);
  EXPECT_EQ(detect_file_format(dir).value_or(LandmarkFormat::kUnknown), LandmarkFormat::kOpenPose);
}

TEST(FormatsDetect, UnknownContentAndOutputs) {
  auto r = parse_landmarks("just some words\n", "w.dat");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().to_string().find("reading w.dat: unrecognised content"), std::string::npos);
  auto j = parse_landmarks(R"({"hello":1})", "h.json");
  ASSERT_FALSE(j);
  EXPECT_NE(j.error().to_string().find("h.json"), std::string::npos);
  auto dir = physio::test::scratch_dir("detect_out");
  LandmarkSequence seq = test::make_sequence(coco17(), CoordSpace::kImagePixels, 2, 30.0);
  auto s = save_landmarks(seq, dir / "x.xyz");
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().to_string().find("x.xyz"), std::string::npos);
  // Normalised image coordinates of an unknown image size cannot go to TRC; nothing is written.
  LandmarkSequence normalised = test::make_sequence(coco17(), CoordSpace::kImageNormalized, 2, 30.0);
  auto t = save_landmarks(normalised, dir / "x.trc");
  ASSERT_FALSE(t);
  EXPECT_FALSE(std::filesystem::exists(dir / "x.trc"));
  EXPECT_TRUE(save_landmarks(seq, dir / "x.dat", LandmarkFormat::kPhysioCsv));
}

}  // namespace
}  // namespace physio::kin
