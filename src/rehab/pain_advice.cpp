#include "rehab/pain_advice.hpp"

#include <cmath>

#include <fmt/format.h>

namespace physio::rehab {

namespace {

std::string score(double nprs) {
  return std::abs(nprs - std::round(nprs)) < 1e-9 ? fmt::format("{}/10", static_cast<int>(std::round(nprs)))
                                                  : fmt::format("{:.1f}/10", nprs);
}

}  // namespace

std::optional<PainAdvice> pain_advice(double nprs, PainWhen when, const clinic::ClinicContact& clinic) {
  if (!(nprs > kPainTooHighNprs)) return std::nullopt;
  const std::string contact = clinic::phone_the_clinic(clinic);
  PainAdvice a;
  if (nprs >= kPainStopNprs) {
    a.stop = true;
    a.title = when == PainWhen::kMorning
                  ? fmt::format("Pain of {} this morning: no exercise today", score(nprs))
                  : fmt::format("Pain of {}: stop for today", score(nprs));
    a.text = fmt::format(
        "{} Your physiotherapist has been told. If the pain does not settle within a few hours, or you have "
        "new swelling, redness, numbness, weakness, or cannot put weight on the limb, {}. If you cannot "
        "breathe, have chest pain, or the pain follows a fall or injury, {}.",
        when == PainWhen::kMorning ? "Rest today and do not do your exercises."
                                   : "Stop this exercise and do no more exercise today.",
        contact, clinic::call_emergency(clinic));
    return a;
  }
  a.title = fmt::format("Pain of {} is more than these exercises should cause", score(nprs));
  a.text =
      when == PainWhen::kMorning
          ? "Take it easier today: do fewer repetitions, or only the exercises that do not hurt. If it is "
            "no better tomorrow, send your physiotherapist a message."
          : "Pain up to 5/10 during exercise is acceptable; above that, do fewer repetitions or a smaller "
            "movement next time. If it does not settle by tomorrow morning, send your physiotherapist a "
            "message.";
  return a;
}

std::string pain_alert_text(double nprs, PainWhen when, std::string_view exercise_name) {
  if (when == PainWhen::kMorning)
    return fmt::format(
        "Automatic pain alert: morning pain {} reported. The patient was told not to exercise "
        "today and whom to contact.",
        score(nprs));
  return fmt::format(
      "Automatic pain alert: pain {} during {} reported. The patient was told to stop for "
      "today and whom to contact.",
      score(nprs), exercise_name.empty() ? std::string_view("an exercise") : exercise_name);
}

}  // namespace physio::rehab
