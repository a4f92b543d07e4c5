#include "kinematics/landmarks.hpp"

#include <algorithm>

namespace physio::kin {

std::array<double, 3> axis_direction(Axis a) {
  switch (a) {
    case Axis::kX:
      return {1.0, 0.0, 0.0};
    case Axis::kY:
      return {0.0, 1.0, 0.0};
    case Axis::kZ:
      return {0.0, 0.0, 1.0};
    case Axis::kNegX:
      return {-1.0, 0.0, 0.0};
    case Axis::kNegY:
      return {0.0, -1.0, 0.0};
    case Axis::kNegZ:
      return {0.0, 0.0, -1.0};
  }
  return {0.0, 1.0, 0.0};
}

std::string_view coord_space_name(CoordSpace s) {
  switch (s) {
    case CoordSpace::kImageNormalized:
      return "image-normalized";
    case CoordSpace::kImagePixels:
      return "image-pixels";
    case CoordSpace::kWorldMetres:
      return "world-metres";
  }
  return "unknown";
}

LandmarkSequence::LandmarkSequence(SkeletonPtr skeleton, CoordSpace space, std::size_t n_frames)
    : skeleton_(std::move(skeleton)), space_(space), times_(n_frames, 0), data_(n_frames * n_landmarks()) {}

std::optional<Landmark> LandmarkSequence::joint(std::size_t f, Joint j) const {
  JointSource src = skeleton_->joint(j);
  if (!src.present()) return std::nullopt;
  const Landmark& a = at(f, static_cast<std::size_t>(src.a));
  if (a.missing()) return std::nullopt;
  if (!src.is_midpoint()) return a;
  const Landmark& b = at(f, static_cast<std::size_t>(src.b));
  if (b.missing()) return std::nullopt;
  float vis = std::isnan(a.visibility) || std::isnan(b.visibility) ? std::numeric_limits<float>::quiet_NaN()
                                                                   : std::min(a.visibility, b.visibility);
  return Landmark{(a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f, (a.z + b.z) * 0.5f, vis};
}

double LandmarkSequence::rate_hz() const {
  if (times_.size() < 2) return 0.0;
  std::vector<TimeUs> dt(times_.size() - 1);
  for (std::size_t i = 1; i < times_.size(); ++i) dt[i - 1] = times_[i] - times_[i - 1];
  auto mid = dt.begin() + static_cast<std::ptrdiff_t>(dt.size() / 2);
  std::nth_element(dt.begin(), mid, dt.end());
  return *mid > 0 ? 1e6 / static_cast<double>(*mid) : 0.0;
}

double LandmarkSequence::duration_s() const {
  if (times_.size() < 2) return 0.0;
  return us_to_seconds(times_.back() - times_.front());
}

std::span<Landmark> LandmarkSequence::add_frame(TimeUs t) {
  times_.push_back(t);
  data_.resize(data_.size() + n_landmarks());
  return frame(times_.size() - 1);
}

void LandmarkSequence::reserve(std::size_t n_frames) {
  times_.reserve(n_frames);
  data_.reserve(n_frames * n_landmarks());
}

void LandmarkSequence::resize(std::size_t n_frames) {
  times_.resize(n_frames, 0);
  data_.resize(n_frames * n_landmarks());
}

}  // namespace physio::kin
