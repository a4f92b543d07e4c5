#pragma once
/// What the patient is told when they report pain, and whether their physiotherapist is alerted at once
/// (docs/metrics/caseload.md, "Pain advice"). The pain-monitoring model (Silbernagel 2007): pain during or
/// after exercise up to 5/10 is acceptable; above 5 is too much for the load; at 7/10 or more the patient
/// stops for the day, is told whom to contact, and the physiotherapist is alerted.

#include <optional>
#include <string>
#include <string_view>

#include "clinic/clinic_contact.hpp"

namespace physio::rehab {

inline constexpr double kPainTooHighNprs = 5.0;  ///< above this: too much for the load
inline constexpr double kPainStopNprs = 7.0;     ///< at or above this: stop and alert

enum class PainWhen { kDuringExercise, kMorning };

struct PainAdvice {
  bool stop = false;  ///< stop exercising today, and the physiotherapist is alerted
  std::string title;  ///< one line
  std::string text;   ///< what to do, and whom to contact
};

/// Advice for a pain report on the 0-10 scale; none at 5/10 or below. The clinic's contact (any field may
/// be empty) names whom to phone and the emergency number to call (clinic/clinic_contact.hpp).
std::optional<PainAdvice> pain_advice(double nprs, PainWhen when, const clinic::ClinicContact& clinic);

/// The automatic line the physiotherapist reads in the patient's conversation for a stop-level report.
std::string pain_alert_text(double nprs, PainWhen when, std::string_view exercise_name);

}  // namespace physio::rehab
