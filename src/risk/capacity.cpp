#include "risk/capacity.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

#include "risk/flag.hpp"

namespace physio::risk {

std::int64_t week_start_of(std::int64_t day) {
  // Day 0 (1970-01-01) was a Thursday: Mondays are the days with (day + 3) % 7 == 0.
  const std::int64_t since_monday = ((day + 3) % 7 + 7) % 7;
  return day - since_monday;
}

std::vector<double> poisson_binomial(std::span<const double> p) {
  // The usual recurrence, one trial at a time: exact, and O(n^2) for the few dozen bookings of a week.
  std::vector<double> pmf{1.0};
  for (double pi : p) {
    std::vector<double> next(pmf.size() + 1, 0.0);
    for (std::size_t k = 0; k < pmf.size(); ++k) {
      next[k] += pmf[k] * (1.0 - pi);
      next[k + 1] += pmf[k] * pi;
    }
    pmf = std::move(next);
  }
  return pmf;
}

int distribution_quantile(std::span<const double> pmf, double q) {
  double cumulative = 0.0;
  for (std::size_t k = 0; k < pmf.size(); ++k) {
    cumulative += pmf[k];
    // A rounding margin: the sum of the pmf may fall short of 1 by a few ulps.
    if (cumulative >= q - 1e-12) return static_cast<int>(k);
  }
  return static_cast<int>(pmf.size()) - 1;
}

std::vector<CapacityCell> compute_capacity(std::span<const CapacityBooking> bookings, TimeUs now,
                                           const CapacityOptions& options) {
  const int weeks = std::clamp(options.weeks, 1, 12);
  std::optional<double> base = options.base_rate;
  if (base && !(*base >= 0.0 && *base <= 1.0)) base.reset();
  const std::int64_t first_week = week_start_of(day_of(now));
  const std::int64_t end_day = first_week + 7 * weeks;

  struct Acc {
    CapacityCell cell;
    std::vector<double> risks;
  };
  std::map<std::pair<std::string, std::int64_t>, Acc> cells;
  for (const auto& b : bookings) {
    if (b.start_us < now) continue;
    const std::int64_t day = day_of(b.start_us);
    if (day >= end_day) continue;
    const std::int64_t week = week_start_of(day);
    auto& acc = cells[{b.practitioner_id, week}];
    acc.cell.practitioner_id = b.practitioner_id;
    acc.cell.week_start_day = week;
    ++acc.cell.booked;
    std::optional<double> risk = b.noshow_risk;
    if (risk && !(*risk >= 0.0 && *risk <= 1.0)) risk.reset();
    if (risk) {
      ++acc.cell.scored;
      acc.risks.push_back(*risk);
    } else if (base) {
      acc.risks.push_back(*base);
    } else {
      ++acc.cell.unassessed;
    }
  }
  std::vector<CapacityCell> out;
  out.reserve(cells.size());
  for (auto& [key, acc] : cells) {
    CapacityCell c = acc.cell;
    for (double r : acc.risks) c.expected_missed += r;
    const auto pmf = poisson_binomial(acc.risks);
    c.missed_low = distribution_quantile(pmf, 0.10);
    c.missed_high = distribution_quantile(pmf, 0.90);
    c.expected_attended = c.booked - c.expected_missed;
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace physio::risk
