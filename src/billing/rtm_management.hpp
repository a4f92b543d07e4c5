#pragma once
/// RTM treatment management on the calendar-month clock, with the month lock.
///
/// A month's management minutes are the whole minutes of the staff time entries that start on a local
/// day of that month while monitoring is consented; interactive communications are those entries
/// marked interactive. Suggested codes:
///   no interactive communication in the month -> none (with the reason)
///   10-19 min                -> 98979 (new for 2026)
///   20 min or more           -> 98980, plus 98981 for each further full 20 min
///                               (39 min -> 98980; 40 min -> 98980 + 98981; 60 -> 98980 + 98981 x2)
///   98979 never comes with 98980/98981 in the same month.
/// A month is provisional until it has ended. `lock_month` freezes an ended month: afterwards
/// `compute_management_month` given that lock returns the frozen result unchanged, whatever data
/// arrives later (`changes_since_lock` reports what a recount would now say). Pure.

#include <chrono>
#include <optional>
#include <vector>

#include "billing/rtm_inputs.hpp"
#include "core/error.hpp"

namespace physio::billing {

inline constexpr int kMinutesLowManagement = 10;  // 98979
inline constexpr int kMinutesFirstBlock = 20;     // 98980
inline constexpr int kMinutesFurtherBlock = 20;   // 98981

struct ManagementMonthResult {
  std::string patient_id;
  std::chrono::year_month month{};
  int minutes = 0;
  int interactive_count = 0;
  std::vector<Day> interactive_days;  ///< ascending, one per interactive entry
  std::vector<SuggestedCode> codes;
  std::vector<RtmFlag> flags;
  bool provisional = false;
  bool locked = false;
};

/// A frozen month, stored by the server and passed back in.
struct MonthLock {
  std::chrono::year_month month{};
  ManagementMonthResult frozen;
};

ManagementMonthResult compute_management_month(const RtmPatient& p, std::chrono::year_month month, Day as_of,
                                               const std::optional<MonthLock>& lock = std::nullopt);

/// Freezes an ended month; an error while the month is still running.
Result<MonthLock> lock_month(const ManagementMonthResult& result, Day as_of);

/// What a recount of a locked month says now, in words, when it differs from the frozen result.
std::optional<std::string> changes_since_lock(const RtmPatient& p, const MonthLock& lock, Day as_of);

}  // namespace physio::billing
