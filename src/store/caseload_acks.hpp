#pragma once
/// Clinicians' acknowledgements and snoozes of caseload alerts (migration 0018, docs/metrics/caseload.md,
/// "Acknowledging an alert"); every decision is kept, rehab::apply_acks decides which one holds (the
/// server maps these rows to rehab::CaseloadAck: the store does not depend on the rules).

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"
#include "store/tx.hpp"

namespace physio::store {

struct CaseloadAckRow {
  std::string id{};
  std::string clinic_id{};
  std::string patient_id{};
  std::string kind{};
  std::string reason_text{};
  std::string action{};  ///< "acknowledged" or "snoozed"
  std::string note{};
  std::string by_user{};
  TimeUs at_us = 0;
  TimeUs until_us = 0;
};

/// Stores one decision (id assigned).
Result<CaseloadAckRow> insert_caseload_ack(Tx& tx, CaseloadAckRow row);

/// The clinic's decisions of the last 31 days (every one that can still hold, and any later one that
/// replaced it), per patient, oldest first.
Result<std::vector<CaseloadAckRow>> current_caseload_acks(Tx& tx, std::string_view clinic_id, TimeUs now_us);

}  // namespace physio::store
