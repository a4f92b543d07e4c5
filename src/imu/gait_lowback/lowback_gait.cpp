#include "imu/gait_lowback/lowback_gait.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "imu/gait_lowback/aggregates.hpp"
#include "imu/gait_lowback/body_frame.hpp"
#include "imu/gait_lowback/regularity.hpp"

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
                "recording '{}' has no gyroscope: left/right labelling and turn detection need gyr_x/y/z "
                "(set require_gyroscope = false to analyse without them)",
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
  PHYSIO_CHECK(check_samples(rec.acc_mps2, "accelerometer"));
  if (rec.gyr_rps) PHYSIO_CHECK(check_samples(*rec.gyr_rps, "gyroscope"));
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
    if (options.sensor_height_m && ic_samples.size() >= 2) {
      const std::vector<double> sl = PHYSIO_TRY(compute_step_lengths(
          seg.acc_vertical, rate, ic_samples, *options.sensor_height_m, options.step_length));
      std::copy(sl.begin(), sl.end(), steps.begin());
    }
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
        "no sensor_height_m given: stride length and walking speed are not computed (NaN)");
  }
  if (!rec.gyr_rps) {
    res.warnings.push_back("no gyroscope: initial contacts have side \"unknown\" and turns are not detected");
  }

  const BodyFrame frame = PHYSIO_TRY(compute_body_frame(rec, options.sensor_to_body));
  if (frame.tilt_deg > options.max_tilt_deg) {
    res.warnings.push_back(
        fmt::format("the body x axis is on average {:.0f} deg from the vertical: the sensor is not upright "
                    "on the lower back "
                    "(check placement or sensor_to_body)",
                    frame.tilt_deg));
  }

  res.gait_sequences = PHYSIO_TRY(detect_gait_sequences(frame.acc_norm, rec.rate_hz, options.gsd));
  ContactsAndSteps cs = PHYSIO_TRY(contacts_from_frame(rec, frame, res.gait_sequences, options, &res.turns));
  res.initial_contacts = std::move(cs.initial_contacts);
  res.strides = build_strides(res.initial_contacts, cs.step_length_m, options.bouts);
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
