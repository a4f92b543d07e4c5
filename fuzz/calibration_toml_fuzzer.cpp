// libFuzzer target: the Pose2Sim calibration reader (gait/calibration.hpp) and the floor point of a pixel.
// Any bytes must give a calibration or an error, never a crash; a floor point is finite or an error.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.hpp"
#include "gait/calibration.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view content(reinterpret_cast<const char*>(data), size);
  auto cal = physio::gait::parse_calibration(content, "fuzz.toml");
  if (!cal) return 0;
  PHYSIO_FUZZ_ASSERT(cal->width_px > 0 && cal->height_px > 0);
  PHYSIO_FUZZ_ASSERT(cal->centre_m[2] > 0);
  for (double v : {0.0, 0.5, 1.0}) {
    auto p = physio::gait::floor_point(*cal, v * cal->width_px, v * cal->height_px);
    if (p) PHYSIO_FUZZ_ASSERT(std::isfinite((*p)[0]) && std::isfinite((*p)[1]) && (*p)[2] == 0.0);
  }
  return 0;
}
