// Fuzz target: the movement model reader (`physio analyze --model <file>.json`). Any bytes must give a
// model or an error, never a crash. A model that loads must score a repetition (a probability in [0, 1],
// or an error-free NaN when the file holds non-finite numbers) and write back to JSON that loads again.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "exercise/movement_model.hpp"
#include "exercise/score.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace ex = physio::exercise;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) return 0;
  auto model = ex::movement_model_from_json(j);
  if (!model) {
    PHYSIO_FUZZ_ASSERT(!model.error().message().empty());
    return 0;
  }
  // A synthetic repetition: every model feature present with a value derived from the input size
  // (so that different inputs see different offsets from the mean), plus one feature the model lacks.
  ex::MovementFeatures f;
  f.metres = size % 2 == 0;
  f.trunk_length = 0.5;
  for (std::size_t k = 0; k < model->names.size() && k < 256; ++k) {
    f.names.push_back(model->names[k]);
    f.values.push_back(static_cast<double>((size + 7 * k) % 11) - 5.0);
  }
  f.names.push_back("duration_s");
  f.values.push_back(2.0);
  const ex::MovementAssessment a = ex::assess_movement(*model, f);
  PHYSIO_FUZZ_ASSERT(std::isnan(a.p_correct) || (a.p_correct >= 0.0 && a.p_correct <= 1.0));
  PHYSIO_FUZZ_ASSERT(a.reasons.size() <= 3);
  (void)ex::movement_projection(*model, f.values);
  ex::RepMetrics rm;
  ex::apply_movement_assessment(rm, a);
  // Round trip: what loaded writes back and loads again (non-finite numbers are written as null and
  // then refused, which is an error, not a crash).
  const nlohmann::json back = ex::movement_model_to_json(*model);
  const std::string dumped = back.dump();
  auto again = ex::movement_model_from_json(nlohmann::json::parse(dumped, nullptr, false));
  if (again) PHYSIO_FUZZ_ASSERT(again->names == model->names);
  return 0;
}
