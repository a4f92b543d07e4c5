#pragma once
/// Recomputes the whole audit chain and names the first event that does not fit.

#include <cstdint>
#include <string>

#include "core/error.hpp"
#include "store/store.hpp"

namespace physio::store {

enum class AuditProblem {
  kNone,
  kEdited,      ///< an event's hash does not match its content: it was changed after it was written
  kBrokenLink,  ///< an event's prev_hash is not the previous event's hash: events deleted, inserted or
                ///< reordered
  kGap,         ///< a sequence number is missing: an event was deleted
  kTruncated,   ///< the head names events beyond the last one present: the tail was removed
  kBeyondHead,  ///< events after the head: added without going through the store
  kBadHead,     ///< the head's hash differs from the last event's
};

struct AuditVerifyReport {
  bool ok = true;
  std::int64_t events_checked = 0;
  std::int64_t head_seq = 0;
  std::int64_t first_bad_seq = 0;  ///< 0 when ok
  AuditProblem problem = AuditProblem::kNone;
  std::string what;  ///< one sentence naming the event and the problem; "" when ok
};

/// Reads every event in seq order (in pages, inside one read snapshot) and checks seq continuity,
/// each prev_hash link, each hash, and the head. A broken chain is a report with ok = false; an
/// error is returned only when the database cannot be read.
Result<AuditVerifyReport> verify_audit_chain(Store& store);

}  // namespace physio::store
