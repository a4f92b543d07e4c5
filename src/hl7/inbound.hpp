#pragma once
/// One received message -> what it asks for, and the ACK to send back. The server's MLLP listener
/// calls this for each message the decoder yields and writes `ack_text` framed.
///
/// Supported: ADT^A01, A04, A05, A08, A28, A31 (patient upsert, adt.hpp), SIU^S12, S13, S14, S15, S17,
/// S26 (appointment change, siu.hpp). The ACK rules, in the order they are checked:
///   1. the MSH does not parse (no MSH, bad delimiters, bad escape in MSH)  -> AR, the parse issue
///   2. MSH-9, MSH-10, MSH-11 or MSH-12 unusable (header.hpp)             -> AR (101/102/202/203)
///   3. a message type other than ADT / SIU                               -> AR 200 at MSH-9.1
///   4. a trigger this module does not take (ADT^A40, SIU^S16)             -> AR 201 at MSH-9.2
///   5. a later segment does not parse (bad name, bad escape)              -> AE, the parse issue
///   6. the mapping finds errors (missing PID-3, bad PID-7, no SCH id ...)  -> AE, every error, each
///      with its segment and field, and the warnings
///   7. otherwise                                                          -> AA with the event, and
///      the warnings (what was assumed: a trimmed value, a unit read from its text, a defaulted
///      identifier type, a mapped or ignored status), one ERR each with severity W
/// The sender's profile (sender_profile.hpp, found by MSH-3.1 and MSH-4.1) sets its identifier rule,
/// zone, statuses and units. Only an AA carries an event; the caller stores it and, should that fail,
/// sends `internal_error_ack` (AE 207) instead.

#include <functional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "hl7/ack.hpp"
#include "hl7/adt.hpp"
#include "hl7/datetime.hpp"
#include "hl7/header.hpp"
#include "hl7/issue.hpp"
#include "hl7/reading.hpp"
#include "hl7/sender_profile.hpp"
#include "hl7/siu.hpp"

namespace physio::hl7 {

struct ReceiveOptions {
  HeaderParams ours{};                      ///< sender fields, control id and time of the ACK
  LocalOffset local = fixed_offset(0);      ///< how to read times without an offset
  IdentifierRule identifier{};              ///< the clinic's record number, unless the sender's profile says
  const SenderProfiles* senders = nullptr;  ///< per-sender rules; null: none
  /// A sender profile's time zone as an offset function; null: profiles' zones are not used.
  std::function<LocalOffset(const std::string& zone)> zone_offset{};
};

using InboundEvent = std::variant<std::monostate, PatientUpsert, AppointmentChange>;

struct Receipt {
  AckCode code = AckCode::kReject;
  std::vector<Issue> issues{};    ///< the errors (AE/AR)
  std::vector<Issue> warnings{};  ///< what was assumed (ERR severity W), with any code
  AckContext received{};
  const SenderProfile* profile = nullptr;  ///< the sender's, when one was found
  InboundEvent event{};                    ///< set only with AA
  Message ack{};
  std::string ack_text{};  ///< serialize(ack)
};

Receipt receive(std::string_view text, const ReceiveOptions& options);

/// The AE 207 to send when storing an accepted event failed; `what` goes to ERR-8 (no PHI).
Message internal_error_ack(const AckContext& received, std::string_view what, const HeaderParams& ours);

}  // namespace physio::hl7
