#include "gait/spatial.hpp"

#include <cmath>
#include <map>

#include <fmt/format.h>

namespace physio::gait {
namespace {

const char* const kNoScale =
    "no scale: give the camera calibration (--calibration FILE) or the patient's height (--height-cm H)";

void withhold_lengths(VideoGait& g, const std::string& reason) {
  for (const char* m : {"step_length_m", "stride_length_m", "speed_mps"}) g.withheld.push_back({m, reason});
}

// Position along the walking direction (metres) of each contact's footprint, keyed by track index.
using Positions = std::map<std::size_t, double>;

std::vector<GaitEvent> all_contacts(const VideoGait& g) {
  std::vector<GaitEvent> out;
  for (const SideEvents& se : g.events.sides) out.insert(out.end(), se.contacts.begin(), se.contacts.end());
  return out;
}

Result<Positions> from_calibration(const VideoGait& g, const CameraCalibration& cal) {
  const WalkTrack& w = g.walk;
  double kx = 1, ky = 1;
  if (w.image_width > 0 && w.image_height > 0) {
    kx = static_cast<double>(cal.width_px) / w.image_width;
    ky = static_cast<double>(cal.height_px) / w.image_height;
    if (std::abs(kx / ky - 1) > 0.01)
      return fail(
          ErrorCode::kInvalidArgument,
          "the calibration is for {}x{} images, the video is {}x{} (another shape): not this camera's "
          "calibration",
          cal.width_px, cal.height_px, w.image_width, w.image_height);
  }
  std::map<std::size_t, std::array<double, 3>> pts;
  for (const SideEvents& se : g.events.sides)
    for (const GaitEvent& e : se.contacts) {
      const LegTrack& leg = w.leg(se.side);
      auto p = floor_point(cal, leg.heel_x[e.index] * kx, leg.heel_y[e.index] * ky);
      if (!p)
        return std::unexpected(
            std::move(p).error().with_context(fmt::format("the heel at frame {}", e.frame)));
      pts[e.index] = *p;
    }
  const auto& near = g.events.side(w.near_side).contacts;
  const auto& a = pts.at(near.front().index);
  const auto& b = pts.at(near.back().index);
  const double dx = b[0] - a[0], dy = b[1] - a[1], len = std::hypot(dx, dy);
  if (!(len > 0))
    return fail(ErrorCode::kInvalidArgument, "the near foot's footprints are all at one floor point");
  Positions out;
  for (const auto& [i, p] : pts) out[i] = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len;
  return out;
}

}  // namespace

Status apply_scale(VideoGait& g, const GaitOptions& opts) {
  const WalkTrack& w = g.walk;
  if (g.events.side(w.near_side).contacts.size() < 2) {
    withhold_lengths(g, "fewer than two contacts of the near foot");
    return ok();
  }
  Positions pos;
  if (opts.calibration) {
    if (!w.pixels) {
      withhold_lengths(
          g,
          "the landmark file gives neither pixels nor the image size, so the calibration cannot be "
          "applied");
      return ok();
    }
    auto p = from_calibration(g, *opts.calibration);
    if (!p) {
      withhold_lengths(g, "the calibration cannot be used: " + p.error().to_string());
      return ok();
    }
    pos = std::move(*p);
    g.scale_basis = fmt::format(
        "camera calibration '{}': heels at initial contact projected onto the floor plane "
        "(camera {:.2f} m above it)",
        opts.calibration->name, opts.calibration->centre_m[2]);
  } else if (opts.height_m) {
    const double change = std::abs(w.leg_length_last_px - w.leg_length_first_px) / w.leg_length_px;
    if (change > kMaxLegChange) {
      withhold_lengths(
          g, fmt::format("the leg's length in the image changes by {:.0f} % between the start and the end "
                         "of the walk (over {:.0f} %): the person walks towards or away from the camera, "
                         "so the height cannot scale the image; film perpendicular to the walk, or give "
                         "the camera calibration",
                         100 * change, 100 * kMaxLegChange));
      return ok();
    }
    const double m_per_px = *opts.height_m * kLegFractionOfHeight / w.leg_length_px;
    for (const GaitEvent& e : all_contacts(g)) {
      const LegSide s = [&] {
        for (const SideEvents& se : g.events.sides)
          for (const GaitEvent& c : se.contacts)
            if (c.index == e.index) return se.side;
        return w.near_side;
      }();
      pos[e.index] = w.direction * w.leg(s).heel_x[e.index] * m_per_px;
    }
    g.scale_basis = fmt::format(
        "patient height {:.0f} cm: the leg (thigh + shank) is {:.3f} of standing height, "
        "{:.0f} px in the image, so {:.2f} mm per pixel (about +/-5 %: body proportions vary)",
        *opts.height_m * 100, kLegFractionOfHeight, w.leg_length_px, m_per_px * 1000);
  } else {
    withhold_lengths(g, kNoScale);
    return ok();
  }

  for (Stride& s : g.strides) s.length_m = std::abs(pos.at(s.end.index) - pos.at(s.start.index));
  for (Step& s : g.steps) s.length_m = pos.at(s.end.index) - pos.at(s.start.index);
  double len = 0, time = 0;
  for (LegSide side : {LegSide::kLeft, LegSide::kRight}) {
    SideSummary& sum = g.sides[static_cast<std::size_t>(side)];
    double sl = 0, st = 0;
    std::size_t ns = 0, nt = 0;
    for (const Stride& s : g.strides)
      if (s.side == side) {
        sl += s.length_m;
        ++ns;
        if (side == w.near_side) {
          len += s.length_m;
          time += s.time_s;
        }
      }
    for (const Step& s : g.steps)
      if (s.side == side) {
        st += s.length_m;
        ++nt;
      }
    if (ns > 0) sum.stride_length_m = sl / static_cast<double>(ns);
    if (nt > 0) sum.step_length_m = st / static_cast<double>(nt);
  }
  if (time > 0) g.speed_mps = len / time;
  if (g.steps.empty())
    g.withheld.push_back({"step_length_m",
                          "no steps: the far foot's contacts were withheld, and a step runs from "
                          "one foot's contact to the other's"});
  return ok();
}

}  // namespace physio::gait
