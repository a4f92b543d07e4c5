#pragma once
/// ORU^R01: measured results sent to an EHR.
///   MSH (header.hpp, structure ORU_R01), PID (pid.hpp),
///   OBR  OBR-1 1, OBR-3 filler order number (the report's id, namespace PHYSIOKIT),
///        OBR-4 the panel code^text^system, OBR-7 observation time, OBR-22 result time,
///        OBR-25 result status F
///   OBX  one per observation: OBX-1 set id, OBX-2 NM (number) or ST (text),
///        OBX-3 code^display^system (LN for LOINC, PHYSIOKIT for local codes),
///        OBX-5 value, OBX-6 unit^unit^UCUM, OBX-7 reference range, OBX-11 status F,
///        OBX-14 observation time, OBX-20 body site (text)
/// Numbers are written in plain decimal (NM has no exponent), shortest form that reads back the
/// same double. A NaN or infinite value, an empty code or a unit on a text value is refused.

#include <string>
#include <vector>

#include "clinic/records.hpp"
#include "core/error.hpp"
#include "hl7/header.hpp"
#include "hl7/message.hpp"
#include "hl7/pid.hpp"

namespace physio::hl7 {

inline constexpr std::string_view kLoincSystem = "LN";
/// Table 0396's form for a local coding system, "99zzz" (z alphanumeric; valid 2.3 to 2.8): our own
/// codes (measures without a LOINC code, the movement-analysis panel) in CWE.3 / CE.3.
inline constexpr std::string_view kLocalSystem = "99PKT";
inline constexpr std::string_view kUcumSystem = "UCUM";

struct CodedValue {
  std::string code{};
  std::string display{};
  std::string system{};  ///< "LN", "99PKT" (kLocalSystem)
};

struct ResultObservation {
  CodedValue code{};
  bool numeric = true;
  double number = 0.0;            ///< when numeric
  std::string text{};             ///< when not numeric
  std::string unit{};             ///< UCUM ("deg", "m/s", "s"); empty for unitless or text values
  std::string reference_range{};  ///< OBX-7 as text ("0-10"), empty when none
  std::string body_site{};
  TimeUs time_us = 0;
  std::string status = "F";
};

struct ResultReport {
  HeaderParams header{};
  PatientDemographics patient{};
  std::string report_id{};  ///< OBR-3
  CodedValue panel{};       ///< OBR-4
  TimeUs observed_us = 0;   ///< OBR-7
  TimeUs reported_us = 0;   ///< OBR-22
  std::vector<ResultObservation> observations{};
};

/// An observation as stored by the clinic: "http://loinc.org" becomes LN, anything else PHYSIOKIT.
ResultObservation result_from(const clinic::Observation& o);

Result<Message> build_oru_r01(const ResultReport& report);

/// `value` as NM text: plain decimal, shortest round-trip form ("41.5", "0.000012", "120").
std::string format_nm(double value);

}  // namespace physio::hl7
