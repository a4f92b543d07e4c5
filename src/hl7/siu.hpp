#pragma once
/// SIU scheduling messages -> an appointment change:
///   S12 new booking -> book, S13 rescheduling and S14 modification -> modify, S15 cancellation and
///   S17 deletion -> cancel, S26 patient did not show -> no-show.
///
/// Fields read:
///   SCH-1.1 / SCH-2.1  placer / filler appointment id (at least one required, 101 at SCH-2)
///   SCH-7              appointment reason (CE.2 text, else CE.1 code)
///   start              AIS-4, else TQ1-7, else SCH-11.4 (DTM; required for S12 and S14)
///   duration           AIS-7 + AIS-8 units, else SCH-9 + SCH-10 units, else TQ1-13 (CQ), else the
///                      TQ duration in SCH-11.3 ("M30"), else end - start (TQ1-8 or SCH-11.5);
///                      required for S12, S13 and S14. Units (CE.1 code, in this order): the sender's
///                      unit map (a warning), min/MIN/M (the default when empty), s/S/SEC, h/H/HR,
///                      d/D/DAY and the words minute(s), second(s), hour(s), day(s) in any case; else
///                      the unit's text (CE.2, e.g. `m^Minutes`) read the same way (a warning);
///                      rounded to whole minutes.
///   SCH-25.1           filler status, table 0278 -> clinic status (Booked, Pending, Waitlist,
///                      Overbook, Blocked -> booked; Started -> arrived; Complete -> fulfilled;
///                      Cancelled, Deleted, Dc -> cancelled; Noshow -> noshow). The sender's status
///                      map first (a warning; "ignore" ignores it); a table value in another case, or
///                      in CE.2, is read as that value (a warning); any other status is ignored with
///                      a warning (the trigger decides). S15 and S17 are always cancelled and S26
///                      always noshow; S12 without a status is booked; S13/S14 without one keep the
///                      stored status.
///   PID                the patient (pid.hpp; required)
///   AIP-3              practitioners, one per AIP: the whole XCN (xcn.hpp: id and its assigning
///                      authority, family, given, middle, suffix, prefix, credentials); AIP-4.1 role
///   AIL-3              locations, one per AIL: PL.1 point of care, .2 room, .3 bed, .4 facility

#include <cstdint>
#include <string>
#include <vector>

#include "clinic/records.hpp"
#include "hl7/datetime.hpp"
#include "hl7/issue.hpp"
#include "hl7/message.hpp"
#include "hl7/pid.hpp"
#include "hl7/reading.hpp"
#include "hl7/xcn.hpp"

namespace physio::hl7 {

enum class AppointmentAction { kBook, kModify, kCancel, kNoShow };

struct CareLocation {
  std::string point_of_care{};
  std::string room{};
  std::string bed{};
  std::string facility{};
  bool operator==(const CareLocation&) const = default;
};

struct AppointmentChange {
  std::string trigger{};  ///< "S12", "S13", "S14", "S15", "S17", "S26"
  AppointmentAction action = AppointmentAction::kBook;
  std::string control_id{};  ///< MSH-10
  std::string placer_id{};   ///< SCH-1.1
  std::string filler_id{};   ///< SCH-2.1
  TimeUs start_us = 0;       ///< 0 when not given (cancel / no-show may omit it)
  std::int64_t duration_min = 0;
  std::string filler_status{};  ///< SCH-25.1 as sent
  std::string status{};  ///< clinic status: booked, arrived, fulfilled, cancelled, noshow; "": unchanged
  std::string reason{};
  PatientDemographics patient{};
  std::vector<Practitioner> practitioners{};
  std::vector<CareLocation> locations{};
  bool operator==(const AppointmentChange&) const = default;
};

/// The action of an SIU trigger, or nullopt for triggers this module does not take.
std::optional<AppointmentAction> siu_action(std::string_view trigger);

/// Maps an SIU of a supported trigger (the caller has checked MSH-9); the first problem.
Hl7Result<AppointmentChange> map_siu(const Message& m, const LocalOffset& local);
/// The same under `rules`, every problem into `f` (the change is partial when `f` holds errors).
AppointmentChange map_siu(const Message& m, const ReadRules& rules, Findings& f);

/// The clinic appointment fields the change sets: start and duration (when given), status (when not
/// empty), reason.
/// Ids, patient and practitioner links stay as in `base`: matching external ids to records is the
/// caller's (it owns the store).
clinic::Appointment to_clinic_appointment(const AppointmentChange& c, clinic::Appointment base = {});

}  // namespace physio::hl7
