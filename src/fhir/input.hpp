#pragma once
/// Resources a client writes (FHIR create and update), read into the clinic's records: which elements are
/// kept, which are refused and why, each problem naming the element at fault (docs/server/fhir.md, "Writes").
/// Pure code: the server resolves the subject, authorizes it and stores the result.
///
/// Observation (create, and update of one entered that way): a measurement with a code physiokit records
/// (writable_observation_codes), valueQuantity in the code's UCUM unit inside a plausible range, and
/// effectiveDateTime with a time and zone, not in the future. category, performer, issued, id and meta
/// are the server's; identifier, note, interpretation, referenceRange and other descriptive elements are
/// accepted and not stored. modifierExtension, components, a value of another type, dataAbsentReason and
/// a status other than final/amended/corrected are refused.
///
/// Patient (update): replaces what the clinic stores: name (family and given, required), birthDate
/// (required), gender, the record number (the identifier typed MR), the first e-mail and phone, the
/// first communication language and the time-zone extension; an element left out clears what it held.
/// An active flag of false, a death, links (merges) and modifierExtension are refused: they need the
/// clinic's own steps. Address, contacts and the other demographic elements are not stored.

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "clinic/records.hpp"
#include "fhir/outcome.hpp"

namespace physio::fhir {

/// A code a client may record an Observation with: its UCUM unit and the range of values a real
/// measurement can take (a value outside is an entry or unit mistake, not a finding).
struct WritableCode {
  std::string system;
  std::string code;
  std::string display;
  std::string unit;  ///< UCUM code the value must be given in
  double min = 0.0;
  double max = 0.0;
  bool integer = false;
  std::string body_site{};  ///< stored with the value ("knee" for the knee-flexion codes)
  std::string side{};       ///< "left"/"right" for side-specific codes
};

/// Every code accepted by Observation create, in documentation order.
const std::vector<WritableCode>& writable_observation_codes();

/// A top-level element of an R4 resource and its JSON type: 's' string, 'b' boolean, 'i' integer,
/// 'o' object, 'a' array.
struct Element {
  std::string name;
  char json_type = 'o';
};

/// The top-level elements of R4 Observation and Patient (the R4 StructureDefinitions), for the write
/// routes' body schemas: an element not listed is unknown to R4 and refused.
const std::vector<Element>& observation_elements();
const std::vector<Element>& patient_elements();

/// The patient id of a reference "Patient/<id>" at `element`, or a 422 Problem naming it.
std::expected<std::string, Problem> patient_reference(const nlohmann::json& body, std::string_view element);

/// The Observation `body` as a record of patient `patient_id` in `clinic_id`, entered by `user_id` at
/// `now_us`: code, value, unit, time, method, body site and side. 400 for malformed elements, 422 for
/// well-formed ones physiokit cannot record faithfully.
std::expected<clinic::Observation, Problem> observation_from_fhir(const nlohmann::json& body,
                                                                  const std::string& clinic_id,
                                                                  const std::string& patient_id,
                                                                  const std::string& user_id,
                                                                  long long now_us);

/// `current` with what the Patient `body` says (see above); `today` ("YYYY-MM-DD") bounds the birth date.
std::expected<clinic::Patient, Problem> patient_from_fhir(const nlohmann::json& body, clinic::Patient current,
                                                          std::string_view today);

/// The version an If-Match header names (W/"3" or "3"), or nullopt when it is malformed.
std::optional<long long> if_match_version(std::string_view header);

}  // namespace physio::fhir
