#pragma once
/// The visit a SOAP note is drafted from (docs/server/notes.md), as rules over the rows the store holds:
/// which episode the note is for (the one chosen, else the patient's latest active one), the window it
/// covers (note_period: from the last signed note, for the first note from the episode's start at most 90
/// days back; a progress report from the last evaluation or report, a discharge summary the whole episode),
/// and everything in that window in notes::VisitInput's terms: morning pain, exercise logs, outcome
/// measures judged against their baseline (the whole history counts), the active program's adherence over
/// whole days (from its first full day and the window's first day to the day before the visit), observations,
/// program changes, visits in the episode and the next appointment. The caller loads the rows; nothing here
/// reads a store or a file.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "clinic/records.hpp"
#include "core/time.hpp"
#include "measures/library.hpp"
#include "notes/draft.hpp"

namespace physio::notes {

/// How far back the first note of an episode looks at most.
inline constexpr TimeUs kFirstNoteLookBackUs = 90LL * 86'400 * 1'000'000;

/// The patient's latest active episode (by creation), if any.
std::optional<clinic::Episode> latest_active_episode(const std::vector<clinic::Episode>& episodes);

/// The episode as the draft names it; its start date is the referral date, else the day it was created.
EpisodeInfo episode_info(const clinic::Episode& episode);
/// When the episode began: the start of its start date's day, or the time it was created when that is
/// earlier (an episode entered on the day care began). Its visits, window and period count from here.
TimeUs episode_start_us(const clinic::Episode& episode);
/// Where the episode's visits are counted from: its start, but never before an earlier episode of the
/// patient ended (one finished or cancelled before this one was entered, at its last change). Appointments
/// name no episode: a visit of the finished episode is not one of the next, even when the next one's
/// referral date is older.
TimeUs visits_from_us(const clinic::Episode& episode, const std::vector<clinic::Episode>& all_episodes);

/// The window's start: the end of the last signed note's window, else the episode's start (its created
/// time or start date, whichever is earlier), never more than 90 days before `now`.
TimeUs window_start(TimeUs now, std::optional<TimeUs> last_signed_window_to,
                    const std::optional<clinic::Episode>& episode);

/// A signed note as the period rules read it.
struct SignedNoteRef {
  std::string id{};
  std::string type{};        ///< notes/note_types.hpp's id; "" for a note stored before types existed
  std::string episode_id{};  ///< "" when none
  TimeUs window_to_us = 0;
};

/// The period a note of `type` covers (docs/metrics/notes.md, "Note types"), from `now` back to:
/// - a daily note, an initial evaluation or a note of no type: the end of the latest signed note's window
///   (window_start above);
/// - a progress report: the end of the latest signed initial evaluation or progress report of the same
///   episode (the reporting period); with neither, the episode's start;
/// - a discharge summary: the episode's start (the whole episode).
/// Without an episode a progress report and a discharge summary have no episode to cover, and take a daily
/// note's period. `signed_notes` may hold every signed note of the patient, in any order.
PeriodInfo note_period(std::string_view type, TimeUs now, const std::vector<SignedNoteRef>& signed_notes,
                       const std::optional<clinic::Episode>& episode);

/// An active program with all of its logs (adherence counts them from the program's first day).
struct ProgramRows {
  clinic::HomeProgram row;
  std::vector<clinic::ExerciseLog> logs;
};

/// The rows a visit is drafted from. Morning pain and exercise logs are those inside the window; the
/// other lists are the patient's whole history (filtered here).
struct VisitRows {
  clinic::Patient patient;
  std::optional<clinic::Episode> episode;
  /// Every episode of the patient (where the episode's visits start: visits_from_us).
  std::vector<clinic::Episode> all_episodes;
  TimeUs from = 0;
  TimeUs now = 0;
  /// How `from` was chosen (note_period); a daily note's when not set.
  PeriodInfo period;
  std::vector<clinic::MorningPainAnswer> morning_pain;
  std::vector<clinic::ExerciseLog> exercise_logs;
  std::vector<clinic::QuestionnaireResponse> questionnaire_responses;
  std::vector<ProgramRows> programs;
  std::vector<clinic::Observation> observations;
  std::vector<clinic::ProgressionProposal> proposals;
  std::vector<clinic::Appointment> appointments;
  /// The live sessions of the window's logs and observations (a live set's log names its session, the
  /// session its stored recording): a set's figures are given once, and its measures are a live session's.
  std::vector<clinic::LiveSession> live_sessions;
};

/// An instrument's display name as a note writes it: its name without a closing parenthesis
/// ("KOOS, JR. (Knee injury ...)" -> "KOOS, JR."), never its id.
std::string instrument_display_name(const measures::Instrument& instrument);

/// An exercise id -> the name a sentence uses ("mini squat"); the id itself when unknown.
using ExerciseNameFn = std::function<std::string(const std::string& exercise_id)>;

/// The visit in the draft's terms. `measures` may be null (no outcome measures then).
VisitInput assemble_visit(const VisitRows& rows, const measures::MeasureLibrary* measures,
                          const ExerciseNameFn& exercise_name);

}  // namespace physio::notes
