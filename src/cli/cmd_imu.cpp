// physio imu <info|orient|...>: wearable sensor recordings.
#include <cstdio>
#include <memory>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/imu_common.hpp"
#include "core/interrupt_cleanup.hpp"
#include "core/text.hpp"
#include "imu/orientation.hpp"
#include "imu/summary.hpp"

namespace physio::cli {
namespace {

int run_imu_info(const ImuInputOptions& o, bool json) {
  auto session = load_imu_inputs(o);
  if (!session) return report_error(session.error());
  const imu::SessionSummary summary = imu::summarise_session(*session);
  if (json) {
    nlohmann::json j;
    j["source"] = summary.source;
    j["sensors"] = nlohmann::json::array();
    for (const auto& s : summary.sensors)
      j["sensors"].push_back({{"sensor", s.sensor_name},
                              {"placement", s.placement},
                              {"placement_basis", s.placement_basis},
                              {"duration_s", s.duration_s},
                              {"rate_hz", s.rate_hz},
                              {"samples", s.samples},
                              {"gyroscope", s.has_gyr},
                              {"magnetometer", s.has_mag},
                              {"acc_unit", s.acc_unit},
                              {"gyr_unit", s.gyr_unit}});
    j["warnings"] = summary.warnings;
    std::printf("%s\n", j.dump(2).c_str());
  } else {
    std::printf("%s", imu::format_summary(summary).c_str());
  }
  return 0;
}

struct OrientOptions {
  ImuInputOptions in;
  std::string method = "filter-offline";
  bool no_mag = false;
  std::string sensor;
};

int run_imu_orient(const OrientOptions& o) {
  // The table is CSV: any other extension is refused before the work, not written with the wrong format.
  if (!o.in.output.empty() && !o.in.output.ends_with(".csv"))
    return report_error(Error(
        ErrorCode::kInvalidArgument,
        fmt::format("-o {}: the orientation table is written as CSV; give a .csv file name", o.in.output)));
  auto session = load_imu_inputs(o.in);
  if (!session) return report_error(session.error());
  imu::OrientationOptions oo;
  if (iequals(o.method, "madgwick")) {
    oo.method = imu::OrientationMethod::kMadgwick;
  } else if (iequals(o.method, "filter")) {
    oo.method = imu::OrientationMethod::kFilter;
  } else if (iequals(o.method, "filter-offline")) {
    oo.method = imu::OrientationMethod::kFilterOffline;
  } else {
    return report_error(
        Error(ErrorCode::kInvalidArgument,
              fmt::format("--method '{}': expected filter-offline, filter (causal) or madgwick", o.method)));
  }
  oo.use_mag = !o.no_mag;
  const imu::ImuRecording* rec = nullptr;
  for (const auto& s : session->sensors)
    if (o.sensor.empty() || s.sensor_name == o.sensor) {
      rec = &s;
      break;
    }
  if (rec == nullptr) {
    std::string names;
    for (const auto& s : session->sensors) names += (names.empty() ? "" : ", ") + s.sensor_name;
    return report_error(Error(ErrorCode::kNotFound, fmt::format("no sensor '{}' in {}; sensors: {}", o.sensor,
                                                                session->source, names)));
  }
  if (!rec->mag_ut) oo.use_mag = false;
  auto q = imu::compute_orientation(*rec, oo);
  if (!q) return report_error(q.error().with_context("orientation of " + rec->sensor_name));
  auto table = imu::format_orientation_table(*rec, *q);
  if (!table) return report_error(table.error());
  for (const auto& w : session->warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
  if (o.in.output.empty()) {
    std::fwrite(table->data(), 1, table->size(), stdout);
    return 0;
  }
  if (auto s = write_output(o.in.output, *table, "orientation CSV"); !s) return report_error(s.error());
  return 0;
}

}  // namespace

void add_imu_command(CLI::App& app) {
  auto* imu =
      app.add_subcommand("imu", "Wearable sensor (IMU) recordings: summary, orientation, gait, tests");
  imu->require_subcommand(1, 1);
  // Every imu subcommand writes its outputs through temporaries that an interrupt removes.
  imu->parse_complete_callback([] { install_interrupt_cleanup(); });

  {
    auto o = std::make_shared<ImuInputOptions>();
    auto json = std::make_shared<bool>(false);
    auto* sub =
        imu->add_subcommand("info", "Describe IMU recordings: sensors, rate, duration, units, repairs");
    add_imu_input_options(sub, *o, "IMU CSV file(s)", false);
    sub->add_flag("--json", *json, "Print JSON instead of text");
    sub->callback([o, json] { set_exit(run_imu_info(*o, *json)); });
  }
  {
    auto o = std::make_shared<OrientOptions>();
    auto* sub =
        imu->add_subcommand("orient", "Sensor orientation per sample (quaternion and roll/pitch/yaw) as CSV");
    add_imu_input_options(sub, o->in, "IMU CSV file", false);
    sub->add_option("--method", o->method, "filter-offline|filter|madgwick")->capture_default_str();
    sub->add_flag("--no-mag", o->no_mag, "Ignore the magnetometer (6D: heading is arbitrary)");
    sub->add_option("--sensor", o->sensor, "Sensor name in a multi-sensor file (default: the first)");
    sub->callback([o] { set_exit(run_imu_orient(*o)); });
  }
  add_imu_analysis_commands(*imu);
}

}  // namespace physio::cli
