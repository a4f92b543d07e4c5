#pragma once
/// Appointment histories from files: a clinic's own export (docs/formats/appointments-csv.md) and the public
/// "Medical Appointment No Shows" set (Vitória, Brazil, 2016; CC BY-NC-SA 4.0: a benchmark for the method,
/// never fitted into a model that ships). The format is recognised from the header.

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "predict/noshow.hpp"

namespace physio::predict {

struct AppointmentHistory {
  std::vector<AppointmentEvent> events{};
  std::string format{};              ///< "physiokit-appointments" or "kaggle-noshow-2016"
  std::vector<std::string> notes{};  ///< rows dropped and why
};

/// Reads either format. Rows that cannot be used (an age below 0, a visit before its booking) are dropped
/// and counted in `notes`; a malformed row is an error naming its line and column.
Result<AppointmentHistory> parse_appointments_csv(std::string_view text);

/// "2016-04-29T18:38:08Z", "2016-04-29T18:38:08", "2016-04-29 18:38:08" or "2016-04-29" as UTC microseconds;
/// `has_time` false for a bare date.
Result<TimeUs> parse_utc_time(std::string_view text, bool* has_time = nullptr);

}  // namespace physio::predict
