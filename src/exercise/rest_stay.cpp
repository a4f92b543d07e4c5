#include "exercise/rest_stay.hpp"

#include <algorithm>
#include <cmath>

namespace physio::exercise {

void RestStay::open(std::size_t first) {
  *this = RestStay(edge_frames_, settle_frames_);
  opening_ = true;
  first_ = first;
}

void RestStay::after(std::size_t end, double end_value) {
  opening_ = false;
  last_low_ = end;
  in_band_ = false;
  rest_min_ = end_value;
}

void RestStay::push(std::size_t frame, double value, double band, double tol) {
  if (value <= band) {
    if (!in_band_ || value < band_min_) band_min_ = value;
    in_band_ = true;
    if (value <= band_min_ + tol) last_low_ = frame;
  } else if (!in_band_ && value <= rest_min_ + tol) {
    last_low_ = frame;
  }
  rest_min_ = std::min(rest_min_, value);
  if (opening_ && frame >= first_ + edge_frames_ && value <= band) {
    opening_min_ = std::min(opening_min_, value);
    if (value <= opening_min_ + tol) opening_low_ = frame;
  }
}

std::size_t RestStay::start(std::size_t crossing) const {
  if (opening_ && last_low_ < first_ + edge_frames_ && std::isfinite(opening_min_) &&
      crossing - first_ >= settle_frames_)
    return opening_low_;
  return last_low_;
}

void RestStay::leave() {
  opening_ = false;
  in_band_ = false;
}

}  // namespace physio::exercise
