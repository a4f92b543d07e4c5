#pragma once
/// The clinic's scheduling records (migration 0016, docs/server/scheduling.md): appointments by time for the
/// calendar and the overlap check, appointment types, clinicians' working hours, the clinic's scheduling
/// settings and the waiting list. The rules that judge a booking are the schedule module's; this file only
/// stores and finds.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "clinic/records.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "store/tx.hpp"

namespace physio::store {

/// Appointments that may clash with [from_us, to_us): those of the clinician or of the patient starting less
/// than 8 hours (the longest appointment) before `to_us` and before it ends, any status.
Result<std::vector<clinic::Appointment>> appointments_near(Tx& tx, std::string_view clinic_id,
                                                           std::string_view clinician_id,
                                                           std::string_view patient_id, TimeUs from_us,
                                                           TimeUs to_us);

/// The clinic's appointments starting in [from_us, to_us), by start time; `clinician_id` "" = everyone's.
Result<std::vector<clinic::Appointment>> appointments_between(Tx& tx, std::string_view clinic_id,
                                                              TimeUs from_us, TimeUs to_us,
                                                              std::string_view clinician_id = {});

/// A clinician's appointments (all of them, by start), for their calendar feed.
Result<std::vector<clinic::Appointment>> clinician_appointments(Tx& tx, std::string_view clinic_id,
                                                                std::string_view clinician_id,
                                                                TimeUs from_us);

/// The rooms the clinic's appointments name (any status), by name, each with the creation time of the
/// first appointment that named it (FHIR Location, docs/server/fhir-mapping.md).
Result<std::vector<std::pair<std::string, TimeUs>>> clinic_rooms(Tx& tx, std::string_view clinic_id);

/// Orders bookings of the same clinician or patient: on PostgreSQL the clinician's and the patient's rows are
/// locked until the transaction ends (clinician first, so two bookings never wait on each other in a
/// circle), so the overlap check and the insert see every earlier booking; SQLite has one writer already.
Status lock_for_booking(Tx& tx, std::string_view clinic_id, std::string_view clinician_id,
                        std::string_view patient_id);

/// Stores a weekly series: every appointment in one go, each given `series_id`.
Result<std::vector<clinic::Appointment>> create_appointments(Tx& tx, std::vector<clinic::Appointment> list);

struct AppointmentTypeRow {
  std::string code{};
  std::string name{};
  std::int64_t duration_min = 30;
  bool active = true;
};
/// The clinic's types in its order.
Result<std::vector<AppointmentTypeRow>> list_appointment_types(Tx& tx, std::string_view clinic_id);
/// Replaces the clinic's list (appointments keep the codes they were booked with).
Status replace_appointment_types(Tx& tx, std::string_view clinic_id,
                                 const std::vector<AppointmentTypeRow>& types);

struct WorkingSpanRow {
  std::string user_id{};
  int weekday = 0;  ///< 0 = Monday
  int start_min = 0;
  int end_min = 0;
};
/// One clinician's week, or every clinician's of the clinic when `user_id` is "" (by user, day, start).
Result<std::vector<WorkingSpanRow>> list_working_hours(Tx& tx, std::string_view clinic_id,
                                                       std::string_view user_id = {});
/// Replaces a clinician's week.
Status replace_working_hours(Tx& tx, std::string_view clinic_id, std::string_view user_id,
                             const std::vector<WorkingSpanRow>& week);

struct ScheduleSettings {
  std::string time_zone = "UTC";
  std::int64_t cancel_notice_min = 24 * 60;
  std::string updated_by{};
  TimeUs updated_us = 0;                     ///< 0 = never set (the defaults)
  bool online_booking = false;               ///< patients book and rebook from their own pages
  std::int64_t online_notice_min = 24 * 60;  ///< the least time between an online booking and the visit
};
Result<ScheduleSettings> get_schedule_settings(Tx& tx, std::string_view clinic_id);
Status put_schedule_settings(Tx& tx, std::string_view clinic_id, const ScheduleSettings& s);

struct WaitlistEntry {
  std::string id{};
  std::string clinic_id{};
  std::string patient_id{};
  std::string clinician_id{};  ///< "" = anyone
  std::string type_code{};
  std::string earliest_date{};  ///< "YYYY-MM-DD" or ""
  std::string latest_date{};
  std::string note{};
  std::string status = "waiting";  ///< "waiting", "booked", "removed"
  std::string created_by{};
  TimeUs created_us = 0;
  TimeUs closed_us = 0;
};
/// Puts the patient on the list; an open entry of theirs is replaced (closed as "removed").
Result<WaitlistEntry> put_waitlist_entry(Tx& tx, WaitlistEntry e);
/// Closes the patient's open entry with `status` ("booked" or "removed"); nullopt when none was open.
Result<std::optional<WaitlistEntry>> close_waitlist_entry(Tx& tx, std::string_view clinic_id,
                                                          std::string_view patient_id,
                                                          std::string_view status);
/// The clinic's open entries, oldest first (who has waited longest).
Result<std::vector<WaitlistEntry>> list_waitlist(Tx& tx, std::string_view clinic_id);
/// The patient's open entry, if any.
Result<std::optional<WaitlistEntry>> patient_waitlist_entry(Tx& tx, std::string_view clinic_id,
                                                            std::string_view patient_id);

}  // namespace physio::store
