#include "imu/functional/applicability.hpp"

#include <cmath>

#include <fmt/format.h>

namespace physio::imu {

Applicability check_tug(const TugResult& r) {
  Applicability a;
  if (r.total_s > kTugMaxS)
    a.refuse(
        fmt::format("a Timed Up and Go takes {:.0f}-{:.0f} s; here {:.1f} s pass between the first rise and "
                    "the last sit: the "
                    "recording holds other activities. Record one test, from sitting still to sitting still",
                    kTugMinS, kTugMaxS, r.total_s));
  else if (r.total_s < kTugMinS)
    a.refuse(fmt::format("a Timed Up and Go takes at least {:.0f} s; the movement found lasts {:.1f} s",
                         kTugMinS, r.total_s));
  const double turn = std::fabs(r.turn_angle_deg);
  if (turn < 90.0 || turn > 270.0)
    a.refuse(
        fmt::format("a Timed Up and Go turns about 180 deg at the mark; the turn found is {:.0f} deg", turn));
  if (r.walk_out.duration_s() < 0.5 || r.walk_back.duration_s() < 0.5)
    a.refuse(fmt::format("a Timed Up and Go walks out and back; the walks found last {:.1f} s and {:.1f} s",
                         r.walk_out.duration_s(), r.walk_back.duration_s()));
  return a;
}

Applicability check_five_times_sit_to_stand(std::span<const SitToStandTransfer> transfers,
                                            double recording_end_s) {
  Applicability a;
  std::size_t complete = 0;
  for (const auto& t : transfers)
    if (t.end_s <= recording_end_s - kCutOffMarginS) ++complete;
  if (complete < 5) {
    a.refuse(fmt::format("five times sit-to-stand needs five complete transfers; {} found{}", complete,
                         complete < transfers.size()
                             ? fmt::format(" (the last, at {:.1f} s, is cut off by the end of the recording)",
                                           transfers.back().start_s)
                             : std::string()));
    return a;
  }
  const double total = transfers[4].end_s - transfers[0].start_s;
  double widest = 0.0;
  for (std::size_t k = 1; k < 5; ++k)
    widest = std::max(widest, transfers[k].start_s - transfers[k - 1].end_s);
  if (total > kFiveStsMaxS || widest > kFiveStsMaxGapS)
    a.refuse(fmt::format(
        "five times sit-to-stand is five rises in a row (at most {:.0f} s apart, {:.0f} s in all); the first "
        "five found span {:.1f} s with up to {:.1f} s between rises: they are not one test",
        kFiveStsMaxGapS, kFiveStsMaxS, total, widest));
  return a;
}

Applicability check_sway(const SwayMeasures& m) {
  Applicability a;
  if (m.rms_mps2 > kQuietStandingMaxRmsMps2)
    a.refuse(
        fmt::format("postural sway is measured in quiet standing (RMS acceleration about 0.05 m/s^2, up to "
                    "0.3 in unsteady "
                    "people); this recording reads {:.2f} m/s^2: the person was moving (walking or turning)",
                    m.rms_mps2));
  return a;
}

void flag_outside(std::vector<PlausibilityFlag>& flags, const std::string& measure, const std::string& label,
                  double value, double lo, double hi, const std::string& unit, int digits) {
  if (std::isnan(value) || (value >= lo && value <= hi)) return;
  flags.push_back({measure, value, lo, hi,
                   fmt::format("{} {:.{}f} {} is outside {:.{}f}-{:.{}f} {} for walking", label, value,
                               digits, unit, lo, digits, hi, digits, unit)});
}

}  // namespace physio::imu
