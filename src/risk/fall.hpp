#pragma once
/// Fall risk as the CDC STEADI rules on what the clinic has measured: the latest Timed Up and Go, 30-second
/// chair stand and walking speed (from the clinic's IMU and video analyses or entered by staff), with age
/// and sex for the chair-stand norm. No trained fall model: no data with fall outcomes exists here, and the
/// rules' published accuracy is shown with each criterion. Fall history and the STEADI key questions are
/// not recorded by physiokit yet, so the screening step is "not asked" (said in the flag).

#include <optional>
#include <span>

#include "clinic/records.hpp"
#include "predict/rules.hpp"
#include "risk/flag.hpp"

namespace physio::risk {

/// STEADI's inputs from the patient and the latest measures at or before `now` (one year at most).
predict::FallInputs fall_inputs(const clinic::Patient& patient,
                                std::span<const clinic::Observation> observations, TimeUs now);

/// The flag when STEADI's level is moderate or high; nullopt when low or not assessed. Only for patients
/// aged 65 or more (STEADI's population); `assessment` receives the full finding list either way.
std::optional<Flag> fall_flag(const clinic::Patient& patient,
                              std::span<const clinic::Observation> observations, TimeUs now,
                              predict::FallRisk* assessment = nullptr);

}  // namespace physio::risk
