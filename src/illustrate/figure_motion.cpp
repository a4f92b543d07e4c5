#include "illustrate/figure_motion.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace physio::illustrate {

kin::FigurePose figure_pose_at(const FigureSpec& spec, double phase) {
  const double p = std::clamp(phase, 0.0, 1.0);
  const double t = 0.5 * (1.0 - std::cos(2.0 * std::numbers::pi * p));  // 0 -> 1 -> 0
  return kin::interpolate(spec.start, spec.end, t);
}

kin::LandmarkFile figure_motion(const FigureSpec& spec, const MotionTiming& timing) {
  constexpr double kRest = 1.0;
  const int reps = std::max(timing.repetitions, 0);
  const double half = std::max(timing.repetition_s, 0.2) / 2.0;
  const double hold = std::max(timing.hold_s, 0.0);
  const double rep_total = 2.0 * half + hold;
  const double total = kRest + reps * (rep_total + kRest);
  const auto n = static_cast<std::size_t>(std::floor(total * timing.rate_hz)) + 1;

  kin::LandmarkFile file;
  file.format = "physio-json";
  file.landmarks = kin::LandmarkSequence(kin::blazepose33(), kin::CoordSpace::kImageNormalized, n);
  kin::LandmarkSequence world(kin::blazepose33(), kin::CoordSpace::kWorldMetres, n);
  file.landmarks.image_width = 1280;
  file.landmarks.image_height = 720;
  file.landmarks.source = spec.exercise_id + " figure";
  world.source = file.landmarks.source;
  world.up_axis = kin::Axis::kNegY;
  for (std::size_t f = 0; f < n; ++f) {
    const double t = static_cast<double>(f) / timing.rate_hz;
    double s = 0.0;  // 0 start posture, 1 end posture
    const double in_reps = t - kRest;
    if (in_reps >= 0 && reps > 0) {
      const double cycle = rep_total + kRest;
      const auto k = static_cast<int>(std::floor(in_reps / cycle));
      const double u = in_reps - k * cycle;
      if (k < reps && u < rep_total) {
        if (u < half)
          s = 0.5 * (1.0 - std::cos(std::numbers::pi * u / half));
        else if (u < half + hold)
          s = 1.0;
        else
          s = 0.5 * (1.0 + std::cos(std::numbers::pi * (u - half - hold) / half));
      }
    }
    const kin::FigurePoints pts =
        kin::figure_points(kin::interpolate(spec.start, spec.end, s), timing.height_m);
    const kin::FigureFrame fr = kin::figure_landmarks(pts, spec.view, 1280, 720);
    for (std::size_t i = 0; i < 33; ++i) {
      file.landmarks.at(f, i) = fr.image[i];
      world.at(f, i) = fr.world[i];
    }
    file.landmarks.times()[f] = sample_time_us(static_cast<std::int64_t>(f), timing.rate_hz);
    world.times()[f] = file.landmarks.times()[f];
  }
  file.world = std::move(world);
  return file;
}

}  // namespace physio::illustrate
