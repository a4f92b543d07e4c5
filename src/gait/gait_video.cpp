#include "gait/gait_video.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "gait/cycles.hpp"
#include "gait/spatial.hpp"

namespace physio::gait {
namespace {

double median_of(std::vector<double> v) {
  if (v.empty()) return kNaN;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Strides of one foot: consecutive contacts kMinSameFootS-kMaxStrideS apart and under 1.5 median intervals
// (a longer one has a missed contact inside).
void add_strides(VideoGait& g, const SideEvents& se) {
  std::vector<double> dt;
  for (std::size_t i = 1; i < se.contacts.size(); ++i)
    dt.push_back(se.contacts[i].t_s - se.contacts[i - 1].t_s);
  const double med = median_of(dt);
  for (std::size_t i = 1; i < se.contacts.size(); ++i) {
    const GaitEvent& a = se.contacts[i - 1];
    const GaitEvent& b = se.contacts[i];
    const double t = b.t_s - a.t_s;
    if (t < kMinSameFootS || t > kMaxStrideS || t > 1.5 * med) {
      g.notes.push_back(
          fmt::format("{} foot: {:.2f} s between the contacts at frames {} and {} is not one stride (a "
                      "contact in between was not found); not counted",
                      leg_side_name(se.side), t, a.frame, b.frame));
      continue;
    }
    Stride s;
    s.side = se.side;
    s.start = a;
    s.end = b;
    s.time_s = t;
    for (const GaitEvent& to : se.toe_offs)
      if (to.t_s > a.t_s && to.t_s < b.t_s) {
        s.toe_off = to;
        s.stance_pct = 100 * (to.t_s - a.t_s) / t;
        s.swing_pct = 100 - s.stance_pct;
        break;
      }
    g.strides.push_back(s);
  }
}

// Steps: consecutive contacts of alternating feet, under 0.75 of the near foot's median stride apart.
void add_steps(VideoGait& g, double near_stride_s) {
  std::vector<std::pair<GaitEvent, LegSide>> all;
  for (const SideEvents& se : g.events.sides)
    for (const GaitEvent& e : se.contacts) all.emplace_back(e, se.side);
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first.t_s < b.first.t_s; });
  for (std::size_t i = 1; i < all.size(); ++i) {
    if (all[i].second == all[i - 1].second) continue;
    const double t = all[i].first.t_s - all[i - 1].first.t_s;
    if (t > 0.75 * near_stride_s) continue;
    g.steps.push_back({all[i].second, all[i - 1].first, all[i].first, t, kNaN});
  }
}

void summarise(VideoGait& g) {
  for (LegSide side : {LegSide::kLeft, LegSide::kRight}) {
    SideSummary& s = g.sides[static_cast<std::size_t>(side)];
    std::vector<double> st, stance, step;
    for (const Stride& x : g.strides)
      if (x.side == side) {
        st.push_back(x.time_s);
        if (std::isfinite(x.stance_pct)) stance.push_back(x.stance_pct);
      }
    for (const Step& x : g.steps)
      if (x.side == side) step.push_back(x.time_s);
    const auto mean = [](const std::vector<double>& v) {
      double a = 0;
      for (double x : v) a += x;
      return v.empty() ? kNaN : a / static_cast<double>(v.size());
    };
    s.strides = st.size();
    s.steps = step.size();
    s.stride_time_s = mean(st);
    if (st.size() > 1) {
      double q = 0;
      for (double x : st) q += (x - s.stride_time_s) * (x - s.stride_time_s);
      s.stride_time_sd_s = std::sqrt(q / static_cast<double>(st.size() - 1));
    }
    s.step_time_s = mean(step);
    s.stance_pct = mean(stance);
    if (std::isfinite(s.stance_pct)) s.swing_pct = 100 - s.stance_pct;
  }
}

}  // namespace

namespace {

std::size_t near_stride_count(const VideoGait& g) {
  return static_cast<std::size_t>(std::count_if(g.strides.begin(), g.strides.end(),
                                                [&](const Stride& s) { return s.side == g.walk.near_side; }));
}

// Everything after prepare_walk for one pass: events, strides, steps, summaries, curves, scale. No count
// of strides is required here (a pass of a walk across and back may hold one); compute_video_gait does.
Status analyse_pass(const kin::LandmarkSequence& seq, VideoGait& g, const GaitOptions& opts) {
  g.events = detect_events(g.walk);
  const LegSide near = g.walk.near_side, far = other(near);
  for (const SideEvents& se : g.events.sides) add_strides(g, se);
  if (near_stride_count(g) == 0) return ok();
  std::vector<double> ns;
  for (const Stride& s : g.strides)
    if (s.side == near) ns.push_back(s.time_s);
  add_steps(g, median_of(ns));
  summarise(g);

  const SideSummary& nsum = g.side(near);
  const SideSummary& fsum = g.side(far);
  if (nsum.steps > 0 && fsum.steps > 0) {
    double total = 0;
    for (const Step& s : g.steps) total += s.time_s;
    g.cadence_steps_per_min = 60.0 * static_cast<double>(g.steps.size()) / total;
    g.cadence_basis = fmt::format("{} steps of both feet", g.steps.size());
    const double l = g.side(LegSide::kLeft).step_time_s, r = g.side(LegSide::kRight).step_time_s;
    g.step_time_asymmetry_pct = 100 * std::abs(l - r) / (0.5 * (l + r));
    g.longer_step_side = l >= r ? "left" : "right";
  } else {
    g.cadence_steps_per_min = 120.0 / nsum.stride_time_s;
    g.cadence_basis =
        fmt::format("the near ({}) foot's {} strides, 2 steps each (the far foot's contacts were withheld)",
                    leg_side_name(near), nsum.strides);
    g.withheld.push_back(
        {"step_time_asymmetry_pct", "needs both feet's steps; the far foot's contacts were withheld: " +
                                        g.events.side(far).confidence_reason});
  }
  if (g.events.side(far).confidence == "withheld")
    g.withheld.push_back(
        {"far_side", "the " + std::string(leg_side_name(far)) +
                         " foot's events, stride and stance: " + g.events.side(far).confidence_reason});

  auto curves = compute_angle_curves(seq, g.walk, g.strides);
  if (!curves) {
    g.withheld.push_back({"angle_curves", curves.error().to_string()});
  } else {
    g.curves = std::move(*curves);
  }
  return apply_scale(g, opts);
}

// Frames [first, last] of `seq` as a sequence of their own.
kin::LandmarkSequence slice(const kin::LandmarkSequence& seq, std::size_t first, std::size_t last) {
  kin::LandmarkSequence out(seq.skeleton_ptr(), seq.space(), last - first + 1);
  out.up_axis = seq.up_axis;
  out.image_width = seq.image_width;
  out.image_height = seq.image_height;
  for (std::size_t f = first; f <= last; ++f) {
    out.times()[f - first] = seq.times()[f];
    const auto src = seq.frame(f);
    std::copy(src.begin(), src.end(), out.frame(f - first).begin());
  }
  return out;
}

void shift_event(GaitEvent& e, std::size_t frames, double seconds) {
  e.frame += frames;
  e.t_s += seconds;
}

// Another pass's strides and steps, in the input's frames and times, added to the pooled result (its events
// and indices stay its own: lengths were measured within the pass).
void add_pass(VideoGait& pooled, VideoGait pass, std::size_t first_frame, double t0_s) {
  for (Stride s : pass.strides) {
    shift_event(s.start, first_frame, t0_s);
    shift_event(s.end, first_frame, t0_s);
    if (s.toe_off) shift_event(*s.toe_off, first_frame, t0_s);
    pooled.strides.push_back(s);
  }
  for (Step s : pass.steps) {
    shift_event(s.start, first_frame, t0_s);
    shift_event(s.end, first_frame, t0_s);
    pooled.steps.push_back(s);
  }
}

}  // namespace

Result<VideoGait> compute_video_gait(const kin::LandmarkSequence& seq, const GaitOptions& opts) {
  VideoGait g;
  auto prepared = PHYSIO_TRY(prepare_walk(seq));
  g.applicability = std::move(prepared.applicability);
  g.walk = std::move(prepared.track);
  g.notes = g.walk.notes;
  if (!g.applicability.valid) return g;
  PHYSIO_CHECK(analyse_pass(seq, g, opts));
  // Strides of the foot nearer the camera, over every pass (the near foot changes with the direction).
  std::size_t near_strides = near_stride_count(g);

  // A walk across and back: each other pass analysed on its own (its own direction, near side and scale)
  // and its strides and steps pooled with the longest pass's; the turns between them are left out.
  std::size_t passes = 1;
  double walked_s = g.walk.t_s.back() - g.walk.t_s.front(), speed_weighted = 0;
  if (std::isfinite(g.speed_mps)) speed_weighted = g.speed_mps * walked_s;
  double speed_s = std::isfinite(g.speed_mps) ? walked_s : 0;
  for (const OtherPass& op : prepared.other_passes) {
    const auto sub = slice(seq, op.first_frame, op.last_frame);
    auto p = prepare_walk(sub);
    const double t0 = static_cast<double>(seq.times()[op.first_frame] - seq.times()[0]) / 1e6;
    if (!p || !p->applicability.valid) {
      g.notes.push_back(
          fmt::format("frames {}-{} ({:.2f}-{:.2f} s), a pass walking towards the image's {}: "
                      "not analysed ({})",
                      op.first_frame, op.last_frame, t0,
                      static_cast<double>(seq.times()[op.last_frame] - seq.times()[0]) / 1e6,
                      op.direction < 0 ? "left" : "right",
                      !p ? p.error().message()
                         : (p->applicability.reasons.empty() ? std::string("not a walk")
                                                             : p->applicability.reasons.front())));
      continue;
    }
    VideoGait pass;
    pass.walk = std::move(p->track);
    PHYSIO_CHECK(analyse_pass(sub, pass, opts));
    const double pass_s = pass.walk.t_s.back() - pass.walk.t_s.front();
    g.notes.push_back(fmt::format(
        "frames {}-{} ({:.2f}-{:.2f} s): another pass, walking towards the image's {} (the {} side nearer "
        "the "
        "camera): {} strides and {} steps pooled with the longest pass's",
        op.first_frame + pass.walk.first_frame, op.first_frame + pass.walk.first_frame + pass.walk.size() - 1,
        t0 + pass.walk.t_s.front(), t0 + pass.walk.t_s.back(), pass.walk.direction < 0 ? "left" : "right",
        leg_side_name(pass.walk.near_side), pass.strides.size(), pass.steps.size()));
    if (std::isfinite(pass.speed_mps)) {
      speed_weighted += pass.speed_mps * pass_s;
      speed_s += pass_s;
    }
    walked_s += pass_s;
    near_strides += near_stride_count(pass);
    add_pass(g, std::move(pass), op.first_frame, t0);
    ++passes;
  }
  if (passes > 1) {
    std::sort(g.strides.begin(), g.strides.end(),
              [](const Stride& a, const Stride& b) { return a.start.t_s < b.start.t_s; });
    std::sort(g.steps.begin(), g.steps.end(),
              [](const Step& a, const Step& b) { return a.end.t_s < b.end.t_s; });
    g.sides = {};
    summarise(g);
    // Lengths were measured within each pass (its own scale); their means over the pooled strides and steps.
    for (LegSide side : {LegSide::kLeft, LegSide::kRight}) {
      SideSummary& s = g.sides[static_cast<std::size_t>(side)];
      double sl = 0, st = 0;
      std::size_t nl = 0, nt = 0;
      for (const Stride& x : g.strides)
        if (x.side == side && std::isfinite(x.length_m)) sl += x.length_m, ++nl;
      for (const Step& x : g.steps)
        if (x.side == side && std::isfinite(x.length_m)) st += x.length_m, ++nt;
      s.stride_length_m = nl > 0 ? sl / static_cast<double>(nl) : kNaN;
      s.step_length_m = nt > 0 ? st / static_cast<double>(nt) : kNaN;
    }
    if (!g.steps.empty() && g.side(LegSide::kLeft).steps > 0 && g.side(LegSide::kRight).steps > 0) {
      double total = 0;
      for (const Step& s : g.steps) total += s.time_s;
      g.cadence_steps_per_min = 60.0 * static_cast<double>(g.steps.size()) / total;
      g.cadence_basis = fmt::format("{} steps of both feet over {} passes", g.steps.size(), passes);
      const double l = g.side(LegSide::kLeft).step_time_s, r = g.side(LegSide::kRight).step_time_s;
      g.step_time_asymmetry_pct = 100 * std::abs(l - r) / (0.5 * (l + r));
      g.longer_step_side = l >= r ? "left" : "right";
      std::erase_if(g.withheld,
                    [](const WithheldMeasure& m) { return m.measure == "step_time_asymmetry_pct"; });
    }
    if (speed_s > 0) g.speed_mps = speed_weighted / speed_s;
    g.notes.push_back(
        fmt::format("{} passes pooled ({:.1f} s of walking); the turns between them are left out; "
                    "the angle curves and events listed are the longest pass's",
                    passes, walked_s));
  }
  if (near_strides < kMinStrides) {
    g.applicability.refuse(fmt::format(
        "fewer than {} strides: {} complete stride{} of the near ({}) foot in {:.1f} s of "
        "walking in view; film a longer "
        "walk across the view, at least 3 strides (about 4 m) with the whole body in the picture",
        kMinStrides, near_strides, near_strides == 1 ? "" : "s", leg_side_name(g.walk.near_side), walked_s));
    return g;
  }
  return g;
}

}  // namespace physio::gait
