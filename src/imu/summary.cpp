#include "imu/summary.hpp"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>

namespace physio::imu {

SessionSummary summarise_session(const ImuSession& session) {
  SessionSummary s;
  s.source = session.source;
  s.warnings = session.warnings;
  for (const auto& r : session.sensors) {
    SensorSummary ss;
    ss.sensor_name = r.sensor_name;
    ss.placement = std::string(placement_name(r.placement));
    ss.placement_basis = r.placement_basis;
    ss.duration_s = r.duration_s();
    ss.rate_hz = r.rate_hz;
    ss.samples = r.size();
    ss.has_gyr = r.gyr_rps.has_value();
    ss.has_mag = r.mag_ut.has_value();
    ss.acc_unit = fmt::format("{} ({})", acc_unit_name(r.units.acc), r.units.acc_source);
    if (ss.has_gyr) ss.gyr_unit = fmt::format("{} ({})", gyr_unit_name(r.units.gyr), r.units.gyr_source);
    s.sensors.push_back(std::move(ss));
  }
  return s;
}

std::string format_summary(const SessionSummary& s) {
  std::string out = fmt::format("source: {}\n", s.source);
  for (const auto& ss : s.sensors) {
    // Placements as the command line spells them (--placement lower-back).
    std::string placement = ss.placement;
    std::replace(placement.begin(), placement.end(), '_', '-');
    out += fmt::format("sensor {}: placement {}{}, {} samples, {:.2f} s at {:.4g} Hz\n", ss.sensor_name,
                       placement, ss.placement_basis.empty() ? "" : " (from the " + ss.placement_basis + ")",
                       ss.samples, ss.duration_s, ss.rate_hz);
    out += fmt::format("  channels: acc{}{}; acc unit {}", ss.has_gyr ? ", gyr" : "",
                       ss.has_mag ? ", mag" : "", ss.acc_unit);
    if (ss.has_gyr) out += fmt::format("; gyr unit {}", ss.gyr_unit);
    out += "\n";
  }
  for (const auto& w : s.warnings) out += fmt::format("warning: {}\n", w);
  return out;
}

Result<std::string> format_orientation_table(const ImuRecording& rec, const std::vector<Quat>& q) {
  if (q.size() != rec.size())
    return fail(ErrorCode::kInvalidArgument, "{} quaternions for {} samples", q.size(), rec.size());
  std::string out = "t_s,qw,qx,qy,qz,roll_deg,pitch_deg,yaw_deg\n";
  out.reserve(out.size() + q.size() * 96);
  const TimeUs t0 = rec.t_us.empty() ? 0 : rec.t_us.front();
  for (std::size_t i = 0; i < q.size(); ++i) {
    const EulerDeg e = euler_zyx_deg(q[i]);
    fmt::format_to(std::back_inserter(out), "{:.6f},{:.7f},{:.7f},{:.7f},{:.7f},{:.3f},{:.3f},{:.3f}\n",
                   us_to_seconds(rec.t_us[i] - t0), q[i].w(), q[i].x(), q[i].y(), q[i].z(), e.roll, e.pitch,
                   e.yaw);
  }
  return out;
}

}  // namespace physio::imu
