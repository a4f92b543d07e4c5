#pragma once
/// Per-sender reading rules (docs/server/hl7.md, "Per-sender settings"): what one sending system means by
/// its identifiers, times, statuses and units, read from a JSON file:
///
///   {"senders": [
///     {"application": "EPICADT", "facility": "NORTHSIDE",
///      "identifier": {"authority": "EPI", "type": "MR", "untyped_as": "MR"},
///      "time_zone": "America/Chicago",
///      "statuses": {"Scheduled": "booked", "Arrived": "arrived", "Tentative": "ignore"},
///      "units": {"m": "min"}}]}
///
/// `application` (MSH-3.1) is required; `facility` (MSH-4.1) is optional (absent: every facility of that
/// application; an entry naming the facility wins). Every other member is optional. Unknown members are
/// refused, so that a misspelt rule is not silently ignored. Statuses map to booked, arrived, fulfilled,
/// cancelled, noshow or ignore; units to min, s, h or d. The time zone is checked by the caller (it owns
/// the tz database).

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "hl7/reading.hpp"

namespace physio::hl7 {

struct SenderProfile {
  std::string application{};  ///< MSH-3.1
  std::string facility{};     ///< MSH-4.1; empty: any
  IdentifierRule identifier{};
  std::string time_zone{};  ///< IANA name; empty: the server's
  std::map<std::string, std::string> statuses{};
  std::map<std::string, std::string> units{};
};

struct SenderProfiles {
  std::vector<SenderProfile> senders{};
  /// The profile for a sender: the entry with this application and facility, else the one with this
  /// application and no facility; nullptr when none.
  const SenderProfile* find(std::string_view application, std::string_view facility) const;
};

/// Parses the file's text; errors name `file`, the entry and the member ("hl7-senders.json: senders[1]
/// (EPICADT): statuses.Scheduled: 'bookd' is not one of booked, arrived, fulfilled, cancelled, noshow,
/// ignore").
Result<SenderProfiles> parse_sender_profiles(std::string_view text, std::string_view file);

/// The clinic statuses a status map may name, and the units a unit map may name.
inline constexpr std::string_view kMappableStatuses[] = {"booked",    "arrived", "fulfilled",
                                                         "cancelled", "noshow",  "ignore"};
inline constexpr std::string_view kMappableUnits[] = {"min", "s", "h", "d"};

}  // namespace physio::hl7
