#pragma once
/// HL7 v2 DTM values: YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ].
///
/// A value without an offset is local time at the sender; the caller says what that means with a
/// `LocalOffset` function (the clinic's zone as minutes east of UTC for a local wall time), the way
/// rehab/ takes zones. Outbound times are always written in UTC with "+0000".

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace physio::hl7 {

/// Minutes east of UTC in force at a local wall time (given as microseconds since 1970-01-01 local).
using LocalOffset = std::function<int(TimeUs local_wall_us)>;
/// A LocalOffset that is always `minutes`.
LocalOffset fixed_offset(int minutes);

struct Dtm {
  int year = 0;
  int month = 0;  ///< 0 when not given (precision: year)
  int day = 0;    ///< 0 when not given
  int hour = 0;
  int minute = 0;
  int second = 0;
  int microsecond = 0;
  int digits = 0;  ///< date/time digits given before any fraction: 4, 6, 8, 10, 12 or 14
  std::optional<int> utc_offset_min{};
};

/// The DTM in `text`, or nullopt when it is not one (bad length, month 13, 30 February, hour 24).
std::optional<Dtm> parse_dtm(std::string_view text);

/// "YYYY-MM-DD" for a DTM with at least a day.
std::string iso_date(const Dtm& t);
/// UTC microseconds; missing parts count as their start (a day without a time is 00:00 local).
TimeUs to_utc_us(const Dtm& t, const LocalOffset& local);

/// "YYYYMMDDHHMMSS+0000" (whole seconds).
std::string format_dtm_utc(TimeUs t_us);
/// "YYYYMMDD" from "YYYY-MM-DD"; "" when `iso` is not such a date.
std::string dtm_from_iso_date(std::string_view iso);

}  // namespace physio::hl7
