#pragma once
/// ADT^A04 (register a patient) and ADT^A08 (update patient information) -> a patient upsert.
///
/// Fields: MSH-10 control id, EVN-2 recorded time (else MSH-7), the PID as read by pid.hpp. The
/// caller decides insert or update by matching identifiers (see `to_clinic_patient`); both
/// triggers carry the full demographics, so both map to the same upsert.

#include <string>

#include "clinic/records.hpp"
#include "hl7/datetime.hpp"
#include "hl7/issue.hpp"
#include "hl7/message.hpp"
#include "hl7/pid.hpp"

namespace physio::hl7 {

struct PatientUpsert {
  std::string trigger{};     ///< "A04" or "A08"
  std::string control_id{};  ///< MSH-10 of the message
  TimeUs recorded_us = 0;    ///< EVN-2, else MSH-7; 0 when neither is given
  PatientDemographics patient{};
  bool operator==(const PatientUpsert&) const = default;
};

/// Maps an ADT^A04 / ADT^A08 (the caller has checked MSH-9).
Hl7Result<PatientUpsert> map_adt(const Message& m, const LocalOffset& local);

/// The clinic record fields the upsert sets: given/family name, birth date, sex, MRN (the identifier
/// issued by `mrn_authority`, else the first of type MR), the first phone and e-mail. Ids,
/// clinic, language, zone and versions stay as in `base` (the stored record, or a new one).
clinic::Patient to_clinic_patient(const PatientUpsert& u, std::string_view mrn_authority,
                                  clinic::Patient base = {});

}  // namespace physio::hl7
