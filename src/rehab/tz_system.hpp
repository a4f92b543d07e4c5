#pragma once
/// UTC offsets from the system's tz database (/usr/share/zoneinfo, via libc). The only part of the
/// module that reads the system; the rules never include this header.
///
/// libc answers for the zone named in the TZ environment variable, so each question sets TZ,
/// asks, and restores it under a process-wide mutex. TZ is present from the program's start
/// (":/etc/localtime", libc's default, set at static initialisation when absent) and only ever
/// overwritten, so the environment's array never moves under another thread's getenv. Other threads
/// that call localtime at the same moment could see the borrowed zone: callers ask once per decision,
/// not per log line, and our logging prints UTC.

#include "rehab/calendar.hpp"

namespace physio::rehab {

class SystemTzProvider final : public TzOffsetProvider {
 public:
  /// kNotFound unless `zone` names a file under /usr/share/zoneinfo (or $TZDIR).
  Result<std::int64_t> utc_offset_s(std::string_view zone, TimeUs utc_us) const override;
};

}  // namespace physio::rehab
