#pragma once
/// A risk flag as a clinician reads it: what it is about, how sure, why (each reason in words, signed), what
/// to do, and where its evidence and model card are. Flags come from a clinic's own trained model (no-show)
/// or from a published rule (two weeks without exercise, STEADI fall risk); the page says which.
/// Nothing here decides care or refuses a booking: a flag is a suggestion the clinician accepts or dismisses.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clinic/records.hpp"
#include "core/civil_date.hpp"
#include "core/time.hpp"

namespace physio::risk {

inline constexpr TimeUs kHourUs = 3'600 * kUsPerSecond;
inline constexpr TimeUs kDayUs = 24 * kHourUs;
/// The UTC day number of an instant (floor).
inline std::int64_t day_of(TimeUs t) {
  return t >= 0 ? t / kDayUs : -((-t + kDayUs - 1) / kDayUs);
}

/// The kinds of flag, by their stored names.
inline constexpr std::string_view kNoShow = "noshow";    ///< an upcoming appointment may be missed
inline constexpr std::string_view kDropOut = "dropout";  ///< an active program may be abandoned
inline constexpr std::string_view kFall = "fall";        ///< STEADI fall risk from the clinic's measures
inline constexpr std::string_view kRecovery =
    "recovery";  ///< an episode's outcome scores below the expected course

/// One reason: a sentence and which way it pushes.
struct Reason {
  std::string text{};       ///< "earlier missed appointments: 2 (raises the risk)"
  std::string direction{};  ///< "raises", "lowers", "rule" (a rule's criterion met)
  double effect = 0.0;      ///< log-odds for model reasons; 0 for rules
};

struct Flag {
  std::string kind{};
  std::string patient_id{};
  std::string subject_type{};  ///< "appointment", "program", "patient"
  std::string subject_id{};
  std::string method{};         ///< "model" or "rule"
  std::string model{};          ///< "noshow", "two_weeks_without_exercise", "steadi"
  std::string model_version{};  ///< the model version's label; "" for rules
  std::optional<double> probability{};
  std::string level{};  ///< "high", "moderate", "low"
  double need = 0.0;    ///< 0-1, higher is seen first
  std::string title{};  ///< "Risk of not attending: 38 %"
  std::vector<Reason> reasons{};
  std::string action{};  ///< "Call to confirm the appointment"
  std::string basis{};   ///< the inputs in words (FHIR RiskAssessment.basis, the audit of a decision)
  std::string card{};    ///< the model card or rule page to link: "noshow", "rules"
  std::string inputs{};  ///< canonical text of the inputs; hashed into the stored row
};

/// The stored body (JSON): title, reasons, action, basis, card.
std::string flag_body_json(const Flag& f);

/// Hash (16 hex digits, FNV-1a 64) of a flag's canonical inputs: a decision holds while it is unchanged.
std::string inputs_hash(std::string_view canonical_inputs);

/// The patient's age in whole years at `when`; -1 when the birth date is not a valid date.
int age_on(const std::string& birth_date, TimeUs when);

}  // namespace physio::risk
