// S: who and what for, goals, the patient's pain ratings, home-program adherence and their own comments.

#include <algorithm>

#include <fmt/format.h>

#include "notes/draft_parts.hpp"
#include "notes/wording.hpp"

namespace physio::notes::detail {
namespace {

bool mentions(const std::string& text, const std::string& word) {
  auto lower = [](std::string s) {
    for (char& c : s)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
  };
  return lower(text).find(lower(word)) != std::string::npos;
}

Sentence introduction(const Prepared& p) {
  const PatientInfo& pt = p.in->patient;
  const EpisodeInfo& ep = p.in->episode;
  std::string text = pt.name.empty() ? "The patient" : pt.name;
  if (const auto birth = parse_iso_date(pt.birth_date))
    if (const auto age = age_years(*birth, p.today)) text += fmt::format(", {} years old", *age);
  text += ": ";
  if (ep.id.empty()) {
    // Outside any episode there is no condition, start or visit number of one to give.
    return Sentence{text + "no episode of care is open.", {source("patient", pt.id)}, false};
  }
  text += ep.condition_text.empty() ? "no condition recorded" : one_line(ep.condition_text);
  std::vector<std::string> coded;
  if (!ep.icd10_code.empty()) coded.push_back(ep.icd10_code);
  if ((ep.side == "left" || ep.side == "right") && !mentions(ep.condition_text, ep.side))
    coded.push_back(ep.side + " side");
  if (ep.side == "both" && !mentions(ep.condition_text, "both") && !mentions(ep.condition_text, "bilateral"))
    coded.push_back("both sides");
  if (!coded.empty()) text += " (" + fmt::format("{}", fmt::join(coded, ", ")) + ")";
  if (const auto start = parse_iso_date(ep.start_date)) text += ", in care since " + note_date(*start);
  if (p.in->visit_in_episode > 0) text += fmt::format("; visit {} of this episode", p.in->visit_in_episode);
  text += ".";
  // A visit outside any episode has no episode row to cite.
  std::vector<SourceRef> src{source("patient", pt.id)};
  if (!ep.id.empty()) src.push_back(source("episode", ep.id));
  return Sentence{text, std::move(src), false};
}

Sentence goals(const Prepared& p) {
  const EpisodeInfo& ep = p.in->episode;
  if (ep.id.empty())
    return no_data(
        "No episode of care is open: no condition, goals or plan of care are recorded for this visit.");
  std::string g = one_line(ep.goals);
  if (g.empty()) return no_data("No goals are recorded for this episode.");
  if (g.back() != '.') g += ".";
  return Sentence{"Goals for this episode: " + g, {source("episode", ep.id)}, false};
}

Sentence morning_pain(const Prepared& p) {
  if (p.pain.empty()) return no_data("No morning pain ratings since " + p.since + ".");
  std::vector<SourceRef> src;
  double sum = 0, lo = p.pain.front()->nprs, hi = lo;
  for (const auto* r : p.pain) {
    src.push_back(source("morning_pain", r->id));
    sum += r->nprs;
    lo = std::min(lo, r->nprs);
    hi = std::max(hi, r->nprs);
  }
  if (p.pain.size() == 1)
    return Sentence{fmt::format("Morning pain (NPRS) {} on {}, the only rating since {}.",
                                nprs(p.pain[0]->nprs), note_date_of(p.pain[0]->at_us), p.since),
                    src, false};
  const double mean = sum / static_cast<double>(p.pain.size());
  return Sentence{
      fmt::format("Morning pain (NPRS), {} ratings from {} to {}: first {}, latest {}, mean {} "
                  "(lowest {}, highest {}).",
                  p.pain.size(), note_date_of(p.pain.front()->at_us), note_date_of(p.pain.back()->at_us),
                  nprs(p.pain.front()->nprs), nprs(p.pain.back()->nprs), nprs(mean), nprs(lo), nprs(hi)),
      src, false};
}

Sentence exercise_pain(const Prepared& p) {
  const auto rated = rated_logs(p);
  if (rated.empty()) return no_data("No pain ratings during exercise since " + p.since + ".");
  std::vector<SourceRef> src;
  double sum = 0;
  const ExerciseLogEntry* worst = rated.front();
  for (const auto* l : rated) {
    src.push_back(source("exercise_log", l->id));
    sum += *l->pain_during_nprs;
    if (*l->pain_during_nprs > *worst->pain_during_nprs) worst = l;
  }
  const double mean = sum / static_cast<double>(rated.size());
  return Sentence{
      fmt::format("Pain during exercise (NPRS), rated in {} of {} logged: mean {}, highest {} ({} on {}).",
                  rated.size(), count_of(p.logs.size(), "session", "sessions"), nprs(mean),
                  nprs(*worst->pain_during_nprs), exercise_name(*worst), note_date_of(worst->done_us)),
      src, false};
}

Sentence adherence(const Prepared& p) {
  const AdherenceInfo& a = p.in->adherence;
  if (a.program_id.empty() && !a.ended_program_id.empty()) {
    // Its sessions may still be in the window: say why none is judged.
    std::string text = "No home exercise program is active: the program";
    if (const auto start = parse_iso_date(a.ended_program_start))
      text += " prescribed on " + note_date(*start);
    if (const auto end = parse_iso_date(a.ended_on)) text += " ended on " + note_date(*end);
    return Sentence{text + ".", {source("program", a.ended_program_id)}, false};
  }
  if (a.program_id.empty()) return no_data("No home exercise program is prescribed.");
  if (a.weeks.empty() && !a.from_day.empty()) {
    // No whole day of the program yet (it was prescribed today or yesterday): nothing to judge.
    const auto start = parse_iso_date(a.program_start);
    const auto first = parse_iso_date(a.from_day);
    std::string text = "Home exercise program";
    if (start) text += " prescribed on " + note_date(*start);
    if (start && first && *first > *start + 1) {
      // Prescribed before this note's period (an earlier episode or a note signed since): the period's
      // start is what holds the count back, not the program's age.
      text += ": adherence since " + note_date(*first) +
              ", the start of this note's period, not yet measurable (it is counted over whole days)";
    } else {
      text += ": adherence not yet measurable";
      if (first) text += " (it is counted over whole days from " + note_date(*first) + ")";
    }
    return Sentence{text + ".", {source("program", a.program_id)}, false};
  }
  const AdherenceTotals t = adherence_totals(a);
  if (t.prescribed <= 0) return no_data("No home exercise sessions were prescribed since " + p.since + ".");
  std::vector<std::string> weeks;
  for (const auto& w : a.weeks) {
    const auto monday = parse_iso_date(w.first_day);
    weeks.push_back(fmt::format("week of {}: {} of {}", monday ? note_date(*monday) : w.first_day,
                                w.sessions_done, w.sessions_prescribed));
  }
  const auto made = parse_iso_date(a.program_start);
  return Sentence{
      fmt::format("Home exercise program{}{}: {} of {} prescribed sessions done ({}) over {} ({}).",
                  made ? " prescribed on " + note_date(*made) : "", adherence_window(a), t.done, t.prescribed,
                  percent_of(t.done, t.prescribed), count_of(a.weeks.size(), "week", "weeks"),
                  fmt::join(weeks, "; ")),
      adherence_sources(p), false};
}

}  // namespace

Section subjective(const Prepared& p) {
  Section s{"S", "Subjective", {}};
  s.sentences.push_back(introduction(p));
  s.sentences.push_back(goals(p));
  s.sentences.push_back(morning_pain(p));
  s.sentences.push_back(exercise_pain(p));
  s.sentences.push_back(adherence(p));
  bool any_comment = false;
  for (const auto* l : p.logs) {
    const std::string c = one_line(l->comment);
    if (c.empty()) continue;
    any_comment = true;
    s.sentences.push_back(Sentence{fmt::format("Patient's comment after {} on {}: \"{}\"", exercise_name(*l),
                                               note_date_of(l->done_us), c),
                                   {source("exercise_log", l->id)},
                                   false});
  }
  if (!any_comment) s.sentences.push_back(no_data("No comments from the patient since " + p.since + "."));
  return s;
}

}  // namespace physio::notes::detail
