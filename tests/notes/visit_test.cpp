// The visit a note is drafted from, as rules over stored rows (notes/visit.hpp): the episode, the window,
// and what of the rows falls into the visit.
#include "notes/visit.hpp"

#include <algorithm>

#include <gtest/gtest.h>

#include "core/civil_date.hpp"
#include "notes/draft.hpp"
#include "notes/text.hpp"
#include "rehab/program.hpp"

namespace physio::notes {
namespace {

constexpr TimeUs kDay = 86'400LL * 1'000'000;

TimeUs day(const char* iso) {
  return *days_from_iso_date(iso) * kDay;
}

clinic::Episode episode(std::string id, std::string status, TimeUs created, std::string referral = "") {
  clinic::Episode e;
  e.id = std::move(id);
  e.status = std::move(status);
  e.created_us = created;
  e.referral_date = std::move(referral);
  e.condition_text = "knee OA";
  e.icd10_code = "M17.11";
  return e;
}

clinic::Appointment appt(std::string id, std::string status, TimeUs start) {
  clinic::Appointment a;
  a.id = std::move(id);
  a.status = std::move(status);
  a.start_us = start;
  return a;
}

clinic::Appointment fulfilled(std::string id, TimeUs start) {
  return appt(std::move(id), "fulfilled", start);
}

std::string name_of(const std::string& id) {
  return id == "mini_squat" ? "mini squat" : id;
}

TEST(VisitRules, TheNoteIsForTheLatestActiveEpisode) {
  const auto chosen = latest_active_episode({episode("e1", "active", day("2026-01-10")),
                                             episode("e2", "finished", day("2026-06-01")),
                                             episode("e3", "active", day("2026-03-01"))});
  ASSERT_TRUE(chosen);
  EXPECT_EQ(chosen->id, "e3");
  EXPECT_FALSE(latest_active_episode({episode("e1", "finished", 0)}));
}

TEST(VisitRules, AnEpisodeStartsOnItsReferralDateElseTheDayItWasCreated) {
  EXPECT_EQ(
      episode_info(episode("e1", "active", day("2026-03-01") + 5 * 3'600'000'000LL, "2026-02-20")).start_date,
      "2026-02-20");
  EXPECT_EQ(episode_info(episode("e1", "active", day("2026-03-01") + 5 * 3'600'000'000LL)).start_date,
            "2026-03-01");
}

TEST(VisitRules, TheWindowStartsAtTheLastSignedNoteElseTheEpisodeAtMost90DaysBack) {
  const TimeUs now = day("2026-11-20");
  // After a signed note: exactly where it ended, even when that is older than 90 days.
  EXPECT_EQ(window_start(now, day("2026-01-01"), std::nullopt), day("2026-01-01"));
  // The first note of a recent episode: from its start (the earlier of created and its start date).
  const auto recent = episode("e1", "active", day("2026-11-10"), "2026-11-05");
  EXPECT_EQ(window_start(now, std::nullopt, recent), day("2026-11-05"));
  // The first note of an old episode, or without an episode: 90 days back.
  EXPECT_EQ(window_start(now, std::nullopt, episode("e2", "active", day("2025-01-01"))), now - 90 * kDay);
  EXPECT_EQ(window_start(now, std::nullopt, std::nullopt), now - 90 * kDay);
}

TEST(VisitRules, EachNoteTypeCoversItsOwnPeriod) {
  const TimeUs now = day("2026-11-20");
  const auto ep = episode("e1", "active", day("2026-10-01") + 3'600'000'000LL, "2026-09-28");
  const std::vector<SignedNoteRef> notes{
      {"n-ie", "initial_evaluation", "e1", day("2026-10-01")},
      {"n-d1", "daily_note", "e1", day("2026-10-08")},
      {"n-pr", "progress_report", "e1", day("2026-10-29")},
      {"n-d2", "daily_note", "e1", day("2026-11-12")},
      {"n-other", "progress_report", "e0", day("2026-11-15")},  // another episode's report
  };
  // A daily note: since the latest signed note, whatever its type or episode.
  const PeriodInfo daily = note_period("daily_note", now, notes, ep);
  EXPECT_EQ(daily.from_us, day("2026-11-15"));
  EXPECT_EQ(daily.basis, "last_note");
  EXPECT_EQ(daily.after_note_id, "n-other");
  EXPECT_EQ(note_period("initial_evaluation", now, notes, ep).from_us, day("2026-11-15"));
  EXPECT_EQ(note_period("", now, notes, ep).from_us, day("2026-11-15"));
  // A progress report: since this episode's latest evaluation or report, not a daily note's end.
  const PeriodInfo report = note_period("progress_report", now, notes, ep);
  EXPECT_EQ(report.from_us, day("2026-10-29"));
  EXPECT_EQ(report.basis, "last_report");
  EXPECT_EQ(report.after_note_id, "n-pr");
  EXPECT_EQ(report.after_note_type, "progress_report");
  // With no report of the episode signed, since the evaluation; with neither, the episode's start.
  const std::vector<SignedNoteRef> evaluated{notes[0], notes[1]};
  EXPECT_EQ(note_period("progress_report", now, evaluated, ep).after_note_type, "initial_evaluation");
  const PeriodInfo first = note_period("progress_report", now, {notes[1], notes[4]}, ep);
  EXPECT_EQ(first.basis, "episode");
  EXPECT_EQ(first.from_us, day("2026-09-28"));
  // A discharge summary: the whole episode (its referral date before it was created), even past 90 days.
  const PeriodInfo discharge = note_period("discharge_summary", day("2027-03-01"), notes, ep);
  EXPECT_EQ(discharge.basis, "episode");
  EXPECT_EQ(discharge.from_us, day("2026-09-28"));
  // Outside any episode both take a daily note's period.
  EXPECT_EQ(note_period("discharge_summary", now, notes, std::nullopt).from_us, day("2026-11-15"));
  EXPECT_EQ(note_period("progress_report", now, {}, std::nullopt).from_us, now - 90 * kDay);
}

TEST(VisitRules, OnlyTheWindowsObservationsAndTheEpisodesVisitsCount) {
  VisitRows rows;
  rows.patient.id = "pat-1";
  rows.patient.given_name = "Ana";
  rows.patient.family_name = "Silva";
  rows.episode = episode("e1", "active", day("2026-10-01"));
  rows.from = day("2026-11-01");
  rows.now = day("2026-11-20");
  clinic::Observation inside;
  inside.id = "o-in";
  inside.effective_us = day("2026-11-10");
  inside.source = "imu";
  clinic::Observation before = inside;
  before.id = "o-before";
  before.effective_us = day("2026-10-20");
  rows.observations = {before, inside};
  rows.appointments = {appt("a-before-episode", "fulfilled", day("2026-09-01")),
                       appt("a1", "fulfilled", day("2026-10-05")),
                       appt("a2", "arrived", day("2026-11-19")),
                       appt("a-missed", "noshow", day("2026-11-12")),
                       appt("a-later", "booked", day("2026-12-10")),
                       appt("a-next", "booked", day("2026-11-27"))};
  clinic::ExerciseLog log;
  log.id = "l1";
  log.exercise_id = "mini_squat";
  log.reps_per_set = "[10,10]";
  log.done_us = day("2026-11-15");
  rows.exercise_logs = {log};
  const VisitInput in = assemble_visit(rows, nullptr, name_of);
  EXPECT_EQ(in.patient.name, "Ana Silva");
  EXPECT_EQ(in.episode.id, "e1");
  EXPECT_EQ(in.window.from_us, rows.from);
  ASSERT_EQ(in.observations.size(), 1U);
  EXPECT_EQ(in.observations[0].id, "o-in");
  EXPECT_EQ(in.observations[0].method, "IMU");
  EXPECT_EQ(in.visit_in_episode, 2);  // a1 and a2: not the one before the episode, not the missed one
  ASSERT_TRUE(in.next_appointment);
  EXPECT_EQ(in.next_appointment->id, "a-next");
  ASSERT_EQ(in.exercise_logs.size(), 1U);
  EXPECT_EQ(in.exercise_logs[0].exercise_name, "mini squat");
  EXPECT_EQ(in.exercise_logs[0].reps_done, 20);
  EXPECT_EQ(in.plan_of_care_start, "2026-10-01");
  EXPECT_TRUE(in.questionnaires.empty());  // no measure library given
}

// An episode entered into the system after care began (a referral three weeks old, recorded today): its
// visits are counted from its start date, not from the day its row was created (which numbered none).
TEST(VisitRules, VisitsCountFromTheEpisodesStartNotTheDayItWasEntered) {
  VisitRows rows;
  rows.patient.id = "pat-1";
  rows.episode = episode("e1", "active", day("2026-11-29") + 13 * 3'600'000'000LL, "2026-11-08");
  rows.from = day("2026-11-08");
  rows.now = day("2026-11-29") + 14 * 3'600'000'000LL;
  rows.appointments = {fulfilled("before-referral", day("2026-11-01")), fulfilled("a1", day("2026-11-10")),
                       fulfilled("a2", day("2026-11-23"))};
  const VisitInput in = assemble_visit(rows, nullptr, name_of);
  EXPECT_EQ(in.visit_in_episode, 2);
  EXPECT_EQ(episode_start_us(*rows.episode), day("2026-11-08"));
}

// A new episode whose referral date is older than the end of the patient's previous, finished episode:
// the finished episode's visits are not this one's (appointments name no episode).
TEST(VisitRules, AFinishedEpisodesVisitsAreNotTheNextOnes) {
  VisitRows rows;
  rows.patient.id = "pat-1";
  clinic::Episode old = episode("e-old", "finished", day("2026-08-01"));
  old.updated_us = day("2026-09-25") + 10 * 3'600'000'000LL;
  rows.episode = episode("e-new", "active", day("2026-11-20"), "2026-09-10");
  rows.all_episodes = {old, *rows.episode};
  rows.from = day("2026-09-10");
  rows.now = day("2026-11-29");
  rows.appointments = {fulfilled("old-1", day("2026-09-15")), fulfilled("old-2", day("2026-09-22")),
                       fulfilled("new-1", day("2026-11-21")), fulfilled("new-2", day("2026-11-28"))};
  EXPECT_EQ(assemble_visit(rows, nullptr, name_of).visit_in_episode, 2);
  EXPECT_EQ(visits_from_us(*rows.episode, rows.all_episodes), old.updated_us);
  // Without the finished one, from the referral date.
  rows.all_episodes = {*rows.episode};
  EXPECT_EQ(assemble_visit(rows, nullptr, name_of).visit_in_episode, 4);
}

// A patient whose episodes are all finished: the draft gives no episode's visit number (it used to count
// every visit on record as "visit 12 of this episode") and says no episode is open.
TEST(VisitRules, WithoutAnOpenEpisodeNoVisitIsNumberedAndTheDraftSaysSo) {
  VisitRows rows;
  rows.patient.id = "pat-1";
  rows.patient.given_name = "Ana";
  rows.patient.family_name = "Silva";
  rows.from = day("2026-09-01");
  rows.now = day("2026-11-20");
  clinic::Appointment a;
  a.id = "a1";
  a.status = "fulfilled";
  a.start_us = day("2026-10-05");
  rows.appointments = {a};
  const VisitInput in = assemble_visit(rows, nullptr, name_of);
  EXPECT_EQ(in.visit_in_episode, 0);
  const Draft d = draft_note(in);
  const std::string s = canonical_text(d.sections[0]);
  EXPECT_EQ(s, "S | Ana Silva: no episode of care is open. | patient:pat-1\n");
  EXPECT_NE(std::find(d.checklist.begin(), d.checklist.end(),
                      "No episode of care is open: no condition, goals or plan of care are recorded for this "
                      "visit."),
            d.checklist.end());
  for (const auto& c : d.checklist) EXPECT_EQ(c.find("this episode"), std::string::npos) << c;
}

TEST(VisitRules, AdherenceCountsTheActiveProgramFromTheWindowOrItsStart) {
  rehab::Program program;
  program.id = "prog-1";
  program.patient_id = "pat-1";
  program.title = "Knee";
  rehab::Prescription rx;
  rx.exercise_id = "mini_squat";
  rx.dosage.sets = 3;
  rx.dosage.reps = 10;
  rx.dosage.days_per_week = 7;
  program.prescriptions = {rx};
  ProgramRows active;
  active.row.id = "prog-1";
  active.row.status = "active";
  active.row.created_us = day("2026-11-16");  // a Monday
  active.row.program_json = rehab::to_json(program).dump();
  clinic::ExerciseLog done;
  done.exercise_id = "mini_squat";
  done.reps_per_set = "[10,10,10]";
  done.done_us = day("2026-11-17") + 9 * 3'600'000'000LL;
  active.logs = {done};
  ProgramRows ended = active;
  ended.row.id = "prog-old";
  ended.row.status = "ended";
  VisitRows rows;
  rows.from = day("2026-11-01");
  rows.now = day("2026-11-19") + 12 * 3'600'000'000LL;
  rows.programs = {ended, active};
  const VisitInput in = assemble_visit(rows, nullptr, name_of);
  EXPECT_EQ(in.adherence.program_id, "prog-1");
  ASSERT_FALSE(in.adherence.weeks.empty());
  // Counted from the program's first day (Monday 16 Nov), not from the window's start on 1 Nov: the
  // weeks before the program existed are not weeks of missed sessions.
  ASSERT_EQ(in.adherence.weeks.size(), 1U);
  EXPECT_EQ(in.adherence.weeks.front().first_day, "2026-11-16");
  EXPECT_EQ(in.adherence.weeks.front().sessions_done, 1);
  // The program as it stands on the visit's day, with each dose in words.
  ASSERT_EQ(in.adherence.items.size(), 1U);
  EXPECT_EQ(in.adherence.items[0].exercise_name, "mini squat");
  EXPECT_EQ(in.adherence.items[0].dose, "3 sets of 10, once a day, every day");
}

TEST(VisitRules, TheProgramsItemsAreThoseOfTheVisitsDay) {
  rehab::Program program;
  program.id = "prog-1";
  program.patient_id = "pat-1";
  rehab::Prescription now_rx, ended_rx, later_rx;
  now_rx.exercise_id = "mini_squat";
  now_rx.side = rehab::Side::kRight;
  ended_rx.exercise_id = "bridge";
  ended_rx.end_date = "2026-11-18";
  later_rx.exercise_id = "heel_raise";
  later_rx.start_date = "2026-11-20";
  program.prescriptions = {ended_rx, now_rx, later_rx};
  ProgramRows active;
  active.row.id = "prog-1";
  active.row.status = "active";
  active.row.created_us = day("2026-11-16");
  active.row.program_json = rehab::to_json(program).dump();
  VisitRows rows;
  rows.from = day("2026-11-01");
  rows.now = day("2026-11-19") + 12 * 3'600'000'000LL;
  rows.programs = {active};
  const VisitInput in = assemble_visit(rows, nullptr, name_of);
  ASSERT_EQ(in.adherence.items.size(), 1U);
  EXPECT_EQ(in.adherence.items[0].exercise_name, "mini squat");
  EXPECT_EQ(in.adherence.items[0].dose, "1 set of 10, once a day, every day, right side");
}

}  // namespace
}  // namespace physio::notes
