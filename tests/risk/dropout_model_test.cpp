// The clinic's drop-out model on synthetic programs: trained on the earlier weeks it ranks the later ones
// (a figure about the generator, labelled synthetic), flags name their reasons and card, and a decision's
// inputs change with the record, not with the calendar.
#include <gtest/gtest.h>

#include "predict/dropout.hpp"
#include "predict/metrics.hpp"
#include "predict/pipeline.hpp"
#include "risk/dropout_model.hpp"
#include "risk/noshow_clinic.hpp"
#include "risk/synthetic.hpp"

namespace physio::risk {
namespace {

constexpr TimeUs kDropNow = 20'600 * kDayUs + 11 * kHourUs;

std::vector<predict::ProgramHistory> synthetic_clinic(int patients) {
  std::vector<std::pair<std::string, TimeUs>> starts;
  for (int i = 0; i < patients; ++i)
    starts.emplace_back("p" + std::to_string(i), kDropNow - (20 + (i * 530) % 700) * kDayUs + 9 * kHourUs);
  return synthetic_programs(starts, kDropNow, 7);
}

predict::DataSet data_of(const predict::DropoutRows& rows) {
  predict::DataSet d;
  d.table = rows.table;
  d.rows = predict::dropout_rows_with_outcome(rows);
  d.source = "synthetic programs";
  return d;
}

TEST(DropoutModel, TrainedOnEarlierWeeksItRanksLaterOnesOnSyntheticPrograms) {
  const auto programs = synthetic_clinic(400);
  const auto rows = predict::dropout_rows(programs, kDropNow);
  const auto d = data_of(rows);
  const auto ready = outcome_readiness(d.table, d.rows, "stopped", "went on");
  ASSERT_TRUE(ready.ready) << ready.reason;
  const auto* def = *predict::find_model_def("dropout");
  const std::int64_t split = predict::day_splitting(d, 0.75);
  std::vector<std::size_t> before, after;
  for (std::size_t r : d.rows) (d.table.day[r] < split ? before : after).push_back(r);
  auto m = predict::train_model(*def, d, before, {});
  ASSERT_TRUE(m) << m.error().message();
  std::vector<double> score, y;
  auto cols = *predict::match_features(*m, d.table);
  for (std::size_t r : after) {
    std::vector<double> x;
    for (std::size_t c : cols) x.push_back(d.table.at(r, c));
    score.push_back(predict::risk(*m, x));
    y.push_back(d.table.y[r]);
  }
  const auto auc = predict::compute_auc(score, y);
  ASSERT_TRUE(auc);
  // The generator stops people with low recent activity and rising pain: a model that cannot see that
  // is broken (synthetic data: this says nothing about real patients).
  EXPECT_GT(*auc, 0.65);
  std::printf("synthetic drop-out model: %zu training rows, %zu later rows, AUC %.3f\n", before.size(),
              after.size(), *auc);
}

TEST(DropoutModel, FlagsTheCurrentWeekWithReasonsAndAStableDecisionKey) {
  const auto programs = synthetic_clinic(400);
  const auto rows = predict::dropout_rows(programs, kDropNow);
  const auto d = data_of(rows);
  auto m = predict::train_model(**predict::find_model_def("dropout"), d, d.rows, {});
  ASSERT_TRUE(m) << m.error().message();
  std::vector<std::string> titles(programs.size(), "Knee program");
  const auto scored = score_programs(*m, "dropout-test", programs, rows, titles);
  ASSERT_FALSE(scored.empty());
  int flagged = 0;
  for (const auto& s : scored) {
    ASSERT_TRUE(s.risk) << s.not_assessed;
    EXPECT_EQ(s.flagged, *s.risk >= m->threshold);
    if (!s.flagged) continue;
    ++flagged;
    EXPECT_EQ(s.flag.kind, "dropout");
    EXPECT_EQ(s.flag.method, "model");
    EXPECT_EQ(s.flag.card, "dropout");
    EXPECT_EQ(s.flag.subject_type, "program");
    EXPECT_NE(s.flag.title.find("Knee program"), std::string::npos) << s.flag.title;
    EXPECT_FALSE(s.flag.reasons.empty());
    EXPECT_LT(s.flag.need, 0.6) << "below the 14-day rule's flags";
  }
  EXPECT_GT(flagged, 0);
  // Sorted by risk, highest first.
  for (std::size_t i = 1; i < scored.size(); ++i) EXPECT_GE(*scored[i - 1].risk, *scored[i].risk);

  // A day later with nothing new, the decision key is the same; a new log changes it.
  const auto& first = scored.front();
  std::size_t index = 0;
  while (programs[index].program_id != first.program_id) ++index;
  std::vector<predict::ProgramHistory> one{programs[index]};
  std::vector<std::string> one_title{"Knee program"};
  auto key_at = [&](const std::vector<predict::ProgramHistory>& ps, TimeUs now) {
    const auto r = predict::dropout_rows(ps, now);
    const auto s = score_programs(*m, "dropout-test", ps, r, one_title);
    return s.empty() ? std::string("none") : s.front().flag.inputs;
  };
  const std::string today = key_at(one, kDropNow);
  EXPECT_EQ(key_at(one, kDropNow + kDayUs), today);
  one[0].logs.push_back(kDropNow + 2 * kHourUs);
  EXPECT_NE(key_at(one, kDropNow + kDayUs), today);
}

}  // namespace
}  // namespace physio::risk
