#pragma once
/// Who on the waiting list is offered a freed time (docs/server/scheduling.md, "The waiting list").

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "schedule/hours.hpp"

namespace physio::schedule {

/// An open waiting-list entry as the rule sees it.
struct Waiter {
  std::string entry_id{};
  std::string patient_id{};
  std::string clinician_id{};                  ///< "" = any clinician
  std::string type_code{};                     ///< "" = any type
  std::optional<std::int64_t> earliest_day{};  ///< local days since 1970-01-01
  std::optional<std::int64_t> latest_day{};
};

/// A time a cancellation freed.
struct FreedTime {
  std::string patient_id{};  ///< whose appointment it was
  std::string clinician_id{};
  std::string type_code{};
  TimeUs start_us = 0;
};

/// The first waiter (the list is oldest first: who has waited longest) the freed time suits: the same
/// clinician or any, the same type or any, its local day inside their window, not the patient who
/// cancelled; none for a time that has begun. nullopt = nobody.
std::optional<std::size_t> first_waiter_for(const std::vector<Waiter>& waiters, const FreedTime& freed,
                                            TimeUs now_us, const UtcOffsetFn& offset);

}  // namespace physio::schedule
