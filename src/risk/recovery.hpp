#pragma once
/// The recovery course as the clinic's own figures: how many visits and weeks patients with a condition
/// took to reach their goal (Kaplan-Meier with censoring, risk/survival.hpp), what remains for one patient,
/// and whether a patient's outcome scores are off the expected track. Information for the clinician with
/// its basis in words, never a directive; no store, no I/O.
///
/// Contract: visits_to_goal
///   inputs : the clinic's episodes of care (any order), `now`, options.
///   groups : the ICD-10-CM category (3 characters, "M17" from "M17.11"); no code or one that does not
///            start with a letter and two characters: "unspecified".
///   event  : the goal reached (the caller's time: the first outcome response whose improvement from the
///            episode's baseline reaches the instrument's minimal important change), whatever the status,
///            at the visits attended up to it and the weeks since the start. DEFAULT: a "finished" episode
///            without a goal time also counts as the event, at discharge (`discharge_counts_as_goal`; off:
///            discharge without the goal is censored at discharge).
///   censored: "active"/"onhold" episodes without the goal at `now` (visits so far, weeks so far);
///            "cancelled" ones at their last attended visit. Open episodes without the goal are never events.
///   excluded: "planned" episodes (not started: nobody at risk).
///   outputs: per group (sorted by name): counts, both curves, the median and the 25th/75th percentiles
///            of visits and of weeks (days / 7, continuous) with 95 % CIs, and a sentence. A group with
///            fewer than `min_events` events is "not assessed" with the number still needed.
///   errors : kMissingData for no episodes; kInvalidArgument naming the episode for an unknown status,
///            visit times out of order or before the start, a goal time before the start or after `now`.
///
/// Contract: remaining_visits
///   the episode's group from `groups`; k = its visits attended up to `now`; the group's visit curve
///   given no goal in k visits (survival::condition_on): median and quartiles of the visits still to come
///   with the median's 95 % CI. A reason instead of numbers when the goal is already reached, the group is
///   missing or not assessed, or nobody in the group went beyond k visits without the goal.
///
/// Contract: recovery_track (the off-track rule)
///   inputs : the patient's scores in one episode (baseline = the first), oldest first, in the instrument's
///            own units; the clinic's other episodes of the same condition with the same instrument; the
///            instrument's direction, its published MIC and the MIC's source text.
///   improvement: score - baseline when higher is better, baseline - score otherwise.
///   weeks  : whole weeks since the baseline, rounded to the nearest (a measure 5.5 to 6.5 weeks after the
///            baseline is week 6), for the patient and the clinic alike.
///   band   : (a) when at least `min_episodes` clinic episodes have a baseline and a later score: the 25th-
///            75th percentile (linear interpolation) of the clinic's improvement at that week, one value per
///            episode (its last score in the week), used where the week holds at least
///            kMinBandEpisodesPerWeek episodes; a measure from week 1 under the band's lower edge is
///            "below_expected". (b) otherwise (or a thin week): the published MIC rule, from
///            `rule_from_week`: an improvement smaller than the MIC is "not_yet_improved".
///            A worsening of at least the MIC is "worsened" at any week, whichever band applies.
///   flag   : off-track when the LATEST TWO measures after the baseline are both low (below_expected,
///            not_yet_improved or worsened); one low measure never flags, and a good one in between ends a
///            run. The reason names the scores, units, weeks, the MIC with its source and the band used.
///   errors : kMissingData for no scores; kInvalidArgument for a NaN or infinite score or time order
///            broken (patient or clinic episode, named), or an MIC that is not a positive number.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"
#include "risk/flag.hpp"
#include "risk/survival.hpp"

namespace physio::risk {

inline constexpr TimeUs kWeekUs = 7 * kDayUs;

/// "M17" from "M17.11" (upper-cased); "unspecified" for "" or a code without a letter and two characters.
std::string condition_group(std::string_view icd10_code);

/// One episode of care, as the caller loaded it.
struct EpisodeCourse {
  std::string episode_id{};
  std::string condition_code{};  ///< ICD-10-CM, "" for none
  TimeUs start_us = 0;
  std::string status{};             ///< "planned", "active", "onhold", "finished", "cancelled"
  std::vector<TimeUs> visits_us{};  ///< attended visits, oldest first
  std::optional<TimeUs> goal_us{};  ///< when the goal was first reached
  std::optional<TimeUs> end_us{};   ///< finished/cancelled: when it ended
};

struct CourseOptions {
  bool discharge_counts_as_goal = true;  ///< see the contract
  /// Events a group needs before its figures are shown. Below about 10 events the median rests on one or
  /// two episodes and its 95 % interval usually has no upper limit (the log(-log) band does not fall
  /// below one half), so it tells a physiotherapist nothing.
  int min_events = 10;
};

/// One episode on both time axes.
struct EpisodeTime {
  std::string episode_id{};
  std::string group{};
  double visits = 0;
  double weeks = 0;
  bool event = false;
  std::string kind{};  ///< "goal", "discharged", "discharged_censored", "ongoing", "cancelled"
};

/// nullopt for a planned episode; errors as visits_to_goal.
Result<std::optional<EpisodeTime>> episode_time(const EpisodeCourse& e, TimeUs now,
                                                const CourseOptions& options = {});

struct CourseFigures {
  SurvivalQuantile median{};
  SurvivalQuantile q25{};  ///< a quarter had reached the goal
  SurvivalQuantile q75{};
};

struct GroupCourse {
  std::string group{};
  int episodes = 0;  ///< started (planned ones excluded)
  int events = 0;
  int censored = 0;
  int ongoing = 0;              ///< censored: active or on hold
  int cancelled = 0;            ///< censored: cancelled
  int discharged_censored = 0;  ///< censored: discharged without the goal (option off)
  bool assessed = false;
  std::string not_assessed{};  ///< "not assessed: needs 4 more completed episodes of M17 ..."
  KaplanMeier visits{};
  KaplanMeier weeks{};
  CourseFigures by_visits{};
  CourseFigures by_weeks{};
  std::string text{};  ///< the sentence a physiotherapist reads (or the not-assessed reason)
};

Result<std::vector<GroupCourse>> visits_to_goal(std::span<const EpisodeCourse> episodes, TimeUs now,
                                                const CourseOptions& options = {});

struct RemainingVisits {
  std::string group{};
  int attended = 0;
  std::optional<double> median{};  ///< visits still to come
  std::optional<double> lower{};   ///< median's 95 % CI; nullopt: not reached
  std::optional<double> upper{};
  std::optional<double> q25{};
  std::optional<double> q75{};
  std::string reason{};  ///< non-empty when there are no numbers, and why
  std::string text{};
};

Result<RemainingVisits> remaining_visits(std::span<const GroupCourse> groups, const EpisodeCourse& episode,
                                         TimeUs now);

/// Fewer clinic episodes measured in a week than this and the week's quartiles rest on two or three
/// values each: the MIC rule judges that week instead.
inline constexpr int kMinBandEpisodesPerWeek = 10;

struct ScorePoint {
  TimeUs at_us = 0;
  double score = 0;
};

/// Another episode of the same condition with the same instrument (baseline first).
struct ClinicEpisodeScores {
  std::string episode_id{};
  std::vector<ScorePoint> scores{};
};

struct TrackOptions {
  std::string instrument{};  ///< "KOOS JR"
  std::string unit{};        ///< "points"
  bool higher_is_better = true;
  double mic = 0;            ///< published minimal important change, in `unit`
  std::string mic_source{};  ///< its citation, quoted in the reason
  std::string condition{};   ///< "M17", for the words
  int min_episodes = 20;     ///< clinic episodes before the clinic's own band replaces the MIC rule
  /// The MIC rule judges from this week. Common re-assessment intervals and guideline reviews of a plan
  /// of care fall at 4-6 weeks; 6 gives most courses time to show the change. A configurable review
  /// point, not an evidence-derived expectation of when the MIC is reached.
  int rule_from_week = 6;
};

struct TrackMeasure {
  TimeUs at_us = 0;
  double score = 0;
  int week = 0;
  double improvement = 0;  ///< from the baseline, positive = better
  /// "baseline", "too_early", "in_band", "below_expected", "improved", "not_yet_improved", "worsened"
  std::string status{};
  std::string source{};              ///< "clinic_band", "mic_rule", "" (baseline)
  std::optional<double> band_low{};  ///< the clinic's band at this week (improvement)
  std::optional<double> band_high{};
  int band_episodes = 0;
  bool low = false;  ///< counts toward two consecutive
};

/// The clinic's expected course at one week: the 25th, 50th and 75th percentiles of its episodes'
/// improvement at that week (what the patient's chart draws as the expected band).
struct WeekBand {
  int week = 0;
  double low = 0, median = 0, high = 0;
  int episodes = 0;
};

struct RecoveryTrack {
  bool off_track = false;
  std::string kind{};        ///< "" (not flagged), "below" or "worsening"
  int clinic_episodes = 0;   ///< usable clinic episodes (baseline and a later score)
  bool clinic_band = false;  ///< clinic_episodes >= min_episodes
  std::vector<TrackMeasure> measures{};
  /// Weeks 1 to the patient's latest week + 4 (at most 52) where the clinic's band applies (clinic_band and
  /// at least kMinBandEpisodesPerWeek episodes in the week); empty under the MIC rule.
  std::vector<WeekBand> expected{};
  std::string reason{};   ///< when off track: the two measures in words
  std::string summary{};  ///< always: the latest state in one sentence
};

Result<RecoveryTrack> recovery_track(std::span<const ScorePoint> patient,
                                     std::span<const ClinicEpisodeScores> clinic,
                                     const TrackOptions& options);

}  // namespace physio::risk
