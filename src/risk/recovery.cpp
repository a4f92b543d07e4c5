#include "risk/recovery.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "core/words.hpp"

namespace physio::risk {
// Helpers in a named namespace: the module is compiled in unity batches, where another file's anonymous
// helpers of the same name would clash.
namespace {
namespace recovery_impl {

// Numbers as a physiotherapist reads them: at most one decimal, none when whole ("8", "7.5", "5.9").
std::string num(double v) {
  std::string s = fmt::format("{:.1f}", v);
  if (s.size() > 2 && s.ends_with(".0")) s.resize(s.size() - 2);
  if (s == "-0") s = "0";
  return s;
}

std::string limit(const std::optional<double>& v) {
  return v ? num(*v) : std::string("not reached");
}

double weeks_between(TimeUs from, TimeUs to) {
  return std::max(0.0, static_cast<double>(to - from) / static_cast<double>(kWeekUs));
}

double visits_up_to(const std::vector<TimeUs>& visits, TimeUs t) {
  return static_cast<double>(std::upper_bound(visits.begin(), visits.end(), t) - visits.begin());
}

std::string group_words(const std::string& group) {
  return group == "unspecified" ? std::string("without a condition code") : "with " + group;
}

CourseFigures figures(const KaplanMeier& km) {
  return {survival_quantile(km, 0.5), survival_quantile(km, 0.25), survival_quantile(km, 0.75)};
}

std::string episodes_words(const GroupCourse& g) {
  std::string s = fmt::format("from {} completed", g.events);
  std::vector<std::string> parts;
  if (g.ongoing > 0) parts.push_back(fmt::format("{} ongoing", g.ongoing));
  if (g.cancelled > 0) parts.push_back(fmt::format("{} cancelled", g.cancelled));
  if (g.discharged_censored > 0) {
    parts.push_back(fmt::format("{} discharged without the goal", g.discharged_censored));
  }
  for (std::size_t i = 0; i < parts.size(); ++i) s += (i + 1 == parts.size() ? " and " : ", ") + parts[i];
  return s + (g.episodes == 1 ? " episode" : " episodes");
}

std::string group_sentence(const GroupCourse& g, const CourseOptions& o) {
  const std::string who = fmt::format("Patients {} at this clinic", group_words(g.group));
  const std::string reached =
      o.discharge_counts_as_goal ? "reached their goal or were discharged" : "reached their goal";
  const auto& v = g.by_visits;
  const auto& w = g.by_weeks;
  if (!v.median.time) {
    return fmt::format(
        "Fewer than half of the patients {} at this clinic have {} yet, so the median is not "
        "estimable; {}",
        group_words(g.group),
        o.discharge_counts_as_goal ? "reached their goal or been discharged" : "reached their goal",
        episodes_words(g));
  }
  // The median span in words: whole days under two weeks ("6 days", never "0.86 weeks").
  std::string weeks = w.median.time ? fmt::format("{} (95 % CI {}-{} weeks)", weeks_words(*w.median.time),
                                                  limit(w.median.lower), limit(w.median.upper))
                                    : std::string("weeks not estimable");
  return fmt::format("{} {} after a median of {} visits (95 % CI {}-{}; half between {} and {}), {}; {}", who,
                     reached, num(*v.median.time), limit(v.median.lower), limit(v.median.upper),
                     limit(v.q25.time), limit(v.q75.time), weeks, episodes_words(g));
}

bool known_status(const std::string& s) {
  return s == "planned" || s == "active" || s == "onhold" || s == "finished" || s == "cancelled";
}

}  // namespace recovery_impl
}  // namespace

std::string condition_group(std::string_view code) {
  if (code.size() < 3 || !std::isalpha(static_cast<unsigned char>(code[0])) ||
      !std::isalnum(static_cast<unsigned char>(code[1])) ||
      !std::isalnum(static_cast<unsigned char>(code[2]))) {
    return "unspecified";
  }
  std::string g(code.substr(0, 3));
  for (char& c : g) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return g;
}

Result<std::optional<EpisodeTime>> episode_time(const EpisodeCourse& e, TimeUs now, const CourseOptions& o) {
  using recovery_impl::known_status;
  using recovery_impl::visits_up_to;
  using recovery_impl::weeks_between;
  if (!known_status(e.status)) {
    return fail(ErrorCode::kInvalidArgument,
                "episode {}: status '{}' is not planned, active, onhold, finished or cancelled", e.episode_id,
                e.status);
  }
  if (!std::is_sorted(e.visits_us.begin(), e.visits_us.end())) {
    return fail(ErrorCode::kInvalidArgument, "episode {}: visit times are not in order", e.episode_id);
  }
  if (!e.visits_us.empty() && e.visits_us.front() < e.start_us) {
    return fail(ErrorCode::kInvalidArgument, "episode {}: a visit before the episode's start", e.episode_id);
  }
  if (e.goal_us && (*e.goal_us < e.start_us || *e.goal_us > now)) {
    return fail(ErrorCode::kInvalidArgument, "episode {}: the goal time is before the start or after now",
                e.episode_id);
  }
  if (e.status == "planned") return std::optional<EpisodeTime>{};
  EpisodeTime t;
  t.episode_id = e.episode_id;
  t.group = condition_group(e.condition_code);
  if (e.goal_us) {
    t.event = true;
    t.kind = "goal";
    t.visits = visits_up_to(e.visits_us, *e.goal_us);
    t.weeks = weeks_between(e.start_us, *e.goal_us);
  } else if (e.status == "finished") {
    const TimeUs end = e.end_us ? *e.end_us : (e.visits_us.empty() ? e.start_us : e.visits_us.back());
    t.event = o.discharge_counts_as_goal;
    t.kind = t.event ? "discharged" : "discharged_censored";
    t.visits = visits_up_to(e.visits_us, end);
    t.weeks = weeks_between(e.start_us, end);
  } else if (e.status == "cancelled") {
    // Censored at the last attended visit: after it nothing was observed.
    t.kind = "cancelled";
    t.visits = static_cast<double>(e.visits_us.size());
    t.weeks = e.visits_us.empty() ? 0.0 : weeks_between(e.start_us, e.visits_us.back());
  } else {
    t.kind = "ongoing";
    t.visits = visits_up_to(e.visits_us, now);
    t.weeks = weeks_between(e.start_us, now);
  }
  return std::optional<EpisodeTime>{t};
}

Result<std::vector<GroupCourse>> visits_to_goal(std::span<const EpisodeCourse> episodes, TimeUs now,
                                                const CourseOptions& o) {
  using recovery_impl::figures;
  using recovery_impl::group_sentence;
  if (episodes.empty())
    return fail(ErrorCode::kMissingData, "no episodes of care to estimate the course from");
  std::map<std::string, std::vector<EpisodeTime>> by_group;
  for (const auto& e : episodes) {
    auto t = PHYSIO_TRY(episode_time(e, now, o));
    if (t) by_group[t->group].push_back(*t);
  }
  if (by_group.empty()) return fail(ErrorCode::kMissingData, "no started episodes (all are planned)");
  std::vector<GroupCourse> out;
  for (const auto& [group, times] : by_group) {
    GroupCourse g;
    g.group = group;
    g.episodes = static_cast<int>(times.size());
    std::vector<SurvivalObservation> visits;
    std::vector<SurvivalObservation> weeks;
    for (const auto& t : times) {
      visits.push_back({t.visits, t.event});
      weeks.push_back({t.weeks, t.event});
      if (t.event) continue;
      ++g.censored;
      if (t.kind == "ongoing") ++g.ongoing;
      if (t.kind == "cancelled") ++g.cancelled;
      if (t.kind == "discharged_censored") ++g.discharged_censored;
    }
    g.events = g.episodes - g.censored;
    g.visits = PHYSIO_TRY(compute_kaplan_meier(visits));
    g.weeks = PHYSIO_TRY(compute_kaplan_meier(weeks));
    g.assessed = g.events >= o.min_events;
    if (g.assessed) {
      g.by_visits = figures(g.visits);
      g.by_weeks = figures(g.weeks);
      g.text = group_sentence(g, o);
    } else {
      g.not_assessed = fmt::format(
          "not assessed: needs {} more completed episode{} of {} ({} of the {} needed so far)",
          o.min_events - g.events, o.min_events - g.events == 1 ? "" : "s", group, g.events, o.min_events);
      g.text = g.not_assessed;
    }
    out.push_back(std::move(g));
  }
  return out;
}

Result<RemainingVisits> remaining_visits(std::span<const GroupCourse> groups, const EpisodeCourse& episode,
                                         TimeUs now) {
  using recovery_impl::group_words;
  using recovery_impl::limit;
  using recovery_impl::num;
  using recovery_impl::visits_up_to;
  auto t = PHYSIO_TRY(episode_time(episode, now));
  RemainingVisits r;
  r.group = condition_group(episode.condition_code);
  r.attended = static_cast<int>(visits_up_to(episode.visits_us, now));
  if (!t) {
    r.reason = "not estimable: the episode has not started";
  } else if (episode.goal_us) {
    r.reason = "not estimable: the goal is already reached";
  } else if (episode.status == "finished" || episode.status == "cancelled") {
    r.reason = "not estimable: the episode has ended";
  }
  if (!r.reason.empty()) return r;
  const auto g =
      std::find_if(groups.begin(), groups.end(), [&](const GroupCourse& c) { return c.group == r.group; });
  if (g == groups.end()) {
    r.reason = fmt::format("not assessed: no episodes of {} at this clinic yet", r.group);
    return r;
  }
  if (!g->assessed) {
    r.reason = g->not_assessed;
    return r;
  }
  const double k = static_cast<double>(r.attended);
  auto conditional = condition_on(g->visits, k);
  if (!conditional) {
    r.reason = fmt::format(
        "not estimable: no episode of {} at this clinic was followed beyond {} visits "
        "without reaching the goal",
        r.group, r.attended);
    return r;
  }
  const auto median = survival_quantile(*conditional, 0.5);
  if (!median.time) {
    r.reason = fmt::format(
        "not estimable: fewer than half of the patients {} who attended {} visits without "
        "reaching the goal reached it later at this clinic",
        group_words(r.group), r.attended);
    return r;
  }
  const auto minus_k = [k](const std::optional<double>& v) {
    return v ? std::optional<double>(*v - k) : std::nullopt;
  };
  r.median = minus_k(median.time);
  r.lower = minus_k(median.lower);
  r.upper = minus_k(median.upper);
  r.q25 = minus_k(survival_quantile(*conditional, 0.25).time);
  r.q75 = minus_k(survival_quantile(*conditional, 0.75).time);
  // Before the first visit there is nothing to condition on: the sentence says so plainly.
  const std::string since = r.attended == 0 ? std::string("From the start of an episode")
                            : r.attended == 1
                                ? std::string("After 1 visit without reaching the goal")
                                : fmt::format("After {} visits without reaching the goal", r.attended);
  r.text = fmt::format(
      "{}, patients {} at this clinic needed a median of {} {}visits (95 % CI {}-{}; half between {} and "
      "{}); "
      "from {} such episodes",
      since, group_words(r.group), num(*r.median), r.attended == 0 ? "" : "more ", limit(r.lower),
      limit(r.upper), limit(r.q25), limit(r.q75), conditional->subjects);
  return r;
}

namespace {
namespace recovery_impl {

double improvement_of(double baseline, double score, bool higher_is_better) {
  return higher_is_better ? score - baseline : baseline - score;
}

// Weeks since the baseline, rounded to the nearest whole week.
int week_of(TimeUs baseline_us, TimeUs t) {
  return static_cast<int>(std::llround(static_cast<double>(t - baseline_us) / static_cast<double>(kWeekUs)));
}

// Linear interpolation between order statistics (Hyndman-Fan type 7, R's and numpy's default).
double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const double h = (static_cast<double>(v.size()) - 1.0) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

Status check_series(std::span<const ScorePoint> s, const std::string& who) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (!std::isfinite(s[i].score)) {
      return fail(ErrorCode::kInvalidArgument, "{}: score {} is not a number", who, i + 1);
    }
    if (i > 0 && s[i].at_us < s[i - 1].at_us) {
      return fail(ErrorCode::kInvalidArgument, "{}: score {} is earlier than the one before it", who, i + 1);
    }
  }
  return ok();
}

/// The unit of a change: a change of a percentage score is in points (percentage points), as the notes
/// write it ("ODI 62 %, 6 points better").
std::string change_unit(const std::string& unit) {
  return unit == "%" ? "points" : unit;
}

std::string change_words(double improvement, const std::string& unit) {
  if (improvement == 0) return "unchanged from";
  return fmt::format("{} {} {} than", num(std::fabs(improvement)), change_unit(unit),
                     improvement > 0 ? "better" : "worse");
}

std::string measure_words(const TrackMeasure& m, double baseline, const TrackOptions& o) {
  std::string s = fmt::format("week {}: {} {}, {} the baseline of {}", m.week, num(m.score), o.unit,
                              change_words(m.improvement, o.unit), num(baseline));
  if (m.status == "below_expected") {
    s += fmt::format(
        ", under the clinic's expected band of {} to {} {} better (25th-75th percentile of {} "
        "episodes at week {})",
        num(*m.band_low), num(*m.band_high), change_unit(o.unit), m.band_episodes, m.week);
  } else if (m.status == "not_yet_improved") {
    s += fmt::format(", less than the minimal important change of {} {}", num(o.mic), change_unit(o.unit));
  } else if (m.status == "worsened") {
    s += fmt::format(", at least the minimal important change of {} {}", num(o.mic), change_unit(o.unit));
  }
  return s;
}

std::string off_track_reason(const RecoveryTrack& r, double baseline, const TrackOptions& o) {
  const auto& a = r.measures[r.measures.size() - 2];
  const auto& b = r.measures.back();
  std::string s =
      r.kind == "worsening"
          ? fmt::format(
                "{} worse than the baseline by at least the minimal important change on two "
                "consecutive measures: ",
                o.instrument)
          : fmt::format("{} below the expected course on two consecutive measures: ", o.instrument);
  s += measure_words(a, baseline, o) + "; " + measure_words(b, baseline, o) + ". ";
  s += fmt::format("Minimal important change: {} {} ({}).", num(o.mic), change_unit(o.unit), o.mic_source);
  const std::string condition = o.condition.empty() ? std::string("this condition") : o.condition;
  const auto used = [&](const char* status) { return a.status == status || b.status == status; };
  if (used("below_expected")) {
    s += fmt::format(" Band: the clinic's own episodes of {} with {} ({} with a baseline and a later score).",
                     condition, o.instrument, r.clinic_episodes);
  }
  if (used("not_yet_improved")) {
    s += fmt::format(
        " Band: the published MIC rule, from week {} an improvement smaller than the MIC (a "
        "configurable review point, not an evidence-derived expectation); ",
        o.rule_from_week);
    s += r.clinic_band ? fmt::format("the clinic's own band needs {} episodes measured in the week",
                                     kMinBandEpisodesPerWeek)
                       : fmt::format("the clinic's own band needs {} episodes of {} with {}, it has {}",
                                     o.min_episodes, condition, o.instrument, r.clinic_episodes);
    s += ".";
  }
  if (r.kind == "worsening") {
    s += " Rule: a worsening of at least the MIC on two consecutive measures is flagged at any week.";
  }
  return s;
}

std::string track_summary(const RecoveryTrack& r, const TrackOptions& o) {
  const auto& last = r.measures.back();
  if (r.measures.size() == 1) {
    return fmt::format("Baseline only: {} {} {}; the course is judged from the next measure", o.instrument,
                       num(last.score), o.unit);
  }
  const std::string change = fmt::format("{} the baseline", change_words(last.improvement, o.unit));
  if (r.off_track) {
    return fmt::format("Off track: {} {} at weeks {} and {} (latest {})", o.instrument,
                       r.kind == "worsening" ? "worse by at least the minimal important change"
                                             : "below the expected course",
                       r.measures[r.measures.size() - 2].week, last.week, change);
  }
  if (last.low) {
    return fmt::format(
        "One {} measure below the expected course at week {} ({}); a second in a row would "
        "flag it",
        o.instrument, last.week, change);
  }
  if (last.status == "too_early") {
    return fmt::format(
        "Too early to judge: {} at week {} is {}; the minimal important change rule judges from "
        "week {}",
        o.instrument, last.week, change, o.rule_from_week);
  }
  return fmt::format("On track: {} at week {} is {}{}", o.instrument, last.week, change,
                     last.status == "in_band" ? ", within or above the clinic's expected band"
                                              : ", by at least the minimal important change");
}

}  // namespace recovery_impl
}  // namespace

Result<RecoveryTrack> recovery_track(std::span<const ScorePoint> patient,
                                     std::span<const ClinicEpisodeScores> clinic, const TrackOptions& o) {
  using recovery_impl::check_series;
  using recovery_impl::improvement_of;
  using recovery_impl::off_track_reason;
  using recovery_impl::percentile;
  using recovery_impl::track_summary;
  using recovery_impl::week_of;
  if (!std::isfinite(o.mic) || o.mic <= 0) {
    return fail(ErrorCode::kInvalidArgument, "{}: the minimal important change {} is not a positive number",
                o.instrument, o.mic);
  }
  if (patient.empty()) return fail(ErrorCode::kMissingData, "{}: no scores in the episode", o.instrument);
  PHYSIO_CHECK(check_series(patient, "the patient's " + o.instrument));

  // week -> each clinic episode's improvement at that week (its last score in the week).
  std::map<int, std::vector<double>> by_week;
  RecoveryTrack r;
  for (const auto& e : clinic) {
    PHYSIO_CHECK(check_series(e.scores, "clinic episode " + e.episode_id));
    if (e.scores.size() < 2) continue;
    ++r.clinic_episodes;
    std::map<int, double> last;
    const ScorePoint& first = e.scores.front();
    for (std::size_t i = 1; i < e.scores.size(); ++i) {
      last[week_of(first.at_us, e.scores[i].at_us)] =
          improvement_of(first.score, e.scores[i].score, o.higher_is_better);
    }
    for (const auto& [w, v] : last) by_week[w].push_back(v);
  }
  r.clinic_band = r.clinic_episodes >= o.min_episodes;

  const ScorePoint& base = patient.front();
  r.measures.push_back({.at_us = base.at_us, .score = base.score, .status = "baseline"});
  for (std::size_t i = 1; i < patient.size(); ++i) {
    TrackMeasure m;
    m.at_us = patient[i].at_us;
    m.score = patient[i].score;
    m.week = week_of(base.at_us, m.at_us);
    m.improvement = improvement_of(base.score, m.score, o.higher_is_better);
    const auto week = by_week.find(m.week);
    const bool band = r.clinic_band && m.week >= 1 && week != by_week.end() &&
                      static_cast<int>(week->second.size()) >= kMinBandEpisodesPerWeek;
    if (band) {
      m.band_low = percentile(week->second, 0.25);
      m.band_high = percentile(week->second, 0.75);
      m.band_episodes = static_cast<int>(week->second.size());
    }
    if (m.improvement <= -o.mic) {
      m.status = "worsened";
      m.source = "mic_rule";
    } else if (band) {
      m.status = m.improvement < *m.band_low ? "below_expected" : "in_band";
      m.source = "clinic_band";
    } else if (m.week >= o.rule_from_week) {
      m.status = m.improvement < o.mic ? "not_yet_improved" : "improved";
      m.source = "mic_rule";
    } else {
      m.status = "too_early";
      m.source = "mic_rule";
    }
    m.low = m.status == "worsened" || m.status == "below_expected" || m.status == "not_yet_improved";
    r.measures.push_back(m);
  }
  if (r.clinic_band) {
    const int last_week = std::min(52, r.measures.back().week + 4);
    for (const auto& [w, values] : by_week) {
      if (w < 1 || w > last_week || static_cast<int>(values.size()) < kMinBandEpisodesPerWeek) continue;
      r.expected.push_back({w, percentile(values, 0.25), percentile(values, 0.5), percentile(values, 0.75),
                            static_cast<int>(values.size())});
    }
  }
  const std::size_t n = r.measures.size();
  if (n >= 3 && r.measures[n - 1].low && r.measures[n - 2].low) {
    r.off_track = true;
    r.kind = r.measures[n - 1].status == "worsened" && r.measures[n - 2].status == "worsened" ? "worsening"
                                                                                              : "below";
    r.reason = off_track_reason(r, base.score, o);
  }
  r.summary = track_summary(r, o);
  return r;
}

}  // namespace physio::risk
