#include "cli/imu_common.hpp"

#include <algorithm>
#include <cstdio>

#include "cli/option_checks.hpp"
#include "core/file_io.hpp"
#include "core/text.hpp"
#include "imu/functional/change_flags.hpp"

namespace physio::cli {

void add_imu_input_options(CLI::App* sub, ImuInputOptions& o, const std::string& files_help,
                           bool with_report) {
  sub->add_option("files", o.files, files_help)->required();
  sub->add_option(
         "--rate-hz", o.rate_hz,
         "Sampling rate (Hz): needed when a file has no time column; otherwise the grid to resample to")
      ->check(rate_hz_check());
  sub->add_option("--acc-unit", o.acc_unit, "Accelerometer unit in the file: auto|g|mps2")
      ->capture_default_str();
  sub->add_option("--gyr-unit", o.gyr_unit, "Gyroscope unit in the file: auto|dps|rps")
      ->capture_default_str();
  sub->add_option(
         "--placement", o.placement,
         "Where the sensor is worn: auto|lower-back|left-foot|right-foot|thigh|shank|wrist (auto: from the "
         "signal, with the file name as a hint)")
      ->capture_default_str();
  sub->add_option("-o,--output", o.output, "Write the result as JSON to this file");
  if (with_report) sub->add_option("--report", o.report, "Write a self-contained HTML report to this file");
}

void add_result_date_option(CLI::App* sub, ImuInputOptions& o) {
  sub->add_option("--date", o.date,
                  "Day of the recording (YYYY-MM-DD), written into the result for `physio imu flags`")
      ->check(CLI::Validator(
          [](std::string& s) -> std::string {
            if (imu::parse_iso_date_days(s)) return {};
            return "'" + s + "' is not a calendar date: give it as YYYY-MM-DD";
          },
          "YYYY-MM-DD"));
}

Result<imu::Placement> parse_placement(const std::string& text) {
  if (text.empty() || iequals(text, "auto")) return imu::Placement::kUnknown;
  // Command-line values use hyphens; the underscore spelling of earlier versions is accepted too.
  std::string normalised = text;
  std::replace(normalised.begin(), normalised.end(), '-', '_');
  for (imu::Placement p : {imu::Placement::kLowerBack, imu::Placement::kLeftFoot, imu::Placement::kRightFoot,
                           imu::Placement::kThigh, imu::Placement::kShank, imu::Placement::kWrist})
    if (iequals(imu::placement_name(p), normalised)) return p;
  return fail(ErrorCode::kInvalidArgument,
              "--placement '{}': expected auto, lower-back, left-foot, right-foot, thigh, shank or wrist",
              text);
}

Result<imu::ImuSession> load_imu_inputs(const ImuInputOptions& o) {
  imu::ImuLoadOptions lo;
  if (o.rate_hz > 0) lo.rate_hz = o.rate_hz;
  if (iequals(o.acc_unit, "g")) {
    lo.acc_unit = imu::AccUnit::kG;
  } else if (iequals(o.acc_unit, "mps2") || iequals(o.acc_unit, "m/s2") || iequals(o.acc_unit, "ms2")) {
    lo.acc_unit = imu::AccUnit::kMps2;
  } else if (!iequals(o.acc_unit, "auto")) {
    return fail(ErrorCode::kInvalidArgument, "--acc-unit '{}': expected auto, g or mps2", o.acc_unit);
  }
  if (iequals(o.gyr_unit, "dps") || iequals(o.gyr_unit, "deg/s")) {
    lo.gyr_unit = imu::GyrUnit::kDegPerS;
  } else if (iequals(o.gyr_unit, "rps") || iequals(o.gyr_unit, "rad/s")) {
    lo.gyr_unit = imu::GyrUnit::kRadPerS;
  } else if (!iequals(o.gyr_unit, "auto")) {
    return fail(ErrorCode::kInvalidArgument, "--gyr-unit '{}': expected auto, dps or rps", o.gyr_unit);
  }
  lo.placement = PHYSIO_TRY(parse_placement(o.placement));
  imu::ImuSession all;
  for (const auto& f : o.files) {
    imu::ImuSession s = PHYSIO_TRY(imu::load_imu_csv(f, lo));
    if (all.source.empty()) {
      all.source = s.source;
    } else {
      all.source += ", " + s.source;
    }
    for (auto& r : s.sensors) all.sensors.push_back(std::move(r));
    for (auto& w : s.warnings) all.warnings.push_back(std::move(w));
  }
  return all;
}

Status write_output(const std::string& path, const std::string& text, const char* what) {
  PHYSIO_CHECK(save_file_atomic(path, text));
  std::fprintf(stderr, "wrote %s: %s\n", what, path.c_str());
  return ok();
}

}  // namespace physio::cli
