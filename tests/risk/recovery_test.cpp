// The recovery course (risk/recovery.hpp): visits and weeks to the goal per condition with censoring, what
// remains for one patient, and the off-track rule on two consecutive measures. Expected Kaplan-Meier figures
// were recomputed independently from the product-limit formula and the log(-log) band.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/civil_date.hpp"
#include "risk/recovery.hpp"

namespace physio::risk {
namespace {

const TimeUs kCourseNow = days_from_iso_date("2026-06-01").value() * kDayUs + 12 * kHourUs;
constexpr TimeUs kHalfWeekUs = kWeekUs / 2;

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

/// Twice-weekly visits from `start`: visit i (1-based) at start + (i - 1) half weeks.
EpisodeCourse course(const std::string& id, const std::string& code, const std::string& status, int visits,
                     std::optional<int> goal_visit, TimeUs start) {
  EpisodeCourse e;
  e.episode_id = id;
  e.condition_code = code;
  e.status = status;
  e.start_us = start;
  for (int i = 0; i < visits; ++i) e.visits_us.push_back(start + i * kHalfWeekUs);
  if (goal_visit) e.goal_us = start + (*goal_visit - 1) * kHalfWeekUs;
  if (status == "finished" || status == "cancelled") e.end_us = e.visits_us.back();
  return e;
}

/// M17: 12 episodes reached the goal at visits 5,6,6,7,7,8,8,8,9,10,11,12; 3 ongoing after 3 visits
/// (1.25 weeks); 1 cancelled after 9 visits without the goal.
std::vector<EpisodeCourse> knee_clinic() {
  std::vector<EpisodeCourse> out;
  const TimeUs long_ago = kCourseNow - 30 * kWeekUs;
  int n = 0;
  for (int v : {5, 6, 6, 7, 7, 8, 8, 8, 9, 10, 11, 12}) {
    out.push_back(course("m17-" + std::to_string(++n), "M17.11", "finished", v + 1, v, long_ago));
  }
  for (int i = 0; i < 3; ++i) {
    out.push_back(course("open-" + std::to_string(i), "M17.0", "active", 3, std::nullopt,
                         kCourseNow - kWeekUs - kWeekUs / 4));
  }
  out.push_back(course("cancel", "M17.12", "cancelled", 9, std::nullopt, long_ago));
  return out;
}

TEST(VisitsToGoal, GroupsByTheIcd10Category) {
  EXPECT_EQ(condition_group("M17.11"), "M17");
  EXPECT_EQ(condition_group("m54.50"), "M54");
  EXPECT_EQ(condition_group("S83"), "S83");
  EXPECT_EQ(condition_group(""), "unspecified");
  EXPECT_EQ(condition_group("7"), "unspecified");
}

TEST(VisitsToGoal, OpenEpisodesAreCensoredNeverEvents) {
  const auto open = course("a", "M17.11", "active", 4, std::nullopt, kCourseNow - 3 * kWeekUs);
  auto t = episode_time(open, kCourseNow);
  ASSERT_TRUE(t && *t);
  EXPECT_FALSE((*t)->event);
  EXPECT_EQ((*t)->kind, "ongoing");
  EXPECT_EQ((*t)->visits, 4);
  EXPECT_NEAR((*t)->weeks, 3.0, 1e-9);
  auto held = open;
  held.status = "onhold";
  EXPECT_FALSE((*episode_time(held, kCourseNow))->event);
  // Cancelled: censored at the last attended visit, not at `now`.
  const auto cancelled = course("c", "M17.11", "cancelled", 5, std::nullopt, kCourseNow - 20 * kWeekUs);
  auto c = episode_time(cancelled, kCourseNow);
  ASSERT_TRUE(c && *c);
  EXPECT_FALSE((*c)->event);
  EXPECT_EQ((*c)->visits, 5);
  EXPECT_NEAR((*c)->weeks, 2.0, 1e-9);
  // Discharge counts as the event by default; with the option off it is censored.
  const auto discharged = course("d", "M17.11", "finished", 7, std::nullopt, kCourseNow - 20 * kWeekUs);
  EXPECT_TRUE((*episode_time(discharged, kCourseNow))->event);
  EXPECT_FALSE((*episode_time(discharged, kCourseNow, {.discharge_counts_as_goal = false}))->event);
  // Planned: not started, not counted.
  EXPECT_FALSE(*episode_time(course("p", "M17.11", "planned", 0, std::nullopt, kCourseNow), kCourseNow));

  auto groups = visits_to_goal(knee_clinic(), kCourseNow);
  ASSERT_TRUE(groups) << groups.error().to_string();
  ASSERT_EQ(groups->size(), 1u);
  const auto& g = groups->front();
  EXPECT_EQ(g.episodes, 16);
  EXPECT_EQ(g.events, 12);
  EXPECT_EQ(g.censored, 4);
  EXPECT_EQ(g.ongoing, 3);
  EXPECT_EQ(g.cancelled, 1);
  EXPECT_EQ(g.visits.events, 12);
}

TEST(VisitsToGoal, MedianQuartilesAndTheSentence) {
  auto groups = visits_to_goal(knee_clinic(), kCourseNow);
  ASSERT_TRUE(groups);
  const auto& g = groups->front();
  ASSERT_TRUE(g.assessed);
  EXPECT_EQ(g.by_visits.median.time, 8.0);
  EXPECT_EQ(g.by_visits.median.lower, 6.0);
  EXPECT_EQ(g.by_visits.median.upper, 10.0);
  EXPECT_EQ(g.by_visits.q25.time, 7.0);
  EXPECT_EQ(g.by_visits.q75.time, 10.0);
  // Visit v is (v - 1) / 2 weeks after the start.
  EXPECT_NEAR(*g.by_weeks.median.time, 3.5, 1e-9);
  EXPECT_EQ(
      g.text,
      "Patients with M17 at this clinic reached their goal or were discharged after a median of 8 visits "
      "(95 % CI 6-10; half between 7 and 10), 3.5 weeks (95 % CI 2.5-4.5 weeks); from 12 completed, 3 ongoing "
      "and 1 cancelled episodes");
  auto strict = visits_to_goal(knee_clinic(), kCourseNow, {.discharge_counts_as_goal = false});
  ASSERT_TRUE(strict);
  EXPECT_TRUE(has(strict->front().text, "reached their goal after a median"));
}

TEST(VisitsToGoal, TooFewEventsIsNotAssessedWithTheNumberStillNeeded) {
  auto episodes = knee_clinic();
  for (int i = 0; i < 4; ++i) {
    episodes.push_back(
        course("back-" + std::to_string(i), "M54.5", "finished", 6, 5, kCourseNow - 20 * kWeekUs));
  }
  episodes.push_back(course("none", "", "finished", 6, 4, kCourseNow - 20 * kWeekUs));
  auto groups = visits_to_goal(episodes, kCourseNow);
  ASSERT_TRUE(groups);
  ASSERT_EQ(groups->size(), 3u);
  EXPECT_EQ((*groups)[1].group, "M54");
  EXPECT_FALSE((*groups)[1].assessed);
  EXPECT_FALSE((*groups)[1].by_visits.median.time);
  EXPECT_EQ((*groups)[1].text,
            "not assessed: needs 6 more completed episodes of M54 (4 of the 10 needed so far)");
  EXPECT_EQ((*groups)[2].group, "unspecified");
  EXPECT_TRUE(has((*groups)[2].not_assessed, "needs 9 more"));
  auto one_short = knee_clinic();
  one_short.erase(one_short.begin(), one_short.begin() + 3);  // 9 events left
  auto g = visits_to_goal(one_short, kCourseNow);
  ASSERT_TRUE(g);
  EXPECT_TRUE(has(g->front().not_assessed, "needs 1 more completed episode of M17"));
}

TEST(VisitsToGoal, BadInputGivesAReason) {
  std::vector<EpisodeCourse> none;
  EXPECT_FALSE(visits_to_goal(none, kCourseNow));
  auto episodes = knee_clinic();
  std::swap(episodes[2].visits_us[1], episodes[2].visits_us[3]);
  auto unsorted = visits_to_goal(episodes, kCourseNow);
  ASSERT_FALSE(unsorted);
  EXPECT_EQ(unsorted.error().message(), "episode m17-3: visit times are not in order");
  episodes = knee_clinic();
  episodes[0].status = "done";
  auto status = visits_to_goal(episodes, kCourseNow);
  ASSERT_FALSE(status);
  EXPECT_TRUE(has(status.error().message(), "status 'done'"));
  episodes = knee_clinic();
  episodes[0].goal_us = kCourseNow + kDayUs;
  EXPECT_FALSE(visits_to_goal(episodes, kCourseNow));
}

TEST(RemainingVisits, ConditionalOnVisitsAlreadyAttendedWithoutTheGoal) {
  auto groups = visits_to_goal(knee_clinic(), kCourseNow);
  ASSERT_TRUE(groups);
  // Six visits attended, no goal yet: the 10 episodes followed beyond 6 visits give a median of 8.5 visits
  // (the curve is exactly one half from 8 to 9), 95 % CI 7-11, quartiles 8 and 11.
  const auto patient = course("me", "M17.11", "active", 6, std::nullopt, kCourseNow - 3 * kWeekUs);
  auto r = remaining_visits(*groups, patient, kCourseNow);
  ASSERT_TRUE(r) << r.error().to_string();
  ASSERT_TRUE(r->median) << r->reason;
  EXPECT_EQ(r->attended, 6);
  EXPECT_NEAR(*r->median, 2.5, 1e-9);
  EXPECT_EQ(r->lower, 1.0);
  EXPECT_EQ(r->upper, 5.0);
  EXPECT_EQ(r->q25, 2.0);
  EXPECT_EQ(r->q75, 5.0);
  EXPECT_EQ(
      r->text,
      "After 6 visits without reaching the goal, patients with M17 at this clinic needed a median of 2.5 "
      "more visits (95 % CI 1-5; half between 2 and 5); from 10 such episodes");
  // At the start of the episode it is the whole group's median.
  auto fresh =
      remaining_visits(*groups, course("new", "M17.11", "active", 0, std::nullopt, kCourseNow), kCourseNow);
  ASSERT_TRUE(fresh && fresh->median);
  EXPECT_EQ(*fresh->median, 8.0);
  EXPECT_TRUE(
      fresh->text.starts_with("From the start of an episode, patients with M17 at this clinic needed a "
                              "median of 8 visits"))
      << fresh->text;
}

TEST(RemainingVisits, ReasonsInsteadOfNumbers) {
  auto groups = visits_to_goal(knee_clinic(), kCourseNow);
  ASSERT_TRUE(groups);
  auto reached = course("me", "M17.11", "active", 6, 5, kCourseNow - 3 * kWeekUs);
  EXPECT_EQ(remaining_visits(*groups, reached, kCourseNow)->reason,
            "not estimable: the goal is already reached");
  auto other = course("me", "M75.1", "active", 2, std::nullopt, kCourseNow - kWeekUs);
  EXPECT_EQ(remaining_visits(*groups, other, kCourseNow)->reason,
            "not assessed: no episodes of M75 at this clinic yet");
  // Beyond every episode the clinic followed: nothing to condition on.
  auto long_course = course("me", "M17.11", "active", 13, std::nullopt, kCourseNow - 7 * kWeekUs);
  auto r = remaining_visits(*groups, long_course, kCourseNow);
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->median);
  EXPECT_TRUE(has(r->reason, "beyond 13 visits"));
}

// The off-track rule. KOOS JR-like: higher is better, MIC 5 points.
TrackOptions knee_track() {
  return {.instrument = "KOOS JR",
          .unit = "points",
          .higher_is_better = true,
          .mic = 5,
          .mic_source = "Lyman et al. 2018",
          .condition = "M17"};
}

const TimeUs kBaselineUs = days_from_iso_date("2026-03-02").value() * kDayUs;

std::vector<ScorePoint> series(const std::vector<std::pair<int, double>>& week_scores) {
  std::vector<ScorePoint> s = {{kBaselineUs, 50}};
  for (const auto& [w, v] : week_scores) s.push_back({kBaselineUs + w * kWeekUs, v});
  return s;
}

/// `n` clinic episodes, each measured at weeks 2, 4, 6, 8 with improvements 1..n (episode i: i points at
/// week 2, i + 2 at week 4, ...).
std::vector<ClinicEpisodeScores> clinic_scores(int n) {
  std::vector<ClinicEpisodeScores> out;
  for (int i = 1; i <= n; ++i) {
    ClinicEpisodeScores e{"c" + std::to_string(i), {{kBaselineUs - 40 * kWeekUs, 40}}};
    for (int w : {2, 4, 6, 8}) e.scores.push_back({kBaselineUs - (40 - w) * kWeekUs, 40.0 + i + (w - 2)});
    out.push_back(e);
  }
  return out;
}

TEST(RecoveryTrack, OneLowMeasureDoesNotFlagTwoDo) {
  const auto opts = knee_track();
  auto one = recovery_track(series({{2, 52}, {6, 53}}), {}, opts);
  ASSERT_TRUE(one) << one.error().to_string();
  EXPECT_EQ(one->measures[1].status, "too_early");
  EXPECT_EQ(one->measures[2].status, "not_yet_improved");
  EXPECT_FALSE(one->off_track);
  EXPECT_TRUE(has(one->summary, "a second in a row would flag it"));
  auto two = recovery_track(series({{2, 52}, {6, 53}, {7, 54}}), {}, opts);
  ASSERT_TRUE(two);
  EXPECT_TRUE(two->off_track);
  EXPECT_EQ(two->kind, "below");
  EXPECT_EQ(
      two->reason,
      "KOOS JR below the expected course on two consecutive measures: week 6: 53 points, 3 points better "
      "than the baseline of 50, less than the minimal important change of 5 points; week 7: 54 points, 4 "
      "points better than the baseline of 50, less than the minimal important change of 5 points. Minimal "
      "important change: 5 points (Lyman et al. 2018). Band: the published MIC rule, from week 6 an "
      "improvement smaller than the MIC (a configurable review point, not an evidence-derived "
      "expectation); the clinic's own band needs 20 episodes of M17 with KOOS JR, it has 0.");
}

TEST(RecoveryTrack, AChangeOfAPercentageScoreIsInPoints) {
  // ODI-like: a percentage, lower is better, MIC 10 points.
  TrackOptions o{.instrument = "ODI",
                 .unit = "%",
                 .higher_is_better = false,
                 .mic = 10,
                 .mic_source = "Ostelo 2008",
                 .condition = "M54"};
  std::vector<ScorePoint> s = {
      {kBaselineUs, 68}, {kBaselineUs + 6 * kWeekUs, 62}, {kBaselineUs + 7 * kWeekUs, 64}};
  auto t = recovery_track(s, {}, o);
  ASSERT_TRUE(t) << t.error().to_string();
  EXPECT_TRUE(t->off_track);
  EXPECT_TRUE(has(t->reason, "week 6: 62 %, 6 points better than the baseline of 68")) << t->reason;
  EXPECT_TRUE(has(t->reason, "less than the minimal important change of 10 points")) << t->reason;
  EXPECT_FALSE(has(t->reason, "% better")) << t->reason;
}

TEST(RecoveryTrack, AGoodMeasureBetweenBreaksTheRun) {
  auto r = recovery_track(series({{6, 52}, {7, 57}, {8, 53}}), {}, knee_track());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->measures[2].status, "improved");
  EXPECT_FALSE(r->off_track);
  // Improved first, then two low ones in a row: flagged on the latest two.
  auto later = recovery_track(series({{6, 57}, {7, 53}, {8, 53}}), {}, knee_track());
  ASSERT_TRUE(later);
  EXPECT_TRUE(later->off_track);
  // Recovered after a low run: the run is history, not a flag.
  auto recovered = recovery_track(series({{6, 52}, {7, 53}, {8, 58}}), {}, knee_track());
  ASSERT_TRUE(recovered);
  EXPECT_FALSE(recovered->off_track);
  EXPECT_TRUE(has(recovered->summary, "On track"));
}

TEST(RecoveryTrack, WorseningBeyondTheMicIsFlaggedAtAnyWeek) {
  auto once = recovery_track(series({{1, 44}, {2, 49}}), {}, knee_track());
  ASSERT_TRUE(once);
  EXPECT_EQ(once->measures[1].status, "worsened");
  EXPECT_FALSE(once->off_track);
  auto twice = recovery_track(series({{1, 45}, {2, 43}}), {}, knee_track());
  ASSERT_TRUE(twice);
  EXPECT_TRUE(twice->off_track);
  EXPECT_EQ(twice->kind, "worsening");
  EXPECT_TRUE(has(twice->reason, "week 1: 45 points, 5 points worse than the baseline of 50"));
  EXPECT_TRUE(has(twice->reason, "flagged at any week"));
  // Lower is better (ODI %): 40 -> 47 and 48 is worse by the MIC of 5.
  auto odi = knee_track();
  odi.instrument = "ODI";
  odi.unit = "%";
  odi.higher_is_better = false;
  std::vector<ScorePoint> s = {
      {kBaselineUs, 40}, {kBaselineUs + kWeekUs, 47}, {kBaselineUs + 2 * kWeekUs, 48}};
  auto worse = recovery_track(s, {}, odi);
  ASSERT_TRUE(worse);
  EXPECT_TRUE(worse->off_track);
  EXPECT_NEAR(worse->measures[2].improvement, -8, 1e-12);
}

TEST(RecoveryTrack, TheClinicsBandReplacesTheMicRuleAtMinEpisodes) {
  // Weeks 2 and 4: 4 and 5 points better. The MIC rule does not judge before week 6.
  const auto patient = series({{2, 54}, {4, 55}});
  auto nineteen = clinic_scores(19);
  auto before = recovery_track(patient, nineteen, knee_track());
  ASSERT_TRUE(before);
  EXPECT_FALSE(before->clinic_band);
  EXPECT_EQ(before->clinic_episodes, 19);
  EXPECT_EQ(before->measures[1].source, "mic_rule");
  EXPECT_FALSE(before->off_track);
  // The 20th episode: week 2's improvements are 1..20, quartiles 5.75 and 15.25 (linear interpolation).
  auto twenty = clinic_scores(20);
  auto after = recovery_track(patient, twenty, knee_track());
  ASSERT_TRUE(after);
  EXPECT_TRUE(after->clinic_band);
  EXPECT_EQ(after->measures[1].source, "clinic_band");
  EXPECT_NEAR(*after->measures[1].band_low, 5.75, 1e-12);
  EXPECT_NEAR(*after->measures[1].band_high, 15.25, 1e-12);
  EXPECT_EQ(after->measures[1].band_episodes, 20);
  EXPECT_EQ(after->measures[2].status, "below_expected");
  EXPECT_TRUE(after->off_track);
  EXPECT_TRUE(has(after->reason,
                  "under the clinic's expected band of 5.8 to 15.2 points better (25th-75th "
                  "percentile of 20 episodes at week 2)"));
  EXPECT_TRUE(has(after->reason, "Band: the clinic's own episodes of M17 with KOOS JR (20 with a baseline"));
  // A week the clinic rarely measures (week 3: none) falls back to the MIC rule.
  auto odd = recovery_track(series({{3, 54}}), twenty, knee_track());
  ASSERT_TRUE(odd);
  EXPECT_EQ(odd->measures[1].source, "mic_rule");
  EXPECT_EQ(odd->measures[1].status, "too_early");
}

TEST(RecoveryTrack, TheExpectedBandIsGivenForTheWeeksTheClinicMeasuresToFourWeeksAhead) {
  const auto patient = series({{2, 54}, {4, 55}});
  auto before = recovery_track(patient, clinic_scores(19), knee_track());
  ASSERT_TRUE(before);
  EXPECT_TRUE(before->expected.empty()) << "under the MIC rule there is no band to draw";
  auto after = recovery_track(patient, clinic_scores(20), knee_track());
  ASSERT_TRUE(after);
  // Weeks 2, 4, 6 and 8 hold all 20 episodes; the patient's latest is week 4, so weeks up to 8 are drawn.
  ASSERT_EQ(after->expected.size(), 4u);
  const int weeks[] = {2, 4, 6, 8};
  for (std::size_t i = 0; i < 4; ++i) {
    const auto& b = after->expected[i];
    EXPECT_EQ(b.week, weeks[i]);
    EXPECT_EQ(b.episodes, 20);
    // Episode i improves by i + (week - 2): quartiles of 1..20 shifted by the week.
    EXPECT_NEAR(b.low, 5.75 + (weeks[i] - 2), 1e-12);
    EXPECT_NEAR(b.median, 10.5 + (weeks[i] - 2), 1e-12);
    EXPECT_NEAR(b.high, 15.25 + (weeks[i] - 2), 1e-12);
  }
  // A patient at week 2 sees the band to week 6 only.
  auto early = recovery_track(series({{2, 54}}), clinic_scores(20), knee_track());
  ASSERT_TRUE(early);
  ASSERT_EQ(early->expected.size(), 3u);
  EXPECT_EQ(early->expected.back().week, 6);
}

TEST(RecoveryTrack, WeeksAreRoundedToTheNearest) {
  std::vector<ScorePoint> s = {
      {kBaselineUs, 50}, {kBaselineUs + 38 * kDayUs, 51}, {kBaselineUs + 39 * kDayUs, 51}};
  auto r = recovery_track(s, {}, knee_track());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->measures[1].week, 5);
  EXPECT_EQ(r->measures[2].week, 6);
}

TEST(RecoveryTrack, BadInputGivesAReason) {
  std::vector<ScorePoint> none;
  auto empty = recovery_track(none, {}, knee_track());
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code(), ErrorCode::kMissingData);
  auto unsorted = series({{6, 52}, {7, 53}});
  std::swap(unsorted[1], unsorted[2]);
  auto u = recovery_track(unsorted, {}, knee_track());
  ASSERT_FALSE(u);
  EXPECT_EQ(u.error().message(), "the patient's KOOS JR: score 3 is earlier than the one before it");
  auto nan = series({{6, std::nan("")}});
  auto n = recovery_track(nan, {}, knee_track());
  ASSERT_FALSE(n);
  EXPECT_TRUE(has(n.error().message(), "is not a number"));
  auto clinic = clinic_scores(3);
  clinic[1].scores[2].score = std::nan("");
  auto c = recovery_track(series({{6, 52}}), clinic, knee_track());
  ASSERT_FALSE(c);
  EXPECT_TRUE(has(c.error().message(), "clinic episode c2"));
  auto no_mic = knee_track();
  no_mic.mic = 0;
  EXPECT_FALSE(recovery_track(series({{6, 52}}), {}, no_mic));
  // The baseline alone is not bad input: nothing to judge yet.
  auto baseline = recovery_track(series({}), {}, knee_track());
  ASSERT_TRUE(baseline);
  EXPECT_FALSE(baseline->off_track);
  EXPECT_TRUE(has(baseline->summary, "Baseline only"));
}

}  // namespace
}  // namespace physio::risk
