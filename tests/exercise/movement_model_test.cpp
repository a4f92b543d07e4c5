#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "exercise/movement_model.hpp"
#include "exercise/score.hpp"
#include "exercise/ui_prmd.hpp"

namespace physio::exercise {
namespace {

constexpr double kLandmarkRate = 30.0;
constexpr double kTolFeature = 1e-9;

// A standing person (metres, +Y up, facing +Z): hips 0.2 m apart at 1.0 m, shoulders at 1.5 m
// (trunk 0.5 m); the right wrist rises from 0.8 m to 1.3 m and back over the sequence.
kin::LandmarkSequence standing_person(std::size_t n, double wrist_lo = 0.8, double wrist_hi = 1.3) {
  kin::LandmarkSequence seq(kinect22_skeleton(), kin::CoordSpace::kWorldMetres, n);
  seq.up_axis = kin::Axis::kY;
  const auto& sk = seq.skeleton();
  auto set = [&](std::size_t f, kin::Joint j, double x, double y, double z) {
    auto idx = sk.joint(j).a;
    ASSERT_GE(idx, 0);
    auto& l = seq.at(f, static_cast<std::size_t>(idx));
    l.x = static_cast<float>(x);
    l.y = static_cast<float>(y);
    l.z = static_cast<float>(z);
  };
  for (std::size_t f = 0; f < n; ++f) {
    seq.times()[f] = sample_time_us(static_cast<std::int64_t>(f), kLandmarkRate);
    for (std::size_t k = 0; k < seq.n_landmarks(); ++k) {  // everything else at the waist
      auto& l = seq.at(f, k);
      l.x = 0.0f;
      l.y = 1.0f;
      l.z = 0.0f;
    }
    const double phase =
        0.5 * (1.0 - std::cos(2.0 * std::numbers::pi * static_cast<double>(f) / static_cast<double>(n - 1)));
    set(f, kin::Joint::kLeftHip, 0.1, 1.0, 0.0);
    set(f, kin::Joint::kRightHip, -0.1, 1.0, 0.0);
    set(f, kin::Joint::kLeftShoulder, 0.2, 1.5, 0.0);
    set(f, kin::Joint::kRightShoulder, -0.2, 1.5, 0.0);
    set(f, kin::Joint::kRightWrist, -0.3, wrist_lo + (wrist_hi - wrist_lo) * phase, 0.1);
  }
  return seq;
}

double feature(const MovementFeatures& f, const std::string& name) {
  for (std::size_t k = 0; k < f.names.size(); ++k)
    if (f.names[k] == name) return f.values[k];
  ADD_FAILURE() << "no feature " << name;
  return std::nan("");
}

TEST(ExerciseMovementModel, FeaturesInTrunkLengthsOfTheBodyFrame) {
  constexpr std::size_t kN = 61;  // 2 s
  auto seq = standing_person(kN);
  auto f = rep_movement_features(seq, 0, kN - 1);
  ASSERT_TRUE(f) << f.error().to_string();
  EXPECT_NEAR(f->trunk_length, 0.5, kTolFeature);
  EXPECT_TRUE(f->metres);
  // Up: (0.8 - 1.0) / 0.5 .. (1.3 - 1.0) / 0.5; lateral towards the person's left (+X here): -0.6.
  EXPECT_NEAR(feature(*f, "right_wrist.up.min"), -0.4, 1e-6);
  EXPECT_NEAR(feature(*f, "right_wrist.up.max"), 0.6, 1e-6);
  EXPECT_NEAR(feature(*f, "right_wrist.lateral.mean"), -0.6, 1e-6);
  EXPECT_NEAR(std::fabs(feature(*f, "right_wrist.forward.mean")), 0.2, 1e-6);
  EXPECT_NEAR(feature(*f, "right_wrist.forward.sd"), 0.0, 1e-6);
  // Raised cosine of amplitude 1 trunk length over 2 s: peak speed pi/2 trunk lengths per second
  // (finite differences at 30 Hz: within 0.5 %).
  EXPECT_NEAR(feature(*f, "right_wrist.speed.max"), std::numbers::pi / 2.0, 0.005 * std::numbers::pi);
  EXPECT_NEAR(feature(*f, "duration_s"), 2.0, 1e-6);
  auto g = rep_movement_features(seq, 0, kN - 1, 1.25);
  ASSERT_TRUE(g);
  EXPECT_DOUBLE_EQ(feature(*g, "duration_s"), 1.25);
  // Scaling the whole person leaves every position feature unchanged.
  auto big = standing_person(kN);
  for (auto& l : big.data()) {
    l.x *= 1.5f;
    l.y *= 1.5f;
    l.z *= 1.5f;
  }
  auto fb = rep_movement_features(big, 0, kN - 1);
  ASSERT_TRUE(fb);
  EXPECT_NEAR(feature(*fb, "right_wrist.up.max"), 0.6, 1e-5);
}

// A left-sided repetition described mirrored is the right-sided one: the same features, by name.
TEST(ExerciseMovementModel, MirroredLeftRepetitionDescribesTheRightOne) {
  constexpr std::size_t kN = 61;
  auto right = standing_person(kN);
  // The same person raising the left wrist instead: the mirror image across the sagittal plane (x -> -x,
  // left and right landmarks exchanged).
  auto left = standing_person(kN);
  const auto& sk = left.skeleton();
  for (std::size_t f = 0; f < kN; ++f)
    for (kin::Joint j : movement_joints()) {
      const auto a = sk.joint(j).a, b = sk.joint(kin::mirror(j)).a;
      if (a < 0 || b < 0) continue;
      kin::Landmark src = right.at(f, static_cast<std::size_t>(b));
      src.x = -src.x;
      left.at(f, static_cast<std::size_t>(a)) = src;
    }
  auto fr = rep_movement_features(right, 0, kN - 1);
  auto fl = rep_movement_features(left, 0, kN - 1, -1.0, FeatureOptions{.mirror = true});
  ASSERT_TRUE(fr && fl);
  EXPECT_FALSE(fr->mirrored);
  EXPECT_TRUE(fl->mirrored);
  ASSERT_EQ(fr->names, fl->names);
  for (std::size_t k = 0; k < fr->names.size(); ++k) {
    if (std::isnan(fr->values[k])) {
      EXPECT_TRUE(std::isnan(fl->values[k])) << fr->names[k];
      continue;
    }
    EXPECT_NEAR(fl->values[k], fr->values[k], 1e-6) << fr->names[k];
  }
  // Not mirrored, the left-sided repetition's moving wrist is the left one, on the person's left.
  auto fl_plain = rep_movement_features(left, 0, kN - 1);
  ASSERT_TRUE(fl_plain);
  EXPECT_NEAR(feature(*fl_plain, "left_wrist.up.max"), 0.6, 1e-6);
  EXPECT_NEAR(feature(*fl_plain, "left_wrist.lateral.mean"), 0.6, 1e-6);
  EXPECT_NEAR(feature(*fl_plain, "left_wrist.forward.mean"), feature(*fr, "right_wrist.forward.mean"), 1e-6);
}

// The tempo variant of a repetition's features is what the same movement performed slower gives.
TEST(ExerciseMovementModel, TempoVariantMatchesTheSlowerRepetition) {
  auto normal = standing_person(61);  // 2 s
  auto slow = standing_person(76);    // 2.5 s: the same raise 1.25 times as long
  auto fn = rep_movement_features(normal, 0, 60);
  auto fs = rep_movement_features(slow, 0, 75);
  ASSERT_TRUE(fn && fs);
  const std::vector<double> v = with_tempo(fn->names, fn->values, 1.25);
  ASSERT_EQ(v.size(), fs->values.size());
  for (std::size_t k = 0; k < v.size(); ++k) {
    if (std::isnan(fs->values[k])) continue;
    // Positions match to rounding; peak speeds to the finite-difference error (1 %).
    EXPECT_NEAR(v[k], fs->values[k], 0.01 * std::max(1.0, std::fabs(fs->values[k]))) << fn->names[k];
  }
  EXPECT_NEAR(feature(*fs, "duration_s"), 2.5, 1e-9);
  const auto dur = std::find(fn->names.begin(), fn->names.end(), "duration_s") - fn->names.begin();
  EXPECT_NEAR(v[static_cast<std::size_t>(dur)], 2.5, 1e-9);
}

TEST(ExerciseMovementModel, FeatureErrors) {
  auto seq = standing_person(31);
  EXPECT_EQ(rep_movement_features(seq, 10, 40).error().code(), ErrorCode::kInvalidArgument);
  for (std::size_t f = 0; f < 31; ++f)
    for (auto& l : seq.frame(f)) l.x = std::nanf("");
  auto r = rep_movement_features(seq, 0, 30);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kMissingData);
  EXPECT_NE(r.error().message().find("hips or shoulders"), std::string::npos) << r.error().message();
}

TEST(ExerciseMovementModel, WindowsReachHalfWayIntoTheRest) {
  std::vector<std::size_t> s = {10, 50}, e = {30, 80};
  auto w = movement_windows(s, e, 100);
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0], (std::pair<std::size_t, std::size_t>{0, 40}));
  EXPECT_EQ(w[1], (std::pair<std::size_t, std::size_t>{40, 99}));
}

// Labelled synthetic features: 6 features ~ N(0, 1); incorrect repetitions shifted by +3 SD in
// feature 2 (named "left_knee.up.min"); four people, each with its own small offset.
std::vector<LabelledFeatures> synthetic_data(unsigned seed, int per_class = 20) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> nd(0.0, 1.0);
  std::vector<LabelledFeatures> out;
  for (int g = 0; g < 4; ++g) {
    double offset = 0.3 * g;
    for (int c = 0; c < 2; ++c)
      for (int i = 0; i < per_class; ++i) {
        LabelledFeatures x;
        x.correct = c == 0;
        x.group = "p" + std::to_string(g);
        for (int k = 0; k < 6; ++k) x.values.push_back(nd(rng) + offset);
        if (!x.correct) x.values[2] += 3.0;
        out.push_back(std::move(x));
      }
  }
  return out;
}

const std::vector<std::string> kNames = {"a.up.min",       "b.up.max", "left_knee.up.min",
                                         "c.forward.mean", "d.up.sd",  "duration_s"};

TEST(ExerciseMovementModel, DiscriminantSeparatesAndExplains) {
  auto train = synthetic_data(1);
  auto m = fit_movement_model("test", kNames, train);
  ASSERT_TRUE(m) << m.error().to_string();
  EXPECT_FALSE(m->weights.empty());
  EXPECT_EQ(m->n_groups, 4);
  EXPECT_EQ(m->names.size(), kNames.size());
  // New people: the held-out AUC must be near the Bayes limit for a 3 SD shift (~0.98).
  auto test = synthetic_data(2);
  std::vector<double> pos, neg;
  for (const auto& x : test) (x.correct ? pos : neg).push_back(movement_projection(*m, x.values));
  EXPECT_GT(roc_auc(pos, neg), 0.95);
  // An incorrect repetition is explained by the shifted feature, in words, with its size.
  MovementFeatures f;
  f.names = kNames;
  f.values = {0.0, 0.0, 3.5, 0.0, 0.0, 0.0};
  f.trunk_length = 0.5;
  f.metres = true;
  MovementAssessment a = assess_movement(*m, f);
  EXPECT_TRUE(a.discriminant);
  EXPECT_LT(a.p_correct, 0.2);
  ASSERT_FALSE(a.reasons.empty());
  EXPECT_EQ(a.reasons[0].feature, "left_knee.up.min");
  EXPECT_NE(a.reasons[0].text.find("left knee lowest point"), std::string::npos) << a.reasons[0].text;
  EXPECT_NE(a.reasons[0].text.find("higher"), std::string::npos) << a.reasons[0].text;
  EXPECT_NE(a.reasons[0].text.find(" cm "), std::string::npos) << a.reasons[0].text;
  // The same repetition of a person working on the right side, described mirrored (their left as the
  // model's right): the reason names the person's own side, in the feature and the words.
  f.mirrored = true;
  a = assess_movement(*m, f);
  ASSERT_FALSE(a.reasons.empty());
  EXPECT_EQ(a.reasons[0].feature, "right_knee.up.min");
  EXPECT_NE(a.reasons[0].text.find("right knee lowest point"), std::string::npos) << a.reasons[0].text;
  EXPECT_EQ(a.reasons[0].text.find("left"), std::string::npos) << a.reasons[0].text;
  f.mirrored = false;
  f.values = {0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
  EXPECT_GT(assess_movement(*m, f).p_correct, 0.7);
}

TEST(ExerciseMovementModel, OneClassWithoutIncorrectExamples) {
  auto all = synthetic_data(3);
  std::vector<LabelledFeatures> correct;
  for (const auto& x : all)
    if (x.correct) correct.push_back(x);
  auto m = fit_movement_model("test", kNames, correct);
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->weights.empty());
  EXPECT_GT(m->d_ok, 0.5);
  MovementFeatures f;
  f.names = kNames;
  f.values = {0.3, 0.3, 0.3, 0.3, 0.3, 0.3};
  EXPECT_DOUBLE_EQ(assess_movement(*m, f).points, 0.0);
  f.values[2] = 12.0;  // far outside
  MovementAssessment a = assess_movement(*m, f);
  EXPECT_GT(a.points, 0.5 * kMovementMaxPoints);
  ASSERT_FALSE(a.reasons.empty());
  EXPECT_EQ(a.reasons[0].feature, "left_knee.up.min");
}

// Augmented repetitions train the model but are not counted, held out or calibrated on.
TEST(ExerciseMovementModel, AugmentedRepetitionsAreNotCountedOrHeldOut) {
  auto data = synthetic_data(5);
  auto plain = fit_movement_model("test", kNames, data);
  ASSERT_TRUE(plain);
  auto augmented = data;
  for (const auto& x : data) {
    LabelledFeatures y = x;
    y.augmented = true;
    for (double& v : y.values) v += 0.01;
    augmented.push_back(y);
  }
  auto m = fit_movement_model("test", kNames, augmented);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->n_correct, plain->n_correct);
  EXPECT_EQ(m->n_incorrect, plain->n_incorrect);
  EXPECT_EQ(m->n_groups, plain->n_groups);
  // The held-out AUC is computed on the original repetitions only: near the plain model's.
  EXPECT_NEAR(m->inner_auc, plain->inner_auc, 0.02);
}

TEST(ExerciseMovementModel, JsonRoundTripAndErrors) {
  auto m = fit_movement_model("test", kNames, synthetic_data(4));
  ASSERT_TRUE(m);
  auto back = movement_model_from_json(movement_model_to_json(*m));
  ASSERT_TRUE(back) << back.error().to_string();
  std::vector<double> x = {0.1, -0.2, 1.0, 0.4, 0.0, 2.0};
  EXPECT_DOUBLE_EQ(movement_projection(*back, x), movement_projection(*m, x));
  EXPECT_GT(m->typical_distance, 0.5);
  EXPECT_DOUBLE_EQ(back->typical_distance, m->typical_distance);
  EXPECT_FALSE(back->feature_options.mirror);
  EXPECT_FALSE(back->feature_options.rest_relative);
  m->feature_options = {.mirror = true, .rest_relative = true};
  auto described = movement_model_from_json(movement_model_to_json(*m));
  ASSERT_TRUE(described);
  EXPECT_TRUE(described->feature_options.mirror);
  EXPECT_TRUE(described->feature_options.rest_relative);
  auto j = movement_model_to_json(*m);
  j["mirror_left"] = "yes";
  auto bad_mirror = movement_model_from_json(j);
  ASSERT_FALSE(bad_mirror);
  EXPECT_NE(bad_mirror.error().message().find("mirror_left"), std::string::npos);
  j = movement_model_to_json(*m);
  j.erase("midpoint");
  auto bad = movement_model_from_json(j);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message().find("midpoint"), std::string::npos) << bad.error().message();
  j = movement_model_to_json(*m);
  j["sd"][0] = 0.0;
  EXPECT_FALSE(movement_model_from_json(j));
  // Fitting errors.
  std::vector<LabelledFeatures> one = {{{1, 2, 3, 4, 5, 6}, true, "p"}};
  EXPECT_EQ(fit_movement_model("t", kNames, one).error().code(), ErrorCode::kMissingData);
  std::vector<LabelledFeatures> ragged = {{{1, 2, 3}, true, "p"}, {{1, 2, 3, 4, 5, 6}, true, "p"}};
  EXPECT_EQ(fit_movement_model("t", kNames, ragged).error().code(), ErrorCode::kInvalidArgument);
}

TEST(ExerciseMovementModel, DroppedFeaturesAndMissingValues) {
  auto data = synthetic_data(5);
  for (auto& x : data) x.values[0] = 7.0;                                             // constant: dropped
  for (std::size_t i = 0; i < data.size(); i += 3) data[i].values[1] = std::nan("");  // 33 % missing
  auto m = fit_movement_model("test", kNames, data);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->names.size(), kNames.size() - 2);
  EXPECT_EQ(std::find(m->names.begin(), m->names.end(), "a.up.min"), m->names.end());
  // A value missing at assessment counts as the correct mean (no pull).
  std::vector<double> x = {7.0, 0.0, std::nan(""), 0.0, 0.0, 0.0};
  EXPECT_TRUE(std::isfinite(movement_projection(*m, x)));
}

TEST(ExerciseMovementModel, DiscriminantScoreSharesOutThePointsLost) {
  RepMetrics rm;
  rm.quality.deductions = {{"rule:a", "cue a", 10.0}, {"partial", "partial", 30.0}};
  rm.quality.score = 60.0;
  MovementAssessment a;
  a.discriminant = true;
  a.p_correct = 0.7;
  a.rules_share = 0.5;
  a.reasons = {{"x.up.max", "x highest point 5 cm lower", -2.0, 0.3}};
  a.other_share = 0.2;
  apply_movement_assessment(rm, a);
  EXPECT_NEAR(rm.quality.score, 70.0, 1e-9);
  double total = 0.0;
  for (const auto& d : rm.quality.deductions) total += d.points;
  EXPECT_NEAR(total, 30.0, 1e-9);
  EXPECT_NEAR(rm.quality.deductions[0].points, 30.0 * 0.5 * 0.25, 1e-9);  // rule a: 10 of 40 rule points
  EXPECT_EQ(rm.quality.deductions[2].source, "movement:x.up.max");
  EXPECT_NEAR(rm.quality.deductions[2].points, 9.0, 1e-9);
  EXPECT_NEAR(rule_points_of(rm), 30.0 * 0.5, 1e-9);
}

}  // namespace
}  // namespace physio::exercise
