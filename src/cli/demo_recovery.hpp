#pragma once
/// The demo clinic's synthetic episodes of care and outcome measures, so the recovery course has a history
/// to be computed from (docs/server/risk.md, "Recovery course"). Synthetic: every figure the pages show from
/// them describes made-up patients, and the demo says so.

#include <string>
#include <vector>

#include "clinic/records.hpp"
#include "core/error.hpp"
#include "store/store.hpp"

namespace physio::cli {

/// For each earlier patient with at least three attended appointments: an episode from their first
/// appointment (knee osteoarthritis with the LEFS, or low back pain with the ODI, alternately), finished when
/// their last appointment is more than three weeks old, with the measure at the first visit and every third
/// one after, improving at a rate of the patient's own (some barely). Deterministic for a seed.
Status seed_recovery_history(store::Store& store, const std::string& clinic_id, const std::string& physio_id,
                             const std::vector<clinic::Appointment>& appointments, TimeUs now, unsigned seed);

/// A patient's open episode moved `weeks` back, with the LEFS at its start and two and one weeks ago a few
/// points worse (within the minimal important change): the recovery rule's case for the demo (two measures
/// below the expected course).
Status seed_slow_recovery(store::Store& store, const clinic::Patient& patient, const std::string& physio_id,
                          TimeUs now, int weeks);

}  // namespace physio::cli
