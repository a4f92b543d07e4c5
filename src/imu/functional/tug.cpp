#include "imu/functional/tug.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

#include <nlohmann/json.hpp>

#include "dsp/butterworth.hpp"
#include "dsp/derivative.hpp"
#include "dsp/filtfilt.hpp"
#include "imu/functional/angle_units.hpp"
#include "imu/functional/signal_ops.hpp"
#include "imu/orientation.hpp"

namespace physio::imu {

namespace {

struct Run {
  std::size_t begin = 0;  // first sample
  std::size_t end = 0;    // one past the last sample
};

std::vector<Run> runs_above(const std::vector<double>& x, double th) {
  std::vector<Run> out;
  std::size_t i = 0;
  while (i < x.size()) {
    if (!(x[i] > th)) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < x.size() && x[j] > th) ++j;
    out.push_back({i, j});
    i = j;
  }
  return out;
}

Status lowpass(std::vector<double>& x, double cutoff_hz, double rate_hz) {
  const auto sos = PHYSIO_TRY(
      dsp::design_zero_phase_lowpass({.total_order = 4, .cutoff_hz = cutoff_hz, .rate_hz = rate_hz}));
  dsp::filtfilt(sos, x);
  return ok();
}

struct Turn {
  Run run;
  double angle_deg = 0.0;
  double peak_rate_dps = 0.0;
};

std::vector<Turn> find_turns(const std::vector<double>& yaw_dps, double rate_hz, const TugOptions& o) {
  std::vector<double> mag(yaw_dps.size());
  for (std::size_t i = 0; i < mag.size(); ++i) mag[i] = std::abs(yaw_dps[i]);
  auto runs = runs_above(mag, o.turn_rate_dps);
  for (auto& r : runs) {
    while (r.begin > 0 && mag[r.begin - 1] > o.turn_edge_dps) --r.begin;
    while (r.end < mag.size() && mag[r.end] > o.turn_edge_dps) ++r.end;
  }
  std::vector<Run> merged;
  const auto gap = static_cast<std::size_t>(std::llround(o.turn_merge_s * rate_hz));
  for (const auto& r : runs) {
    if (!merged.empty() && r.begin <= merged.back().end + gap) {
      merged.back().end = std::max(merged.back().end, r.end);
    } else {
      merged.push_back(r);
    }
  }
  std::vector<Turn> turns;
  for (const auto& r : merged) {
    Turn t{r, 0.0, 0.0};
    for (std::size_t i = r.begin; i < r.end; ++i) {
      t.angle_deg += yaw_dps[i] / rate_hz;
      t.peak_rate_dps = std::max(t.peak_rate_dps, mag[i]);
    }
    if (std::abs(t.angle_deg) >= o.min_turn_deg) turns.push_back(t);
  }
  return turns;
}

}  // namespace

Result<TugResult> compute_tug(const ImuRecording& rec, const TugOptions& o) {
  const std::size_t n = rec.size();
  if (!rec.gyr_rps) {
    return fail(ErrorCode::kMissingData, "sensor '{}': the Timed Up and Go analysis needs a gyroscope",
                rec.sensor_name);
  }
  if (!(rec.rate_hz > 0.0)) return fail(ErrorCode::kInvalidArgument, "sampling rate must be positive");
  if (static_cast<std::size_t>(rec.acc_mps2.rows()) != n ||
      static_cast<std::size_t>(rec.gyr_rps->rows()) != n) {
    return fail(ErrorCode::kInvalidArgument, "sensor '{}': acc/gyr rows differ from {} timestamps",
                rec.sensor_name, n);
  }
  if (static_cast<double>(n) / rec.rate_hz < o.min_duration_s) {
    return fail(ErrorCode::kMissingData, "sensor '{}': {:.2f} s of data, the TUG needs >= {} s",
                rec.sensor_name, static_cast<double>(n) / rec.rate_hz, o.min_duration_s);
  }
  for (std::size_t i = 0; i < n; ++i) {
    const auto k = static_cast<Eigen::Index>(i);
    if (!rec.acc_mps2.row(k).allFinite() || !rec.gyr_rps->row(k).allFinite()) {
      return fail(ErrorCode::kInvalidArgument, "sensor '{}': sample {} has NaN or infinite acc/gyr",
                  rec.sensor_name, i);
    }
  }
  OrientationOptions oo;
  oo.use_mag = false;
  const auto q = PHYSIO_TRY(compute_orientation(rec, oo));

  // Yaw rate (deg/s), |omega| (rad/s) and the sensor-frame "up" per sample.
  std::vector<double> yaw(n), wmag(n);
  std::vector<Vec3> up(n);
  std::array<std::vector<double>, 3> upc{std::vector<double>(n), std::vector<double>(n),
                                         std::vector<double>(n)};
  for (std::size_t i = 0; i < n; ++i) {
    const Vec3 w = rec.gyr_rps->row(static_cast<Eigen::Index>(i)).transpose();
    yaw[i] = (q[i] * w).z() * kRadToDeg;
    wmag[i] = w.norm();
    up[i] = q[i].conjugate() * Vec3::UnitZ();
    for (int a = 0; a < 3; ++a) upc[static_cast<std::size_t>(a)][i] = up[i][a];
  }
  const Vec3 up_ref =
      Vec3(functional::median_of(upc[0]), functional::median_of(upc[1]), functional::median_of(upc[2]))
          .normalized();
  PHYSIO_CHECK(lowpass(yaw, o.yaw_lowpass_hz, rec.rate_hz));
  PHYSIO_CHECK(lowpass(wmag, o.tilt_lowpass_hz, rec.rate_hz));

  auto t_s = [&](std::size_t i) { return static_cast<double>(rec.t_us[std::min(i, n - 1)]) * 1e-6; };

  // Movement onset and end.
  std::size_t onset = n, end = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (wmag[i] > o.motion_rps) {
      onset = std::min(onset, i);
      end = i + 1;
    }
  }
  if (onset >= end) return fail(ErrorCode::kMissingData, "no trunk motion above {} rad/s", o.motion_rps);

  const auto turns = find_turns(yaw, rec.rate_hz, o);
  if (turns.size() < 2) {
    return fail(ErrorCode::kMissingData,
                "found {} turn(s) of >= {} deg; the TUG needs the walking turn and the turn-to-sit",
                turns.size(), o.min_turn_deg);
  }
  const Turn& turn1 = turns.front();
  const Turn& turn2 = turns.back();

  // Signed trunk flexion: the lean direction is the one of the largest tilt before the first turn (the
  // sit-to-stand always leans forward), so the seated recline reads negative.
  std::size_t i_max = onset;
  double tilt_max = -1.0;
  for (std::size_t i = onset; i < turn1.run.begin; ++i) {
    const double tl = std::acos(std::clamp(up[i].dot(up_ref), -1.0, 1.0));
    if (tl > tilt_max) {
      tilt_max = tl;
      i_max = i;
    }
  }
  Vec3 fwd = up[i_max] - up[i_max].dot(up_ref) * up_ref;
  if (fwd.norm() < 1e-6) return fail(ErrorCode::kMissingData, "no trunk flexion before the first turn");
  fwd.normalize();
  std::vector<double> pitch(n);
  for (std::size_t i = 0; i < n; ++i) pitch[i] = std::atan2(up[i].dot(fwd), up[i].dot(up_ref)) * kRadToDeg;
  PHYSIO_CHECK(lowpass(pitch, o.tilt_lowpass_hz, rec.rate_hz));

  const auto lobes = runs_above(pitch, o.flexion_deg);
  auto peak_of = [&](const Run& r) {
    return static_cast<std::size_t>(std::max_element(pitch.begin() + static_cast<std::ptrdiff_t>(r.begin),
                                                     pitch.begin() + static_cast<std::ptrdiff_t>(r.end)) -
                                    pitch.begin());
  };
  std::optional<Run> sts_lobe, sit_lobe;
  for (const auto& r : lobes) {
    const std::size_t p = peak_of(r);
    if (!sts_lobe && p >= onset && p < turn1.run.begin) sts_lobe = r;
    if (p >= turn1.run.end) sit_lobe = r;
  }
  if (!sts_lobe)
    return fail(ErrorCode::kMissingData, "sit-to-stand not found: no trunk flexion > {} deg before the turn",
                o.flexion_deg);
  if (!sit_lobe)
    return fail(ErrorCode::kMissingData, "stand-to-sit not found: no trunk flexion > {} deg after the turn",
                o.flexion_deg);

  // Sit-to-stand ends when the trunk extension after the flexion peak settles: the first sample after the
  // fastest extension where the tilt rate is back within settle_dps. Stand-to-sit starts symmetrically:
  // the last sample before the fastest flexion of its lobe where the tilt rate was within settle_dps.
  std::vector<double> rate(n);
  PHYSIO_CHECK(dsp::first_derivative(pitch, rate, rec.rate_hz));
  const std::size_t sts_peak = peak_of(*sts_lobe);
  const auto one_s = static_cast<std::size_t>(std::llround(rec.rate_hz));
  const std::size_t sts_search_end = std::min(turn1.run.begin, sts_lobe->end + one_s);
  std::size_t i_ext = sts_peak;
  for (std::size_t i = sts_peak; i < sts_search_end; ++i)
    if (rate[i] < rate[i_ext]) i_ext = i;
  std::size_t sts_end = sts_search_end;
  for (std::size_t i = i_ext; i < sts_search_end; ++i) {
    if (rate[i] > -o.settle_dps) {
      sts_end = i;
      break;
    }
  }
  const std::size_t sit_peak = peak_of(*sit_lobe);
  const std::size_t s2s_floor =
      std::max(turn1.run.end, sit_lobe->begin > one_s ? sit_lobe->begin - one_s : 0);
  std::size_t i_flex = sit_peak;
  for (std::size_t i = sit_peak; i-- > s2s_floor;)
    if (rate[i] > rate[i_flex]) i_flex = i;
  std::size_t s2s_start = s2s_floor;
  for (std::size_t i = i_flex + 1; i-- > s2s_floor;) {
    if (rate[i] < o.settle_dps) {
      s2s_start = i;
      break;
    }
  }

  TugResult r;
  r.sit_to_stand = {t_s(onset), t_s(sts_end)};
  r.walk_out = {t_s(sts_end), t_s(turn1.run.begin)};
  r.turn = {t_s(turn1.run.begin), t_s(turn1.run.end)};
  r.walk_back = {t_s(turn1.run.end), t_s(turn2.run.begin)};
  r.turn_to_sit = {t_s(turn2.run.begin), std::max(t_s(turn2.run.begin), t_s(s2s_start))};
  r.stand_to_sit = {t_s(s2s_start), t_s(end)};
  r.total_s = t_s(end) - t_s(onset);
  r.turn_angle_deg = turn1.angle_deg;
  r.turn_to_sit_angle_deg = turn2.angle_deg;
  r.turn_peak_rate_dps = turn1.peak_rate_dps;
  r.sts_peak_tilt_deg = pitch[peak_of(*sts_lobe)];
  if (r.walk_out.duration_s() < 0.0 || r.walk_back.duration_s() < 0.0) {
    return fail(ErrorCode::kMissingData,
                "TUG phases overlap (sit-to-stand ends at {:.2f} s, turn at {:.2f}-{:.2f} s)",
                r.sit_to_stand.end_s, r.turn.start_s, r.turn.end_s);
  }
  return r;
}

nlohmann::json tug_to_json(const TugResult& r) {
  auto ph = [](const TugPhase& p) {
    return nlohmann::json{{"start_s", p.start_s}, {"end_s", p.end_s}, {"duration_s", p.duration_s()}};
  };
  return {{"total_s", r.total_s},
          {"sit_to_stand", ph(r.sit_to_stand)},
          {"walk_out", ph(r.walk_out)},
          {"turn", ph(r.turn)},
          {"walk_back", ph(r.walk_back)},
          {"turn_to_sit", ph(r.turn_to_sit)},
          {"stand_to_sit", ph(r.stand_to_sit)},
          {"turn_angle_deg", r.turn_angle_deg},
          {"turn_to_sit_angle_deg", r.turn_to_sit_angle_deg},
          {"turn_peak_rate_dps", r.turn_peak_rate_dps},
          {"sts_peak_tilt_deg", r.sts_peak_tilt_deg}};
}

}  // namespace physio::imu
