#pragma once
/// The MSH of the messages this module writes (ORU^R01, MDM^T02, ACK), and what an inbound MSH must
/// hold before anything else is read.
///
/// Outbound MSH: delimiters |^~\&, MSH-3/4 sending application/facility, MSH-5/6 receiving
/// application/facility, MSH-7 time in UTC, MSH-9 type^trigger^structure, MSH-10 control id,
/// MSH-11 processing id, MSH-12 version (2.5.1), MSH-18 "UNICODE UTF-8".
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

struct HeaderParams {
  std::string sending_application{};
  std::string sending_facility{};
  std::string receiving_application{};
  std::string receiving_facility{};
  std::string control_id{};  ///< MSH-10; unique per message sent
  TimeUs time_us = 0;        ///< MSH-7
  std::string processing_id = "P";
};

/// A message holding only its MSH.
Message new_message(const HeaderParams& h, std::string_view type, std::string_view trigger,
                    std::string_view structure);

/// The first problem of an inbound MSH (see above), or nothing.
Hl7Result<MessageType> check_header(const Message& m);

}  // namespace physio::hl7
