// Measure names reach notes, Compositions and reports: the resolved angle is written in words, never as the
// identifier the engine uses.
#include <gtest/gtest.h>

#include "analysis/recording_analysis.hpp"

namespace physio::analysis {
namespace {

TEST(AngleInWords, OneSideAndBothSides) {
  EXPECT_EQ(angle_in_words("right_knee_flexion"), "right knee flexion");
  EXPECT_EQ(angle_in_words("left_shoulder_abduction"), "left shoulder abduction");
  EXPECT_EQ(angle_in_words("mean of left_knee_flexion and right_knee_flexion"),
            "mean of left and right knee flexion");
  // Two different angles stay as they are, in words.
  EXPECT_EQ(angle_in_words("mean of left_hip_flexion and right_knee_flexion"),
            "mean of left hip flexion and right knee flexion");
  EXPECT_EQ(angle_in_words("trunk_lean"), "trunk lean");
  EXPECT_EQ(angle_in_words(""), "");
}

}  // namespace
}  // namespace physio::analysis
