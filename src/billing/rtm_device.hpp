#pragma once
/// RTM device-supply counting on the rolling 30-day clock.
///
/// Period k of an episode covers the local days start + 30k .. start + 30k + 29, where start is the
/// local day of the set-up event. A data-transmission day is a local calendar day with at least one
/// data event (session, questionnaire, upload) made while monitoring was consented; several events on
/// one day count once.
/// Suggested codes (at most one device code per period):
///   98977  16-30 data days in the period
///   98985  2-15 data days in the period (new for 2026)
///   none   0 or 1 data day (with the reason)
///   98975  set-up and education, once per episode: offered with period 0 when consent was active at
///          the set-up and period 0 has at least 2 data days (see docs/metrics/billing.md)
/// Flags: no-consent (no code at all), data-before-consent (events not counted), consent-withdrawn
/// (days after the withdrawal not counted), provisional (the period has not ended on `as_of`).
/// Pure.

#include <vector>

#include "billing/rtm_inputs.hpp"
#include "core/error.hpp"

namespace physio::billing {

inline constexpr int kDevicePeriodDays = 30;
inline constexpr int kMinDaysLowDeviceCode = 2;    // 98985
inline constexpr int kMinDaysHighDeviceCode = 16;  // 98977

struct DevicePeriodResult {
  std::string patient_id;
  int index = 0;
  Day first_day{};
  Day last_day{};
  std::vector<Day> data_days;  ///< distinct local days counted, ascending
  int data_day_count = 0;
  std::vector<SuggestedCode> codes;
  std::vector<RtmFlag> flags;
  bool provisional = false;
};

/// The monitoring start (local day of the set-up); an error when there is no set-up event.
Result<Day> monitoring_start(const RtmPatient& p);

/// The period containing `day` (negative before the start).
Result<int> period_index_of(const RtmPatient& p, Day day);

/// One device period; `as_of` is today's local day (the period is provisional until it has ended).
Result<DevicePeriodResult> compute_device_period(const RtmPatient& p, int period_index, Day as_of);

/// Every period from 0 to the one containing `as_of`.
Result<std::vector<DevicePeriodResult>> compute_device_periods(const RtmPatient& p, Day as_of);

}  // namespace physio::billing
