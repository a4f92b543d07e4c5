#include "server/rehab/clinic_exercise_json.hpp"

#include <cctype>

#include "exercise/library.hpp"
#include "exercise/patient_words.hpp"
#include "rehab/program.hpp"
#include "rehab/program_diff.hpp"
#include "server/http/http_util.hpp"

namespace physio::server {

std::string measured_angle_words(const exercise::Exercise& ex) {
  std::string a = ex.primary_angle;
  for (std::string_view side : {"{side}_", "left_", "right_"})
    if (a.starts_with(side)) a = a.substr(side.size());
  for (char& c : a)
    if (c == '_') c = ' ';
  return a;
}

nlohmann::json clinic_exercise_json(const store::ClinicExerciseRow& r) {
  rehab::Dosage d;
  d.sets = r.default_sets;
  d.reps = r.default_reps;
  d.hold_s = r.kind == "hold" ? r.hold_s : 0.0;
  d.rest_s = r.kind == "hold" ? 30.0 : 60.0;
  std::string measured_words = "Not measured by the camera: the patient logs it by hand.";
  std::string measured_name;
  if (!r.measured_like.empty()) {
    if (auto base = exercise::find_exercise(r.measured_like)) {
      measured_name = (*base)->name;
      std::string lower = measured_name;
      if (!lower.empty()) lower[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(lower[0])));
      measured_words =
          "Measured by the camera like the " + lower + " (" + measured_angle_words(**base) + ").";
    }
  }
  return {{"id", r.id},
          {"name", r.name},
          {"steps", r.steps},
          {"position", r.position},
          {"position_words", std::string(exercise::position_words(r.position))},
          {"kind", r.kind},
          {"default_dosage", rehab::to_json(d)},
          {"dosage_words", rehab::dosage_words(d)},
          {"cautions", r.cautions},
          {"measured_like", r.measured_like},
          {"measured_like_name", measured_name},
          {"measured_words", measured_words},
          {"retired", r.retired()},
          {"updated_at", iso_time(r.updated_us)}};
}

}  // namespace physio::server
