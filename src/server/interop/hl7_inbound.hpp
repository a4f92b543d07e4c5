#pragma once
/// HL7 v2 inbound for one clinic (docs/server/hl7.md): one received message (MLLP frame already removed)
/// -> the ACK text, with an accepted event applied to the store in one transaction with its audit event.
///
///   ADT^A04/A08  -> the patient with that record number (PID-3, `mrn_authority` or the first MR) is
///                   registered or updated (either trigger upserts: senders differ on which they send)
///   SIU^S12      -> an appointment booked (the patient registered first if their MRN is new); the
///                   sender's SCH-2 filler id (else SCH-1 placer id) names it from then on. The
///                   practitioner (AIP-3, XCN) is found by identifier first (a clinic user id issued by
///                   PHYSIOKIT, else the sender's id with its assigning authority mapped before), then by
///                   name parts against staff display names; none or several: AE at that AIP-3
///   SIU^S14/S15/S26 -> that appointment modified, cancelled, marked no-show; an unknown id is AE at SCH-2
/// A message is applied once per sender (MSH-3^MSH-4) and control id (MSH-10): a resend is acknowledged
/// AA again and changes nothing. Refusals (AR/AE from hl7::receive, or ours above) store nothing; a store
/// failure answers AE 207. Each accepted change is an audit event with the sender as its actor.

#include <memory>
#include <string>
#include <string_view>

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
};

/// What happened to one message, for logs and tests.
struct Hl7Outcome {
  std::string ack_code;    ///< "AA", "AE", "AR"
  std::string ack_text;    ///< the ACK to send (unframed)
  std::string action;      ///< "hl7.patient.create", ... ; empty when nothing was applied
  std::string record_id;   ///< the record changed
  bool duplicate = false;  ///< this sender's control id was applied before
  std::string problem;     ///< the first issue in words, for AE/AR
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
