#pragma once
/// HL7 v2 inbound for one clinic (docs/server/hl7.md): one received message (MLLP frame already removed)
/// -> the ACK text, with an accepted event applied to the store in one transaction with its audit event.
///
///   ADT^A01/A04/A05/A08/A28/A31 -> the patient with that record number (PID-3: the sender's identifier
///                   rule, else `mrn_authority`, else the first MR, else the only candidate; hl7/pid.hpp)
///                   is registered or updated (every such trigger upserts: senders differ on which they send)
///   SIU^S12      -> an appointment booked (the patient registered first if their MRN is new); the
///                   sender's SCH-2 filler id (else SCH-1 placer id) names it from then on. The
///                   practitioner (AIP-3, XCN) is found by identifier first (a clinic user id issued by
///                   PHYSIOKIT, else the sender's id with its assigning authority mapped before), then by
///                   name parts against staff display names; none or several: AE at that AIP-3
///   SIU^S13/S14/S15/S17/S26 -> that appointment modified, cancelled, marked no-show; an unknown id is AE
///                   at SCH-2
/// A message is applied once per sender (MSH-3^MSH-4) and control id (MSH-10): a resend is acknowledged
/// AA again and changes nothing. Refusals (AR/AE from hl7::receive, or ours above) store nothing; the AE
/// names every problem found (the patient's and the practitioner's both), with the warnings of the
/// reading; an AA carries the warnings (ERR severity W). A store failure answers AE 207. Each accepted
/// change is an audit event with the sender as its actor.

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hl7/sender_profile.hpp"
#include "rehab/calendar.hpp"
#include "store/store.hpp"

namespace physio::server {

struct Hl7InboundOptions {
  std::string clinic_id;
  std::string mrn_authority;      ///< PID-3 assigning authority of the clinic's MRN; empty: the first MR
  std::string time_zone = "UTC";  ///< how to read times sent without an offset
  std::string application = "PHYSIOKIT";  ///< MSH-3 of our ACKs
  std::string ack_version = "2.5.1";      ///< ACK version when the sender's MSH-12 is not 2.3 to 2.8.2
  std::shared_ptr<const rehab::TzOffsetProvider> tz;  ///< null: the system's tz database
  hl7::SenderProfiles senders;  ///< per-sender reading rules (docs/server/hl7.md, "Per-sender settings")
};

/// Reads the per-sender file (`<data>/hl7-senders.json`): absent is no profiles; a file that does not
/// parse, or names a time zone `tz` does not know, is an error naming the file, the entry and the member.
Result<hl7::SenderProfiles> load_sender_profiles(const std::filesystem::path& file,
                                                 const rehab::TzOffsetProvider& tz);

/// What happened to one message, for logs and tests.
struct Hl7Outcome {
  std::string ack_code;               ///< "AA", "AE", "AR"
  std::string ack_text;               ///< the ACK to send (unframed)
  std::string action;                 ///< "hl7.patient.create", ... ; empty when nothing was applied
  std::string record_id;              ///< the record changed
  bool duplicate = false;             ///< this sender's control id was applied before
  std::string problem;                ///< the first issue in words, for AE/AR
  std::vector<std::string> warnings;  ///< what was assumed, in words (the ACK's ERR with severity W)
};

class Hl7Inbound {
 public:
  Hl7Inbound(store::Store& store, Hl7InboundOptions options);
  /// Thread-safe (the store serialises writes); `peer` goes to the audit event's client field.
  Hl7Outcome handle(std::string_view message, std::string_view peer);

 private:
  store::Store& store_;
  Hl7InboundOptions options_;
};

}  // namespace physio::server
