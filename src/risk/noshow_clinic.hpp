#pragma once
/// No-show risk on a clinic's own appointments: the stored appointments as the model's history, whether
/// the clinic holds enough outcomes to train its own model, and the flags for the coming days' bookings.
///
/// Appointment status -> outcome: "fulfilled" and "arrived" attended, "noshow" not attended, "cancelled"
/// a cancellation (late when changed within 24 hours of the start), "booked" no outcome yet (a booking in
/// the past still "booked" has no outcome either: the front desk did not record one).

#include <cstddef>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "clinic/records.hpp"
#include "predict/model.hpp"
#include "predict/noshow.hpp"
#include "risk/flag.hpp"

namespace physio::risk {

/// The clinic's appointments as history events; patients give the audit subgroups (age band, sex).
std::vector<predict::AppointmentEvent> appointment_events(
    std::span<const clinic::Appointment> appointments, const std::map<std::string, clinic::Patient>& patients,
    TimeUs now);

/// Whether the clinic's history is enough to train its own no-show model: at least 10 missed and 10
/// attended appointments per feature the model estimates (the events-per-variable rule, Peduzzi 1996;
/// Riley 2020 asks at least as much for models of this size), and never fewer than 100 of each.
struct Readiness {
  bool ready = false;
  std::size_t missed = 0;
  std::size_t attended = 0;
  std::size_t needed = 0;  ///< of each
  std::string reason{};    ///< "not assessed: needs 43 more missed appointments (has 117 of 160)"
};
Readiness noshow_readiness(const predict::Table& table, std::span<const std::size_t> rows_with_outcome);

/// The same rule for any model's cases: `event` and `non_event` name them in the reason ("program-weeks
/// that ended in two weeks without exercise", "program-weeks that went on").
Readiness outcome_readiness(const predict::Table& table, std::span<const std::size_t> rows_with_outcome,
                            std::string_view event, std::string_view non_event);

/// One upcoming appointment scored: its risk and flag, or why it is not assessed.
struct ScoredAppointment {
  std::string appointment_id{};
  std::string patient_id{};
  TimeUs start_us = 0;
  std::optional<double> risk{};
  std::string not_assessed{};  ///< the reason when there is no risk
  bool flagged = false;        ///< risk at or above the model's threshold
  Flag flag{};                 ///< filled for every assessed appointment (stored only when flagged)
};

/// Scores the bookings (no outcome yet) starting in [from_us, to_us) with the clinic's model `m` (label
/// `model_label`); the reasons are the model's three largest contributions.
std::vector<ScoredAppointment> score_upcoming(const predict::Model& m, std::string_view model_label,
                                              std::span<const predict::AppointmentEvent> events,
                                              const predict::NoShowRows& rows, TimeUs from_us, TimeUs to_us);

}  // namespace physio::risk
