#include "risk/synthetic.hpp"

#include "risk/flag.hpp"

#include <algorithm>
#include <cmath>
#include <random>

namespace physio::risk {

std::vector<clinic::Appointment> synthetic_appointments(const std::string& clinic_id,
                                                        const std::vector<std::string>& patient_ids,
                                                        const std::string& practitioner_id,
                                                        const SyntheticHistoryOptions& o) {
  std::mt19937_64 rng(o.seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<clinic::Appointment> out;
  const double base_logit = std::log(o.base_rate / (1 - o.base_rate));
  for (const std::string& pid : patient_ids) {
    const double propensity = 0.9 * normal(rng);  // the person's own tendency
    const int every = u(rng) < 0.6 ? 7 : 14;
    // New patients arrive all through the period (so the counts of earlier visits do not grow for ever);
    // one episode of 6-20 visits, a third of them a second one later.
    const TimeUs span = std::max<TimeUs>(kDayUs, o.to_us - o.from_us);
    TimeUs day = o.from_us + static_cast<TimeUs>(u(rng) * static_cast<double>(span / kDayUs)) * kDayUs;
    for (int episode = 0; episode < (u(rng) < 0.33 ? 2 : 1) && day < o.to_us; ++episode) {
      const int visits = 6 + static_cast<int>(u(rng) * 15);
      int missed = 0;
      for (int v = 0; v < visits && day < o.to_us; ++v) {
        const std::int64_t d = day_of(day);
        const int weekday = static_cast<int>(((d % 7) + 10) % 7);  // 0 = Monday
        TimeUs start = day;
        if (weekday >= 5) start += (7 - weekday) * kDayUs;  // weekends move to Monday
        const int hour = 8 + static_cast<int>(u(rng) * 10);
        start = day_of(start) * kDayUs + hour * kHourUs;
        const int lead_days =
            v == 0 ? static_cast<int>(u(rng) * 21) : (u(rng) < 0.7 ? every : static_cast<int>(u(rng) * 30));
        clinic::Appointment a;
        a.clinic_id = clinic_id;
        a.patient_id = pid;
        a.practitioner_id = practitioner_id;
        a.start_us = start;
        a.duration_min = 45;
        a.reason = v == 0 ? "Initial assessment" : "Follow-up";
        a.created_us = start - lead_days * kDayUs - 2 * kHourUs;
        a.updated_us = a.created_us;
        if (start >= o.now_us) {
          a.status = "booked";
        } else {
          const int wd = static_cast<int>(((day_of(start) % 7) + 10) % 7);
          const double logit = base_logit + propensity + 0.45 * std::log1p(lead_days) - 0.9 +
                               (wd == 0 ? 0.35 : 0.0) + 0.25 * std::min(missed, 3) + (v == 0 ? 0.3 : 0.0) +
                               (hour < 10 ? 0.25 : 0.0);
          const double p = 1 / (1 + std::exp(-logit));
          const double r = u(rng);
          if (r < p) {
            a.status = "noshow";
            ++missed;
          } else if (r < p + 0.04) {
            a.status = "cancelled";
            a.updated_us = start - static_cast<TimeUs>(u(rng) * 72) * kHourUs;
          } else {
            a.status = "fulfilled";
          }
          a.updated_us = std::max(a.updated_us, a.created_us);
        }
        out.push_back(std::move(a));
        day += every * kDayUs;
      }
      day += static_cast<TimeUs>(60 + u(rng) * 240) * kDayUs;  // until the next episode
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.start_us < b.start_us; });
  return out;
}

}  // namespace physio::risk
