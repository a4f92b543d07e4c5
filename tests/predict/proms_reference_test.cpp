// The recovery models on NHS PROMs, fitted on 2016-17 and checked on 2017-18 (time split), against NHS
// Digital's own case-mix model on the same rows. Reference data: ../shared/data/nhs-proms-hip-knee.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/test_data.hpp"
#include "predict/pipeline.hpp"

namespace physio::predict {
namespace {

struct Checked {
  nlohmann::json report;
};

Checked fit_and_check(const std::filesystem::path& dir, const char* model, const char* train_file,
                      const char* test_file) {
  auto def = find_model_def(model);
  EXPECT_TRUE(def);
  auto train = load_dataset(**def, {dir / train_file});
  auto test = load_dataset(**def, {dir / test_file});
  EXPECT_TRUE(train && test);
  auto m = train_model(**def, *train, train->rows, {});
  EXPECT_TRUE(m) << (m ? "" : m.error().to_string());
  auto rep = validate_model(*m, *test, test->rows, {.bootstrap = 50});
  EXPECT_TRUE(rep);
  return {nlohmann::json::parse(rep->json)};
}

TEST(PromsModels, KneeNonResponseBeatsTheCaseMixModelAndIsCalibrated) {
  PHYSIO_REQUIRE_SHARED("nhs-proms-hip-knee");
  const Checked c = fit_and_check(shared_path, "knee_nonresponse", "Knee Replacement CCG 1617.csv.zip",
                                  "Knee Replacements CCG 1718.csv.zip");
  const auto& cmp = c.report["comparison"];
  EXPECT_GT(cmp["auc_model"].get<double>(), cmp["auc_published"].get<double>());
  const double slope = c.report["risk"]["overall"]["calibration_slope"].get<double>();
  EXPECT_GE(slope, 0.9);
  EXPECT_LE(slope, 1.1);
}

TEST(PromsModels, HipNonResponseBeatsTheCaseMixModelAndIsCalibrated) {
  PHYSIO_REQUIRE_SHARED("nhs-proms-hip-knee");
  const Checked c = fit_and_check(shared_path, "hip_nonresponse", "Hip Replacement CCG 1617.csv.zip",
                                  "Hip Replacements CCG 1718.csv.zip");
  const auto& cmp = c.report["comparison"];
  EXPECT_GT(cmp["auc_model"].get<double>(), cmp["auc_published"].get<double>());
  const double slope = c.report["risk"]["overall"]["calibration_slope"].get<double>();
  EXPECT_GE(slope, 0.9);
  EXPECT_LE(slope, 1.1);
}

TEST(PromsModels, ExpectedKneeScoreIntervalHoldsItsLevelAndBeatsTheCaseMixModel) {
  PHYSIO_REQUIRE_SHARED("nhs-proms-hip-knee");
  const Checked c = fit_and_check(shared_path, "knee_score_6m", "Knee Replacement CCG 1617.csv.zip",
                                  "Knee Replacements CCG 1718.csv.zip");
  const double coverage = c.report["score"]["interval_coverage"].get<double>();
  EXPECT_NEAR(coverage, 0.80, 0.03);
  EXPECT_LT(c.report["comparison"]["model"]["mae"].get<double>(),
            c.report["comparison"]["published"]["mae"].get<double>());
}

}  // namespace
}  // namespace physio::predict
