#pragma once
/// The MSH of the messages this module writes (ORU^R01, MDM^T02, ACK), and what an inbound MSH must
/// hold before anything else is read.
///
/// Outbound MSH: delimiters |^~\&, MSH-3/4 sending application/facility, MSH-5/6 receiving
/// application/facility, MSH-7 time in UTC, MSH-9 type^trigger^structure, MSH-10 control id,
/// MSH-11 processing id, MSH-12 version (2.5.1; an ACK answers in the sender's), MSH-18
/// "UNICODE UTF-8". MSH-9.3 (the message structure) is left out of version 2.3, which has no such
/// component.
///
/// Inbound check (`check_header`): MSH-9.1 and MSH-9.2 present and made of letters and digits,
/// MSH-10 present, MSH-11.1 one of P (production), T (training), D (debugging) when given,
/// MSH-12.1 a 2.x version. Failing any of these is a rejection (AR): the message cannot be
/// routed or acknowledged meaningfully.

#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "hl7/issue.hpp"
#include "hl7/message.hpp"

namespace physio::hl7 {

inline constexpr std::string_view kVersion = "2.5.1";
/// The namespace (HD.1, EI.2) of the ids this system issues: record ids in PID-3, report and document
/// numbers in OBR-3 and TXA-12, staff ids in XCN.9. Not a coding system (those are kLocalSystem).
inline constexpr std::string_view kNamespace = "PHYSIOKIT";

/// The HL7 versions an ACK may be written in (table 0104 from 2.3 to 2.8.2).
inline constexpr std::string_view kAckVersions[] = {"2.3", "2.3.1", "2.4", "2.5",   "2.5.1", "2.6",
                                                    "2.7", "2.7.1", "2.8", "2.8.1", "2.8.2"};
bool is_ack_version(std::string_view version);
/// The version to answer a message of `received` version in: that version when it is one of
/// kAckVersions, else `fallback`.
std::string ack_version(std::string_view received, std::string_view fallback);

struct HeaderParams {
  std::string sending_application{};
  std::string sending_facility{};
  std::string receiving_application{};
  std::string receiving_facility{};
  std::string control_id{};  ///< MSH-10; unique per message sent
  TimeUs time_us = 0;        ///< MSH-7
  std::string processing_id = "P";
  std::string version = std::string(kVersion);  ///< MSH-12
};

/// What the clinic's settings say about the messages it sends (server settings hl7-*).
struct OutboundSettings {
  std::string sending_application = std::string(kNamespace);  ///< MSH-3
  std::string receiving_application{};                        ///< MSH-5
  std::string receiving_facility{};                           ///< MSH-6
  std::string mrn_authority{};  ///< PID-3 CX.4 of the clinic's record number (MR)
};

/// The MSH fields of a message sent under `s` from `sending_facility`.
HeaderParams outbound_header(const OutboundSettings& s, std::string sending_facility, std::string control_id,
                             TimeUs time_us);

/// A message holding only its MSH.
Message new_message(const HeaderParams& h, std::string_view type, std::string_view trigger,
                    std::string_view structure);

/// The first problem of an inbound MSH (see above), or nothing.
Hl7Result<MessageType> check_header(const Message& m);

}  // namespace physio::hl7
