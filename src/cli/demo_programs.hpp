#pragma once
/// The demo clinic's synthetic home programs: one per earlier patient from their first attended visit, with
/// the exercise logs and pain answers of risk::synthetic_programs, so the clinic's drop-out model has a
/// history to be trained on (docs/server/risk.md, "Drop-out"). Synthetic: the model's card and the demo say
/// so.

#include <string>
#include <vector>

#include "clinic/records.hpp"
#include "core/error.hpp"
#include "store/store.hpp"

namespace physio::cli {

/// Programs (from the data/programs templates, in turn), backdated to each patient's first attended visit
/// (and a second one 26 weeks later) and ended 6 to 16 weeks later unless that is still to come.
/// Deterministic for a seed.
Status seed_program_history(store::Store& store, const std::string& clinic_id, const std::string& physio_id,
                            const std::vector<clinic::Appointment>& appointments, TimeUs now, unsigned seed);

}  // namespace physio::cli
