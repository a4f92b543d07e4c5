#include "gait/cycles.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "dsp/butterworth.hpp"
#include "kinematics/angles/angles.hpp"

namespace physio::gait {
namespace {

constexpr std::array<const char*, 3> kAngles{"hip_flexion", "knee_flexion", "ankle_dorsiflexion"};

void add_peaks(AngleCurve& c) {
  const auto& m = c.mean_deg;
  const auto mx = std::max_element(m.begin(), m.end());
  const auto mn = std::min_element(m.begin(), m.end());
  c.peaks.push_back({"max", *mx, static_cast<double>(mx - m.begin())});
  c.peaks.push_back({"min", *mn, static_cast<double>(mn - m.begin())});
  c.peaks.push_back({"at_initial_contact", m.front(), 0.0});
  c.range_deg = *mx - *mn;
}

}  // namespace

std::vector<double> normalise_cycle(const std::vector<double>& v, const std::vector<double>& t_s,
                                    std::size_t first, std::size_t last) {
  if (last <= first || last >= v.size() || last >= t_s.size()) return {};
  for (std::size_t i = first; i <= last; ++i)
    if (!std::isfinite(v[i])) return {};
  std::vector<double> out(kCyclePoints);
  const double t0 = t_s[first], t1 = t_s[last];
  std::size_t j = first;
  for (std::size_t k = 0; k < kCyclePoints; ++k) {
    const double t = t0 + (t1 - t0) * static_cast<double>(k) / static_cast<double>(kCyclePoints - 1);
    while (j + 1 < last && t_s[j + 1] <= t) ++j;
    const double a = (t - t_s[j]) / (t_s[j + 1] - t_s[j]);
    out[k] = v[j] + std::clamp(a, 0.0, 1.0) * (v[j + 1] - v[j]);
  }
  return out;
}

Result<std::vector<AngleCurve>> compute_angle_curves(const kin::LandmarkSequence& seq, const WalkTrack& w,
                                                     const std::vector<Stride>& strides) {
  kin::AngleOptions ao;
  ao.mode = kin::AngleMode::k2d;
  ao.facing = w.direction < 0 ? kin::Facing::kLeft : kin::Facing::kRight;
  ao.repair_swaps = false;  // the labels the events were found with (walk_track.cpp)
  ao.repair_merged_legs = false;
  for (LegSide s : {LegSide::kLeft, LegSide::kRight})
    for (const char* a : kAngles) ao.angles.push_back(fmt::format("{}_{}", leg_side_name(s), a));
  auto series = kin::compute_angles(seq, ao);
  if (!series)
    return std::unexpected(std::move(series).error().with_context("joint angles for the gait cycles"));

  std::vector<AngleCurve> curves;
  const std::size_t n = w.size();
  for (LegSide s : {LegSide::kLeft, LegSide::kRight}) {
    std::vector<const Stride*> mine;
    for (const Stride& st : strides)
      if (st.side == s) mine.push_back(&st);
    if (mine.empty()) continue;
    for (const char* a : kAngles) {
      auto col = series->column(fmt::format("{}_{}", leg_side_name(s), a));
      std::vector<double> v(n);
      for (std::size_t i = 0; i < n; ++i) v[i] = col[w.first_frame + i];
      if (w.rate_hz > 2.5 * kCutoffHz) {
        dsp::ZeroPhaseLowpass lp;
        lp.cutoff_hz = kCutoffHz;
        lp.rate_hz = w.rate_hz;
        PHYSIO_CHECK(dsp::lowpass_zero_phase(v, lp));
      }
      std::vector<std::vector<double>> cycles;
      for (const Stride* st : mine) {
        auto c = normalise_cycle(v, w.t_s, st->start.index, st->end.index);
        if (!c.empty()) cycles.push_back(std::move(c));
      }
      if (cycles.empty()) continue;
      AngleCurve curve;
      curve.angle = a;
      curve.side = s;
      curve.cycles = cycles.size();
      curve.mean_deg.assign(kCyclePoints, 0.0);
      curve.sd_deg.assign(kCyclePoints, 0.0);
      const double nc = static_cast<double>(cycles.size());
      for (std::size_t k = 0; k < kCyclePoints; ++k) {
        double sum = 0, sq = 0;
        for (const auto& c : cycles) sum += c[k];
        const double mean = sum / nc;
        for (const auto& c : cycles) sq += (c[k] - mean) * (c[k] - mean);
        curve.mean_deg[k] = mean;
        curve.sd_deg[k] = cycles.size() > 1 ? std::sqrt(sq / (nc - 1)) : 0.0;
      }
      add_peaks(curve);
      curves.push_back(std::move(curve));
    }
  }
  return curves;
}

}  // namespace physio::gait
