#pragma once
/// Days the clinic is closed (public holidays, the clinic's own closures): a booking on one is refused and a
/// weekly series leaves it out, naming the day and why (docs/server/scheduling.md, "Closure days").

#include <cstdint>
#include <string>
#include <vector>

namespace physio::schedule {

inline constexpr std::size_t kMaxClosures = 400;

/// One closed local day in the clinic's zone.
struct Closure {
  std::int64_t day = 0;  ///< days since 1970-01-01, local to the clinic
  std::string reason{};  ///< "Christmas Day", "staff training"
  friend bool operator==(const Closure&, const Closure&) = default;
};

/// What is wrong with a clinic's closure list, naming the entry ("closure 2 (2026-12-25): the day is listed
/// twice"), or "": each reason 1 to 100 characters, each day once, at most kMaxClosures days.
std::string closures_problem(const std::vector<Closure>& closures);

/// The closure on `day`, or nullptr.
const Closure* closure_on(const std::vector<Closure>& closures, std::int64_t day);

}  // namespace physio::schedule
