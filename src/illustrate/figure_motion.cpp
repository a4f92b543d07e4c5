#include "illustrate/figure_motion.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

namespace physio::illustrate {

kin::FigurePose figure_pose_at(const FigureSpec& spec, double phase) {
  const double p = std::clamp(phase, 0.0, 1.0);
  const double t = 0.5 * (1.0 - std::cos(2.0 * std::numbers::pi * p));  // 0 -> 1 -> 0
  return kin::interpolate(spec.start, spec.end, t);
}

namespace {

bool has_step(const FigureSpec& spec) {
  return std::find(spec.props.begin(), spec.props.end(), Prop::kStep) != spec.props.end();
}

// The working foot's sole: the lower of its heel and toe.
double sole_y(const FigureSpec& spec, const kin::FigurePoints& p) {
  using FP = kin::FigurePoint;
  return spec.working_left ? std::min(p[FP::kLeftHeel].y, p[FP::kLeftToe].y)
                           : std::min(p[FP::kRightHeel].y, p[FP::kRightToe].y);
}

}  // namespace

double step_height(const FigureSpec& spec, double h) {
  return has_step(spec) ? sole_y(spec, kin::figure_points(spec.start, h)) : 0.0;
}

kin::FigurePoints posed_points(const FigureSpec& spec, const kin::FigurePose& pose, double h) {
  kin::FigurePoints p = kin::figure_points(pose, h);
  if (!has_step(spec)) return p;
  const double dy = step_height(spec, h) - sole_y(spec, p);
  for (auto& q : p.at) q.y += dy;
  return p;
}

namespace {

// The points a fixed camera keeps still: those resting on the floor (within 8 % of the height) in both
// postures that move together relative to the pelvis (a heel sliding along the floor is not one of them).
std::vector<std::size_t> resting_points(const FigureSpec& spec, double h) {
  using FP = kin::FigurePoint;
  if (has_step(spec)) {  // the working foot, on the step
    const auto idx = [](FP f) { return static_cast<std::size_t>(f); };
    return spec.working_left
               ? std::vector<std::size_t>{idx(FP::kLeftAnkle), idx(FP::kLeftHeel), idx(FP::kLeftToe)}
               : std::vector<std::size_t>{idx(FP::kRightAnkle), idx(FP::kRightHeel), idx(FP::kRightToe)};
  }
  const kin::FigurePoints a = kin::figure_points(spec.start, h), b = kin::figure_points(spec.end, h);
  std::vector<std::size_t> floor;
  std::vector<double> dx, dz;
  for (std::size_t i = 0; i < kin::kFigurePointCount; ++i)
    if (a.at[i].y < 0.08 * h && b.at[i].y < 0.08 * h) {
      floor.push_back(i);
      dx.push_back(b.at[i].x - a.at[i].x);
      dz.push_back(b.at[i].z - a.at[i].z);
    }
  if (floor.empty()) return floor;
  auto median = [](std::vector<double> v) {
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
    return v[v.size() / 2];
  };
  const double mx = median(dx), mz = median(dz);
  std::vector<std::size_t> out;
  for (std::size_t k = 0; k < floor.size(); ++k)
    if (std::hypot(dx[k] - mx, dz[k] - mz) < 0.05 * h) out.push_back(floor[k]);
  return out;
}

kin::Point3 mean_of(const kin::FigurePoints& p, const std::vector<std::size_t>& idx) {
  kin::Point3 m;
  for (std::size_t i : idx) {
    m.x += p.at[i].x;
    m.z += p.at[i].z;
  }
  const double n = static_cast<double>(std::max<std::size_t>(idx.size(), 1));
  return {m.x / n, 0.0, m.z / n};
}

kin::Point3 mid_hip(const kin::FigurePoints& p) {
  const auto& l = p[kin::FigurePoint::kLeftHip];
  const auto& r = p[kin::FigurePoint::kRightHip];
  return {(l.x + r.x) / 2, (l.y + r.y) / 2, (l.z + r.z) / 2};
}

}  // namespace

kin::LandmarkFile figure_motion(const FigureSpec& spec, const MotionTiming& timing) {
  // A fixed camera: the image centre is where the mid-hip was at the start, moved with the points that rest
  // on the floor (they stay still in the picture while the body moves over them).
  const std::vector<std::size_t> resting = resting_points(spec, timing.height_m);
  const kin::FigurePoints first = posed_points(spec, spec.start, timing.height_m);
  const kin::Point3 hip0 = mid_hip(first), anchor0 = mean_of(first, resting);
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
        posed_points(spec, kin::interpolate(spec.start, spec.end, s), timing.height_m);
    kin::Point3 centre = mid_hip(pts);
    if (!resting.empty()) {
      const kin::Point3 anchor = mean_of(pts, resting);
      centre = {hip0.x + anchor.x - anchor0.x, hip0.y, hip0.z + anchor.z - anchor0.z};
    }
    const kin::FigureFrame fr = kin::figure_landmarks(pts, spec.view, 1280, 720, &centre);
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
