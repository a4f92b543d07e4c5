#pragma once
/// Clinic operations (docs/server/risk.md, "Capacity"): the coming weeks' bookings per clinician, the visits
/// expected to be attended and the booked slots expected to fall free through no-shows, with an interval.
///
/// Contract: compute_capacity
///   inputs : the clinic's bookings (status "booked") starting in the coming weeks, each with its
///            clinician and, when the clinic's no-show model assessed it, its calibrated risk; the clinic's
///            missed share over its recent outcomes (`base_rate`, for bookings the model did not assess);
///            now; the number of weeks (weeks run Monday to Sunday, UTC; the first is the current week).
///   outputs: one cell per clinician and week with bookings: booked, how many carried a model risk, the
///            expected number missed (the sum of the bookings' risks) with its 80 % interval (the 10th and
///            90th percentiles of the exact Poisson-binomial distribution of the count missed: bookings are
///            taken as independent), and the expected number attended (booked - expected missed).
///   rule   : a booking without a model risk counts with `base_rate`; with neither, it counts as attended
///            and the cell says how many such bookings it holds (`unassessed`). Bookings before `now` or
///            after the last week are left out.
///   errors : none; a base rate outside 0-1 or NaN is treated as absent.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/time.hpp"

namespace physio::risk {

struct CapacityBooking {
  std::string appointment_id{};
  std::string practitioner_id{};  ///< "" when the booking names no clinician
  TimeUs start_us = 0;
  std::optional<double> noshow_risk{};  ///< calibrated, 0-1, from the clinic's model
};

struct CapacityCell {
  std::string practitioner_id{};
  std::int64_t week_start_day = 0;  ///< the Monday's day number (days since 1970-01-01)
  int booked = 0;
  int scored = 0;      ///< bookings with a model risk
  int unassessed = 0;  ///< bookings with neither a model risk nor a base rate
  double expected_missed = 0.0;
  int missed_low = 0;   ///< 10th percentile of the count missed
  int missed_high = 0;  ///< 90th percentile
  double expected_attended = 0.0;
};

struct CapacityOptions {
  int weeks = 4;                      ///< 1..12
  std::optional<double> base_rate{};  ///< the clinic's missed share of recent outcomes
};

/// The Monday (day number) of the week holding day number `day`.
std::int64_t week_start_of(std::int64_t day);

/// Cells ordered by clinician, then week.
std::vector<CapacityCell> compute_capacity(std::span<const CapacityBooking> bookings, TimeUs now,
                                           const CapacityOptions& options);

/// The distribution of the number of successes of independent trials with probabilities `p`
/// (Poisson-binomial), exactly: element k is P(count = k).
std::vector<double> poisson_binomial(std::span<const double> p);

/// The smallest k with P(count <= k) >= q.
int distribution_quantile(std::span<const double> pmf, double q);

}  // namespace physio::risk
