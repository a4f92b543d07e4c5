// Synthetic courses for the demo clinic: answers drawn around a severity that falls at the patient's own
// rate, scored by the measures engine as a real response would be.
#include "cli/demo_recovery.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

#include "measures/change.hpp"
#include "measures/library.hpp"
#include "measures/score.hpp"

namespace physio::cli {
namespace {

constexpr TimeUs kDayUs = 24 * 3600 * kUsPerSecond;

/// Answers of `ins` for a severity in [0, 1] (1: worst), with item-level noise.
std::vector<std::optional<double>> answers_for(const measures::Instrument& ins, double severity,
                                               std::mt19937& rng, bool higher_better) {
  std::normal_distribution<double> noise(0.0, 0.6);
  std::vector<std::optional<double>> out;
  for (const auto& item : ins.items) {
    const double lo = item.min_value(), hi = item.max_value();
    const double level = higher_better ? hi - severity * (hi - lo) : lo + severity * (hi - lo);
    out.push_back(std::clamp(std::round(level + noise(rng)), lo, hi));
  }
  return out;
}

Result<clinic::QuestionnaireResponse> response(const measures::Instrument& ins, const clinic::Episode& e,
                                               const std::vector<std::optional<double>>& answers, TimeUs at,
                                               const std::string& by) {
  const auto sc = PHYSIO_TRY(measures::score(ins, answers));
  clinic::QuestionnaireResponse r;
  r.clinic_id = e.clinic_id;
  r.patient_id = e.patient_id;
  r.episode_id = e.id;
  r.instrument_id = ins.id;
  r.instrument_version = ins.version;
  r.answers_json = measures::answers_to_json(answers);
  r.scores_json = measures::score_to_json(sc);
  r.valid = sc.valid;
  r.source = "staff";
  r.entered_by = by;
  r.completed_us = at;
  return r;
}

/// Stores an episode with its start and last change as given (the store stamps them with the clock).
Result<clinic::Episode> backdated_episode(store::Tx& tx, clinic::Episode e, TimeUs start, TimeUs changed) {
  auto made = PHYSIO_TRY(tx.create_episode(e));
  PHYSIO_TRY(tx.connection().query("UPDATE episodes SET created_us = ?, updated_us = ? WHERE id = ?",
                                   {start, changed, made.id}));
  made.created_us = start;
  made.updated_us = changed;
  return made;
}

}  // namespace

Status seed_recovery_history(store::Store& store, const std::string& clinic_id, const std::string& physio_id,
                             const std::vector<clinic::Appointment>& appointments, TimeUs now,
                             unsigned seed) {
  const auto* lib = PHYSIO_TRY(measures::default_measure_library());
  const auto* lefs = PHYSIO_TRY(lib->find("lefs"));
  const auto* odi = PHYSIO_TRY(lib->find("odi"));
  std::map<std::string, std::vector<const clinic::Appointment*>> by_patient;
  for (const auto& a : appointments) by_patient[a.patient_id].push_back(&a);
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> start_severity(0.45, 0.75);
  // Weekly fall of the severity: most patients improve, a fifth barely.
  std::uniform_real_distribution<double> rate(0.0, 0.06);
  int i = 0;
  return store.write([&](store::Tx& tx) -> Status {
    for (auto& [pid, list] : by_patient) {
      std::sort(list.begin(), list.end(), [](auto* a, auto* b) { return a->start_us < b->start_us; });
      std::vector<TimeUs> attended;
      for (auto* a : list)
        if (a->status == "fulfilled" && a->start_us <= now) attended.push_back(a->start_us);
      const bool knee = i++ % 2 == 0;
      const double s0 = start_severity(rng);
      const double r = rate(rng) < 0.012 ? 0.002 : rate(rng);
      if (attended.size() < 3) continue;
      const TimeUs start = list.front()->start_us - kDayUs;
      const bool finished = list.back()->start_us < now - 21 * kDayUs;
      clinic::Episode e;
      e.clinic_id = clinic_id;
      e.patient_id = pid;
      e.status = finished ? "finished" : "active";
      e.icd10_code = knee ? "M17.11" : "M54.50";
      e.condition_text =
          knee ? "Unilateral primary osteoarthritis, right knee" : "Low back pain, unspecified";
      e.side = knee ? "right" : "";
      e = PHYSIO_TRY(backdated_episode(tx, e, start, finished ? attended.back() : start));
      const auto& ins = knee ? *lefs : *odi;
      for (std::size_t k = 0; k < attended.size(); k += 3) {
        const double weeks =
            static_cast<double>(attended[k] - attended.front()) / static_cast<double>(7 * kDayUs);
        const double severity = std::clamp(s0 - r * weeks, 0.02, 1.0);
        PHYSIO_TRY(tx.insert_questionnaire_response(
            PHYSIO_TRY(response(ins, e, answers_for(ins, severity, rng, knee), attended[k], physio_id))));
      }
    }
    return ok();
  });
}

Status seed_slow_recovery(store::Store& store, const clinic::Patient& patient, const std::string& physio_id,
                          TimeUs now, int weeks) {
  const auto* lib = PHYSIO_TRY(measures::default_measure_library());
  const auto* lefs = PHYSIO_TRY(lib->find("lefs"));
  std::mt19937 rng(7);
  return store.write([&](store::Tx& tx) -> Status {
    auto episodes = PHYSIO_TRY(tx.list_episodes(patient.clinic_id, patient.id));
    auto open =
        std::find_if(episodes.begin(), episodes.end(), [](const auto& e) { return e.status == "active"; });
    if (open == episodes.end()) return ok();
    const TimeUs start = now - weeks * 7 * kDayUs;
    PHYSIO_TRY(tx.connection().query("UPDATE episodes SET created_us = ? WHERE id = ?", {start, open->id}));
    open->created_us = start;
    // The LEFS at the start and two and one weeks ago, a little worse than at the start (less than the
    // minimal important change): under the clinic's band whatever the synthetic history draws, whose slowest
    // quarter still improves a few points. Unchanged scores were not enough: the item noise can put the last
    // one a few points up, inside a band drawn low.
    const std::pair<int, double> visits[] = {{0, 0.60}, {weeks - 2, 0.66}, {weeks - 1, 0.68}};
    for (const auto& [w, severity] : visits) {
      const TimeUs at = start + w * 7 * kDayUs + 10 * 3600 * kUsPerSecond;
      PHYSIO_TRY(tx.insert_questionnaire_response(
          PHYSIO_TRY(response(*lefs, *open, answers_for(*lefs, severity, rng, true), at, physio_id))));
    }
    return ok();
  });
}

}  // namespace physio::cli
