// The Pose2Sim calibration reader and the floor point of a pixel.
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "gait/calibration.hpp"

namespace physio::gait {
namespace {

constexpr double kTolM = 1e-6;

// A camera 1.5 m above the floor at world (8, 0), looking along -X (the world's Z is up): rotation by 120 deg
// about (1, 1, -1) maps world (X, Y, Z) to camera (Y, -Z, -X); t = -R C.
std::string calib_text(const std::string& extra = "") {
  const double a = 2.0943951023931957 / std::sqrt(3.0);
  return "[cam_side]\nname = \"cam_side\"\nsize = [ 1920, 1080]\n"
         "matrix = [ [ 1500.0, 0.0, 960.0], [ 0.0, 1500.0, 540.0], [ 0.0, 0.0, 1.0]]\n"
         "distortions = [ 0.0, 0.0, 0.0, 0.0]\n"
         "rotation = [ " +
         std::to_string(a) + ", " + std::to_string(a) + ", " + std::to_string(-a) +
         "]\ntranslation = [ 0.0, 1.5, 8.0]\nfisheye = false\n" + extra + "\n[metadata]\nadjusted = false\n";
}

TEST(GaitCalibration, ReadsTheCameraAndFindsTheFloor) {
  auto cal = parse_calibration(calib_text(), "side.toml");
  ASSERT_TRUE(cal.has_value()) << cal.error().to_string();
  EXPECT_EQ(cal->name, "cam_side");
  EXPECT_EQ(cal->width_px, 1920);
  EXPECT_NEAR(cal->centre_m[0], 8.0, 1e-4);
  EXPECT_NEAR(cal->centre_m[2], 1.5, 1e-4);
  // The floor 8 m ahead is 1500 * 1.5 / 8 = 281.25 px below the image centre.
  auto p = floor_point(*cal, 960.0, 540.0 + 281.25);
  ASSERT_TRUE(p.has_value());
  EXPECT_NEAR((*p)[0], 0.0, 1e-3);
  EXPECT_NEAR((*p)[1], 0.0, 1e-3);
  // 150 px to the right at that depth is 150 * 8 / 1500 = 0.8 m along the world's Y.
  auto q = floor_point(*cal, 960.0 + 150.0, 540.0 + 281.25);
  ASSERT_TRUE(q.has_value());
  EXPECT_NEAR((*q)[1] - (*p)[1], 0.8, 1e-3);
  EXPECT_NEAR((*q)[2], 0.0, kTolM);
}

TEST(GaitCalibration, AboveTheHorizonIsAnError) {
  auto cal = parse_calibration(calib_text(), "side.toml");
  ASSERT_TRUE(cal.has_value());
  auto p = floor_point(*cal, 960.0, 300.0);
  ASSERT_FALSE(p.has_value());
  EXPECT_EQ(p.error().code(), ErrorCode::kOutOfRange);
}

TEST(GaitCalibration, ErrorsNameTheKeyAndLine) {
  std::string text = calib_text();
  text.replace(text.find("translation"), 11, "translatio");
  auto missing = parse_calibration(text, "cal.toml");
  ASSERT_FALSE(missing.has_value());
  EXPECT_NE(missing.error().to_string().find("'translation' is missing"), std::string::npos);
  EXPECT_NE(missing.error().to_string().find("cal.toml"), std::string::npos);

  text = calib_text();
  text.replace(text.find("1500.0, 0.0, 960.0"), 6, "fifteen");
  auto bad = parse_calibration(text, "cal.toml");
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().to_string().find("line 4: 'matrix'"), std::string::npos) << bad.error().to_string();

  auto none = parse_calibration("[metadata]\nadjusted = false\n", "cal.toml");
  ASSERT_FALSE(none.has_value());
  EXPECT_EQ(none.error().code(), ErrorCode::kMissingData);
}

}  // namespace
}  // namespace physio::gait
