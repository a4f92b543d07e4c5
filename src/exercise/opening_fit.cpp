#include "exercise/opening_fit.hpp"

#include <algorithm>

#include "exercise/contact.hpp"

namespace physio::exercise {

std::optional<std::size_t> OpeningFit::push(std::size_t index, double t_s, double torso) {
  if (done_) return std::nullopt;
  if (t_s > kOpeningFitS + 1e-9) {
    done_ = true;
    return std::nullopt;
  }
  if (!(torso > 0.0)) return std::nullopt;
  recent_[n_ % 3] = torso;
  recent_index_[n_ % 3] = index;
  ++n_;
  if (n_ < 3) return std::nullopt;
  std::array<double, 3> sorted = recent_;
  std::sort(sorted.begin(), sorted.end());
  const double held = sorted[1];
  if (first_ == 0.0) {
    first_ = held;
    return std::nullopt;
  }
  const double larger = (1.0 + kRescaleGrowth) * first_;
  if (held <= larger) return std::nullopt;
  // The first of the last three frames at the larger size.
  std::size_t from = index;
  for (std::size_t k = 0; k < 3; ++k)
    if (recent_[k] > larger) from = std::min(from, recent_index_[k]);
  done_ = true;
  grown_ = held;
  found_ = from;
  return from;
}

}  // namespace physio::exercise
