// Fuzz target: the reference template reader (angle template of correct performance, JSON). Any bytes
// must give a template or an error, never a crash. A template that loads must give a distance to a
// synthetic repetition (a non-negative number or NaN) and write back to JSON.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "exercise/score.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace ex = physio::exercise;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) return 0;
  auto tpl = ex::template_from_json(j);
  if (!tpl) {
    PHYSIO_FUZZ_ASSERT(!tpl.error().message().empty());
    return 0;
  }
  PHYSIO_FUZZ_ASSERT(tpl->mean.size() == tpl->angles.size() && tpl->sd.size() == tpl->angles.size());
  // A synthetic repetition over the template's angles (the first few), a ramp of n_points values.
  ex::RepCurves rep;
  const std::size_t n_points = std::min<std::size_t>(static_cast<std::size_t>(tpl->n_points), 1024);
  for (std::size_t a = 0; a < tpl->angles.size() && a < 16; ++a) {
    rep.angles.push_back(tpl->angles[a]);
    std::vector<double> v(n_points);
    for (std::size_t k = 0; k < n_points; ++k) v[k] = static_cast<double>(k + a) - 10.0;
    rep.values.push_back(std::move(v));
  }
  const double d = ex::template_distance(*tpl, rep);
  PHYSIO_FUZZ_ASSERT(std::isnan(d) || d >= 0.0);
  ex::RepMetrics rm;
  ex::score_repetition(rm, &*tpl, &rep);
  PHYSIO_FUZZ_ASSERT(std::isnan(rm.quality.score) || (rm.quality.score >= 0.0 && rm.quality.score <= 100.0));
  (void)ex::template_to_json(*tpl).dump();
  return 0;
}
