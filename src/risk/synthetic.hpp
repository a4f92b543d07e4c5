#pragma once
/// A synthetic appointment history for the demo clinic and the tests: patients arriving all through a
/// period, each for one or two episodes booked weekly or fortnightly, with their own propensity to miss
/// visits, missing more when booked far ahead, on Mondays, early in the morning and after missing before.
/// Everything a model fitted on it reports is about this generator, never about real patients: cards and
/// pages say "synthetic".

#include <cstdint>
#include <string>
#include <vector>

#include "clinic/records.hpp"
#include "predict/dropout.hpp"

namespace physio::risk {

struct SyntheticHistoryOptions {
  std::uint64_t seed = 1;
  TimeUs from_us = 0;       ///< first visit day
  TimeUs to_us = 0;         ///< last visit day (exclusive); later bookings stay "booked"
  TimeUs now_us = 0;        ///< visits before now have an outcome, later ones are booked
  double base_rate = 0.10;  ///< share of missed visits of a typical patient before other effects
};

/// Appointments (no ids; clinic, patient and practitioner as given) for each of `patient_ids`.
std::vector<clinic::Appointment> synthetic_appointments(const std::string& clinic_id,
                                                        const std::vector<std::string>& patient_ids,
                                                        const std::string& practitioner_id,
                                                        const SyntheticHistoryOptions& options);

/// Home programs for the demo clinic and the tests: one per (patient, start), lasting 6 to 16 weeks (ended
/// then, or still active at `now_us`), with days of exercise whose likelihood falls at a rate of the
/// person's own, pain answers that drift up or down, missed visits, camera sessions, and a weekly chance of
/// stopping that rises with low activity, rising pain and missed visits (a quarter of those who stop start
/// again 3 to 6 weeks later). Nothing is generated after `now_us`. Synthetic: a model fitted on these
/// describes the generator.
std::vector<predict::ProgramHistory> synthetic_programs(
    const std::vector<std::pair<std::string, TimeUs>>& patient_starts, TimeUs now_us, std::uint64_t seed);

}  // namespace physio::risk
