#pragma once
/// The physiotherapist's caseload sorted by need: each patient's recent signals become reasons a
/// clinician would act on, each with its numbers and a priority; the patient's need is the sum of
/// the priorities of their reasons (docs/metrics/caseload.md).
///
/// Reasons (`CaseloadRules` holds every threshold):
///  - pain_high (100): pain during exercise or in the morning above 5/10 in the last 7 days;
///  - pain_rising (80): mean morning pain of the last 7 days at least 1 point above the 7 days
///    before (each with at least 2 answers), or the same for pain during exercise;
///  - change_flag (70): a measure worsened past its MCID/MDC against the patient's baseline (the
///    caller's flags: wearables, performance tests, questionnaires);
///  - missed_sessions (60): fewer than 50 % of the sessions prescribed over the last 7 complete
///    days were done, or none at all for 3 days while the program asked for some;
///  - quality_falling (50): per exercise, mean movement quality of the last 3 sessions at least 10
///    points below the 3 before;
///  - rom_falling (50): per exercise, mean range of motion of the last 3 sessions at least 10 % and
///    3 degrees below the 3 before;
///  - severe_cues (40): repetitions with a severe form cue in the last 7 days;
///  - proposals_waiting (30): progression proposals waiting for a decision.

#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"

namespace physio::rehab {

struct CaseloadRules {
  int recent_days = 7;
  double pain_alert_above_nprs = 5.0;
  /// The stop level of the pain-monitoring model (rehab/pain_advice.hpp, kPainStopNprs: Silbernagel 2007):
  /// a report at or above it told the patient to stop for the day and that their physiotherapist knows.
  double pain_stop_nprs = 7.0;
  double pain_rise_nprs = 1.0;
  int min_answers_per_week = 2;
  double missed_below_pct = 50.0;
  int idle_days = 3;
  int trend_sessions = 3;
  double quality_drop_points = 10.0;
  double rom_drop_pct = 10.0;
  double rom_drop_min_deg = 3.0;
};

/// One logged exercise session.
struct SessionSignal {
  std::string exercise_id{};
  TimeUs done_us = 0;
  std::optional<double> pain_during_nprs{};
  std::optional<double> mean_quality{};  ///< 0-100
  std::optional<double> rom_deg{};
  int severe_cues = 0;
};

struct PainSignal {
  TimeUs at_us = 0;
  double nprs = 0.0;
};

/// A worsened measure, as the caller's change rules found it.
struct FlagSignal {
  std::string metric{};
  std::string text{};  ///< "TUG 14.2 s, 3.1 s slower than the baseline 11.1 s (MCID 2.9 s)"
};

/// Sessions prescribed and done over the last complete days (the adherence rules' count).
struct AdherenceSignal {
  int days = 7;
  int sessions_prescribed = 0;
  int sessions_done = 0;
};

struct PatientSignals {
  TimeUs now_us = 0;
  std::vector<SessionSignal> sessions{};  ///< any order
  std::vector<PainSignal> morning_pain{};
  std::optional<AdherenceSignal> adherence{};  ///< nullopt: no active program
  /// Days since the last session while the program asked for some (nullopt: no active program).
  std::optional<int> days_without_session{};
  int pending_proposals = 0;
  std::vector<FlagSignal> flags{};
};

struct NeedReason {
  std::string kind{};  ///< pain_high, pain_rising, change_flag, missed_sessions, quality_falling, ...
  int priority = 0;
  std::string text{};       ///< says why, with the numbers
  bool stop_level = false;  ///< pain_high only: a report at or above the stop level (pain_stop_nprs)
};

struct NeedAssessment {
  int score = 0;                    ///< sum of the reasons' priorities
  std::vector<NeedReason> reasons;  ///< highest priority first
};

NeedAssessment assess_need(const PatientSignals& s, const CaseloadRules& rules = {});

/// Where a patient stands on the physiotherapist's day (docs/metrics/caseload.md, "The day's order"), lower
/// first; within a rank the need score decides. The urgent come first whatever the sum of the rest:
///  0: pain at the stop level (the patient was told to stop and that their physiotherapist knows);
///  1: messages from the patient no clinician has read (an automatic pain alert is one);
///  2: missed sessions, or pain above the alert level;
///  3: any other open reason; 4: none.
int day_rank(const NeedAssessment& open, long long unread_from_patient);

/// The caseload's order: by day_rank, then by need score (higher first).
bool before_on_the_day(int rank_a, int score_a, int rank_b, int score_b);

}  // namespace physio::rehab
