#pragma once
/// Which appointments a patient should hear about by e-mail, and the claim on each notice (migration 0019,
/// docs/server/reminders.md, "Appointment e-mails"): a booking, move or cancellation once per change, and a
/// reminder the day before once per start time, decided by one server only.

#include <string_view>
#include <vector>

#include "clinic/records.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "store/tx.hpp"

namespace physio::store {

/// Appointments (all clinics) changed at or after `since_us` whose change has no notice yet; oldest first.
Result<std::vector<clinic::Appointment>> appointments_changed_since(Tx& tx, TimeUs since_us, int limit = 500);

/// Booked appointments (all clinics) starting in [from_us, to_us) without a reminder for that start.
Result<std::vector<clinic::Appointment>> appointments_due_reminder(Tx& tx, TimeUs from_us, TimeUs to_us,
                                                                   int limit = 500);

/// Claims the notice (`kind` "change" or "reminder", `about_us` its change or start time) with `status`;
/// false when it was claimed already.
Result<bool> claim_appointment_notice(Tx& tx, const clinic::Appointment& a, std::string_view kind,
                                      TimeUs about_us, std::string_view status, TimeUs now_us);

/// What a claimed "sending" notice became ("sent", "failed: ...").
Status finish_appointment_notice(Tx& tx, const clinic::Appointment& a, std::string_view kind, TimeUs about_us,
                                 std::string_view status);

/// A notice's status, or "" when none (tests and the page's history).
Result<std::string> appointment_notice_status(Tx& tx, std::string_view clinic_id,
                                              std::string_view appointment_id, std::string_view kind,
                                              TimeUs about_us);

}  // namespace physio::store
