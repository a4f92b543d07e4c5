#pragma once
/// The CMS 8-minute rule for timed outpatient therapy codes (Medicare Claims Processing Manual,
/// Chapter 5, section 20.2).
///
/// Inputs: the timed services of one visit (code, minutes of direct one-on-one time) and the untimed
/// codes of the visit.
/// Output: total timed minutes -> total units (`units_for_timed_minutes`: 0-7 min 0 units, 8-22 1,
/// 23-37 2, 38-52 3, 53-67 4, and one more unit per further 15 minutes), then the units per code:
///   1. each code gets its whole 15-minute blocks (minutes / 15);
///   2. the units still due go one at a time to the codes with the largest leftover minutes
///      (minutes % 15); a code under 8 minutes can get a unit this way when the total allows;
///   3. ties on leftover minutes go to the code with more total minutes, then to the code listed
///      first (the manual lets either be billed; listing order makes the choice repeatable).
/// Untimed codes are 1 unit each regardless of time, and their minutes never enter the total.
/// Pure.

#include <string>
#include <vector>

#include "billing/cpt.hpp"
#include "core/error.hpp"

namespace physio::billing {

struct TimedService {
  std::string code;
  int minutes = 0;
};

struct BilledUnits {
  std::string code;
  int minutes = 0;
  int units = 0;
};

struct EightMinuteResult {
  int total_timed_minutes = 0;
  int total_units = 0;               ///< timed units
  std::vector<BilledUnits> timed;    ///< in input order, including codes with 0 units
  std::vector<BilledUnits> untimed;  ///< 1 unit each
};

/// Units for a visit's total timed minutes.
int units_for_timed_minutes(int total_minutes);

/// Errors: negative minutes, a code listed twice.
Result<EightMinuteResult> compute_eight_minute_units(const std::vector<TimedService>& timed,
                                                     const std::vector<std::string>& untimed_codes);

/// Same, with each service classified timed/untimed by the catalogue; unknown codes are an error.
Result<EightMinuteResult> compute_visit_units(const CptCatalog& catalog,
                                              const std::vector<TimedService>& services);

}  // namespace physio::billing
