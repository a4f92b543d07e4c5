#include "risk/lifecycle.hpp"

#include "risk/flag.hpp"

namespace physio::risk {

std::optional<clinic::RiskFlagRow> next_row(const std::optional<clinic::RiskFlagRow>& stored, const Flag* now,
                                            bool shown, TimeUs computed_us) {
  if (!now) {
    // No longer raised: an open or decided flag is resolved; a resolved one stays as it is.
    if (!stored || stored->status == "resolved") return std::nullopt;
    clinic::RiskFlagRow r = *stored;
    r.status = "resolved";
    r.computed_us = computed_us;
    return r;
  }
  clinic::RiskFlagRow r = stored.value_or(clinic::RiskFlagRow{});
  const std::string hash = inputs_hash(now->inputs);
  const bool same_inputs = stored && stored->inputs_hash == hash && stored->status != "resolved";
  r.patient_id = now->patient_id;
  r.kind = now->kind;
  r.subject_type = now->subject_type;
  r.subject_id = now->subject_id;
  r.method = now->method;
  r.model = now->model;
  r.model_version = now->model_version;
  r.probability = now->probability;
  r.level = now->level;
  r.need = now->need;
  r.body = flag_body_json(*now);
  r.inputs_hash = hash;
  r.shown = shown;
  r.computed_us = computed_us;
  if (!same_inputs) {
    // New, raised again after it was resolved, or raised from changed inputs: open, undecided.
    r.status = "open";
    r.decided_by.clear();
    r.decided_us = 0;
    r.decision_reason.clear();
  }
  return r;
}

}  // namespace physio::risk
