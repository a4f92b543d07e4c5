#pragma once
/// A deterministic draft SOAP note for one visit, from the structured data since the last signed note
/// (docs/metrics/notes.md). Nothing is transcribed or generated from free text: every sentence is built
/// from the rows given, names them as its sources, and carries its numbers with units.
///
/// Contract: draft_note
///   inputs : the visit (`VisitInput`): patient, episode, the window (from the last signed note to this
///            visit), morning pain answers, exercise logs (pain during, comments, live quality and cues,
///            range), outcome-measure responses with their change against baseline, adherence per week,
///            observations, program changes and pending proposals, the next appointment, visit counts
///            and the plan of care's start date.
///   outputs: sections S, O, A, P (in that order) with what the data shows, and a checklist of what it
///            does not show ("No next appointment is booked."), kept beside the note. Rows with a time
///            outside [window.from_us, window.to_us] are left out, except pending proposals (they wait
///            whatever their age), and so are values that are not finite numbers. Rows are taken in time
///            order, ties broken by id, so the same input always gives the same text.
///   rules  : pain above 5/10 is flagged; a pain trend is one series (morning pain, or pain during one
///            exercise) over at least 2 different days, each day its mean, the later half of the days
///            against the earlier half (rising or falling by at least 2 points: the NPRS MCID), and says
///            over which days; adherence is judged over whole days from the program's first full day
///            (the window is stated; a program without a whole day yet is "not yet measurable") and below
///            50 % is flagged; outcome changes are judged against the instrument's MCID and MDC
///            (measures::compare_with_baseline) only when the response and its baseline are on different
///            days; a live set's figures appear once, its stored (whole-set) analysis' when there is one;
///            the progress-report and re-certification reminders (notes/reminders.hpp) only for a clinic
///            whose payer rules ask for them (`payer`), worded for the note's type; a progress report
///            and a discharge summary state the period they cover (`period`, notes::note_period), and
///            absences that are no question for the type are not asked (draft_type.cpp).
///   dates  : "3 Nov 2026", the UTC calendar day of an instant (notes/dates.hpp).

#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "measures/change.hpp"
#include "notes/types.hpp"

namespace physio::notes {

struct PatientInfo {
  std::string id{};
  std::string name{};        ///< as the note should call the patient ("Maria Costa")
  std::string birth_date{};  ///< "YYYY-MM-DD"; "" when unknown
};

struct EpisodeInfo {
  std::string id{};
  std::string condition_text{};  ///< "Primary osteoarthritis, right knee"
  std::string icd10_code{};      ///< ICD-10-CM, "M17.11"
  std::string side{};            ///< "left", "right", "both", ""
  std::string start_date{};      ///< "YYYY-MM-DD" the episode began; "" when unknown
  std::string goals{};           ///< in the physiotherapist's words; "" when none
};

/// From the last signed note (or the episode's start) to this visit, UTC.
struct Window {
  TimeUs from_us = 0;
  TimeUs to_us = 0;
};

/// The daily morning pain question.
struct PainRating {
  std::string id{};
  TimeUs at_us = 0;
  double nprs = 0;  ///< 0-10
};

/// One exercise session the patient logged (by hand or live).
struct ExerciseLogEntry {
  std::string id{};
  TimeUs done_us = 0;
  std::string exercise_id{};
  std::string exercise_name{};  ///< "mini squat"; "" -> the id in words
  std::string source{};         ///< "manual" or "live"
  int reps_done = 0;            ///< all sets together
  std::optional<double> pain_during_nprs{};
  std::string comment{};                 ///< the patient's own words
  std::optional<double> mean_quality{};  ///< 0-100, live sessions
  int severe_cues = 0;                   ///< live sessions
  std::optional<double> rom_deg{};
  /// A live set's stored recording ("" otherwise): the observations of that recording are the set's
  /// stored (whole-set) analysis, and give the set's figures in place of those shown live.
  std::string recording_id{};
};

/// One reported score of an outcome-measure response, with its name and unit from the instrument.
struct ScoreEntry {
  std::string id{};    ///< "total", "pain"
  std::string name{};  ///< "total", "Pain"
  std::string unit{};  ///< "%", "points", "s"
  std::optional<double> value{};
};

/// A filled-in outcome measure (questionnaire or performance test).
struct QuestionnaireEntry {
  std::string id{};
  std::string instrument_id{};  ///< "odi"
  std::string label{};  ///< the display name a note uses ("ODI", "KOOS, JR."); "" -> the id in capitals
  TimeUs completed_us = 0;
  bool valid = false;
  std::string reason{};  ///< why a score is missing ("" when all were computed)
  std::vector<ScoreEntry> scores{};
  /// Change against the episode's baseline (measures::compare_with_baseline); nullopt when this
  /// response is the baseline or could not be scored.
  std::optional<measures::BaselineComparison> vs_baseline{};
  /// Completed in an episode of care other than the note's (or, for a note outside any open episode, in
  /// an episode no longer open): its baseline is that episode's, so no change is judged in this note.
  bool other_episode = false;
};

/// Sessions done against sessions prescribed in one ISO week (rehab::WeekAdherence).
struct AdherenceWeek {
  std::string first_day{};  ///< the Monday, "YYYY-MM-DD"
  int sessions_prescribed = 0;
  int sessions_done = 0;  ///< capped per prescription
};

/// One exercise of the active home program as it stands on the visit's day.
struct ProgramItem {
  std::string exercise_name{};  ///< "mini squat"
  std::string dose{};           ///< "3 sets of 10, once a day, every day" (rehab::prescription_words)
};

struct AdherenceInfo {
  std::string program_id{};            ///< "" when the patient has no home program
  std::vector<AdherenceWeek> weeks{};  ///< oldest first, the weeks of [from_day, to_day]; empty: none yet
  std::string program_start{};         ///< "YYYY-MM-DD", the local day the program was made; "" unknown
  /// The whole days counted, "YYYY-MM-DD": from the later of the program's first full day and the
  /// window's first day, to the day before the visit. "" when not given.
  std::string from_day{};
  std::string to_day{};
  /// With no active program: the latest program that ended inside the window ("" when none), the local
  /// day it was made and the day it ended ("YYYY-MM-DD").
  std::string ended_program_id{};
  std::string ended_program_start{};
  std::string ended_on{};
  /// The active program's exercises prescribed on the visit's day (started, not ended), in program
  /// order: what an evaluation prescribes and a discharge summary hands over.
  std::vector<ProgramItem> items{};
};

/// One measured value.
struct ObservationEntry {
  std::string id{};
  std::string code{};
  std::string display{};  ///< "Timed Up and Go", "knee flexion range of motion"
  double value = 0;
  std::string unit{};    ///< UCUM: "deg", "s", "m/s"
  std::string method{};  ///< "IMU", "video", "live session", "goniometer"
  std::string side{};    ///< "left", "right", ""
  TimeUs at_us = 0;
  std::string recording_id{};  ///< the recording it was measured from; "" otherwise
};

/// A progression proposal for one prescription and what became of it.
struct ProgramChange {
  std::string id{};
  std::string exercise_name{};
  std::string direction{};  ///< "progress", "regress", "hold"
  std::string state{};    ///< "pending", "approved", "edited", "auto_applied" ("rejected", "stale": left out)
  std::string summary{};  ///< the dosage change in words ("3 x 10 to 3 x 12"); may be ""
  std::string reason{};   ///< why the rules proposed it
  std::string decision_note{};  ///< what the physiotherapist wrote when deciding; may be ""
  TimeUs proposed_us = 0;
  TimeUs decided_us = 0;  ///< 0 while pending
};

struct NextAppointment {
  std::string id{};
  TimeUs start_us = 0;
};

/// What the window stands for (notes::note_period): how the note's period was chosen, so the draft can say
/// it.
struct PeriodInfo {
  TimeUs from_us = 0;
  /// "last_note": since the latest signed note (or the first note's look-back); "last_report": since the
  /// latest signed initial evaluation or progress report of the episode; "episode": from the episode's start.
  std::string basis{"last_note"};
  std::string after_note_id{};    ///< the signed note the period follows; "" when none
  std::string after_note_type{};  ///< its type
  TimeUs after_note_to_us = 0;    ///< the end of its window
};

struct VisitInput {
  PatientInfo patient{};
  EpisodeInfo episode{};
  Window window{};
  /// How the window was chosen for the note's type (notes::note_period); the default is a daily note's.
  PeriodInfo period{};
  std::vector<PainRating> morning_pain{};
  std::vector<ExerciseLogEntry> exercise_logs{};
  std::vector<QuestionnaireEntry> questionnaires{};
  AdherenceInfo adherence{};
  std::vector<ObservationEntry> observations{};
  std::vector<ProgramChange> program_changes{};
  std::optional<NextAppointment> next_appointment{};
  int visit_in_episode = 0;  ///< this visit's number in the episode (1 = the evaluation); 0 = unknown
  /// Treatment visits since the last progress report, this one included; nullopt when no progress
  /// report was written yet (the episode's count applies: the period starts at the evaluation).
  std::optional<int> visits_since_progress_report{};
  std::string plan_of_care_start{};  ///< "YYYY-MM-DD"; "" when there is no plan of care yet
  /// The note's type (notes/note_types.hpp: "initial_evaluation", "daily_note", "progress_report",
  /// "discharge_summary"; "" unknown): the reminders are worded for it.
  std::string note_type{};
  /// The clinic's payer rules (store::get_clinic_payer): kPayerUsMedicare gives the progress-report and
  /// re-certification reminders; "" (none, the default) gives no billing or re-certification line.
  std::string payer{};
};

/// The payer rules of a clinic in the United States billing Medicare (docs/metrics/notes.md, "Reminders").
inline constexpr const char* kPayerUsMedicare = "us_medicare";

/// The draft for a visit (see the contract above).
Draft draft_note(const VisitInput& in);

}  // namespace physio::notes
