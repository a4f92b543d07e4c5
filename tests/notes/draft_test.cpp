// The draft's rules, one at a time, on small inputs (the golden files show whole visits).

#include "notes/draft.hpp"

#include <limits>
#include <optional>
#include <stdexcept>

#include <algorithm>

#include <gtest/gtest.h>

#include "fixtures.hpp"
#include "measures/library.hpp"
#include "notes/text.hpp"

namespace physio::notes {
namespace {

using test::utc;

VisitInput base() {
  VisitInput v;
  v.patient = {"p1", "Ana Silva", "1961-04-12"};
  v.episode = {"e1", "Low back pain, unspecified", "M54.50", "", "2026-10-01", "Garden for an hour"};
  v.window = {utc("2026-11-03", 9), utc("2026-11-17", 9)};
  return v;
}

const Section& section(const Draft& d, const char* code) {
  for (const auto& s : d.sections)
    if (s.code == code) return s;
  throw std::runtime_error("no section");
}

/// The sentence of a section that starts with `prefix` (a copy: drafts here are often temporaries).
std::optional<Sentence> find(const Draft& d, const char* code, const std::string& prefix) {
  for (const auto& s : section(d, code).sentences)
    if (s.text.starts_with(prefix)) return s;
  return std::nullopt;
}

/// Whether the draft's checklist (what the data does not show) holds an item starting with `prefix`.
bool listed(const Draft& d, const std::string& prefix) {
  return std::any_of(d.checklist.begin(), d.checklist.end(),
                     [&](const std::string& c) { return c.starts_with(prefix); });
}

std::string all(const Draft& d, const char* code) {
  return canonical_text(section(d, code));
}

TEST(Draft, IntroductionNamesThePatientConditionAndVisit) {
  VisitInput v = base();
  v.visit_in_episode = 3;
  const Draft d = draft_note(v);
  const Sentence& s = section(d, "S").sentences.at(0);
  EXPECT_EQ(
      s.text,
      "Ana Silva, 65 years old: Low back pain, unspecified (M54.50), in care since 1 Oct 2026; visit 3 of "
      "this episode.");
  EXPECT_EQ(s.sources, (std::vector<SourceRef>{{"patient", "p1"}, {"episode", "e1"}}));
  v.episode.condition_text = "Knee pain";
  v.episode.icd10_code = "M25.562";
  v.episode.side = "left";
  EXPECT_NE(section(draft_note(v), "S").sentences.at(0).text.find("Knee pain (M25.562, left side)"),
            std::string::npos);
}

TEST(Draft, RowsOutsideTheWindowAreLeftOut) {
  VisitInput v = base();
  v.morning_pain = {{"before", utc("2026-11-03", 8), 9},
                    {"in", utc("2026-11-04", 8), 2},
                    {"after", utc("2026-11-17", 10), 9}};
  const Draft d = draft_note(v);
  const auto s = find(d, "S", "Morning pain");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->text, "Morning pain (NPRS) 2/10 on 4 Nov 2026, the only rating since 3 Nov 2026.");
  EXPECT_EQ(s->sources, (std::vector<SourceRef>{{"morning_pain", "in"}}));
  EXPECT_FALSE(find(d, "A", "Morning pain above"));
}

TEST(Draft, ValuesThatAreNotNumbersAreLeftOut) {
  VisitInput v = base();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  v.morning_pain = {{"m1", utc("2026-11-04", 8), nan}};
  v.observations = {{"o1", "gait-speed", "walking speed", nan, "m/s", "IMU", "", utc("2026-11-05", 9)}};
  v.exercise_logs = {{"l1", utc("2026-11-04", 18), "bridge", "", "live", 10, nan, "", nan, 0, nan}};
  const Draft d = draft_note(v);
  EXPECT_TRUE(listed(d, "No morning pain ratings since 3 Nov 2026."));
  EXPECT_TRUE(listed(d, "No pain ratings during exercise since 3 Nov 2026."));
  EXPECT_TRUE(
      listed(d, "No measurements recorded since 3 Nov 2026 besides the exercise sessions' own figures."));
  EXPECT_TRUE(find(d, "O", "Bridge: 1 session logged (live), 10 repetitions; no severe form cues."));
  EXPECT_EQ(canonical_text(d).find("nan"), std::string::npos);
}

TEST(Draft, PainAboveFiveIsFlaggedFiveIsNot) {
  VisitInput v = base();
  v.morning_pain = {{"m1", utc("2026-11-04", 8), 5}, {"m2", utc("2026-11-05", 8), 5}};
  EXPECT_FALSE(find(draft_note(v), "A", "Morning pain above 5/10"));
  v.morning_pain.push_back({"m3", utc("2026-11-06", 8), 5.5});
  const auto s = find(draft_note(v), "A", "Morning pain above 5/10");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->text, "Morning pain above 5/10 on 1 of 3 mornings: 5.5/10 on 6 Nov 2026.");
  EXPECT_EQ(s->sources, (std::vector<SourceRef>{{"morning_pain", "m3"}}));
}

// The means and the change between them as written add up: means of 3.67 and 4.33 are written 3.7 and 4.3,
// and the change is then 0.6, not the unrounded 0.67 written 0.7; halves round away from zero (4.25 is
// 4.3, as a person rounds).
TEST(Draft, ATrendsChangeIsTheDifferenceOfItsWrittenMeans) {
  VisitInput v = base();
  auto rate = [&](const std::vector<double>& days) {
    v.morning_pain.clear();
    for (std::size_t d = 0; d < days.size(); ++d)
      v.morning_pain.push_back({"m" + std::to_string(d),
                                utc("2026-11-04", 8) + static_cast<TimeUs>(d) * 86'400LL * 1'000'000,
                                days[d]});
    const auto s = find(draft_note(v), "A", "Morning pain stable");
    return s ? s->text : std::string("(no stable trend)");
  };
  std::string text = rate({4, 3, 4, 4, 5, 4});
  EXPECT_NE(text.find("mean 3.7/10 over the first 3 days and 4.3/10 over the last 3, up 0.6 points"),
            std::string::npos)
      << text;
  text = rate({5, 2, 3, 4, 4, 4, 4, 5, 4});
  EXPECT_NE(text.find("mean 3.5/10 over the first 4 days and 4.3/10 over the last 4, up 0.8 points"),
            std::string::npos)
      << text;
}

TEST(Draft, RisingPainIsTheLaterHalfAtLeastTwoPointsAboveTheEarlier) {
  VisitInput v = base();
  v.morning_pain = {{"m1", utc("2026-11-04", 8), 2},
                    {"m2", utc("2026-11-05", 8), 3},
                    {"m3", utc("2026-11-06", 8), 9},  // the middle of an odd count is in neither half
                    {"m4", utc("2026-11-07", 8), 4},
                    {"m5", utc("2026-11-08", 8), 5}};
  const auto s = find(draft_note(v), "A", "Rising morning pain");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->text,
            "Rising morning pain over 5 days from 4 Nov 2026 to 8 Nov 2026: mean 2.5/10 over the first 2 "
            "days and 4.5/10 over the last 2, up 2 points (at least the NPRS MCID of 2 points).");
  EXPECT_EQ(s->sources.size(), 5u);
  v.morning_pain[4].nprs = 4.8;
  EXPECT_TRUE(
      find(draft_note(v), "A",
           "Morning pain stable over 5 days from 4 Nov 2026 to 8 Nov 2026: mean 2.5/10 over the first "
           "2 days and 4.4/10 over the last 2, up 1.9 points"));
  v.morning_pain = {{"m1", utc("2026-11-04", 8), 6}, {"m2", utc("2026-11-05", 8), 3}};
  EXPECT_TRUE(find(draft_note(v), "A",
                   "Morning pain fell over 2 days from 4 Nov 2026 to 5 Nov 2026: 6/10 on 4 Nov 2026 and 3/10 "
                   "on 5 Nov 2026, down 3 points"));
}

TEST(Draft, PainDuringExerciseComesFromTheLogs) {
  VisitInput v = base();
  ExerciseLogEntry a{"l1", utc("2026-11-04", 18), "bridge", "", "manual", 30, 2.0, "", {}, 0, {}};
  ExerciseLogEntry b{"l2", utc("2026-11-06", 18), "bridge", "", "live", 30, 7.0, "", 70.0, 2, 40.0};
  ExerciseLogEntry c{"l3", utc("2026-11-08", 18), "bridge", "", "manual", 30, {}, "", {}, 0, {}};
  v.exercise_logs = {c, b, a};
  const Draft d = draft_note(v);
  const auto s = find(d, "S", "Pain during exercise");
  ASSERT_TRUE(s);
  EXPECT_EQ(
      s->text,
      "Pain during exercise (NPRS), rated in 2 of 3 sessions logged: mean 4.5/10, highest 7/10 (bridge on 6 "
      "Nov 2026).");
  EXPECT_EQ(s->sources, (std::vector<SourceRef>{{"exercise_log", "l1"}, {"exercise_log", "l2"}}));
  EXPECT_TRUE(find(d, "A",
                   "Pain during exercise above 5/10, more than the pain-monitoring model accepts, in 1 of 2 "
                   "rated sessions: bridge 7/10 on 6 Nov 2026."));
  EXPECT_TRUE(find(d, "A",
                   "Rising pain during bridge over 2 days from 4 Nov 2026 to 6 Nov 2026: 2/10 on 4 Nov 2026 "
                   "and 7/10 on 6 Nov 2026, up 5 points"));
  const auto o = find(d, "O", "Bridge");
  ASSERT_TRUE(o);
  EXPECT_EQ(o->text,
            "Bridge: 3 sessions logged (1 live), 90 repetitions; mean quality score 70/100 over 1 scored "
            "session; 2 severe form cues; mean range of motion 40°.");
}

TEST(Draft, AdherenceBelowFiftyPercentIsFlagged) {
  VisitInput v = base();
  v.adherence = {"prog1", {{"2026-11-02", 10, 5}, {"2026-11-09", 10, 5}}};
  Draft d = draft_note(v);
  EXPECT_TRUE(find(d, "S",
                   "Home exercise program: 10 of 20 prescribed sessions done (50 %) over 2 weeks (week of 2 "
                   "Nov 2026: 5 of 10; week of 9 Nov 2026: 5 of 10)."));
  EXPECT_FALSE(find(d, "A", "Adherence"));  // exactly 50 % is not below
  v.adherence.weeks[1].sessions_done = 4;
  d = draft_note(v);
  const auto s = find(d, "A", "Adherence below 50 %");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->text, "Adherence below 50 %: 9 of 20 prescribed home exercise sessions done (45 %).");
  EXPECT_EQ(s->sources.front(), (SourceRef{"program", "prog1"}));
  v.adherence.program_id.clear();
  EXPECT_TRUE(listed(draft_note(v), "No home exercise program is prescribed."));
}

TEST(Draft, OutcomeChangeAgainstTheMcidHasItsNumbers) {
  auto lib = measures::default_measure_library();
  ASSERT_TRUE(lib) << lib.error().to_string();
  const measures::Instrument& odi = **(*lib)->find("odi");
  auto score = [](double v) {
    measures::Score s;
    s.instrument = "odi";
    s.scores = {{"total", v}};
    s.valid = true;
    return s;
  };
  const std::vector<measures::TimedScore> series = {{"r0", utc("2026-10-01", 9), "e1", score(42)},
                                                    {"r1", utc("2026-11-10", 9), "e1", score(28)}};
  QuestionnaireEntry q{"r1",
                       "odi",
                       "ODI",
                       utc("2026-11-10", 9),
                       true,
                       "",
                       {{"total", "total", "%", 28.0}},
                       measures::compare_with_baseline(odi, series, 1)};
  VisitInput v = base();
  v.questionnaires = {q};
  Draft d = draft_note(v);
  const auto s = find(d, "A", "ODI");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->text,
            "ODI improved from 42 % to 28 % (baseline 1 Oct 2026 to 10 Nov 2026; change 14 points, MCID 10 "
            "points): a "
            "clinically important improvement.");
  EXPECT_EQ(s->sources,
            (std::vector<SourceRef>{{"questionnaire_response", "r0"}, {"questionnaire_response", "r1"}}));
  EXPECT_TRUE(find(d, "O", "ODI on 10 Nov 2026: 28 %."));

  v.questionnaires[0].scores[0].value = 36.0;
  v.questionnaires[0].vs_baseline =
      measures::compare_with_baseline(odi, {series[0], {"r1", utc("2026-11-10", 9), "e1", score(36)}}, 1);
  EXPECT_TRUE(
      find(draft_note(v), "A",
           "ODI changed from 42 % to 36 % (baseline 1 Oct 2026 to 10 Nov 2026; 6 points better, below the "
           "MCID of 10 "
           "points): not a clinically important change."));

  v.questionnaires[0].vs_baseline.reset();
  EXPECT_TRUE(find(draft_note(v), "A", "ODI on 10 Nov 2026 is the first response of this episode"));

  v.questionnaires[0].valid = false;
  v.questionnaires[0].reason = "total: 4 of 10 items answered, at least 9 needed";
  d = draft_note(v);
  EXPECT_TRUE(find(d, "O", "ODI on 10 Nov 2026: could not be scored (total: 4 of 10 items answered"));
  EXPECT_TRUE(listed(d, "No outcome measure since 3 Nov 2026 could be scored"));
}

TEST(Draft, OnlyTheLatestResponseOfAnInstrumentIsAssessed) {
  VisitInput v = base();
  QuestionnaireEntry a{
      "qa", "psfs", "PSFS", utc("2026-11-04", 9), true, "", {{"total", "mean", "points", 4.0}}, {}};
  QuestionnaireEntry b = a;
  b.id = "qb";
  b.completed_us = utc("2026-11-12", 9);
  v.questionnaires = {b, a};
  const Draft d = draft_note(v);
  EXPECT_TRUE(find(d, "O", "PSFS on 4 Nov 2026: 4 points."));
  EXPECT_TRUE(find(d, "O", "PSFS on 12 Nov 2026: 4 points."));
  const std::string text = all(d, "A");
  EXPECT_EQ(text.find("qa"), std::string::npos) << text;
  EXPECT_NE(text.find("questionnaire_response:qb"), std::string::npos) << text;
}

TEST(Draft, MeasurementsAreGroupedByWhatWasMeasured) {
  VisitInput v = base();
  v.observations = {
      {"o3", "89423-8", "Timed Up and Go", 11.25, "s", "IMU", "", utc("2026-11-12", 9)},
      {"o1", "89423-8", "Timed Up and Go", 12.5, "s", "IMU", "", utc("2026-11-05", 9)},
      {"o2", "exercise-rom-best", "knee flexion", 101.6, "deg", "video", "left", utc("2026-11-06", 9)},
      {"o4", "89423-8", "Timed Up and Go", 12.0, "s", "stopwatch", "", utc("2026-11-06", 10)}};
  const Draft drafted = draft_note(v);
  const auto& o = section(drafted, "O").sentences;
  // 3 measures; no outcome measures and no sessions are checklist items beside the note.
  ASSERT_EQ(o.size(), 3u);
  EXPECT_EQ(o[0].text,
            "Timed Up and Go (IMU): 12.5 s on 5 Nov 2026 and 11.3 s on 12 Nov 2026 (change from first "
            "to latest -1.2 s).");
  EXPECT_EQ(o[0].sources, (std::vector<SourceRef>{{"observation", "o1"}, {"observation", "o3"}}));
  EXPECT_EQ(o[1].text, "Knee flexion, left (video): 102° on 6 Nov 2026.");
  EXPECT_EQ(o[2].text, "Timed Up and Go (stopwatch): 12 s on 6 Nov 2026.");
  EXPECT_TRUE(listed(drafted, "No outcome measures completed since 3 Nov 2026."));
}

// A side of "both" is written as both sides, or not at all when the measure's name says left and right.
TEST(Draft, BothSidesAreNamedOnce) {
  VisitInput v = base();
  v.observations = {
      {"o1", "exercise-rom-mean", "mean range of motion (mean of left and right knee flexion)", 72.0, "deg",
       "video", "both", utc("2026-11-06", 9)},
      {"o2", "exercise-quality", "quality score", 90.0, "{score}", "video", "both", utc("2026-11-06", 9)}};
  const Draft drafted = draft_note(v);
  const auto& o = section(drafted, "O").sentences;
  ASSERT_EQ(o.size(), 2u);
  EXPECT_EQ(o[0].text,
            "Mean range of motion (mean of left and right knee flexion) (video): 72° on 6 Nov 2026.");
  EXPECT_EQ(o[1].text, "Quality score, both sides (video): 90 points on 6 Nov 2026.");
}

TEST(Draft, PlanListsDecisionsWaitingProposalsAndTheNextVisit) {
  VisitInput v = base();
  v.program_changes = {
      {"p-old", "bridge", "progress", "approved", "", "old", "", utc("2026-10-01", 9), utc("2026-10-02", 9)},
      {"p-auto", "bridge", "progress", "auto_applied", "8 to 10 kg", "2-for-2 rule", "", utc("2026-11-05", 9),
       utc("2026-11-05", 9)},
      {"p-edit", "heel raise", "regress", "edited", "", "pain 6/10", "kept 2 sets", utc("2026-11-06", 9),
       utc("2026-11-07", 9)},
      {"p-no", "heel raise", "progress", "rejected", "", "x", "", utc("2026-11-08", 9),
       utc("2026-11-08", 10)},
      {"p-wait", "side lunge", "hold", "pending", "", "not enough sessions", "", utc("2026-10-20", 9), 0},
  };
  v.next_appointment = NextAppointment{"a1", utc("2026-11-24", 15)};
  v.payer = kPayerUsMedicare;
  const Draft drafted = draft_note(v);
  const auto& p = section(drafted, "P").sentences;
  ASSERT_EQ(p.size(), 4u);
  EXPECT_EQ(p[0].text,
            "Program change applied automatically within the program's bounds on 5 Nov 2026: progress "
            "bridge, 8 to 10 kg (reason: 2-for-2 rule).");
  EXPECT_EQ(p[1].text,
            "Program change approved with the physiotherapist's edits on 7 Nov 2026: regress heel raise "
            "(reason: pain 6/10; physiotherapist's note: kept 2 sets).");
  EXPECT_EQ(p[2].text,
            "Waiting for the physiotherapist's decision: proposal of 20 Oct 2026 to keep side lunge at "
            "its dosage (reason: not enough sessions).");
  EXPECT_EQ(p[2].sources, (std::vector<SourceRef>{{"proposal", "p-wait"}}));
  EXPECT_EQ(p[3].text, "Next appointment: 24 Nov 2026.");
  // What cannot be worked out is a checklist item beside the note, not a sentence of it.
  EXPECT_TRUE(listed(drafted,
                     "No count of the visits since the last progress report is recorded: when the next "
                     "progress report is due cannot be worked out."));
  // An appointment at or before the visit is not the next one.
  v.next_appointment->start_us = v.window.to_us;
  EXPECT_TRUE(listed(draft_note(v), "No next appointment is booked."));
}

TEST(Draft, RemindersCarryTheEpisodeAsTheirSource) {
  VisitInput v = base();
  v.visit_in_episode = 12;
  v.visits_since_progress_report = 10;
  v.plan_of_care_start = "2026-10-01";
  v.payer = kPayerUsMedicare;
  const Draft drafted = draft_note(v);
  const auto& p = section(drafted, "P").sentences;
  EXPECT_EQ(p[p.size() - 2].text,
            "Visit 10 of 10 since the last progress report: a progress report is due at this visit.");
  EXPECT_EQ(p[p.size() - 2].sources, (std::vector<SourceRef>{{"episode", "e1"}}));
  EXPECT_EQ(p.back().text,
            "Plan of care day 48 of 90 (started 1 Oct 2026): re-certification is due by 29 Dec 2026, "
            "42 days from this visit.");
  v.visits_since_progress_report.reset();  // no report yet: the episode's count, since the episode's start
  EXPECT_TRUE(find(draft_note(v), "P",
                   "Visit 12 since the start of this episode: the progress report was due by visit 10"));
}

TEST(Draft, PatientCommentsAreQuotedOnOneLine) {
  VisitInput v = base();
  v.exercise_logs = {
      {"l1", utc("2026-11-04", 18), "bridge", "", "manual", 30, {}, "Sore  after\r\nwork <ok>", {}, 0, {}}};
  const auto s = find(draft_note(v), "S", "Patient's comment");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->text, "Patient's comment after bridge on 4 Nov 2026: \"Sore after work <ok>\"");
  EXPECT_EQ(s->sources, (std::vector<SourceRef>{{"exercise_log", "l1"}}));
}

}  // namespace
}  // namespace physio::notes
