// Drafts that are true: each statement a clinic found wrong in a drafted note, reproduced on a small visit,
// and what the draft says instead (docs/metrics/notes.md).
//  - adherence judged minutes after prescribing ("Adherence below 50 %: 0 of 5 prescribed sessions");
//  - a pain trend from two exercises logged one minute apart ("Rising pain 2/10 -> 7/10");
//  - two figures for one set (8 then 9 repetitions, quality 90 then 95: the live log and its analysis);
//  - code names ("KOOS_JR") and "(landmark file)" on a live session's measures;
//  - a US Medicare re-certification line for a clinic elsewhere;
//  - a progress report saying "a progress report is due within 6 visits".

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "fixtures.hpp"
#include "measures/change.hpp"
#include "measures/library.hpp"
#include "notes/draft.hpp"
#include "notes/reminders.hpp"
#include "notes/text.hpp"
#include "notes/visit.hpp"
#include "rehab/program.hpp"

namespace physio::notes {
namespace {

using test::utc;

VisitInput truth_visit() {
  VisitInput v;
  v.patient = {"p1", "Ana Silva", "1961-04-12"};
  v.episode = {"e1", "Knee pain", "M25.561", "right", "2026-10-01", "Walk to the shop"};
  v.window = {utc("2026-11-03", 9), utc("2026-11-17", 9)};
  return v;
}

const Section& section_of(const Draft& d, const char* code) {
  for (const auto& s : d.sections)
    if (s.code == code) return s;
  throw std::runtime_error("no such section");
}

std::optional<Sentence> sentence_of(const Draft& d, const char* code, const std::string& prefix) {
  for (const auto& s : section_of(d, code).sentences)
    if (s.text.starts_with(prefix)) return s;
  return std::nullopt;
}

bool has_text(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

/// The whole draft, sentences and checklist, as one text.
std::string whole_draft(const Draft& d) {
  std::string all = canonical_text(d);
  for (const auto& c : d.checklist) all += c + "\n";
  return all;
}

ProgramRows program_made_at(TimeUs created) {
  rehab::Program program;
  program.id = "prog-1";
  program.patient_id = "p1";
  program.title = "Knee";
  rehab::Prescription rx;
  rx.exercise_id = "mini_squat";
  rx.dosage.sets = 3;
  rx.dosage.reps = 10;
  rx.dosage.days_per_week = 7;
  program.prescriptions = {rx};
  ProgramRows rows;
  rows.row.id = "prog-1";
  rows.row.status = "active";
  rows.row.created_us = created;
  rows.row.program_json = rehab::to_json(program).dump();
  return rows;
}

/// A patient's rows for a visit at `now` whose note covers [from, now], with one program.
VisitRows visit_with_program(TimeUs from, TimeUs now, ProgramRows program) {
  VisitRows rows;
  rows.patient.id = "p1";
  rows.from = from;
  rows.now = now;
  rows.programs = {std::move(program)};
  return rows;
}

clinic::ExerciseLog squat_session(std::string id, TimeUs at) {
  clinic::ExerciseLog l;
  l.id = std::move(id);
  l.exercise_id = "mini_squat";
  l.reps_per_set = "[10,10,10]";
  l.done_us = at;
  return l;
}

std::string name_in_words(const std::string& id) {
  return id == "mini_squat" ? "mini squat" : id;
}

// --- adherence ----------------------------------------------------------------------------------------

/// The draft of a visit whose program has no whole day in the note's period: no adherence judged, and its
/// S sentence about the program (sources checked).
std::string unjudged_program_sentence(const VisitRows& rows) {
  VisitInput v = assemble_visit(rows, nullptr, name_in_words);
  EXPECT_TRUE(v.adherence.weeks.empty());
  v.patient.name = "Ana Silva";
  const Draft d = draft_note(v);
  EXPECT_FALSE(sentence_of(d, "A", "Adherence")) << canonical_text(d);
  const auto s = sentence_of(d, "S", "Home exercise program");
  EXPECT_TRUE(s) << canonical_text(d);
  if (!s) return "";
  EXPECT_EQ(s->sources, (std::vector<SourceRef>{{"program", "prog-1"}}));
  return s->text;
}

TEST(TrueDraft, AProgramPrescribedMinutesAgoIsNotJudged) {
  const VisitRows rows = visit_with_program(utc("2026-11-26", 8, 0), utc("2026-11-26", 9, 10),
                                            program_made_at(utc("2026-11-26", 9, 0)));
  const VisitInput v = assemble_visit(rows, nullptr, name_in_words);
  EXPECT_EQ(v.adherence.program_start, "2026-11-26");
  EXPECT_EQ(v.adherence.from_day, "2026-11-27");  // the program's first full day
  EXPECT_EQ(unjudged_program_sentence(rows),
            "Home exercise program prescribed on 26 Nov 2026: adherence not yet measurable (it is counted "
            "over whole days from 27 Nov 2026).");
}

// A program prescribed weeks before an episode that starts today: the period is what has no whole day
// yet, and the sentence says so instead of reading as if the program were new.
TEST(TrueDraft, AnOlderProgramInAPeriodThatStartedTodayNamesThePeriod) {
  const VisitRows rows = visit_with_program(utc("2026-11-27", 8, 0), utc("2026-11-27", 11, 0),
                                            program_made_at(utc("2026-11-07", 9, 0)));
  EXPECT_EQ(assemble_visit(rows, nullptr, name_in_words).adherence.from_day, "2026-11-27");
  EXPECT_EQ(unjudged_program_sentence(rows),
            "Home exercise program prescribed on 7 Nov 2026: adherence since 27 Nov 2026, the start of this "
            "note's period, not yet measurable (it is counted over whole days).");
}

// A program ended during the period, its sessions logged before: "No home exercise program is prescribed"
// beside those sessions read as a contradiction. The draft says which program ended and when; one that
// ended before the period is not named.
TEST(TrueDraft, AProgramThatEndedInThePeriodSaysSo) {
  ProgramRows ended = program_made_at(utc("2026-10-15", 9, 0));
  ended.row.status = "ended";
  ended.row.updated_us = utc("2026-11-26", 10, 0);
  VisitRows rows = visit_with_program(utc("2026-11-01", 8, 0), utc("2026-11-27", 11, 0), ended);
  VisitInput v = assemble_visit(rows, nullptr, name_in_words);
  v.patient.name = "Ana Silva";
  Draft d = draft_note(v);
  const auto s = sentence_of(d, "S", "No home exercise program is active");
  ASSERT_TRUE(s) << canonical_text(d);
  EXPECT_EQ(
      s->text,
      "No home exercise program is active: the program prescribed on 15 Oct 2026 ended on 26 Nov 2026.");
  EXPECT_EQ(s->sources, (std::vector<SourceRef>{{"program", "prog-1"}}));
  EXPECT_FALSE(sentence_of(d, "A", "Adherence")) << canonical_text(d);
  rows.programs[0].row.updated_us = utc("2026-10-20", 10, 0);  // before the period
  d = draft_note(assemble_visit(rows, nullptr, name_in_words));
  EXPECT_FALSE(has_text(canonical_text(d), "ended on")) << canonical_text(d);
  EXPECT_NE(std::find(d.checklist.begin(), d.checklist.end(), "No home exercise program is prescribed."),
            d.checklist.end());
}

TEST(TrueDraft, AdherenceCountsWholeDaysFromTheFirstFullDayAndSaysWhich) {
  VisitRows rows;
  rows.patient.id = "p1";
  rows.from = utc("2026-11-20", 8, 0);
  rows.now = utc("2026-11-28", 10, 0);
  ProgramRows prog = program_made_at(utc("2026-11-26", 9, 0));
  // One session on the first full day; one on the visit's own day, which is not over and not counted.
  prog.logs = {squat_session("l1", utc("2026-11-27", 18, 0)), squat_session("l2", utc("2026-11-28", 8, 0))};
  rows.programs = {prog};
  const VisitInput v = assemble_visit(rows, nullptr, name_in_words);
  EXPECT_EQ(v.adherence.from_day, "2026-11-27");
  EXPECT_EQ(v.adherence.to_day, "2026-11-27");
  ASSERT_EQ(v.adherence.weeks.size(), 1U);
  EXPECT_EQ(v.adherence.weeks[0].sessions_prescribed, 1);
  EXPECT_EQ(v.adherence.weeks[0].sessions_done, 1);
  const Draft d = draft_note(v);
  EXPECT_TRUE(sentence_of(
      d, "S",
      "Home exercise program prescribed on 26 Nov 2026, counted on 27 Nov 2026: 1 of 1 prescribed "
      "sessions done (100 %)"))
      << canonical_text(d);

  VisitInput low = truth_visit();
  low.adherence = {"prog1", {{"2026-11-02", 10, 2}}, "2026-11-01", "2026-11-04", "2026-11-08"};
  const auto a = sentence_of(draft_note(low), "A", "Adherence below 50 %");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->text,
            "Adherence below 50 %: 2 of 10 prescribed home exercise sessions done (20 %), counted from 4 Nov "
            "2026 (the start of this note's period) to 8 Nov 2026.");
  low.adherence.program_start = "2026-11-03";  // made the day before the first day counted
  EXPECT_EQ(sentence_of(draft_note(low), "A", "Adherence below 50 %")->text,
            "Adherence below 50 %: 2 of 10 prescribed home exercise sessions done (20 %), counted from 4 Nov "
            "2026 to 8 Nov 2026.");
}

// --- trends -------------------------------------------------------------------------------------------

ExerciseLogEntry rated_log(const char* id, TimeUs at, const char* exercise, double pain) {
  ExerciseLogEntry l;
  l.id = id;
  l.done_us = at;
  l.exercise_id = exercise;
  l.exercise_name = name_in_words(exercise);
  l.source = "manual";
  l.reps_done = 10;
  l.pain_during_nprs = pain;
  return l;
}

TEST(TrueDraft, TwoExercisesLoggedAMinuteApartAreNoTrend) {
  VisitInput v = truth_visit();
  v.exercise_logs = {rated_log("l1", utc("2026-11-10", 18, 0), "bridge", 2),
                     rated_log("l2", utc("2026-11-10", 18, 1), "mini_squat", 7)};
  const Draft d = draft_note(v);
  const std::string a = canonical_text(section_of(d, "A"));
  EXPECT_FALSE(has_text(a, "Rising")) << a;
  EXPECT_FALSE(has_text(a, "fell")) << a;
  EXPECT_FALSE(has_text(a, "stable")) << a;
}

TEST(TrueDraft, OneExerciseRatedTwiceOnOneDayIsNoTrend) {
  VisitInput v = truth_visit();
  v.exercise_logs = {rated_log("l1", utc("2026-11-10", 9, 0), "bridge", 2),
                     rated_log("l2", utc("2026-11-10", 18, 0), "bridge", 7)};
  EXPECT_FALSE(has_text(canonical_text(section_of(draft_note(v), "A")), "Rising"));
}

TEST(TrueDraft, ATrendIsOneExerciseOverDifferentDaysAndNamesThem) {
  VisitInput v = truth_visit();
  v.exercise_logs = {rated_log("l1", utc("2026-11-04", 18), "bridge", 2),
                     rated_log("l2", utc("2026-11-04", 18, 1), "mini_squat", 8),
                     rated_log("l3", utc("2026-11-06", 18), "bridge", 6),
                     rated_log("l4", utc("2026-11-06", 19), "bridge", 8)};  // the day's mean is 7
  const Draft d = draft_note(v);
  const auto s = sentence_of(d, "A", "Rising pain during bridge");
  ASSERT_TRUE(s) << canonical_text(d);
  EXPECT_EQ(s->text,
            "Rising pain during bridge over 2 days from 4 Nov 2026 to 6 Nov 2026: 2/10 on 4 Nov 2026 and "
            "7/10 on 6 Nov 2026, up 5 points (at least the NPRS MCID of 2 points).");
  EXPECT_EQ(s->sources,
            (std::vector<SourceRef>{{"exercise_log", "l1"}, {"exercise_log", "l3"}, {"exercise_log", "l4"}}));
  // The squat was rated on one day only: no trend of it, and it is not mixed into the bridge's.
  EXPECT_FALSE(sentence_of(d, "A", "Rising pain during mini squat"));
  EXPECT_FALSE(sentence_of(d, "A", "Pain during mini squat"));
}

TEST(TrueDraft, AMeasureRepeatedOnOneDayShowsNoChange) {
  VisitInput v = truth_visit();
  v.observations = {{"o1", "89423-8", "Timed Up and Go", 12.5, "s", "IMU", "", utc("2026-11-05", 9)},
                    {"o2", "89423-8", "Timed Up and Go", 11.0, "s", "IMU", "", utc("2026-11-05", 9, 30)}};
  const auto s = sentence_of(draft_note(v), "O", "Timed Up and Go");
  ASSERT_TRUE(s);
  EXPECT_FALSE(has_text(s->text, "change")) << s->text;
}

TEST(TrueDraft, AnOutcomeMeasureOnItsBaselinesDayShowsNoChange) {
  auto lib = measures::default_measure_library();
  ASSERT_TRUE(lib) << lib.error().to_string();
  const measures::Instrument& odi = **(*lib)->find("odi");
  auto score = [](double value) {
    measures::Score s;
    s.instrument = "odi";
    s.scores = {{"total", value}};
    s.valid = true;
    return s;
  };
  const std::vector<measures::TimedScore> series = {{"r0", utc("2026-11-10", 9), "e1", score(42)},
                                                    {"r1", utc("2026-11-10", 9, 20), "e1", score(28)}};
  QuestionnaireEntry q{"r1",
                       "odi",
                       "ODI",
                       utc("2026-11-10", 9, 20),
                       true,
                       "",
                       {{"total", "total", "%", 28.0}},
                       measures::compare_with_baseline(odi, series, 1)};
  VisitInput v = truth_visit();
  v.questionnaires = {q};
  const Draft d = draft_note(v);
  const std::string a = canonical_text(section_of(d, "A"));
  EXPECT_FALSE(has_text(a, "improved")) << a;
  EXPECT_TRUE(
      sentence_of(d, "A",
                  "ODI on 10 Nov 2026 was completed on the day of its baseline: no change over time can be "
                  "judged."))
      << a;
}

// A score filed under a finished episode, drafted when no episode is open: the draft said "no episode of
// care is open" and then "ODI changed from 58 % to 54 % (baseline 18 Feb 2025 ...)", the finished
// episode's baseline. Its change belongs to that episode; this note names the score and where it was made.
TEST(TrueDraft, AScoreOfAnotherEpisodeIsNotJudgedAgainstItsBaselineHere) {
  auto lib = measures::default_measure_library();
  ASSERT_TRUE(lib) << lib.error().to_string();
  auto response = [](std::string id, TimeUs at, double odi) {
    clinic::QuestionnaireResponse r;
    r.id = std::move(id);
    r.episode_id = "e-old";
    r.instrument_id = "odi";
    r.completed_us = at;
    measures::Score s;
    s.instrument = "odi";
    s.scores = {{"total", odi}};
    s.valid = true;
    r.scores_json = measures::score_to_json(s);
    r.answers_json = "[]";
    r.valid = true;
    return r;
  };
  VisitRows rows;
  rows.patient.id = "pat-1";
  rows.from = utc("2026-11-03", 9);
  rows.now = utc("2026-11-17", 9);
  rows.questionnaire_responses = {response("r0", utc("2025-02-18", 9), 58),
                                  response("r1", utc("2026-11-10", 9), 44)};
  VisitInput in = assemble_visit(rows, *lib, [](const std::string& id) { return id; });
  ASSERT_EQ(in.questionnaires.size(), 1U);
  EXPECT_TRUE(in.questionnaires[0].other_episode);
  EXPECT_FALSE(in.questionnaires[0].vs_baseline);
  VisitInput v = truth_visit();
  v.episode = {};
  v.questionnaires = in.questionnaires;
  const Draft d = draft_note(v);
  const std::string a = canonical_text(section_of(d, "A"));
  EXPECT_FALSE(has_text(a, "58")) << a;
  EXPECT_TRUE(
      sentence_of(d, "A",
                  "Oswestry Disability Index on 10 Nov 2026 was completed in an episode of care that is no "
                  "longer open: its "
                  "change against that episode's baseline is not judged in this note."))
      << a;
  // Filed under the note's own episode, it is judged against that episode's baseline.
  rows.episode = clinic::Episode{};
  rows.episode->id = "e-old";
  rows.episode->status = "active";
  rows.episode->created_us = utc("2025-02-18");
  in = assemble_visit(rows, *lib, [](const std::string& id) { return id; });
  ASSERT_EQ(in.questionnaires.size(), 1U);
  EXPECT_FALSE(in.questionnaires[0].other_episode);
  EXPECT_TRUE(in.questionnaires[0].vs_baseline);
}

// --- one figure per set -------------------------------------------------------------------------------

TEST(TrueDraft, ALiveSetGivesItsStoredFiguresOnce) {
  VisitRows rows;
  rows.patient.id = "p1";
  rows.from = utc("2026-11-20");
  rows.now = utc("2026-11-26", 12);
  clinic::ExerciseLog log = squat_session("log-live", utc("2026-11-25", 18, 0));
  log.reps_per_set = "[8]";  // shown live
  log.source = "live";
  log.live_session_id = "ls-1";
  log.mean_quality = 90.0;
  log.rom_deg = 80.0;
  rows.exercise_logs = {log};
  clinic::LiveSession session;
  session.id = "ls-1";
  session.recording_id = "rec-1";
  clinic::LiveSession practice;  // a practice set: no log, its measures stay measures
  practice.id = "ls-2";
  practice.recording_id = "rec-2";
  rows.live_sessions = {session, practice};
  auto measure = [](std::string id, std::string recording, std::string code, std::string display, double v,
                    std::string unit) {
    clinic::Observation o;
    o.id = std::move(id);
    o.recording_id = std::move(recording);
    o.code = std::move(code);
    o.display = std::move(display);
    o.value = v;
    o.unit = std::move(unit);
    o.method = "landmark file";
    o.source = "recording:x";
    o.effective_us = utc("2026-11-25", 18, 0);
    return o;
  };
  // The stored (whole-set) analysis of the same set.
  rows.observations = {
      measure("o-reps", "rec-1", "exercise-repetitions", "Mini squat: complete repetitions", 9,
              "{repetitions}"),
      measure("o-q", "rec-1", "exercise-quality-score", "Mini squat: quality score", 95, "{score}"),
      measure("o-rom", "rec-1", "exercise-rom-mean", "Mini squat: mean range of motion", 84, "deg"),
      measure("o-p", "rec-2", "exercise-repetitions", "Mini squat: complete repetitions", 6,
              "{repetitions}")};
  const VisitInput v = assemble_visit(rows, nullptr, name_in_words);
  ASSERT_EQ(v.exercise_logs.size(), 1U);
  EXPECT_EQ(v.exercise_logs[0].recording_id, "rec-1");
  for (const auto& o : v.observations) EXPECT_EQ(o.method, "live session") << o.id;

  const Draft d = draft_note(v);
  const std::string o = canonical_text(section_of(d, "O"));
  const auto set = sentence_of(d, "O", "Mini squat: 1 session logged");
  ASSERT_TRUE(set) << o;
  EXPECT_EQ(set->text,
            "Mini squat: 1 session logged (live), 9 repetitions; quality score 95/100; no severe form cues; "
            "range of motion 84°.");
  // The log, then its analysis' observations in time order (ties by id).
  EXPECT_EQ(set->sources, (std::vector<SourceRef>{{"exercise_log", "log-live"},
                                                  {"observation", "o-q"},
                                                  {"observation", "o-reps"},
                                                  {"observation", "o-rom"}}));
  // Neither the live figures nor a second listing of the analysis.
  EXPECT_FALSE(has_text(o, "8 repetitions")) << o;
  EXPECT_FALSE(has_text(o, "90/100")) << o;
  EXPECT_EQ(std::count(o.begin(), o.end(), '\n'), 2) << o;  // the set, and the practice set's measure
  EXPECT_FALSE(has_text(whole_draft(d), "landmark file")) << o;
  EXPECT_TRUE(has_text(o, "(live session)")) << o;
}

// --- display names ------------------------------------------------------------------------------------

// An uploaded landmark file's measures, stored before the analysis named its method, and a video's: the
// draft names how they were measured in a clinician's words, never the file the analysis read.
TEST(TrueDraft, AnUploadedRecordingsMeasuresNameTheirMethodNotTheFile) {
  VisitRows rows;
  rows.patient.id = "p1";
  rows.from = utc("2026-11-20");
  rows.now = utc("2026-11-26", 12);
  auto measure = [](std::string id, std::string method, double v, const char* day) {
    clinic::Observation o;
    o.id = std::move(id);
    o.recording_id = "rec-" + o.id;
    o.code = "exercise-quality-score";
    o.display = "Deep squat: quality score";
    o.value = v;
    o.unit = "{score}";
    o.method = std::move(method);
    o.source = "recording:rec-" + o.id;
    o.effective_us = utc(day, 10);
    return o;
  };
  rows.observations = {measure("o-1", "landmark file", 90, "2026-11-21"),
                       measure("o-2", "uploaded motion capture", 95, "2026-11-24"),
                       measure("o-3", "video pose estimation (BlazePose)", 80, "2026-11-25")};
  clinic::Observation gait = measure("o-4", "landmark file, Zeni foot-pelvis gait events", 104, "2026-11-25");
  gait.code = "gait-cadence";
  gait.display = "Cadence";
  gait.unit = "/min";
  rows.observations.push_back(gait);
  const Draft d = draft_note(assemble_visit(rows, nullptr, name_in_words));
  const std::string o = canonical_text(section_of(d, "O"));
  EXPECT_FALSE(has_text(whole_draft(d), "landmark file")) << o;
  EXPECT_FALSE(has_text(whole_draft(d), "BlazePose")) << o;
  // The old and the new name of one method are one measure, two values.
  EXPECT_TRUE(
      sentence_of(d, "O",
                  "Deep squat: quality score (uploaded motion capture): 90 points on 21 Nov 2026 and 95 "
                  "points on 24 Nov 2026"))
      << o;
  EXPECT_TRUE(sentence_of(d, "O", "Deep squat: quality score (video): 80 points on 25 Nov 2026")) << o;
  EXPECT_TRUE(sentence_of(
      d, "O", "Cadence (uploaded motion capture, Zeni foot-pelvis gait events): 104/min on 25 Nov 2026"))
      << o;
}

TEST(TrueDraft, InstrumentsGoByTheirDisplayNames) {
  auto lib = measures::default_measure_library();
  ASSERT_TRUE(lib) << lib.error().to_string();
  EXPECT_EQ(instrument_display_name(**(*lib)->find("koos_jr")), "KOOS, JR.");
  EXPECT_EQ(instrument_display_name(**(*lib)->find("odi")), "Oswestry Disability Index");
  EXPECT_EQ(instrument_display_name(**(*lib)->find("quickdash")), "QuickDASH");

  VisitRows rows;
  rows.patient.id = "p1";
  rows.from = utc("2026-11-20");
  rows.now = utc("2026-11-26", 12);
  clinic::QuestionnaireResponse r;
  r.id = "qr-1";
  r.instrument_id = "koos_jr";
  r.answers_json = "[1,1,1,1,1,1,1]";
  r.scores_json =
      R"({"instrument":"koos_jr","scores":{"total":70.704},"missing":[],"valid":true,"reason":""})";
  r.valid = true;
  r.completed_us = utc("2026-11-26", 9);
  rows.questionnaire_responses = {r};
  const VisitInput v = assemble_visit(rows, *lib, name_in_words);
  ASSERT_EQ(v.questionnaires.size(), 1U);
  EXPECT_EQ(v.questionnaires[0].label, "KOOS, JR.");
  const std::string text = whole_draft(draft_note(v));
  EXPECT_FALSE(has_text(text, "KOOS_JR")) << text;
  EXPECT_FALSE(has_text(text, "koos_jr")) << text;
  EXPECT_TRUE(has_text(text, "KOOS, JR. on 26 Nov 2026")) << text;

  // Without a label the id is written in capitals with spaces, never with its underscore.
  VisitInput bare = truth_visit();
  bare.questionnaires = {{"q1",
                          "koos_jr",
                          "",
                          utc("2026-11-10", 9),
                          true,
                          "",
                          {{"total", "interval score", "points", 70.7}},
                          {}}};
  const std::string b = whole_draft(draft_note(bare));
  EXPECT_FALSE(has_text(b, "KOOS_JR")) << b;
  EXPECT_TRUE(has_text(b, "KOOS JR on 10 Nov 2026")) << b;
}

// --- payer rules --------------------------------------------------------------------------------------

TEST(TrueDraft, NoBillingOrReCertificationLineWithoutPayerRules) {
  VisitInput v = truth_visit();
  v.visit_in_episode = 4;
  v.plan_of_care_start = "2026-10-01";
  const std::string none = whole_draft(draft_note(v));  // a clinic in Lisbon: no payer rules
  EXPECT_FALSE(has_text(none, "certification")) << none;
  EXPECT_FALSE(has_text(none, "progress report")) << none;
  EXPECT_FALSE(has_text(none, "Plan of care day")) << none;
  v.payer = kPayerUsMedicare;
  const std::string medicare = whole_draft(draft_note(v));
  EXPECT_TRUE(has_text(medicare, "re-certification is due by")) << medicare;
  EXPECT_TRUE(has_text(medicare, "Visit 4 of 10 since the start of this episode")) << medicare;
}

// --- note types ---------------------------------------------------------------------------------------

// The type the clinician chose, against what the record says: asked beside the draft, in no payer's rules,
// and never in the note itself.
TEST(TrueDraft, ATypeTheRecordContradictsIsAskedAbout) {
  VisitInput v = truth_visit();
  v.visit_in_episode = 7;
  v.next_appointment = NextAppointment{"ap-1", utc("2026-11-30", 10)};
  v.note_type = "initial_evaluation";
  Draft d = draft_note(v);
  const std::string question =
      "This is visit 7 of this episode, and an initial evaluation is its first visit: check the note's type.";
  EXPECT_NE(std::find(d.checklist.begin(), d.checklist.end(), question), d.checklist.end()) << whole_draft(d);
  EXPECT_FALSE(has_text(canonical_text(d), "check the note's type")) << canonical_text(d);
  v.visit_in_episode = 1;
  EXPECT_FALSE(has_text(whole_draft(draft_note(v)), "check the note's type"));
  v.note_type = "discharge_summary";
  d = draft_note(v);
  EXPECT_TRUE(
      has_text(whole_draft(d),
               "A discharge summary, but the next appointment (30 Nov 2026) is still booked: cancel it, "
               "or check the note's type."))
      << whole_draft(d);
  v.next_appointment.reset();
  EXPECT_FALSE(has_text(whole_draft(draft_note(v)), "check the note's type"));
  v.note_type = "daily_note";
  v.visit_in_episode = 7;
  v.next_appointment = NextAppointment{"ap-1", utc("2026-11-30", 10)};
  EXPECT_FALSE(has_text(whole_draft(draft_note(v)), "check the note's type"));
}

TEST(TrueDraft, TheReminderIsWordedForTheNotesType) {
  VisitInput v = truth_visit();
  v.payer = kPayerUsMedicare;
  v.visit_in_episode = 9;
  v.visits_since_progress_report = 4;
  v.plan_of_care_start = "2026-10-01";
  v.note_type = "progress_report";
  std::string text = whole_draft(draft_note(v));
  EXPECT_FALSE(has_text(text, "a progress report is due within")) << text;
  EXPECT_TRUE(has_text(text,
                       "This progress report starts a new reporting period: the next progress report is due "
                       "within 10 visits."))
      << text;
  v.note_type = "initial_evaluation";
  v.visit_in_episode = 1;
  v.visits_since_progress_report.reset();
  text = whole_draft(draft_note(v));
  EXPECT_TRUE(has_text(text,
                       "This evaluation starts a reporting period as its first visit: a progress report is "
                       "due within 9 visits."))
      << text;
  v.note_type = "discharge_summary";
  text = whole_draft(draft_note(v));
  EXPECT_FALSE(has_text(text, "progress report")) << text;
  EXPECT_FALSE(has_text(text, "certification")) << text;
  v.note_type = "daily_note";
  v.visit_in_episode = 6;
  EXPECT_TRUE(
      has_text(whole_draft(draft_note(v)),
               "Visit 6 of 10 since the start of this episode: a progress report is due within 4 visits."));
  EXPECT_EQ(progress_report_reminder_for("daily_note", 6, false).text,
            progress_report_reminder(6, false).text);
}

// A progress report covers the period since the last evaluation or report, and says which; a discharge
// summary the whole episode; each leaves off the absences that are no question for it.
TEST(TrueDraft, AProgressReportSaysItsReportingPeriod) {
  VisitInput v = truth_visit();
  v.note_type = "progress_report";
  v.period = {v.window.from_us, "last_report", "note-ie", "initial_evaluation", v.window.from_us};
  Draft d = draft_note(v);
  const auto period = sentence_of(d, "S", "Reporting period:");
  ASSERT_TRUE(period) << whole_draft(d);
  EXPECT_EQ(period->text,
            "Reporting period: 3 Nov 2026 to 17 Nov 2026, since the initial evaluation of 3 Nov 2026.");
  ASSERT_EQ(period->sources.size(), 1u);
  EXPECT_EQ(period->sources[0].type, "episode");
  // It follows the introduction.
  EXPECT_TRUE(section_of(d, "S").sentences[1].text.starts_with("Reporting period:"));
  v.period.after_note_type = "progress_report";
  EXPECT_TRUE(has_text(canonical_text(draft_note(v)), "since the progress report of 3 Nov 2026."));
  v.period = {v.window.from_us, "episode", "", "", 0};
  EXPECT_TRUE(has_text(canonical_text(draft_note(v)),
                       "Reporting period: 3 Nov 2026 to 17 Nov 2026, from the start of this episode (no "
                       "initial evaluation or progress report of it is signed)."));
  // A daily note and a note outside any episode say no period.
  v.note_type = "daily_note";
  EXPECT_FALSE(has_text(whole_draft(draft_note(v)), "period:"));
  v.note_type = "progress_report";
  v.episode = {};
  EXPECT_FALSE(has_text(whole_draft(draft_note(v)), "period:"));
}

TEST(TrueDraft, ADischargeSummaryCoversTheEpisodeAndExpectsNoNextVisit) {
  VisitInput v = truth_visit();
  v.window.from_us = utc("2026-10-01");
  v.note_type = "discharge_summary";
  v.visit_in_episode = 9;
  v.period = {v.window.from_us, "episode", "", "", 0};
  Draft d = draft_note(v);
  EXPECT_TRUE(
      has_text(canonical_text(d), "Episode summary: 1 Oct 2026 to 17 Nov 2026, the whole episode, 9 visits."))
      << whole_draft(d);
  EXPECT_FALSE(has_text(whole_draft(d), "No next appointment is booked.")) << whole_draft(d);
  // A visit still booked is on the checklist (cancel it), never in the signed Plan.
  v.next_appointment = NextAppointment{"a-next", utc("2026-11-30", 9)};
  d = draft_note(v);
  EXPECT_FALSE(has_text(canonical_text(d), "Next appointment")) << whole_draft(d);
  v.note_type = "daily_note";
  EXPECT_TRUE(has_text(canonical_text(draft_note(v)), "Next appointment: 30 Nov 2026."));
  v.next_appointment.reset();
  EXPECT_TRUE(has_text(whole_draft(draft_note(v)), "No next appointment is booked."));
}

TEST(TrueDraft, AnInitialEvaluationAsksForABaselineNotForProgramChanges) {
  VisitInput v = truth_visit();
  v.note_type = "initial_evaluation";
  v.visit_in_episode = 1;
  std::string text = whole_draft(draft_note(v));
  EXPECT_TRUE(has_text(text,
                       "No outcome measure is recorded at this evaluation: the episode has no baseline to "
                       "compare later responses with."))
      << text;
  EXPECT_FALSE(has_text(text, "No program changes")) << text;
  EXPECT_FALSE(has_text(text, "no change against baseline")) << text;
  {
    // Without an open episode there is no "the episode" to speak of.
    VisitInput none = v;
    none.episode = {};
    const std::string t = whole_draft(draft_note(none));
    EXPECT_FALSE(has_text(t, "the episode has no baseline")) << t;
    // One line for one missing program: the evaluation's own question, not the daily note's as well.
    EXPECT_TRUE(has_text(t, "No home exercise program is active: the evaluation's plan names none.")) << t;
    EXPECT_FALSE(has_text(t, "No home exercise program is prescribed.\n")) << t;
    EXPECT_TRUE(has_text(t, "no episode of care is open: later responses have no baseline")) << t;
  }
  {
    // A progress report or a discharge summary needs an episode to report on: asked, never changed.
    VisitInput report = v;
    report.episode = {};
    report.note_type = "progress_report";
    Draft d = draft_note(report);
    EXPECT_NE(std::find(d.checklist.begin(), d.checklist.end(),
                        "A progress report, but no episode of care is open: there is no episode to report "
                        "progress in. Open an episode of care, or check the note's type."),
              d.checklist.end())
        << whole_draft(d);
    report.note_type = "discharge_summary";
    d = draft_note(report);
    EXPECT_TRUE(has_text(whole_draft(d), "A discharge summary, but no episode of care is open"))
        << whole_draft(d);
  }
  v.note_type = "daily_note";
  text = whole_draft(draft_note(v));
  EXPECT_TRUE(has_text(text, "No program changes since 3 Nov 2026 and no proposals waiting.")) << text;
  EXPECT_TRUE(has_text(text, "no change against baseline to report")) << text;
}

// What an evaluation prescribes and a discharge summary hands over: the program item by item, citing it.
TEST(TrueDraft, AnEvaluationAndADischargeNameTheHomeProgram) {
  VisitInput v = truth_visit();
  v.adherence.program_id = "prog-1";
  v.adherence.items = {{"mini squat", "3 sets of 10, once a day, every day"},
                       {"bridge", "2 sets of 3 holds of 30 s, twice a day, 5 days a week"}};
  v.note_type = "discharge_summary";
  Draft d = draft_note(v);
  const auto handed = sentence_of(d, "P", "Home exercise program to carry on after discharge:");
  ASSERT_TRUE(handed) << whole_draft(d);
  EXPECT_EQ(
      handed->text,
      "Home exercise program to carry on after discharge: Mini squat, 3 sets of 10, once a day, every day; "
      "Bridge, 2 sets of 3 holds of 30 s, twice a day, 5 days a week.");
  ASSERT_EQ(handed->sources.size(), 1u);
  EXPECT_EQ(handed->sources[0].type, "program");
  v.note_type = "initial_evaluation";
  EXPECT_TRUE(
      has_text(canonical_text(draft_note(v)), "Home exercise program prescribed: Mini squat, 3 sets"));
  // A daily note lists changes, not the whole program.
  v.note_type = "daily_note";
  EXPECT_FALSE(has_text(whole_draft(draft_note(v)), "Home exercise program prescribed"));
  EXPECT_FALSE(has_text(whole_draft(draft_note(v)), "carry on"));
  // Without a program: asked beside the draft, never stated.
  v.adherence = {};
  v.note_type = "discharge_summary";
  d = draft_note(v);
  EXPECT_TRUE(has_text(whole_draft(d), "No home exercise program is active to carry on after discharge."));
  EXPECT_FALSE(has_text(canonical_text(d), "carry on")) << canonical_text(d);
}

}  // namespace
}  // namespace physio::notes
