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

std::vector<predict::ProgramHistory> synthetic_programs(
    const std::vector<std::pair<std::string, TimeUs>>& patient_starts, TimeUs now_us, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<predict::ProgramHistory> out;
  int n = 0;
  for (const auto& [pid, start] : patient_starts) {
    predict::ProgramHistory p;
    p.program_id = "synthetic-program-" + std::to_string(++n);
    p.patient_id = pid;
    p.started_us = start;
    const int weeks = 6 + static_cast<int>(u(rng) * 11);
    if (start + weeks * 7 * kDayUs <= now_us) p.ended_us = start + weeks * 7 * kDayUs;
    const TimeUs end = std::min(now_us, p.ended_us.value_or(now_us));
    double engagement = 0.45 + 0.5 * u(rng);
    const double decay = 0.06 * u(rng);              // per week
    double pain = 2.0 + 4.0 * u(rng);                // NRS
    const double pain_trend = -0.35 + 0.5 * u(rng);  // per week
    bool stopped = false;
    TimeUs resume = 0;
    int missed_this_week = 0;
    const double recent_weight = 0.85;    // about a week's memory
    double recent_activity = engagement;  // a running share of days with exercise
    for (TimeUs day = day_of(start) * kDayUs + kDayUs; day < end; day += kDayUs) {
      const auto d = (day - day_of(start) * kDayUs) / kDayUs;
      if (d % 7 == 0) {
        engagement = std::max(0.05, engagement - decay - 0.04 * std::max(0.0, pain_trend));
        pain = std::clamp(pain + pain_trend + 0.4 * normal(rng), 0.0, 10.0);
        // A missed visit this week, more likely when engagement is low.
        missed_this_week = u(rng) < 0.08 + 0.25 * (1 - engagement) ? 1 : 0;
        if (missed_this_week) p.missed_visits.push_back(day + 10 * kHourUs);
        const double logit = -3.4 + 4.0 * (0.6 - recent_activity) + 0.45 * (pain - 4.0) +
                             0.9 * missed_this_week + 0.8 * pain_trend;
        if (!stopped && u(rng) < 1.0 / (1.0 + std::exp(-logit))) {
          stopped = true;
          resume = u(rng) < 0.25 ? day + (21 + static_cast<int>(u(rng) * 21)) * kDayUs : 0;
        }
      }
      if (stopped && resume != 0 && day >= resume) {
        stopped = false;
        resume = 0;
        engagement = std::max(engagement, 0.4);
      }
      const bool exercised = !stopped && u(rng) < engagement;
      recent_activity = recent_weight * recent_activity + (1 - recent_weight) * (exercised ? 1.0 : 0.0);
      if (!exercised) continue;
      const TimeUs at = day + (7 + static_cast<int>(u(rng) * 13)) * kHourUs;
      p.logs.push_back(at);
      if (u(rng) < 0.5) p.pain.emplace_back(at, std::round(std::clamp(pain + 0.8 * normal(rng), 0.0, 10.0)));
      if (u(rng) < 0.2) p.live_sessions.push_back(at);
    }
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace physio::risk
