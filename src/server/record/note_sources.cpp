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
#include "server/http/http_util.hpp"
#include "server/record/visit_loader.hpp"

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
};

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
        } else if (t == "appointment") {
          if (auto a = tx.get_appointment(clinic_id, src.id); a && a->patient_id == patient_id) {
            auto w = status_words().find(a->status);
            d = Detail{"Appointment, " + (w == status_words().end() ? a->status : w->second), a->start_us};
          }
        }
        out[key] = d ? json{{"type", t},
                            {"label", d->label},
                            {"at", d->at_us ? json(iso_time(d->at_us)) : json(nullptr)}}
                     : json{{"type", t}, {"label", "No longer in the record"}, {"at", nullptr}};
      }
  return out;
}

}  // namespace physio::server
