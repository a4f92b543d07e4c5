#pragma once
/// The rules a front desk applies to a booking, as pure functions (docs/server/scheduling.md).
///
/// A booking is refused when
///   - it overlaps a booked or arrived appointment of the same clinician or of the same patient (the
///     refusal names the other appointment's time and with whom);
///   - it starts in the past, unless it is entered after the fact (`back_entry`, audited by the server);
///   - it falls on a day the clinic is closed (a holiday, a closure: the refusal names the day and why),
///     unless it is a back entry of a visit that did happen;
///   - it lies outside the clinician's working hours, unless the booker confirms it (`outside_hours_ok`):
///     clinics do book an early or late visit, but never by accident. A clinician without working hours
///     set has no limit.
/// Rescheduling is the same check with the appointment itself left out of the comparison.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "schedule/closures.hpp"
#include "schedule/hours.hpp"

namespace physio::schedule {

/// An appointment as the rules see it.
struct Booking {
  std::string id{};  ///< "" for one not stored yet
  std::string patient_id{};
  std::string clinician_id{};
  TimeUs start_us = 0;
  std::int64_t duration_min = 0;
  std::string status = "booked";  ///< "booked", "arrived", "fulfilled", "cancelled", "noshow"

  TimeUs end_us() const { return start_us + duration_min * kUsPerMinute; }
};

/// True for the statuses that hold the time ("booked", "arrived").
bool holds_time(std::string_view status);

enum class ProblemKind {
  kClinicianBusy,  ///< overlaps another appointment of the clinician (409)
  kPatientBusy,    ///< overlaps another appointment of the patient (409)
  kInPast,         ///< starts before now and is not a back entry (422)
  kOutsideHours,   ///< outside the clinician's working hours and not confirmed (422)
  kBadDuration,    ///< not 5 to 480 minutes (400)
  kClinicClosed,   ///< on a day the clinic is closed (422)
  kShortNotice,    ///< a patient's own booking sooner than the clinic's online notice (422)
  kOnlineOff,      ///< the clinic does not take bookings online (409: the clinic's settings)
};

/// A refusal a front desk reads: which field, why in words, and for a clash the other appointment.
struct Problem {
  ProblemKind kind = ProblemKind::kInPast;
  std::string field{};     ///< "start", "practitioner_id", "duration_min"
  std::string message{};   ///< "Dr Silva already has an appointment 09:00-09:30 with Ana Costa"
  std::string clash_id{};  ///< the other appointment, for the two overlap kinds
  TimeUs clash_start_us = 0;
  TimeUs clash_end_us = 0;
};

/// What the check needs besides the booking. The names and the clock text are the caller's (the clinic's
/// zone, the people's display names), so the words read as the front desk would say them.
struct BookingContext {
  TimeUs now_us = 0;
  /// Appointments that may clash: the clinician's and the patient's around the time (others are ignored).
  std::vector<Booking> nearby{};
  std::vector<WorkingSpan> hours{};  ///< the clinician's week; empty = not set (no limit)
  std::vector<Closure> closures{};   ///< the clinic's closed days (any range; others are ignored)
  UtcOffsetFn offset = [](TimeUs) { return std::int64_t{0}; };
  std::function<std::string(std::string_view)> patient_name = [](std::string_view id) {
    return std::string(id);
  };
  std::function<std::string(std::string_view)> clinician_name = [](std::string_view id) {
    return std::string(id);
  };
};

struct BookingOptions {
  bool back_entry = false;        ///< entered after the fact: a past start is allowed
  bool outside_hours_ok = false;  ///< the booker confirmed a time outside the clinician's hours
};

/// Every reason to refuse `b`, overlaps first (each clash once, by start time); empty = bookable.
/// `b.id` (when set) is left out of the comparison: rescheduling.
std::vector<Problem> check_booking(const Booking& b, const BookingContext& ctx, BookingOptions options = {});

/// Every way a stored calendar breaks the rules each booking is judged by, in words (the demo clinic's
/// calendar is checked with it): two appointments holding time ("booked", "arrived") of one clinician or
/// of one patient that overlap, and a start that is not on the 5-minute grid of local time (a booking
/// form's step). Empty = the calendar obeys the rules.
std::vector<std::string> calendar_problems(const std::vector<Booking>& all, const UtcOffsetFn& offset);

/// "Thu 24 Dec 2026": a local day.
std::string describe_day(std::int64_t day);
/// "Tue 1 Dec 2026 09:00-09:30" in the context's zone.
std::string describe_time(TimeUs start_us, TimeUs end_us, const UtcOffsetFn& offset);

/// The HTTP status a problem answers: 409 for the overlaps, 422 for the past, a closed day and working
/// hours, 400 for a bad duration.
int http_status(ProblemKind kind);
/// "clinician_busy", "patient_busy", "in_past", "outside_working_hours", "bad_duration", "clinic_closed",
/// "short_notice", "online_booking_off".
std::string_view to_string(ProblemKind kind);

/// Whether a patient may cancel an appointment themselves: only a booked one, and only until
/// `notice_min` minutes before its start (the clinic's setting). The reason is worded for the patient.
struct CancelDecision {
  bool allowed = false;
  std::string reason{};
  TimeUs deadline_us = 0;  ///< the last moment to cancel online
};

/// How long before its start a patient may be marked arrived: the waiting room, not the day before
/// (docs/server/scheduling.md, "Status changes").
inline constexpr std::int64_t kArrivalWindowMin = 120;

CancelDecision patient_may_cancel(const Booking& b, TimeUs now_us, std::int64_t notice_min,
                                  const UtcOffsetFn& offset);

/// Status changes staff may make. A cancelled or missed appointment is final (book a new one), an attended
/// one is not cancelled afterwards; a no-show or an attended visit is marked only once the start has passed;
/// "arrived" only from kArrivalWindowMin before the start (not the day before); "" = allowed, otherwise why
/// not.
std::string status_change_problem(std::string_view from, std::string_view to, TimeUs start_us, TimeUs now_us);

/// An appointment type the clinic offers ("Initial assessment", 60 min).
struct AppointmentType {
  std::string code{};  ///< "initial", lower case letters, digits, '_' and '-'
  std::string name{};
  std::int64_t duration_min = 30;
  bool active = true;
};
/// What is wrong with a clinic's list of types, naming the entry, or "".
std::string appointment_types_problem(const std::vector<AppointmentType>& types);

}  // namespace physio::schedule
