#pragma once
/// No-show risk: the appointment history a clinic keeps, turned into one row per appointment with only
/// what is known at the prediction time (the start of the appointment's day, when the front desk plans its
/// calls): the booking itself, and the patient's earlier appointments whose outcome was known by then.
/// Age band, sex and payer are audit subgroups, never features; place of residence is not used at all.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "predict/table.hpp"

namespace physio::predict {

enum class Attendance { kAttended, kNoShow, kCancelled, kLateCancelled, kOpen };

/// One appointment as a clinic's history holds it. Unknown yes/no fields are -1.
struct AppointmentEvent {
  std::string patient_id{};
  std::string appointment_id{};
  std::string practitioner_id{};  ///< "" when unknown
  TimeUs booked_us = 0;
  TimeUs start_us = 0;
  bool start_has_time = true;  ///< false when only the date is known
  Attendance attendance = Attendance::kOpen;
  int reminder_sent = -1;
  int reminder_confirmed = -1;
  int telehealth = -1;
  std::string age_band{};  ///< audit only
  std::string sex{};       ///< audit only
  std::string payer{};     ///< audit only
};

struct NoShowRows {
  Table table{};
  /// [table.rows()] index into the events of each row's appointment.
  std::vector<std::size_t> event_index{};
};

/// One row per appointment (open ones too, y = 0 for them: `outcome_known` tells which rows have an outcome).
/// Features whose inputs the history never records (reminder confirmations, start times, telehealth) are
/// left out of the table altogether.
NoShowRows noshow_rows(std::span<const AppointmentEvent> events);

/// True for appointments with an outcome (attended or not attended).
bool outcome_known(const AppointmentEvent& e);

/// "0-17", "18-39", "40-64", "65+"; "" for an unknown age.
std::string age_band_of(int age_years);

}  // namespace physio::predict
