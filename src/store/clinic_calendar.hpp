#pragma once
/// A clinic's calendar beyond the appointments (migration 0031, docs/server/scheduling.md): the days it is
/// closed, the dates a booked series left out, and freed times offered to the waiting list with the fate of
/// each offer's e-mail. The rules (what is closed, who is offered) are the schedule module's; this file
/// only stores and finds.

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clinic/records.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "store/tx.hpp"

namespace physio::store {

struct ClosureRow {
  std::int64_t day = 0;  ///< local day in the clinic's zone, days since 1970-01-01
  std::string reason{};
  std::string created_by{};
  TimeUs created_us = 0;
};
/// The clinic's closed days in [from_day, to_day], by day.
Result<std::vector<ClosureRow>> list_closures(
    Tx& tx, std::string_view clinic_id, std::int64_t from_day = std::numeric_limits<std::int32_t>::min(),
    std::int64_t to_day = std::numeric_limits<std::int32_t>::max());
/// Replaces the clinic's list; a day kept with the same reason keeps who entered it and when.
Status replace_closures(Tx& tx, std::string_view clinic_id, const std::vector<ClosureRow>& days,
                        std::string_view by_user);

struct SeriesRow {
  std::string clinic_id{};
  std::string id{};
  std::string patient_id{};
  std::string skipped_json = "[]";  ///< [{"start", "reason"}]
  std::string created_by{};
  TimeUs created_us = 0;
};
Status put_series(Tx& tx, SeriesRow s);
/// nullopt for a series booked before migration 0031 (or the demo's own).
Result<std::optional<SeriesRow>> get_series(Tx& tx, std::string_view clinic_id, std::string_view series_id);
/// The series' appointments, by start.
Result<std::vector<clinic::Appointment>> series_appointments(Tx& tx, std::string_view clinic_id,
                                                             std::string_view series_id);

struct WaitlistOffer {
  std::string clinic_id{};
  std::string appointment_id{};  ///< the cancelled appointment whose time is offered
  std::string entry_id{};        ///< the waiting-list entry
  std::string patient_id{};
  std::string clinician_id{};
  TimeUs start_us = 0;
  std::int64_t duration_min = 0;
  std::string status = "pending";  ///< "pending", "sending", "sent", "failed: ...", "no address", ...
  TimeUs created_us = 0;
};
/// Records the offer of a freed time; false when that time was offered already.
Result<bool> create_waitlist_offer(Tx& tx, WaitlistOffer o);
/// Offers whose e-mail is not decided yet (all clinics), oldest first.
Result<std::vector<WaitlistOffer>> pending_waitlist_offers(Tx& tx, int limit = 200);
/// Moves an offer from `from` to `to`; false when it was not in `from` (another server took it).
Result<bool> set_waitlist_offer_status(Tx& tx, std::string_view clinic_id, std::string_view appointment_id,
                                       std::string_view from, std::string_view to);
/// The offers made to a patient, newest first.
Result<std::vector<WaitlistOffer>> patient_waitlist_offers(Tx& tx, std::string_view clinic_id,
                                                           std::string_view patient_id);

}  // namespace physio::store
