#pragma once
/// CSV export of RTM results: one row per patient per device period and per calendar month.
///
/// Columns: patient_id, kind (period | month), period (index or YYYY-MM), first_day, last_day,
/// data_days, minutes, interactive, codes ("98977x1;98975x1"), status (final | provisional | locked),
/// flags ("id: message" joined by " | "). RFC 4180: CRLF line ends, fields with a comma, double quote,
/// CR or LF are quoted and inner quotes doubled. Empty cells where a column does not apply. Pure.

#include <string>
#include <string_view>
#include <vector>

#include "billing/rtm_device.hpp"
#include "billing/rtm_management.hpp"

namespace physio::billing {

/// One RFC 4180 field.
std::string csv_field(std::string_view value);

std::string rtm_csv(const std::vector<DevicePeriodResult>& periods,
                    const std::vector<ManagementMonthResult>& months);

}  // namespace physio::billing
