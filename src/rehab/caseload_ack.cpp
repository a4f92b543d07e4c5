#include "rehab/caseload_ack.hpp"

#include <algorithm>

namespace physio::rehab {

TimeUs ack_until(const std::string& action, TimeUs at_us, TimeUs snooze_until_us) {
  if (action == "snoozed") return std::min(snooze_until_us, at_us + kSnoozeMaxDays * kUsPerDay);
  return at_us + kAckMaxDays * kUsPerDay;
}

std::optional<CaseloadAck> holding_ack(const NeedReason& reason, const std::vector<CaseloadAck>& acks,
                                       TimeUs now_us) {
  const CaseloadAck* latest = nullptr;
  for (const auto& a : acks)
    if (a.kind == reason.kind && (!latest || a.at_us >= latest->at_us)) latest = &a;
  if (!latest || now_us >= latest->until_us || latest->at_us > now_us) return std::nullopt;
  const bool same_numbers = latest->reason_text == reason.text;
  if (latest->action == "snoozed" && reason.kind != "pain_high") return *latest;
  if (same_numbers) return *latest;
  return std::nullopt;
}

AcknowledgedNeed apply_acks(const NeedAssessment& need, const std::vector<CaseloadAck>& acks, TimeUs now_us) {
  AcknowledgedNeed out;
  for (const auto& r : need.reasons) {
    if (auto a = holding_ack(r, acks, now_us)) {
      out.held.push_back({r, *a});
    } else {
      out.open.reasons.push_back(r);
      out.open.score += r.priority;
    }
  }
  return out;
}

}  // namespace physio::rehab
