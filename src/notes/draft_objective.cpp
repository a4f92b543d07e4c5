// O: outcome-measure scores, measurements grouped by what was measured, exercise sessions per exercise.

#include <cmath>
#include <map>
#include <optional>
#include <tuple>

#include <fmt/format.h>

#include "notes/draft_parts.hpp"
#include "notes/wording.hpp"

namespace physio::notes::detail {
namespace {

Sentence outcome_scores(const QuestionnaireEntry& q) {
  const std::string label = instrument_label(q);
  const std::string when = note_date_of(q.completed_us);
  std::vector<SourceRef> src{source("questionnaire_response", q.id)};
  if (!q.valid) {
    const std::string why = one_line(q.reason);
    return Sentence{
        fmt::format("{} on {}: could not be scored{}.", label, when, why.empty() ? "" : " (" + why + ")"),
        src, false};
  }
  std::vector<std::string> parts;
  for (const auto& s : q.scores) {
    const std::string value = s.value ? score_value(*s.value, s.unit) : "not scored";
    parts.push_back(q.scores.size() == 1 ? value : s.name + " " + value);
  }
  std::string text = fmt::format("{} on {}: {}", label, when, fmt::join(parts, ", "));
  if (const std::string why = one_line(q.reason); !why.empty()) text += " (" + why + ")";
  return Sentence{text + ".", src, false};
}

std::string measure_name(const ObservationEntry& o) {
  std::string name = capitalised(o.display.empty() ? o.code : o.display);
  // "both" alone names no side; a name that already says "left and right" needs none.
  if (o.side == "both") {
    if (name.find("left and right") == std::string::npos) name += ", both sides";
  } else if (!o.side.empty()) {
    name += ", " + o.side;
  }
  if (!o.method.empty()) name += " (" + o.method + ")";
  return name;
}

std::vector<Sentence> measurements(const Prepared& p) {
  // One sentence per measure (code, side, method), in the order each was first measured.
  std::map<std::tuple<std::string, std::string, std::string>, std::size_t> group_of;
  std::vector<std::vector<const ObservationEntry*>> groups;
  for (const auto* o : p.observations) {
    const auto key = std::make_tuple(o->code, o->side, o->method);
    auto [it, fresh] = group_of.emplace(key, groups.size());
    if (fresh) groups.emplace_back();
    groups[it->second].push_back(o);
  }
  std::vector<Sentence> out;
  for (const auto& g : groups) {
    std::vector<std::string> values;
    std::vector<SourceRef> src;
    for (const auto* o : g) {
      values.push_back(fmt::format("{} on {}", measured(o->value, o->unit, o->code), note_date_of(o->at_us)));
      src.push_back(source("observation", o->id));
    }
    std::string text = measure_name(*g.front()) + ": " + join_words(values);
    // A change is a trend: it needs the measure on different days.
    if (g.size() > 1 && utc_day(g.front()->at_us) != utc_day(g.back()->at_us)) {
      // The change between the values as written, so the sentence's numbers add up.
      const double change =
          as_measured(g.back()->value, g.front()->unit) - as_measured(g.front()->value, g.front()->unit);
      const std::string amount = measured(change, g.front()->unit, g.front()->code);
      const bool zero = amount == measured(0.0, g.front()->unit, g.front()->code);
      text += fmt::format(" (change from first to latest {}{})", change > 0 && !zero ? "+" : "", amount);
    }
    out.push_back(Sentence{text + ".", src, false});
  }
  return out;
}

/// One set's figures, each once: the stored (whole-set) analysis' when the set has one, else those shown
/// live or logged by hand. The analysis' observations join the sentence's sources.
struct SetFigures {
  long reps = 0;
  std::optional<double> quality{};
  std::optional<double> rom_deg{};
};

SetFigures figures_of(const Prepared& p, const ExerciseLogEntry& l, std::vector<SourceRef>& src) {
  SetFigures f{l.reps_done, l.mean_quality, l.rom_deg};
  const auto it = p.set_analysis.find(l.id);
  if (it == p.set_analysis.end()) return f;
  f.quality.reset();  // an analysis that found no repetition scores none: the live figures do not stand in
  f.rom_deg.reset();
  for (const auto* o : it->second) {
    src.push_back(source("observation", o->id));
    if (o->code == "exercise-repetitions") f.reps = std::lround(o->value);
    if (o->code == "exercise-quality-score") f.quality = o->value;
    if (o->code == "exercise-rom-mean") f.rom_deg = o->value;
  }
  return f;
}

std::vector<Sentence> sessions(const Prepared& p) {
  std::map<std::string, std::size_t> group_of;
  std::vector<std::vector<const ExerciseLogEntry*>> groups;
  for (const auto* l : p.logs) {
    auto [it, fresh] = group_of.emplace(l->exercise_id, groups.size());
    if (fresh) groups.emplace_back();
    groups[it->second].push_back(l);
  }
  std::vector<Sentence> out;
  for (const auto& g : groups) {
    std::size_t live = 0, scored = 0, with_rom = 0;
    long reps = 0, cues = 0;
    double quality = 0, rom = 0;
    std::vector<SourceRef> src;
    for (const auto* l : g) {
      src.push_back(source("exercise_log", l->id));
      if (l->source == "live") ++live;
      const SetFigures f = figures_of(p, *l, src);
      reps += f.reps;
      cues += l->severe_cues;
      if (f.quality && std::isfinite(*f.quality)) {
        ++scored;
        quality += *f.quality;
      }
      if (f.rom_deg && std::isfinite(*f.rom_deg)) {
        ++with_rom;
        rom += *f.rom_deg;
      }
    }
    std::string text =
        capitalised(exercise_name(*g.front())) + ": " + count_of(g.size(), "session", "sessions") + " logged";
    // One session is its own figures, not a mean over one.
    const bool one = g.size() == 1;
    if (live > 0)
      text +=
          live == g.size() ? std::string(one ? " (live)" : " (all live)") : fmt::format(" ({} live)", live);
    if (reps > 0) text += ", " + count_of(static_cast<std::size_t>(reps), "repetition", "repetitions");
    if (scored > 0)
      text += one ? fmt::format("; quality score {}/100", number(quality, 0))
                  : fmt::format("; mean quality score {}/100 over {}",
                                number(quality / static_cast<double>(scored), 0),
                                count_of(scored, "scored session", "scored sessions"));
    if (live > 0)
      text += cues == 0
                  ? "; no severe form cues"
                  : "; " + count_of(static_cast<std::size_t>(cues), "severe form cue", "severe form cues");
    if (with_rom > 0)
      text += fmt::format("; {} {}", one ? "range of motion" : "mean range of motion",
                          measured(rom / static_cast<double>(with_rom), "deg"));
    out.push_back(Sentence{text + ".", src, false});
  }
  return out;
}

}  // namespace

Section objective(const Prepared& p) {
  Section s{"O", "Objective", {}};
  if (p.questionnaires.empty())
    s.sentences.push_back(no_data("No outcome measures completed since " + p.since + "."));
  for (const auto* q : p.questionnaires) s.sentences.push_back(outcome_scores(*q));
  auto m = measurements(p);
  auto e = sessions(p);
  // The exercise sessions' own figures (a live set's range of motion) are given with the sessions: the
  // absence is of measurements besides them.
  if (m.empty())
    s.sentences.push_back(no_data(e.empty() ? "No measurements recorded since " + p.since + "."
                                            : "No measurements recorded since " + p.since +
                                                  " besides the exercise sessions' own figures."));
  for (auto& x : m) s.sentences.push_back(std::move(x));
  if (e.empty()) s.sentences.push_back(no_data("No exercise sessions logged since " + p.since + "."));
  for (auto& x : e) s.sentences.push_back(std::move(x));
  return s;
}

}  // namespace physio::notes::detail
