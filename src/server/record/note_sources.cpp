// A note's sources in words: one lookup per cited row (the exercise logs once per note), each checked to be
// the note's patient's before anything of it is shown.
#include "server/record/note_sources.hpp"

#include <limits>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "measures/library.hpp"
#include "notes/dates.hpp"
#include "notes/wording.hpp"
#include "scribe/transcript.hpp"
#include "server/http/http_util.hpp"
#include "server/record/visit_loader.hpp"
#include "store/transcripts.hpp"

namespace physio::server {
namespace {

using nlohmann::json;

const std::map<std::string, std::string>& status_words() {
  static const std::map<std::string, std::string> words = {{"booked", "booked"},
                                                           {"arrived", "arrived"},
                                                           {"fulfilled", "attended"},
                                                           {"cancelled", "cancelled"},
                                                           {"noshow", "not attended"}};
  return words;
}

std::string instrument_name(const std::string& id) {
  auto lib = measures::default_measure_library();
  if (!lib || *lib == nullptr) return notes::words_of_id(id);
  auto ins = (*lib)->find(id);
  return ins ? (*ins)->name : notes::words_of_id(id);
}

struct Detail {
  std::string label;
  TimeUs at_us = 0;
  json extra = json::object();
};

/// "m:ss" of a time in the recording.
std::string clock(double s) {
  const long total = std::lround(std::max(0.0, s));
  return fmt::format("{}:{:02}", total / 60, total % 60);
}

/// A transcript source: "<id>/<segment>/<begin>-<end>" (an accepted suggestion) or "<id>/<segment>" (a
/// dictated utterance), in words with the words said and the time span to play while the audio is kept.
std::optional<Detail> transcript_detail(store::Tx& tx, const std::string& clinic_id,
                                        const std::string& patient_id, const std::string& id) {
  const auto slash = id.find('/');
  if (slash == std::string::npos) return std::nullopt;
  auto row = store::get_transcript(tx, clinic_id, id.substr(0, slash));
  if (!row || row->patient_id != patient_id || row->body.empty()) return std::nullopt;
  auto t = scribe::parse_transcript_json(row->body, "transcript " + row->id);
  if (!t) return std::nullopt;
  const std::string rest = id.substr(slash + 1);
  const auto slash2 = rest.find('/');
  char* end = nullptr;
  const unsigned long seg = std::strtoul(rest.c_str(), &end, 10);
  if (seg >= t->segments.size()) return std::nullopt;
  const auto& segment = t->segments[seg];
  const std::string words = segment.text;  // the whole utterance: the words cited read in their context
  std::string said = words;
  if (slash2 != std::string::npos) {
    const std::string range = rest.substr(slash2 + 1);
    const auto dash = range.find('-');
    if (dash == std::string::npos) return std::nullopt;
    const unsigned long b = std::strtoul(range.c_str(), nullptr, 10);
    const unsigned long e = std::strtoul(range.c_str() + dash + 1, nullptr, 10);
    if (b >= e || e > segment.text.size()) return std::nullopt;
    said = segment.text.substr(b, e - b);
  }
  Detail d;
  const bool visit = row->kind == "visit";
  std::string label = visit ? "Visit recording" : "Dictation";
  if (segment.start_s && segment.end_s)
    label += fmt::format(" at {}-{}", clock(*segment.start_s), clock(*segment.end_s));
  label += fmt::format(": \"{}\"", words);
  d.label = std::move(label);
  d.at_us = row->created_us;
  d.extra["transcript_id"] = row->id;
  d.extra["said"] = said;
  d.extra["audio"] = !row->audio_path.empty();
  if (segment.start_s) d.extra["start_s"] = *segment.start_s;
  if (segment.end_s) d.extra["end_s"] = *segment.end_s;
  return d;
}

}  // namespace

Result<json> source_details(store::Tx& tx, const std::string& clinic_id, const std::string& patient_id,
                            const notes::Note& note) {
  std::optional<std::map<std::string, clinic::ExerciseLog>> logs;
  json out = json::object();
  for (const auto& section : note.sections)
    for (const auto& sentence : section.sentences)
      for (const auto& src : sentence.sources) {
        const std::string key = src.type + ":" + src.id;
        if (out.contains(key)) continue;
        std::optional<Detail> d;
        const std::string& t = src.type;
        if (t == "patient") {
          if (src.id == patient_id) d = Detail{"The patient's record", 0};
        } else if (t == "episode") {
          if (auto e = tx.get_episode(clinic_id, src.id); e && e->patient_id == patient_id) {
            std::string what = !e->condition_text.empty() ? e->condition_text : e->icd10_code;
            d = Detail{"Episode of care" + (what.empty() ? std::string() : ": " + notes::one_line(what)),
                       e->created_us};
          }
        } else if (t == "morning_pain") {
          if (auto m = tx.get_morning_pain(clinic_id, src.id); m && m->patient_id == patient_id)
            d = Detail{"Morning pain " + notes::nprs(m->nprs), m->at_us};
        } else if (t == "exercise_log") {
          if (!logs) {
            logs.emplace();
            for (auto& l : PHYSIO_TRY(tx.list_exercise_logs(
                     clinic_id, patient_id, {}, std::numeric_limits<TimeUs>::min(),
                     std::numeric_limits<TimeUs>::max(), store::Tx::Logs::kWithNotCounted)))
              logs->emplace(l.id, l);
          }
          if (auto it = logs->find(src.id); it != logs->end()) {
            const auto& l = it->second;
            std::string label = notes::capitalised(exercise_display_name(l.exercise_id));
            label += l.source == "live" ? ", live session" : ", logged";
            auto reps = json::parse(l.reps_per_set, nullptr, false);
            if (reps.is_array() && !reps.empty()) {
              std::vector<std::string> counts;
              for (const auto& r : reps) counts.push_back(r.is_number() ? r.dump() : "?");
              label += fmt::format(": {} {} of {} repetitions", reps.size(),
                                   reps.size() == 1 ? "set" : "sets", fmt::join(counts, ", "));
            }
            if (l.pain_during_nprs) label += "; pain during exercise " + notes::nprs(*l.pain_during_nprs);
            if (!l.not_counted_reason.empty()) label += " (not counted: " + l.not_counted_reason + ")";
            d = Detail{label, l.done_us};
          }
        } else if (t == "program") {
          if (auto p = tx.get_program(clinic_id, src.id); p && p->patient_id == patient_id)
            d = Detail{"Home program: " + p->title, p->created_us};
        } else if (t == "questionnaire_response") {
          if (auto q = tx.get_questionnaire_response(clinic_id, src.id); q && q->patient_id == patient_id)
            d = Detail{instrument_name(q->instrument_id) + (q->valid ? "" : " (could not be scored)"),
                       q->completed_us};
        } else if (t == "observation") {
          if (auto o = tx.get_observation(clinic_id, src.id); o && o->patient_id == patient_id) {
            std::string label =
                notes::capitalised(o->display.empty() ? notes::words_of_id(o->code) : o->display);
            if (!o->side.empty()) label += ", " + o->side;
            d = Detail{label + ": " + notes::measured(o->value, o->unit, o->code), o->effective_us};
          }
        } else if (t == "proposal") {
          if (auto p = tx.get_proposal(clinic_id, src.id); p && p->patient_id == patient_id)
            d = Detail{fmt::format("Progression proposal for {}: {}", exercise_display_name(p->exercise_id),
                                   p->direction),
                       p->created_us};
        } else if (t == "transcript" || t == "dictation") {
          d = transcript_detail(tx, clinic_id, patient_id, src.id);
        } else if (t == "appointment") {
          if (auto a = tx.get_appointment(clinic_id, src.id); a && a->patient_id == patient_id) {
            auto w = status_words().find(a->status);
            d = Detail{"Appointment, " + (w == status_words().end() ? a->status : w->second), a->start_us};
          }
        }
        if (d) {
          json j{
              {"type", t}, {"label", d->label}, {"at", d->at_us ? json(iso_time(d->at_us)) : json(nullptr)}};
          for (auto it = d->extra.begin(); it != d->extra.end(); ++it) j[it.key()] = it.value();
          out[key] = std::move(j);
        } else {
          out[key] = json{{"type", t}, {"label", "No longer in the record"}, {"at", nullptr}};
        }
      }
  return out;
}

}  // namespace physio::server
