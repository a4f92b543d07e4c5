#pragma once
/// A clinician's acknowledgement or snooze of a caseload alert (docs/metrics/caseload.md, "Acknowledging
/// an alert"). The alerts themselves are recomputed from the record each time (caseload.hpp); what the
/// clinician said about one is kept beside them and applied here:
///  - acknowledged: "seen, I am on it". Holds while the alert's text (its numbers) is the same and at
///    most `ack_max_days`; a change in the numbers brings the alert back at once.
///  - snoozed until a date (at most `snooze_max_days` ahead): hidden until then whatever the numbers,
///    except a pain alert, which comes back when its numbers change (pain is never silenced blindly).
/// A held alert stays listed (folded, with who, when and why) and does not count in the patient's need.

#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "rehab/calendar.hpp"
#include "rehab/caseload.hpp"

namespace physio::rehab {

inline constexpr int kAckMaxDays = 7;
inline constexpr int kSnoozeMaxDays = 30;

struct CaseloadAck {
  std::string kind{};         ///< the alert's kind (pain_high, missed_sessions, ...)
  std::string reason_text{};  ///< the alert's text when it was acknowledged
  std::string action{};       ///< "acknowledged" or "snoozed"
  std::string note{};         ///< the clinician's reason, required
  std::string by{};           ///< user id
  TimeUs at_us = 0;
  TimeUs until_us = 0;  ///< snoozed: the end; acknowledged: at + ack_max_days
};

/// The end of an acknowledgement or snooze made at `at_us` (snooze: `snooze_until_us`, capped).
TimeUs ack_until(const std::string& action, TimeUs at_us, TimeUs snooze_until_us);

/// The acknowledgement that holds for `reason` at `now_us` (the latest of its kind), if any.
std::optional<CaseloadAck> holding_ack(const NeedReason& reason, const std::vector<CaseloadAck>& acks,
                                       TimeUs now_us);

/// A patient's need with the acknowledgements applied: held reasons move out of the score (their
/// priority no longer counts) and are returned beside it with the ack that holds them.
struct HeldReason {
  NeedReason reason;
  CaseloadAck ack;
};
struct AcknowledgedNeed {
  NeedAssessment open;             ///< the reasons still open, and their score
  std::vector<HeldReason> held{};  ///< acknowledged or snoozed, in the order assessed
};
AcknowledgedNeed apply_acks(const NeedAssessment& need, const std::vector<CaseloadAck>& acks, TimeUs now_us);

}  // namespace physio::rehab
