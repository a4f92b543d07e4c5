#pragma once
/// The PID segment: who the patient is, read from inbound messages and written into outbound ones.
///
/// Read (`read_pid`), with the field each value comes from:
///   PID-3   identifiers, every repetition: CX.1 id, CX.4.1 assigning authority, CX.5 type (MR, PI..)
///   PID-5   first repetition: XPN.1.1 family, .2 given, .3 middle, .4 suffix, .5 prefix
///   PID-7   birth date (DTM with at least a day) -> "YYYY-MM-DD"
///   PID-8   sex, table 0001: F M O U A N -> female male other unknown other unknown
///   PID-11  addresses, every repetition: XAD.1.1 street, .2 other, .3 city, .4 state, .5 postal
///           code, .6 country, .7 type
///   PID-13  home contacts, every repetition: an e-mail when XTN.2 is NET or XTN.3 is Internet
///           (XTN.4, else XTN.1), otherwise a phone (XTN.1, else +XTN.5 XTN.6 XTN.7 xXTN.8, else XTN.12)
///   PID-29  death date/time (DTM), PID-30 death indicator (Y/N)
/// Required: PID-3 with at least one CX.1 (101), PID-5.1 family name (101). Malformed dates are
/// data type errors (102), unknown sex or indicator values table errors (103). Values are read trimmed
/// (a warning when spaces were there).
///
/// The clinic's record number (`choose_record_number`, in this order):
///   1. an identifier rule's authority given (the sender's, else the clinic's): the identifier whose
///      CX.4.1 or CX.4.2 is that authority; none: error 101
///   2. else the first identifier whose CX.5 is the rule's type (MR when not set)
///   3. else, when exactly one identifier could be the record number (any not issued by PHYSIOKIT
///      whose type is not one of kNotRecordNumberTypes: SS, DL, PPN, AN, VN, ...), that one, with a
///      warning saying so; several: error 101 listing them, none: error 101
/// Identifiers sent without CX.5 take the rule's `untyped_as` type first (a warning each).
///
/// Written (`write_pid`): PID-3 identifiers, PID-5 name, PID-7 birth date, PID-8 sex.

#include <string>
#include <vector>

#include "clinic/records.hpp"
#include "hl7/datetime.hpp"
#include "hl7/issue.hpp"
#include "hl7/message.hpp"
#include "hl7/reading.hpp"

namespace physio::hl7 {

struct PatientIdentifier {
  std::string id{};
  std::string assigning_authority{};  ///< CX.4.1 ("HOSP", "1.2.840.114350...")
  std::string type_code{};            ///< CX.5, table 0203 ("MR", "PI", "SS")
  bool operator==(const PatientIdentifier&) const = default;
};

struct PersonName {
  std::string family{};
  std::string given{};
  std::string middle{};
  std::string suffix{};
  std::string prefix{};
  bool operator==(const PersonName&) const = default;
};

struct PostalAddress {
  std::string street{};
  std::string other{};
  std::string city{};
  std::string state{};
  std::string postal_code{};
  std::string country{};
  std::string type{};  ///< table 0190: H home, M mailing, B business...
  bool operator==(const PostalAddress&) const = default;
};

struct ContactPoint {
  enum class Kind { kPhone, kEmail };
  Kind kind = Kind::kPhone;
  std::string value{};
  std::string use{};  ///< XTN.2, table 0201: PRN, WPN, NET, ORN...
  bool operator==(const ContactPoint&) const = default;
};

struct PatientDemographics {
  std::vector<PatientIdentifier> identifiers{};
  PersonName name{};
  std::string birth_date{};  ///< "YYYY-MM-DD" or ""
  std::string sex{};         ///< FHIR administrative gender or "" when PID-8 is empty
  std::vector<PostalAddress> addresses{};
  std::vector<ContactPoint> contacts{};
  bool deceased = false;
  TimeUs deceased_us = 0;             ///< 0 when not given
  PatientIdentifier record_number{};  ///< chosen by `choose_record_number`; empty id when not chosen
  bool operator==(const PatientDemographics&) const = default;
};

/// CX.5 types (table 0203) that never name a patient's record: social security, driver's licence,
/// passport, national and health-plan numbers (and NN + a country code), account, visit, birth and death
/// certificates, a provider's.
inline constexpr std::string_view kNotRecordNumberTypes[] = {
    "SS",  "DL", "PPN", "NI",  "NH", "AN",  "AND", "VN", "BA", "BC", "DC", "DR", "DN",   "NPI",
    "PRN", "EI", "EN",  "TAX", "HC", "JHN", "MA",  "MC", "SR", "WC", "CC", "U",  "UPIN", "RRI"};

/// Reads the first PID of `m`; times without an offset are read in `local`.
Hl7Result<PatientDemographics> read_pid(const Message& m, const LocalOffset& local);
/// Reads the first PID of `m` under `rules`, every problem into `f` (the result is partial when
/// `f` holds errors); chooses the record number when `rules.choose_record_number`.
PatientDemographics read_pid(const Message& m, const ReadRules& rules, Findings& f);

/// Sets `p.record_number` (see above), problems into `f` at PID-3.
void choose_record_number(PatientDemographics& p, const IdentifierRule& rule, Findings& f);

/// The chosen record number when there is one; else the identifier issued by `authority` (or, when none
/// is, the first of type MR), else nullptr.
const PatientIdentifier* find_identifier(const PatientDemographics& p, std::string_view authority);

/// Appends a PID (set id 1) to `m`.
void write_pid(Message& m, const PatientDemographics& p);

/// What the clinic knows of `patient` as demographics: the MRN under `mrn_authority` (type MR) and
/// the record id under "PHYSIOKIT" (type PI), name, birth date, sex, phone, e-mail.
PatientDemographics demographics_from(const clinic::Patient& patient, std::string_view mrn_authority);

}  // namespace physio::hl7
