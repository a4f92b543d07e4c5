#pragma once
/// Booking by the patient from their own pages (docs/server/scheduling.md, "Online booking"): the times a
/// clinician is free for a visit of a given length, and a patient's own booking judged by the same rules as
/// the front desk's, with the clinic's online rules on top (online booking switched on, a minimum notice,
/// only inside working hours, no override) and every refusal worded for the patient, never naming another
/// patient.

#include <cstdint>
#include <vector>

#include "schedule/booking.hpp"

namespace physio::schedule {

struct OnlineRules {
  bool enabled = false;               ///< the clinic takes bookings online
  std::int64_t notice_min = 24 * 60;  ///< the least time between booking and the visit
};

/// Every start, `step_min` apart from the start of each working-hours stretch, on the local days
/// [from_day, to_day] at which a visit like `like` (its patient, clinician and length) is bookable online:
/// inside one stretch of the clinician's hours, not on a closed day, no clash, at least the notice ahead.
/// A clinician without working hours has no online times. By time.
std::vector<TimeUs> free_starts(const Booking& like, const BookingContext& ctx, std::int64_t from_day,
                                std::int64_t to_day, const OnlineRules& rules, int step_min = 15);

/// Every reason to refuse a patient's own booking `b`, in the patient's words; empty = bookable.
std::vector<Problem> check_online_booking(const Booking& b, const BookingContext& ctx,
                                          const OnlineRules& rules);

}  // namespace physio::schedule
