#pragma once
/// The demo clinic's scheduling: the clinic's zone and cancellation notice, appointment types, a second
/// physiotherapist, both clinicians' working hours, three more patients, and two weeks of bookings with
/// clinicians, rooms and types (a weekly series among them, one cancelled with its reason, one missed), plus
/// a patient on the waiting list. Every booking is checked with the schedule module's rules first, so the
/// demo holds no overlap.

#include <string>
#include <vector>

#include "clinic/records.hpp"
#include "core/error.hpp"
#include "store/store.hpp"

namespace physio::cli {

/// Adds the above to `clinic_id`; `physio_id` is the clinic's first physiotherapist, `patients` the demo
/// patients with logins (their earlier bookings are respected). `second_physio_id` may be "" (none).
Status seed_demo_schedule(store::Store& store, const std::string& clinic_id, const std::string& physio_id,
                          const std::string& second_physio_id, const std::string& desk_id,
                          const std::vector<clinic::Patient>& patients, TimeUs now);

/// The demo clinic's zone.
inline constexpr const char* kDemoZone = "Europe/Lisbon";

/// A start on the demo clinic's calendar: the first weekday at least `days_ahead` local days after `now`'s,
/// at `minute` after local midnight (so a demo booking never starts at the odd minute the demo was made).
TimeUs demo_slot(TimeUs now, int days_ahead, int minute);

/// `history` without the visits that would break the booking rules (schedule::calendar_problems): a
/// visit holding time ("booked", "arrived") that overlaps one of `existing` or an earlier kept one of the
/// same clinician or patient is left out. Visits that hold no time (attended, missed, cancelled) are kept.
std::vector<clinic::Appointment> keep_bookable(const std::vector<clinic::Appointment>& existing,
                                               const std::vector<clinic::Appointment>& history);

}  // namespace physio::cli
