#include "imu/gait_lowback/lowback_gait.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "imu/gait_lowback/aggregates.hpp"
#include "imu/gait_lowback/body_frame.hpp"
#include "imu/gait_lowback/regularity.hpp"
#include "imu/gait_lowback/step_to_second.hpp"

namespace physio::imu {

namespace {

constexpr double kMinRateHz = 20.0;
constexpr double kMinSensorHeightM = 0.3;
constexpr double kMaxSensorHeightM = 2.0;

Status check_samples(const Samples3& m, std::string_view channel) {
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    for (Eigen::Index c = 0; c < 3; ++c) {
      if (!std::isfinite(m(i, c))) {
        return fail(ErrorCode::kInvalidArgument,
                    "{} sample {} axis {} is not finite ({}); fill or cut gaps before gait analysis", channel,
                    i, "xyz"[c], m(i, c));
      }
    }
  }
  return ok();
}

Status validate(const ImuRecording& rec, const LowBackGaitOptions& options) {
  const std::size_t n = rec.size();
  if (n == 0) return fail(ErrorCode::kMissingData, "recording '{}' has no samples", rec.sensor_name);
  if (static_cast<std::size_t>(rec.acc_mps2.rows()) != n) {
    return fail(ErrorCode::kInvalidArgument, "recording '{}': {} times but {} accelerometer rows",
                rec.sensor_name, n, rec.acc_mps2.rows());
  }
  if (!(rec.rate_hz >= kMinRateHz) || !std::isfinite(rec.rate_hz)) {
    return fail(ErrorCode::kInvalidArgument,
                "recording '{}' is sampled at {} Hz; lower-back gait analysis needs >= {} Hz",
                rec.sensor_name, rec.rate_hz, kMinRateHz);
  }
  const double duration_s = static_cast<double>(n) / rec.rate_hz;
  if (duration_s < options.min_duration_s) {
    return fail(ErrorCode::kMissingData,
                "recording '{}' lasts {:.2f} s; lower-back gait analysis needs at least {:.1f} s (a walking "
                "bout has >= 4 strides)",
                rec.sensor_name, duration_s, options.min_duration_s);
  }
  if (rec.gyr_rps && static_cast<std::size_t>(rec.gyr_rps->rows()) != n) {
    return fail(ErrorCode::kInvalidArgument, "recording '{}': {} times but {} gyroscope rows",
                rec.sensor_name, n, rec.gyr_rps->rows());
  }
  if (!rec.gyr_rps && options.require_gyroscope) {
    return fail(ErrorCode::kMissingData,
                "recording '{}' has no gyroscope: left/right labelling of steps and turn detection need "
                "gyroscope columns (gyr_x, gyr_y, gyr_z)",
                rec.sensor_name);
  }
  if (options.sensor_height_m &&
      !(*options.sensor_height_m > kMinSensorHeightM && *options.sensor_height_m < kMaxSensorHeightM)) {
    return fail(ErrorCode::kInvalidArgument,
                "sensor_height_m = {} m is not a plausible lower-back sensor height (expected {} to {} m)",
                *options.sensor_height_m, kMinSensorHeightM, kMaxSensorHeightM);
  }
  const WalkingBoutRules& r = options.bouts;
  if (!(r.min_stride_time_s >= 0.0 && r.min_stride_time_s < r.max_stride_time_s) || !(r.max_break_s >= 0.0) ||
      r.min_strides < 1 || !(r.min_stride_length_m >= 0.0)) {
    return fail(ErrorCode::kInvalidArgument,
                "walking bout rules: need 0 <= min_stride_time_s < max_stride_time_s, max_break_s >= 0, "
                "min_strides >= 1 and min_stride_length_m >= 0");
  }
  const PerSecondOptions& ps = options.per_second;
  if (ps.hampel_half_width == 0 || !(ps.hampel_n_sigmas > 0.0) || !(ps.max_interpolation_gap_s >= 0.0)) {
    return fail(ErrorCode::kInvalidArgument,
                "per-second options: hampel_half_width >= 1, hampel_n_sigmas > 0 and "
                "max_interpolation_gap_s >= 0 are required");
  }
  if (!(options.cadence_contacts.pad_s >= 0.0) || !std::isfinite(options.cadence_contacts.pad_s)) {
    return fail(ErrorCode::kInvalidArgument, "cadence_contacts.pad_s must be >= 0 s, got {}",
                options.cadence_contacts.pad_s);
  }
  PHYSIO_CHECK(check_samples(rec.acc_mps2, "accelerometer"));
  if (rec.gyr_rps) PHYSIO_CHECK(check_samples(*rec.gyr_rps, "gyroscope"));
  return ok();
}

// The Mobilise-D pipeline per gait sequence after the ICD (mobgap GenericMobilisedPipeline._run_per_gs): the
// sequence is cut to its first and last contact ("refined"); cadence from the step times of the cadence
// contacts, stride length from 2 x the Zijlstra step lengths at the ICD contacts, both as robust
// per-second series; speed per second = cadence x stride length / 120 (mobgap WsNaive).
// `steps` receives the raw step lengths (entry k: IC k -> k + 1).
Status per_second_values(const BodyFrame& frame, const BodyFrameSegment& seg, std::size_t s0,
                         std::span<const std::size_t> ic_samples, std::size_t g,
                         const LowBackGaitOptions& options, ContactsAndSteps& out,
                         std::vector<double>& steps) {
  if (ic_samples.size() < 2) return ok();
  const double rate = frame.rate_hz;
  const std::size_t r0 = ic_samples.front();  // relative to s0
  const std::size_t r1 = ic_samples.back() + 1;
  const std::size_t len = r1 - r0;
  const auto n_seconds = static_cast<std::size_t>(std::ceil(static_cast<double>(len) / rate - 1e-9));
  std::vector<std::size_t> rel(ic_samples.size());  // [n_ic] relative to r0
  std::vector<double> rel_s(ic_samples.size());     // [n_ic]
  for (std::size_t k = 0; k < ic_samples.size(); ++k) {
    rel[k] = ic_samples[k] - r0;
    rel_s[k] = static_cast<double>(rel[k]) / rate;
  }
  SequenceSeconds sec;
  sec.gait_sequence = g;
  sec.t0_s = static_cast<double>(s0 + r0) / rate;

  std::vector<double> cad_ic_s;  // cadence contacts relative to r0
  if (options.cadence_source == CadenceSource::kShinImproved) {
    const std::span<const double> norm(frame.acc_norm.data() + s0 + r0, len);
    cad_ic_s = PHYSIO_TRY(detect_cadence_contacts(norm, rate, options.cadence_contacts));
    for (double t : cad_ic_s) out.cadence_contact_t_s.push_back(sec.t0_s + t);
  } else {
    cad_ic_s = rel_s;
  }
  if (cad_ic_s.size() >= 2) {
    std::vector<double> step_time(cad_ic_s.size());  // [n] the last step repeated, as mobgap
    for (std::size_t k = 0; k + 1 < cad_ic_s.size(); ++k) step_time[k] = cad_ic_s[k + 1] - cad_ic_s[k];
    step_time.back() = step_time[step_time.size() - 2];
    sec.cadence_spm = PHYSIO_TRY(step_values_per_second(cad_ic_s, step_time, n_seconds, options.per_second));
    for (double& v : sec.cadence_spm) v = v > 0.0 ? 60.0 / v : kGaitNaN;
  } else {
    sec.cadence_spm.assign(n_seconds, kGaitNaN);
  }

  sec.stride_length_m.assign(n_seconds, kGaitNaN);
  if (options.sensor_height_m) {
    const std::span<const double> vert(seg.acc_vertical.data() + r0, len);
    const std::vector<double> sl =
        PHYSIO_TRY(compute_step_lengths(vert, rate, rel, *options.sensor_height_m, options.step_length));
    std::copy(sl.begin(), sl.end(), steps.begin());
    std::vector<double> padded(sl.begin(), sl.end());  // [n_ic] the last step repeated, as mobgap
    padded.push_back(sl.back());
    sec.stride_length_m = PHYSIO_TRY(step_values_per_second(rel_s, padded, n_seconds, options.per_second));
    for (double& v : sec.stride_length_m) v *= 2.0;
  }
  sec.walking_speed_mps.resize(n_seconds);
  for (std::size_t k = 0; k < n_seconds; ++k) {
    sec.walking_speed_mps[k] = sec.cadence_spm[k] * sec.stride_length_m[k] / 120.0;
  }
  out.seconds.push_back(std::move(sec));
  return ok();
}

// Per gait sequence: ICD, laterality and step lengths; turns too when `turns` is given (mobgap runs the turn
// detector per gait sequence as well). Only segment-sized buffers are allocated.
Result<ContactsAndSteps> contacts_from_frame(const ImuRecording& rec, const BodyFrame& frame,
                                             std::span<const GaitSequence> sequences,
                                             const LowBackGaitOptions& options, std::vector<Turn>* turns) {
  ContactsAndSteps out;
  const double rate = frame.rate_hz;
  const std::size_t n = rec.size();
  BodyFrameSegment seg;
  for (std::size_t g = 0; g < sequences.size(); ++g) {
    const std::size_t s0 = std::min(sequences[g].start, n);
    const std::size_t s1 = std::min(sequences[g].end, n);
    if (s1 <= s0 + 2) continue;
    const std::size_t len = s1 - s0;
    extract_body_segment(rec, frame, s0, s1, seg);
    const bool has_gyr = !seg.gyr_is.empty();
    if (turns != nullptr && has_gyr) {
      const std::vector<Turn> seg_turns = PHYSIO_TRY(detect_turns(seg.gyr_vertical, rate, options.turns));
      const double offset_s = static_cast<double>(s0) / rate;
      for (Turn t : seg_turns) {
        t.start_s += offset_s;
        t.end_s += offset_s;
        turns->push_back(std::move(t));
      }
    }
    const std::vector<double> ic_t = PHYSIO_TRY(detect_initial_contacts(seg.acc_is, rate, options.icd));
    std::vector<std::size_t> ic_samples;  // relative to s0
    for (double t : ic_t) {
      const auto idx = static_cast<std::size_t>(std::llround(t * rate));
      if (idx >= len) continue;
      if (!ic_samples.empty() && idx <= ic_samples.back()) continue;
      ic_samples.push_back(idx);
    }
    if (ic_samples.empty()) continue;
    std::vector<FootSide> sides(ic_samples.size(), FootSide::kUnknown);
    if (has_gyr) {
      sides =
          PHYSIO_TRY(label_initial_contacts(seg.gyr_is, seg.gyr_pa, rate, ic_samples, options.laterality));
    }
    std::vector<double> steps(ic_samples.size(), kGaitNaN);
    PHYSIO_CHECK(per_second_values(frame, seg, s0, ic_samples, g, options, out, steps));
    for (std::size_t k = 0; k < ic_samples.size(); ++k) {
      InitialContact ic;
      ic.sample = s0 + ic_samples[k];
      ic.t_s = static_cast<double>(ic.sample) / rate;
      ic.side = sides[k];
      ic.gait_sequence = g;
      out.initial_contacts.push_back(ic);
      out.step_length_m.push_back(steps[k]);
    }
  }
  return out;
}

}  // namespace

Result<ContactsAndSteps> detect_contacts_in_sequences(const ImuRecording& rec,
                                                      std::span<const GaitSequence> sequences,
                                                      const LowBackGaitOptions& options) {
  PHYSIO_CHECK(validate(rec, options));
  const BodyFrame frame = PHYSIO_TRY(compute_body_frame(rec, options.sensor_to_body));
  return contacts_from_frame(rec, frame, sequences, options, nullptr);
}

Result<LowBackGaitResult> analyse_lowback_gait(const ImuRecording& rec, const LowBackGaitOptions& options) {
  PHYSIO_CHECK(validate(rec, options));
  LowBackGaitResult res;
  res.rate_hz = rec.rate_hz;
  res.duration_s = static_cast<double>(rec.size()) / rec.rate_hz;
  res.sensor_height_m = options.sensor_height_m.value_or(kGaitNaN);
  if (rec.placement != Placement::kLowerBack && rec.placement != Placement::kUnknown) {
    res.warnings.push_back(
        fmt::format("sensor '{}' is declared as worn on the {}; these algorithms are validated for a "
                    "lower-back (L5) sensor "
                    "only, results are unreliable",
                    rec.sensor_name, placement_name(rec.placement)));
  }
  if (!options.sensor_height_m) {
    res.warnings.push_back(
        "no sensor height given (--sensor-height-m): stride length and walking speed are not computed");
  }
  if (!rec.gyr_rps) {
    res.warnings.push_back("no gyroscope: initial contacts have side \"unknown\" and turns are not detected");
  }

  const BodyFrame frame = PHYSIO_TRY(compute_body_frame(rec, options.sensor_to_body));
  if (frame.tilt_deg > options.max_tilt_deg) {
    res.warnings.push_back(
        fmt::format("the body x axis is on average {:.0f} deg from the vertical: the sensor is not upright "
                    "on the lower back "
                    "(check that it is worn on the lower back, upright, and give --placement)",
                    frame.tilt_deg));
  }

  if (options.gsd_algorithm == GsdAlgorithm::kIluz) {
    // Body-frame vertical and forward acceleration of the whole recording (only for this detector).
    const std::size_t n = rec.size();
    std::vector<double> acc_is(n);  // [n]
    std::vector<double> acc_pa(n);  // [n]
    const Eigen::RowVector3d up = options.sensor_to_body.row(0);
    const Eigen::RowVector3d fwd = options.sensor_to_body.row(2);
    for (std::size_t i = 0; i < n; ++i) {
      const auto row = rec.acc_mps2.row(static_cast<Eigen::Index>(i));
      acc_is[i] = up.dot(row);
      acc_pa[i] = fwd.dot(row);
    }
    res.gait_sequences =
        PHYSIO_TRY(detect_gait_sequences_iluz(acc_is, acc_pa, rec.rate_hz, options.gsd_iluz));
  } else {
    res.gait_sequences = PHYSIO_TRY(detect_gait_sequences(frame.acc_norm, rec.rate_hz, options.gsd));
  }
  ContactsAndSteps cs = PHYSIO_TRY(contacts_from_frame(rec, frame, res.gait_sequences, options, &res.turns));
  res.initial_contacts = std::move(cs.initial_contacts);
  res.strides = build_strides(res.initial_contacts, cs.seconds, options.bouts);
  res.walking_bouts = assemble_walking_bouts(res.strides, res.initial_contacts, res.turns, options.bouts);
  BodyFrameSegment seg;
  for (WalkingBout& b : res.walking_bouts) {
    const auto s0 = static_cast<std::size_t>(std::llround(b.start_s * rec.rate_hz));
    const auto s1 = std::min(rec.size(), static_cast<std::size_t>(std::llround(b.end_s * rec.rate_hz)));
    if (s1 <= s0) continue;
    extract_body_segment(rec, frame, s0, s1, seg);
    const Regularity r = compute_regularity(seg.acc_vertical, rec.rate_hz, b.stride_time_s);
    b.step_regularity = r.step_regularity;
    b.stride_regularity = r.stride_regularity;
    b.step_symmetry = r.step_symmetry;
  }
  res.per_second = per_second_series(res.gait_sequences, res.strides, res.walking_bouts);
  res.aggregates = aggregate_walking_bouts(res.walking_bouts, res.turns.size());
  if (res.gait_sequences.empty()) res.warnings.push_back("no gait sequence detected");
  return res;
}

}  // namespace physio::imu
