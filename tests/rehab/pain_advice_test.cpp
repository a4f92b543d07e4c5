#include "rehab/pain_advice.hpp"

#include <gtest/gtest.h>

namespace physio::rehab {
namespace {

TEST(PainAdvice, NoneUpToFiveCautionAboveStopFromSeven) {
  const clinic::ClinicContact c{"C", "", "", ""};
  const clinic::ClinicContact demo{"Demo Clinic", "", "+351 210 000 000", "112"};
  for (double v : {0.0, 2.0, 5.0}) EXPECT_FALSE(pain_advice(v, PainWhen::kDuringExercise, c)) << v;
  auto six = pain_advice(6, PainWhen::kDuringExercise, c);
  ASSERT_TRUE(six);
  EXPECT_FALSE(six->stop);
  EXPECT_NE(six->title.find("6/10"), std::string::npos);
  EXPECT_NE(six->text.find("fewer repetitions"), std::string::npos);
  auto five_and_a_half = pain_advice(5.5, PainWhen::kDuringExercise, c);
  ASSERT_TRUE(five_and_a_half);
  EXPECT_NE(five_and_a_half->title.find("5.5/10"), std::string::npos);
  for (double v : {7.0, 9.0, 10.0}) {
    auto a = pain_advice(v, PainWhen::kDuringExercise, demo);
    ASSERT_TRUE(a) << v;
    EXPECT_TRUE(a->stop) << v;
    EXPECT_NE(a->title.find("stop for today"), std::string::npos);
    EXPECT_NE(a->text.find("phone Demo Clinic on +351 210 000 000"), std::string::npos) << a->text;
    EXPECT_NE(a->text.find("has been told"), std::string::npos);
    EXPECT_NE(a->text.find("call 112 now"), std::string::npos) << a->text;
    EXPECT_EQ(a->text.find("999"), std::string::npos) << a->text;  // the clinic's number, not a fixed one
  }
  EXPECT_FALSE(pain_advice(6.99, PainWhen::kDuringExercise, c)->stop);
}

TEST(PainAdvice, MorningPainAndAClinicWithoutAPhoneAreWordedForThePatient) {
  auto a = pain_advice(8, PainWhen::kMorning, clinic::ClinicContact{});
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->stop);
  EXPECT_NE(a->title.find("this morning"), std::string::npos);
  EXPECT_NE(a->text.find("do not do your exercises"), std::string::npos);
  EXPECT_NE(a->text.find("phone your clinic"), std::string::npos) << a->text;
  EXPECT_NE(a->text.find("call your local emergency number now"), std::string::npos) << a->text;
  EXPECT_EQ(
      pain_alert_text(8, PainWhen::kDuringExercise, "mini squats"),
      "Automatic pain alert: pain 8/10 during mini squats reported. The patient was told to stop for today "
      "and whom to contact.");
  EXPECT_NE(pain_alert_text(7.5, PainWhen::kMorning, "").find("morning pain 7.5/10"), std::string::npos);
}

}  // namespace
}  // namespace physio::rehab
