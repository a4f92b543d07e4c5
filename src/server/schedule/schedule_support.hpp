#pragma once
/// What the schedule context's handlers share: the clinic's scheduling state in one read (settings, zone,
/// staff names, clinicians), appointments as JSON, and the refusal of a booking with its problems.

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "clinic/records.hpp"
#include "schedule/booking.hpp"
#include "server/http/routes.hpp"
#include "server/net/http.hpp"
#include "store/schedule_store.hpp"
#include "store/tx.hpp"

namespace physio::server {

/// The clinic's settings, its zone as an offset function, and its staff (display names, who is a clinician).
struct ClinicSchedule {
  store::ScheduleSettings settings;
  schedule::UtcOffsetFn offset;
  std::map<std::string, clinic::User> users;  ///< by id, staff and patients' logins
  std::vector<store::AppointmentTypeRow> types;
  std::vector<schedule::Closure> closures;  ///< the clinic's closed days (migration 0031)
};
Result<ClinicSchedule> load_clinic_schedule(store::Tx& tx, std::string_view clinic_id);

/// The UTC offset function of an IANA zone from the system's zone data (UTC for an unknown zone).
schedule::UtcOffsetFn zone_offset(std::string zone);

/// True when the system's zone data has `zone`.
bool known_zone(const std::string& zone);

/// Physiotherapists and assistants with a login that is not disabled: the people appointments are with.
bool is_clinician(const clinic::User& u);
/// The name staff and patients read: the display name, else the e-mail address.
std::string person_name(const clinic::User& u);
/// A patient's name as the front desk says it ("Ana Costa").
std::string patient_name(const clinic::Patient& p);

/// The text field `key` of a checked body ("" when absent or null).
std::string body_text(const nlohmann::json& body, const char* key);

/// The appointment for the API: the stored fields, the end, the clinician's name and the type's name.
nlohmann::json appointment_out(const clinic::Appointment& a, const ClinicSchedule& cs);

/// A refusal listing every problem; 409 when one of them is an overlap, else the first problem's status.
/// `{"error": kind, "message": the first problem, "field": "/start", "problems": [...]}`.
net::Response refuse_booking(const std::vector<schedule::Problem>& problems);

/// Offers the time `cancelled` freed to the first patient on the waiting list it suits (schedule/waitlist),
/// inside the caller's write transaction: the offer is stored for the e-mail loop and a `waitlist.offer`
/// event is added to `events`. Patients in `offered` (this request's earlier offers) are passed over, so the
/// visits of a cancelled series go to different patients. Returns the patient offered, or "".
Result<std::string> offer_freed_time(store::Tx& tx, const clinic::Appointment& cancelled,
                                     const ClinicSchedule& cs, std::vector<store::AuditEventInput>& events,
                                     const store::AuditEventInput& like,
                                     const std::vector<std::string>& offered = {});

/// The rules' view of a stored appointment.
schedule::Booking booking_of(const clinic::Appointment& a);

/// The two halves of the context's route table (add_schedule_routes puts them together).
void add_booking_routes(RouteTable& routes);
void add_calendar_routes(RouteTable& routes);
void add_closure_routes(RouteTable& routes);

/// A text/calendar answer with `filename`, never cached.
net::Response ics_response(std::string ics, std::string_view filename);

}  // namespace physio::server
