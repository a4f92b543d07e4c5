#pragma once
// Internal to the appointment routes (api_bookings*.cpp): the refusals a booking can meet, the rules'
// context of a booking, the body's clinician and type resolved, and the handlers the route table names.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "schedule/booking.hpp"
#include "server/http/context.hpp"
#include "server/schedule/schedule_support.hpp"
#include "store/tx.hpp"

namespace physio::server::bookings {

/// A refusal that is not about the time: 4xx with the field.
struct Refusal {
  int status;
  std::string code, message, field;
};

/// Thrown out of a write transaction as an error value: the booking was judged and refused.
struct Judged {
  std::vector<schedule::Problem> problems;
  std::optional<Refusal> refusal;
  nlohmann::json occurrences;  ///< a series: each visit's problems
};

/// Whether the body's `key` is true.
bool flag(const nlohmann::json& body, const char* key);
/// The rules' context for a booking of `b`: the appointments near it, the clinician's hours, names.
Result<schedule::BookingContext> booking_context(store::Tx& tx, const ClinicSchedule& cs,
                                                 std::string_view clinic_id, const schedule::Booking& b,
                                                 TimeUs to_us);
/// The clinician named by the body (or the caller when they are one); a refusal naming the field otherwise.
std::optional<Refusal> resolve_clinician(const RequestContext& ctx, const ClinicSchedule& cs,
                                         std::string& id);
/// The type named by the body: active in the clinic; fills the length when none was given.
std::optional<Refusal> resolve_type(const ClinicSchedule& cs, const std::string& code,
                                    std::int64_t& duration_min);
net::Response refusal_response(const Refusal& r);
/// Loads {id} in the caller's clinic and authorizes `action` on it.
std::optional<net::Response> load_appointment(RequestContext& ctx, clinic::Appointment& out,
                                              clinic::Action action);
/// The body's free-text checks: at most 500 and 100 characters, no control characters.
std::string text_check_500(std::string_view v);
std::string text_check_100(std::string_view v);

// The handlers (api_bookings.cpp: a patient's list and calendar, booking; api_bookings_change.cpp:
// changing and cancelling; api_bookings_online.cpp: free times and booking by the patient).
net::Response list_appointments(RequestContext& ctx);
net::Response patient_calendar(RequestContext& ctx);
net::Response book(RequestContext& ctx);
net::Response change(RequestContext& ctx);
net::Response cancel(RequestContext& ctx);
net::Response cancel_series(RequestContext& ctx);
net::Response free_times(RequestContext& ctx);
net::Response book_online(RequestContext& ctx);

}  // namespace physio::server::bookings
