#pragma once
/// MDM^T02: a clinical note (original document notification and content) sent to an EHR; MDM^T06: an
/// addendum to it.
///   MSH (header.hpp, structure MDM_T02), EVN (EVN-1 T02, EVN-2 time), PID (pid.hpp),
///   PV1 (PV1-2 patient class O, outpatient),
///   TXA  TXA-1 1, TXA-2 document type (table 0270: PR progress note, CN consultation, DS discharge
///        summary...), TXA-3 TX, TXA-4 activity time, TXA-5 the author, TXA-6 origination time,
///        TXA-9 originator (the author), both XCN (xcn.hpp: id, family, given, middle, suffix,
///        prefix, degree, assigning authority, professional suffix), TXA-12 unique document number
///        ^ PHYSIOKIT, TXA-17 completion status AU (authenticated), TXA-22 authentication: the author
///        as PPN with the signing time in component 15
///   OBX  one per line of the note: OBX-1 set id, OBX-2 TX, OBX-3 the note's code (default LOINC
///        11506-3 progress note), OBX-4 sub-id 1, OBX-5 the line escaped, OBX-11 F
/// An empty line is kept as an OBX with an empty OBX-5, so the receiver rebuilds the note line for
/// line. Refused: an empty document number or author id.

#include <string>

#include "core/error.hpp"
#include "hl7/header.hpp"
#include "hl7/message.hpp"
#include "hl7/oru.hpp"
#include "hl7/pid.hpp"
#include "hl7/siu.hpp"

namespace physio::hl7 {

struct ClinicalNote {
  HeaderParams header{};
  PatientDemographics patient{};
  std::string document_type = "PR";  ///< table 0270
  CodedValue code{"11506-3", "Progress note", "LN"};
  std::string document_number{};  ///< TXA-12, unique per document
  Practitioner author{};          ///< written as XCN / PPN (xcn.hpp); its role is not written
  TimeUs activity_us = 0;         ///< TXA-4 (and TXA-6)
  TimeUs signed_us = 0;           ///< TXA-22.15
  std::string text{};             ///< lines separated by "\n" (a "\r\n" counts as one break)
  /// An addendum's parent document (TXA-13); required by build_mdm_t06, not written by build_mdm_t02.
  std::string parent_document_number{};
};

Result<Message> build_mdm_t02(const ClinicalNote& note);

/// MDM^T06 (document addendum notification and content, structure MDM_T02): the addendum is a document
/// of its own (TXA-12) linked to the original by TXA-13, EVN-1 T06; the rest as MDM^T02. The original
/// document is never repeated or changed. Refused: an empty parent document number.
Result<Message> build_mdm_t06(const ClinicalNote& note);

}  // namespace physio::hl7
