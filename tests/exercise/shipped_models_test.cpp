// The shipped movement models (src/exercise/shipped_models.hpp): one per UI-PRMD exercise, each with its
// training data and validation figures, used by default where they apply and said to be rule-based where
// they do not.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "exercise/library.hpp"
#include "exercise/shipped_models.hpp"
#include "exercise/ui_prmd.hpp"
#include "kinematics/synthetic.hpp"

namespace physio::exercise {
namespace {

TEST(ShippedModels, EveryExerciseWithLabelledDataHasAModelWithItsCard) {
  for (const char* id : {"deep_squat", "hurdle_step", "inline_lunge", "side_lunge", "sit_to_stand",
                         "standing_active_straight_leg_raise", "shoulder_abduction", "shoulder_extension",
                         "shoulder_rotation", "scaption"}) {
    auto m = shipped_movement_model(id);
    ASSERT_TRUE(m) << id << ": " << m.error().to_string();
    ASSERT_TRUE(m->has_value()) << id << ": no model ships";
    const ShippedModel& s = **m;
    EXPECT_EQ(s.model.exercise_id, id);
    EXPECT_EQ(s.model.n_groups, 5) << id;
    EXPECT_GT(s.model.n_incorrect, 40) << id;
    EXPECT_FALSE(s.model.weights.empty()) << id << ": a discriminant, not one-class";
    EXPECT_NE(s.summary.find("UI-PRMD Kinect, 5 adults"), std::string::npos) << s.summary;
    // Three decimals: a 0.996 is not rounded up to a perfect 1.00.
    EXPECT_NE(s.summary.find("leave-one-subject-out AUC 0."), std::string::npos) << s.summary;
    EXPECT_EQ(s.summary.find("AUC 1.0"), std::string::npos) << s.summary;
  }
  auto none = shipped_movement_model("heel_raise");
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
}

Result<ExerciseResult> analysed(const kin::LandmarkSequence& seq, const Exercise& ex) {
  auto r = PHYSIO_TRY(analyse_exercise(seq, ex));
  PHYSIO_CHECK(score_with_shipped_model(r, seq, ex));
  return r;
}

TEST(ShippedModels, ScoreKinectRecordingsByDefaultAndSayWhat) {
  PHYSIO_REQUIRE_SHARED("ui-prmd-kinect");
  const Exercise& ex = **find_exercise("deep_squat");
  auto load_set = [&](bool correct) {
    std::vector<kin::LandmarkSequence> parts;
    for (int e = 1; e <= 10; ++e) {
      const std::string n = fmt::format("m01_s02_e{:02}", e);
      const std::string folder = correct ? "correct" : "incorrect", suffix = correct ? "" : "_inc";
      auto rep = load_ui_prmd_repetition(
          shared_path / folder / "Positions" / (n + "_positions" + suffix + ".txt.gz"),
          shared_path / folder / "Angles" / (n + "_angles" + suffix + ".txt.gz"));
      EXPECT_TRUE(rep) << rep.error().to_string();
      if (rep) parts.push_back(std::move(*rep));
    }
    return *concatenate_sequences(parts);
  };
  const auto good_seq = load_set(true), bad_seq = load_set(false);
  auto good = analysed(good_seq, ex);
  auto bad = analysed(bad_seq, ex);
  ASSERT_TRUE(good) << good.error().to_string();
  ASSERT_TRUE(bad) << bad.error().to_string();
  EXPECT_TRUE(good->score_basis.starts_with("movement model fitted on UI-PRMD Kinect")) << good->score_basis;
  // s02 is one of the training subjects: this shows the model is applied, not how well it generalises
  // (that is the leave-one-subject-out figure in its card).
  EXPECT_GT(good->summary.score, bad->summary.score + 20.0);
}

TEST(ShippedModels, RecordingsUnlikeTheTrainingDataKeepTheRuleBasedScoreAndSaySo) {
  const Exercise& ex = **find_exercise("deep_squat");
  kin::SyntheticOptions o;
  o.repetitions = 3;
  o.depth = 0.8;
  const auto rec = kin::make_synthetic(o);
  auto r = analysed(rec.image, ex);
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_NE(r->score_basis.find("rule-based and not validated"), std::string::npos) << r->score_basis;
  EXPECT_NE(r->score_basis.find("2D"), std::string::npos) << r->score_basis;
  // 3D, but BlazePose (a camera) rather than the Kinect skeleton the model was validated on: no model score.
  auto blaze = analysed(rec.world, ex);
  ASSERT_TRUE(blaze) << blaze.error().to_string();
  EXPECT_NE(blaze->score_basis.find("rule-based and not validated"), std::string::npos) << blaze->score_basis;
  EXPECT_NE(blaze->score_basis.find("33-landmark skeleton (blazepose33)"), std::string::npos)
      << blaze->score_basis;
  EXPECT_NE(blaze->score_basis.find("kinect22"), std::string::npos) << blaze->score_basis;
  const Exercise& heel = **find_exercise("heel_raise");
  ExerciseResult none;
  ASSERT_TRUE(score_with_shipped_model(none, rec.world, heel));
  EXPECT_NE(none.score_basis.find("no movement model ships"), std::string::npos) << none.score_basis;
}

}  // namespace
}  // namespace physio::exercise
