#pragma once
/// ADT messages that carry a patient's demographics -> a patient upsert: A04 (register), A08 (update
/// patient information), and the events other systems send for the same person: A01 (admit / visit
/// notification), A05 (pre-admit), A28 (add person information), A31 (update person information).
///
/// Fields: MSH-10 control id, EVN-2 recorded time (else MSH-7), the PID as read by pid.hpp. The
/// caller decides insert or update by matching identifiers (see `to_clinic_patient`); every one of
/// these triggers carries the full demographics, so all map to the same upsert.

#include <string>

#include "clinic/records.hpp"
#include "hl7/datetime.hpp"
#include "hl7/issue.hpp"
#include "hl7/message.hpp"
#include "hl7/pid.hpp"

namespace physio::hl7 {

struct PatientUpsert {
  std::string trigger{};     ///< "A01", "A04", "A05", "A08", "A28", "A31"
  std::string control_id{};  ///< MSH-10 of the message
  TimeUs recorded_us = 0;    ///< EVN-2, else MSH-7; 0 when neither is given
  PatientDemographics patient{};
  bool operator==(const PatientUpsert&) const = default;
};

/// Whether this module maps ADT `trigger` (the list above).
bool adt_trigger_supported(std::string_view trigger);

/// Maps an ADT of a supported trigger (the caller has checked MSH-9); the first problem.
Hl7Result<PatientUpsert> map_adt(const Message& m, const LocalOffset& local);
/// The same under `rules`, every problem into `f` (the upsert is partial when `f` holds errors).
PatientUpsert map_adt(const Message& m, const ReadRules& rules, Findings& f);

/// The clinic record fields the upsert sets: given/family name, birth date, sex, MRN (the identifier
/// issued by `mrn_authority`, else the first of type MR), the first phone and e-mail. Ids,
/// clinic, language, zone and versions stay as in `base` (the stored record, or a new one).
clinic::Patient to_clinic_patient(const PatientUpsert& u, std::string_view mrn_authority,
                                  clinic::Patient base = {});

}  // namespace physio::hl7
