// A: outcome changes against the episode's baseline (MCID/MDC), pain trends and flags, low adherence.

#include <cmath>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "notes/draft_parts.hpp"
#include "notes/wording.hpp"

namespace physio::notes::detail {
namespace {

constexpr double kPainLimitNprs = 5.0;  // pain-monitoring model: up to 5/10 is acceptable (Silbernagel 2007)
constexpr double kNprsMcid = 2.0;       // NPRS MCID (Childs 2005; Farrar 2001)
constexpr double kTol = 1e-9;           // a change equal to the MCID reaches it
constexpr double kLowAdherencePct = 50.0;

std::string from_to(double baseline, double current, const std::string& unit) {
  if (unit == "points" || unit.empty())
    return fmt::format("from {} to {} points", number(baseline, 1), number(current, 1));
  return fmt::format("from {} to {}", score_value(baseline, unit), score_value(current, unit));
}

Sentence score_change(const QuestionnaireEntry& q, const measures::BaselineComparison& cmp,
                      const measures::BaselineScoreChange& s) {
  const measures::ScoreChange& c = s.change;
  std::string name = instrument_label(q);
  if (q.scores.size() > 1 || c.score != "total") name += " " + c.name;
  const std::string span = from_to(c.baseline, c.current, c.unit);
  const std::string base =
      "baseline " + note_date_of(cmp.baseline_us) + " to " + note_date_of(q.completed_us);
  const std::string amount = score_difference(std::abs(c.improvement), c.unit);
  std::string mdc;
  if (c.mdc)
    mdc = fmt::format(", {} the MDC of {}", c.beyond_mdc ? "at or beyond" : "within",
                      score_difference(*c.mdc, c.unit));
  std::string text;
  if (s.flag == "improved" && c.mcid) {
    text = fmt::format("{} improved {} ({}; change {}, MCID {}{}): a clinically important improvement.", name,
                       span, base, amount, score_difference(*c.mcid, c.unit), mdc);
  } else if (s.flag == "worsened" && c.mcid) {
    text = fmt::format("{} worsened {} ({}; change {}, MCID {}{}): a clinically important deterioration.",
                       name, span, base, amount, score_difference(*c.mcid, c.unit), mdc);
  } else if (c.mcid) {
    const std::string way = c.improvement > kTol ? "better" : c.improvement < -kTol ? "worse" : "no change";
    text = fmt::format("{} changed {} ({}; {}{}, below the MCID of {}{}): not a clinically important change.",
                       name, span, base, way == "no change" ? "" : amount + " ", way,
                       score_difference(*c.mcid, c.unit), mdc);
  } else {
    const std::string way = c.improvement > kTol ? "better" : c.improvement < -kTol ? "worse" : "no change";
    text = fmt::format("{} changed {} ({}; {}{}{}); the instrument gives no MCID for this score.", name, span,
                       base, way == "no change" ? "" : amount + " ", way, mdc);
  }
  return Sentence{text,
                  {source("questionnaire_response", cmp.baseline_id), source("questionnaire_response", q.id)},
                  false};
}

std::vector<Sentence> outcome_changes(const Prepared& p) {
  // The latest valid response of each instrument, in the order those responses were completed.
  std::map<std::string, const QuestionnaireEntry*> latest;
  for (const auto* q : p.questionnaires)
    if (q->valid) latest[q->instrument_id] = q;
  std::vector<const QuestionnaireEntry*> chosen;
  for (const auto* q : p.questionnaires)
    if (q->valid && latest[q->instrument_id] == q) chosen.push_back(q);
  std::vector<Sentence> out;
  for (const auto* q : chosen) {
    const std::vector<SourceRef> own{source("questionnaire_response", q->id)};
    if (q->other_episode) {
      out.push_back(Sentence{
          fmt::format("{} on {} was completed in {}: its change against that episode's baseline is not "
                      "judged in this note.",
                      instrument_label(*q), note_date_of(q->completed_us),
                      p.in->episode.id.empty() ? "an episode of care that is no longer open"
                                               : "an episode of care other than this note's"),
          own, false});
      continue;
    }
    if (!q->vs_baseline) {
      out.push_back(
          Sentence{fmt::format("{} on {} is the first response of this episode: it is the baseline later "
                               "responses are compared with.",
                               instrument_label(*q), note_date_of(q->completed_us)),
                   own, false});
      continue;
    }
    // A change against the baseline is a change over time: a response on its baseline's day shows none.
    if (utc_day(q->vs_baseline->baseline_us) == utc_day(q->completed_us)) {
      out.push_back(Sentence{
          fmt::format("{} on {} was completed on the day of its baseline: no change over time can be judged.",
                      instrument_label(*q), note_date_of(q->completed_us)),
          {source("questionnaire_response", q->vs_baseline->baseline_id),
           source("questionnaire_response", q->id)},
          false});
      continue;
    }
    for (const auto& s : q->vs_baseline->scores) out.push_back(score_change(*q, *q->vs_baseline, s));
    for (const auto& n : q->vs_baseline->notes)
      out.push_back(Sentence{fmt::format("{} {}.", instrument_label(*q), n), own, false});
  }
  return out;
}

/// One pain series: the same question (morning pain) or the same exercise, rating by rating.
struct Series {
  std::string name;  ///< "morning pain", "pain during mini squat"
  std::vector<std::pair<TimeUs, double>> ratings;
  std::vector<SourceRef> sources;
};

std::optional<Sentence> trend(const Series& s) {
  // A trend is over days: each day's ratings are averaged, and there must be at least 2 days (two
  // ratings minutes apart are not a change over time). The later half of the days' means against the
  // earlier half's (the middle day of an odd count is in neither).
  std::map<Day, std::pair<double, int>> by_day;
  for (const auto& [at, v] : s.ratings) {
    auto& d = by_day[utc_day(at)];
    d.first += v;
    ++d.second;
  }
  const std::size_t n = by_day.size();
  if (n < 2) return std::nullopt;
  std::vector<double> days;
  for (const auto& [day, sum_count] : by_day) days.push_back(sum_count.first / sum_count.second);
  const std::size_t k = n / 2;
  double first = 0, last = 0;
  for (std::size_t i = 0; i < k; ++i) {
    first += days[i];
    last += days[n - k + i];
  }
  // The means as written (one decimal), and the change between them as written: the numbers of one
  // sentence add up (a later mean of 4.25 written 4.2 after 3.5 is "up 0.7", not "up 0.8").
  first = rounded(first / static_cast<double>(k), 1);
  last = rounded(last / static_cast<double>(k), 1);
  const double diff = last - first;
  const std::string from = note_date(by_day.begin()->first), to = note_date(by_day.rbegin()->first);
  const std::string over = fmt::format("over {} days from {} to {}", n, from, to);
  const std::string means = k == 1 ? fmt::format("{} on {} and {} on {}", nprs(first), from, nprs(last), to)
                                   : fmt::format("mean {} over the first {} days and {} over the last {}",
                                                 nprs(first), k, nprs(last), k);
  const std::string size = number(std::abs(diff), 1);
  const std::string points = size == "1" ? "point" : "points";
  std::string text;
  if (diff >= kNprsMcid - kTol)
    text = fmt::format("Rising {} {}: {}, up {} {} (at least the NPRS MCID of 2 points).", s.name, over,
                       means, size, points);
  else if (-diff >= kNprsMcid - kTol)
    text = fmt::format("{} fell {}: {}, down {} {} (at least the NPRS MCID of 2 points).",
                       capitalised(s.name), over, means, size, points);
  else
    text = fmt::format(
        "{} stable {}: {}, {} (less than the NPRS MCID of 2 points).", capitalised(s.name), over, means,
        size == "0" ? "no change" : fmt::format("{} {} {}", diff > 0 ? "up" : "down", size, points));
  return Sentence{text, s.sources, false};
}

std::vector<Sentence> pain(const Prepared& p) {
  std::vector<Sentence> out;
  Series morning{"morning pain", {}, {}};
  std::vector<std::string> high_mornings;
  std::vector<SourceRef> high_morning_src;
  for (const auto* r : p.pain) {
    morning.ratings.emplace_back(r->at_us, r->nprs);
    morning.sources.push_back(source("morning_pain", r->id));
    if (r->nprs > kPainLimitNprs + kTol) {
      high_mornings.push_back(fmt::format("{} on {}", nprs(r->nprs), note_date_of(r->at_us)));
      high_morning_src.push_back(source("morning_pain", r->id));
    }
  }
  // Pain during exercise is a series per exercise: two exercises are two questions.
  std::map<std::string, std::size_t> series_of;
  std::vector<Series> during;
  std::size_t rated = 0;
  std::vector<std::string> high_sessions;
  std::vector<SourceRef> high_session_src;
  for (const auto* l : rated_logs(p)) {
    auto [it, fresh] = series_of.emplace(l->exercise_id, during.size());
    if (fresh) during.push_back(Series{"pain during " + exercise_name(*l), {}, {}});
    Series& one = during[it->second];
    ++rated;
    one.ratings.emplace_back(l->done_us, *l->pain_during_nprs);
    one.sources.push_back(source("exercise_log", l->id));
    if (*l->pain_during_nprs > kPainLimitNprs + kTol) {
      high_sessions.push_back(fmt::format("{} {} on {}", exercise_name(*l), nprs(*l->pain_during_nprs),
                                          note_date_of(l->done_us)));
      high_session_src.push_back(source("exercise_log", l->id));
    }
  }
  if (morning.ratings.empty() && rated == 0) {
    out.push_back(no_data("No pain ratings since " + p.since + ": the pain trend cannot be judged."));
    return out;
  }
  if (!high_mornings.empty())
    out.push_back(Sentence{
        fmt::format("Morning pain above 5/10 on {} of {}: {}.", high_mornings.size(),
                    count_of(morning.ratings.size(), "morning", "mornings"), join_words(high_mornings)),
        high_morning_src, false});
  if (!high_sessions.empty())
    out.push_back(
        Sentence{fmt::format("Pain during exercise above 5/10, more than the pain-monitoring model "
                             "accepts, in {} of {}: {}.",
                             high_sessions.size(), count_of(rated, "rated session", "rated sessions"),
                             join_words(high_sessions)),
                 high_session_src, false});
  if (auto t = trend(morning)) out.push_back(std::move(*t));
  for (const Series& one : during)
    if (auto t = trend(one)) out.push_back(std::move(*t));
  return out;
}

std::optional<Sentence> low_adherence(const Prepared& p) {
  const AdherenceInfo& a = p.in->adherence;
  const AdherenceTotals t = adherence_totals(a);
  // Judged only over whole days of the program (from its first full day): a program prescribed today has
  // no weeks, and nothing is judged.
  if (a.program_id.empty() || a.weeks.empty() || t.prescribed <= 0) return std::nullopt;
  const double pct = 100.0 * t.done / t.prescribed;
  if (pct >= kLowAdherencePct) return std::nullopt;
  return Sentence{fmt::format("Adherence below 50 %: {} of {} prescribed home exercise sessions done ({}){}.",
                              t.done, t.prescribed, percent_of(t.done, t.prescribed), adherence_window(a)),
                  adherence_sources(p), false};
}

}  // namespace

Section assessment(const Prepared& p) {
  Section s{"A", "Assessment", {}};
  auto changes = outcome_changes(p);
  if (p.questionnaires.empty() && p.in->note_type == "initial_evaluation")
    s.sentences.push_back(
        no_data(p.in->episode.id.empty()
                    ? "No outcome measure is recorded at this evaluation, and no episode of care is open: "
                      "later responses have no baseline to be compared with."
                    : "No outcome measure is recorded at this evaluation: the episode has no baseline to "
                      "compare later responses with."));
  else if (p.questionnaires.empty())
    s.sentences.push_back(
        no_data("No outcome measure completed since " + p.since + ": no change against baseline to report."));
  else if (changes.empty())
    s.sentences.push_back(no_data("No outcome measure since " + p.since +
                                  " could be scored: no change against baseline to report."));
  for (auto& c : changes) s.sentences.push_back(std::move(c));
  for (auto& x : pain(p)) s.sentences.push_back(std::move(x));
  if (auto a = low_adherence(p)) s.sentences.push_back(std::move(*a));
  return s;
}

}  // namespace physio::notes::detail
