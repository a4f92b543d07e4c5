// Change flags against a personal baseline.

#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "imu/functional/change_flags.hpp"
#include "imu/functional/metric_vocabulary.hpp"

namespace physio::imu {
namespace {

constexpr double kTol = 1e-9;

// 14 daily baseline values around `base` (+-0.01 alternating), then `later` values.
std::vector<DatedResult> gait_series(double base, const std::vector<double>& later) {
  std::vector<DatedResult> r;
  for (int d = 1; d <= 14; ++d) {
    r.push_back({fmt::format("2026-03-{:02d}", d), "walking_speed_mps", base + (d % 2 == 0 ? 0.01 : -0.01)});
  }
  for (std::size_t k = 0; k < later.size(); ++k) {
    r.push_back({fmt::format("2026-04-{:02d}", k + 1), "walking_speed_mps", later[k]});
  }
  return r;
}

TEST(FunctionalChangeFlags, GaitSpeedDropOf012Flags) {
  const auto rep = compute_change_flags(gait_series(1.20, {1.08}), default_change_thresholds(), {});
  ASSERT_TRUE(rep) << rep.error().to_string();
  ASSERT_EQ(rep->flags.size(), 1u);
  const auto& f = rep->flags[0];
  EXPECT_EQ(f.metric, "walking_speed_mps");
  EXPECT_EQ(f.kind, "worsened");
  EXPECT_NEAR(f.baseline, 1.20, kTol);
  EXPECT_NEAR(f.current, 1.08, kTol);
  EXPECT_NEAR(f.change, -0.12, kTol);
  EXPECT_NEAR(f.threshold, 0.10, kTol);
  EXPECT_EQ(f.better, "higher");
  EXPECT_NE(f.source.find("Perera"), std::string::npos);
  EXPECT_EQ(f.date, "2026-04-01");
  EXPECT_TRUE(f.note.empty());
}

TEST(FunctionalChangeFlags, GaitSpeedDropOf005DoesNotFlag) {
  const auto rep = compute_change_flags(gait_series(1.20, {1.15}), default_change_thresholds(), {});
  ASSERT_TRUE(rep);
  EXPECT_TRUE(rep->flags.empty());
  ASSERT_EQ(rep->metrics.size(), 1u);
  EXPECT_TRUE(rep->metrics[0].evaluated);
  EXPECT_NEAR(rep->metrics[0].change, -0.05, kTol);
}

TEST(FunctionalChangeFlags, ImprovementIsNotAWorseningFlag) {
  const auto rep = compute_change_flags(gait_series(1.00, {1.15}), default_change_thresholds(), {});
  ASSERT_TRUE(rep);
  EXPECT_TRUE(rep->flags.empty());
  ChangeFlagOptions o;
  o.report_improvements = true;
  const auto rep2 = compute_change_flags(gait_series(1.00, {1.15}), default_change_thresholds(), o);
  ASSERT_TRUE(rep2);
  ASSERT_EQ(rep2->flags.size(), 1u);
  EXPECT_EQ(rep2->flags[0].kind, "improved");
}

TEST(FunctionalChangeFlags, LowerIsBetterMetricsFlagIncreases) {
  std::vector<DatedResult> r;
  for (int d = 1; d <= 5; ++d)
    r.push_back({fmt::format("2026-01-{:02d}", d), "five_times_sit_to_stand_s", 12.0});
  r.push_back({"2026-02-01", "five_times_sit_to_stand_s", 14.5});
  const auto rep = compute_change_flags(r, default_change_thresholds(), {});
  ASSERT_TRUE(rep);
  ASSERT_EQ(rep->flags.size(), 1u);
  EXPECT_NEAR(rep->flags[0].change, 2.5, kTol);
  EXPECT_EQ(rep->flags[0].better, "lower");
  r.back().value = 9.0;  // faster = better: no worsening flag
  const auto rep2 = compute_change_flags(r, default_change_thresholds(), {});
  ASSERT_TRUE(rep2);
  EXPECT_TRUE(rep2->flags.empty());
}

TEST(FunctionalChangeFlags, SingleNoisySessionIsDampedByCurrentMedian) {
  // One bad day (0.95) after two normal ones: flags with current_count 1, not with the median of 3.
  const auto series = gait_series(1.20, {1.19, 1.21, 0.95});
  const auto rep1 = compute_change_flags(series, default_change_thresholds(), {});
  ASSERT_TRUE(rep1);
  EXPECT_EQ(rep1->flags.size(), 1u);
  ChangeFlagOptions o;
  o.current_count = 3;
  const auto rep3 = compute_change_flags(series, default_change_thresholds(), o);
  ASSERT_TRUE(rep3);
  EXPECT_TRUE(rep3->flags.empty());
  // A sustained drop still flags with the median of 3.
  const auto rep_sustained =
      compute_change_flags(gait_series(1.20, {1.07, 1.08, 1.06}), default_change_thresholds(), o);
  ASSERT_TRUE(rep_sustained);
  EXPECT_EQ(rep_sustained->flags.size(), 1u);
}

TEST(FunctionalChangeFlags, NoisyBaselineCarriesANote) {
  std::vector<DatedResult> r;
  const double vals[] = {1.0, 1.3, 0.9, 1.25, 1.05, 1.35, 0.95};
  for (int d = 0; d < 7; ++d)
    r.push_back({fmt::format("2026-05-{:02d}", d + 1), "walking_speed_mps", vals[d]});
  r.push_back({"2026-06-01", "walking_speed_mps", 0.85});
  const auto rep = compute_change_flags(r, default_change_thresholds(), {});
  ASSERT_TRUE(rep);
  ASSERT_EQ(rep->flags.size(), 1u);
  EXPECT_FALSE(rep->flags[0].note.empty());
  EXPECT_GT(rep->metrics[0].baseline_robust_sd, 0.05);
}

TEST(FunctionalChangeFlags, RollingBaselineFollowsRecentValues) {
  // Slow decline: each month is within 0.1 of the previous one, but far from the first baseline.
  std::vector<DatedResult> r;
  for (int m = 1; m <= 6; ++m)
    for (int d = 1; d <= 5; ++d)
      r.push_back({fmt::format("2026-{:02d}-{:02d}", m, d), "walking_speed_mps", 1.30 - 0.05 * (m - 1)});
  const auto first = compute_change_flags(r, default_change_thresholds(), {});
  ASSERT_TRUE(first);
  EXPECT_EQ(first->flags.size(), 1u);  // 1.05 vs 1.30
  ChangeFlagOptions o;
  o.baseline_mode = BaselineMode::kRolling;
  o.baseline_days = 40;
  const auto rolling = compute_change_flags(r, default_change_thresholds(), o);
  ASSERT_TRUE(rolling);
  EXPECT_TRUE(rolling->flags.empty());
}

TEST(FunctionalChangeFlags, NotEvaluatedReasons) {
  std::vector<DatedResult> r = {{"2026-01-01", "walking_speed_mps", 1.0},
                                {"2026-01-02", "walking_speed_mps", 0.5},
                                {"2026-01-01", "unknown_metric", 3.0},
                                {"2026-01-09", "unknown_metric", 1.0}};
  const auto rep = compute_change_flags(r, default_change_thresholds(), {});
  ASSERT_TRUE(rep);
  EXPECT_TRUE(rep->flags.empty());
  ASSERT_EQ(rep->metrics.size(), 2u);
  for (const auto& m : rep->metrics) {
    EXPECT_FALSE(m.evaluated);
    EXPECT_FALSE(m.reason.empty());
  }
}

TEST(FunctionalChangeFlags, BadInputIsAnError) {
  auto r = gait_series(1.2, {1.0});
  r[3].date = "2026-02-30";
  const auto e1 = compute_change_flags(r, default_change_thresholds(), {});
  ASSERT_FALSE(e1);
  EXPECT_NE(e1.error().to_string().find("result 3"), std::string::npos) << e1.error().to_string();
  r = gait_series(1.2, {1.0});
  r[2].value = std::nan("");
  EXPECT_FALSE(compute_change_flags(r, default_change_thresholds(), {}));
  EXPECT_FALSE(parse_iso_date_days("2026-1-01"));
  EXPECT_FALSE(parse_iso_date_days("abcd-01-01"));
  ASSERT_TRUE(parse_iso_date_days("1970-01-02"));
  EXPECT_EQ(*parse_iso_date_days("1970-01-02"), 1);
  EXPECT_EQ(*parse_iso_date_days("2000-03-01") - *parse_iso_date_days("2000-02-28"), 2);  // leap year
}

TEST(FunctionalChangeFlags, JsonRoundTrip) {
  const auto j = nlohmann::json::parse(R"({
    "results": [
      {"date": "2026-01-01", "metric": "walking_speed_mps", "value": 1.20},
      {"date": "2026-01-02", "metric": "walking_speed_mps", "value": 1.21},
      {"date": "2026-01-03", "metric": "walking_speed_mps", "value": 1.19},
      {"date": "2026-02-01", "metric": "walking_speed_mps", "value": 1.08},
      {"date": "2026-01-01", "metric": "step_asymmetry_pct", "value": 5},
      {"date": "2026-01-02", "metric": "step_asymmetry_pct", "value": 6},
      {"date": "2026-01-03", "metric": "step_asymmetry_pct", "value": 5},
      {"date": "2026-02-01", "metric": "step_asymmetry_pct", "value": 15}
    ],
    "thresholds": [{"metric": "step_asymmetry_pct", "threshold": 5, "better": "lower", "unit": "%"}],
    "options": {"baseline_days": 7}
  })");
  const auto req = change_flag_request_from_json(j);
  ASSERT_TRUE(req) << req.error().to_string();
  EXPECT_EQ(req->options.baseline_days, 7);
  const auto rep = compute_change_flags(req->results, req->thresholds, req->options);
  ASSERT_TRUE(rep);
  const auto out = change_report_to_json(*rep);
  ASSERT_EQ(out["flags"].size(), 2u);
  for (const auto& f : out["flags"]) {
    for (const char* k : {"baseline", "current", "change", "threshold", "better", "source"})
      EXPECT_TRUE(f.contains(k));
  }
  for (const auto& f : out["flags"]) {
    if (f["metric"] == "step_asymmetry_pct") {
      EXPECT_EQ(f["source"], "user-supplied");
    }
  }
  EXPECT_FALSE(change_flag_request_from_json(nlohmann::json::parse(R"({"results": [{"date": 3}]})")));
  EXPECT_FALSE(change_flag_request_from_json(nlohmann::json::parse(R"([1, 2])")));
  EXPECT_FALSE(change_flag_request_from_json(nlohmann::json::parse(
      R"({"results": [], "thresholds": [{"metric": "x", "threshold": 1, "better": "up"}]})")));
  EXPECT_FALSE(change_flag_request_from_json(
      nlohmann::json::parse(R"({"results": [], "options": {"baseline_days": "x"}})")));
}

// The finding: the flags' metric names (gait_speed_mps) differed from what `imu gait` writes
// (walking_speed_mps). Every default threshold now names a metric of the one vocabulary, and the earlier
// spelling in a request is read as today's.
TEST(FunctionalChangeFlags, OneVocabularyWithUcumUnits) {
  for (const auto& t : default_change_thresholds()) {
    const auto def = find_metric(t.metric);
    ASSERT_TRUE(def) << t.metric;
    EXPECT_EQ(def->name, t.metric);
    EXPECT_EQ(def->unit, t.unit) << t.metric;
  }
  for (const auto& m : metric_vocabulary()) {
    for (const char* suffix_form : {"mps", "2ps", "spm"})
      EXPECT_EQ(m.unit.find(suffix_form), std::string_view::npos) << m.name << ": unit " << m.unit;
    EXPECT_FALSE(m.label.empty());
  }
  const auto j = nlohmann::json::parse(R"({"results": [
      {"date": "2026-01-01", "metric": "gait_speed_mps", "value": 1.20},
      {"date": "2026-01-02", "metric": "gait_speed_mps", "value": 1.21},
      {"date": "2026-01-03", "metric": "walking_speed_mps", "value": 1.19},
      {"date": "2026-02-01", "metric": "walking_speed_mps", "value": 0.90}]})");
  const auto req = change_flag_request_from_json(j);
  ASSERT_TRUE(req) << req.error().to_string();
  const auto rep = compute_change_flags(req->results, req->thresholds, req->options);
  ASSERT_TRUE(rep);
  ASSERT_EQ(rep->flags.size(), 1u);
  EXPECT_EQ(rep->flags[0].metric, "walking_speed_mps");
  EXPECT_EQ(rep->flags[0].unit, "m/s");
  const auto block = metrics_block({{"tug_s", 12.5}, {"walking_speed_mps", std::nan("")}});
  EXPECT_EQ(block["tug_s"]["unit"], "s");
  EXPECT_FALSE(block.contains("walking_speed_mps"));
}

}  // namespace
}  // namespace physio::imu
