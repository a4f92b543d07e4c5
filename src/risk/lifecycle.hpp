#pragma once
/// What a new scoring does to a stored flag, as a rule a clinician can check:
///  - a flag raised again from the same inputs keeps its status: an accepted or dismissed flag stays so;
///  - a flag raised from changed inputs (a new missed visit, a longer gap) is open again, whatever was
///    decided before (the decision stays in the audit trail);
///  - a flag no longer raised is resolved; raised again later, it is open.

#include <optional>

#include "clinic/records.hpp"
#include "risk/flag.hpp"

namespace physio::risk {

/// The row to store for `now` (nullopt: nothing stored and nothing to change) given what is stored.
/// `shown` is false while the model that raised it is in its silent period. `computed_us` is the scoring's
/// time.
std::optional<clinic::RiskFlagRow> next_row(const std::optional<clinic::RiskFlagRow>& stored, const Flag* now,
                                            bool shown, TimeUs computed_us);

}  // namespace physio::risk
