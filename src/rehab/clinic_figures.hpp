#pragma once
/// Caseload-wide figures a clinic lead reads (docs/metrics/caseload.md, "The clinic's figures"): how many
/// patients exercise with a program, how adherence is spread over them, how often booked visits are
/// missed. Pure code over numbers the caller gathers.

#include <optional>
#include <vector>

#include "core/time.hpp"

namespace physio::rehab {

/// Active programs by the share of prescribed sessions done over the last complete days.
struct AdherenceSpread {
  int programs = 0;       ///< with sessions prescribed in the window
  int below_25 = 0;       ///< [0, 25) %
  int from_25_to_50 = 0;  ///< [25, 50) %
  int from_50_to_80 = 0;  ///< [50, 80) %
  int from_80 = 0;        ///< [80, 100] %
  std::optional<double> median_pct{};
};
AdherenceSpread adherence_spread(std::vector<double> session_pcts);

/// Visits that were due in a window: missed (no-show) against those kept (arrived or attended);
/// cancellations are neither.
struct MissedVisits {
  int kept = 0;
  int missed = 0;
  std::optional<double> missed_pct{};  ///< missed / (kept + missed), nullopt without any
};
struct VisitOutcome {
  TimeUs start_us = 0;
  std::string status{};  ///< "booked", "arrived", "fulfilled", "cancelled", "noshow"
};
MissedVisits missed_visits(const std::vector<VisitOutcome>& visits, TimeUs from_us, TimeUs to_us);

}  // namespace physio::rehab
