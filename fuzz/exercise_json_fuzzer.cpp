// Fuzz target: the exercise definition reader (data/exercises/*.json). Any bytes must give an exercise or
// an error, never a crash. What parses is used as the library uses it: side resolution of every angle
// name, the template angle list and the skeleton check against the skeletons we read.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "exercise/exercise.hpp"
#include "exercise/library.hpp"
#include "exercise/score.hpp"
#include "fuzz_check.hpp"
#include "kinematics/skeleton.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace ex = physio::exercise;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = ex::parse_exercise(text, "fuzz.json");
  if (!parsed) {
    PHYSIO_FUZZ_ASSERT(!parsed.error().message().empty());
    return 0;
  }
  const ex::Exercise& e = *parsed;
  PHYSIO_FUZZ_ASSERT(!e.id.empty());
  for (std::string_view side : {"left", "right"}) {
    for (const auto& name : ex::resolved_angle_names(e, side)) {
      PHYSIO_FUZZ_ASSERT(name.find("{side}") == std::string_view::npos);
      PHYSIO_FUZZ_ASSERT(name.find("{other}") == std::string_view::npos);
    }
  }
  (void)ex::template_angle_names(e);
  for (const auto& skeleton : {physio::kin::blazepose33(), physio::kin::coco17(), physio::kin::body25()}) {
    auto status = ex::check_skeleton(e, *skeleton);
    if (!status) PHYSIO_FUZZ_ASSERT(!status.error().message().empty());
  }
  return 0;
}
