#pragma once
/// The acknowledgement of a received message (original acknowledgement mode):
///   MSH  ours as sender, the received MSH-3/4 as receiver (whole: every HD component, so an
///        OID-qualified `EPIC^1.2.840.114350^ISO` comes back as sent), MSH-9 ACK^<received trigger>^ACK
///   MSA  MSA-1 AA (accepted) / AE (error: the message was understood but is wrong) / AR
///        (rejected: it cannot be processed at all), MSA-2 the received MSH-10
///   ERR  from 2.5 on, one per issue, errors first, then warnings: ERR-2 location
///        segment^sequence^field[^repetition^component^subcomponent], ERR-3 code^text^HL70357
///        (table 0357), ERR-4 severity E (error) or W (warning: what was assumed), ERR-8 the issue
///        in words ("PID-7: '2023-13-45' is not a DTM date");
///        2.3, 2.3.1 and 2.4 (no ERR-2..8 yet): one ERR whose ERR-1 repeats per issue, errors then
///        warnings (those versions have no severity), as segment^sequence^field^code&text&HL70357,
///        with MSA-3 the first error in words and MSA-6 its code^text^HL70357 (none for warnings)
/// The ACK is written in the received MSH-12 version when it is one of kAckVersions (2.3 to 2.8.2),
/// else in `ours.version` (the configured default).
/// When the received MSH could not be parsed, `salvage_ack_context` reads what it can (MSH-3, -4,
/// -9.2, -10, -11, -12) from the first line as plain text, so that the sender can still match the AR.

#include <string>
#include <string_view>
#include <vector>

#include "hl7/header.hpp"
#include "hl7/issue.hpp"
#include "hl7/message.hpp"

namespace physio::hl7 {

enum class AckCode { kAccept, kError, kReject };

/// "AA", "AE", "AR".
std::string_view to_string(AckCode code);

/// What the ACK copies from the received message.
struct AckContext {
  std::string control_id{};                           ///< MSH-10
  std::string trigger{};                              ///< MSH-9.2
  std::string sending_application{};                  ///< MSH-3.1
  std::string sending_facility{};                     ///< MSH-4.1
  std::vector<std::string> sending_application_hd{};  ///< every component of MSH-3, unescaped
  std::vector<std::string> sending_facility_hd{};     ///< every component of MSH-4, unescaped
  std::string processing_id{};                        ///< MSH-11.1; "P" when unknown
  std::string version{};                              ///< MSH-12.1
};

AckContext ack_context(const Message& received);
/// Best effort from raw text whose MSH did not parse; empty fields when nothing is readable.
AckContext salvage_ack_context(std::string_view text);

/// The ACK. `ours` gives sending application/facility, control id and time; its receiving fields
/// and processing id are taken from `received`. `issues` are errors (E), `warnings` severity W.
Message build_ack(const AckContext& received, AckCode code, const std::vector<Issue>& issues,
                  HeaderParams ours, const std::vector<Issue>& warnings = {});

}  // namespace physio::hl7
