#pragma once
// Shared helpers for the RTM tests: UTC instants from civil times and a US Eastern zone for 2026
// (daylight saving from 2026-03-08 02:00 EST to 2026-11-01 02:00 EDT), a patient set up in January, and
// checks of the flags raised.

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "billing/rtm_inputs.hpp"
#include "billing/rtm_time.hpp"

namespace physio::billing::test {

inline TimeUs utc(int y, unsigned m, unsigned d, int hh = 0, int mm = 0) {
  const auto day = std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}};
  const auto s = day.time_since_epoch().count() * 86400LL + hh * 3600LL + mm * 60LL;
  return s * kUsPerSecond;
}

inline std::int64_t eastern_offset_s(TimeUs t) {
  const bool dst = t >= utc(2026, 3, 8, 7, 0) && t < utc(2026, 11, 1, 6, 0);
  return dst ? -4 * 3600 : -5 * 3600;
}

// A local Eastern wall-clock time in 2026 -> UTC instant (the wall time must exist).
inline TimeUs eastern(int y, unsigned m, unsigned d, int hh, int mm = 0) {
  const TimeUs guess = utc(y, m, d, hh, mm) + 5LL * 3600 * kUsPerSecond;
  return utc(y, m, d, hh, mm) - eastern_offset_s(guess) * kUsPerSecond;
}

// Set-up on 2026-01-20 10:00 Eastern, consent granted the day before.
inline RtmPatient patient_with_setup() {
  RtmPatient p;
  p.patient_id = "p-001";
  p.consents.push_back({true, eastern(2026, 1, 19, 9)});
  p.setup = RtmSetup{eastern(2026, 1, 20, 10), "pt-anna"};
  p.utc_offset = eastern_offset_s;
  return p;
}

// One session at 18:00 Eastern on each of `n` consecutive days from (y, m, d).
inline void add_daily_sessions(RtmPatient& p, int y, unsigned m, unsigned d, int n) {
  const auto first =
      std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}};
  for (int i = 0; i < n; ++i) {
    const std::chrono::year_month_day ymd{first + std::chrono::days{i}};
    p.data_events.push_back({eastern(static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                                     static_cast<unsigned>(ymd.day()), 18),
                             DataKind::kSession});
  }
}

// A day after every period and month the tests look at.
inline const Day kLater = make_day(2026, 6, 1);

inline bool has_flag(const std::vector<RtmFlag>& flags, const std::string& id) {
  return std::any_of(flags.begin(), flags.end(), [&](const RtmFlag& f) { return f.id == id; });
}

}  // namespace physio::billing::test
