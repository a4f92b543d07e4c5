#pragma once
/// The physiotherapist decides: a proposal becomes a new program version only when approved
/// (as proposed or edited), or automatically when the program allows it and the change stays
/// within its bounds. Every decision returns an audit record for the clinic's audit trail.
///
///   approve        -> version + 1 with the proposed dosage; audit "progression.approve"
///   edit(dosage)   -> version + 1 with the clinician's dosage; audit "progression.edit"
///   reject         -> the same program, same version; audit "progression.reject"
///   auto_apply     -> version + 1 by "auto" when within bounds; audit "progression.auto_apply";
///                     otherwise nothing changes and the proposal waits (the reason says which bound)
/// A proposal made for an older version of the program is refused: the physiotherapist must see
/// proposals for what the patient does now.

#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "core/error.hpp"
#include "core/time.hpp"
#include "rehab/program.hpp"
#include "rehab/progression.hpp"

namespace physio::rehab {

enum class DecisionKind { kApprove, kEdit, kReject };
std::string_view to_string(DecisionKind k);

struct ClinicianDecision {
  DecisionKind kind = DecisionKind::kApprove;
  std::optional<Dosage> edited{};  ///< required for kEdit
  std::string clinician_id{};
  std::string reason{};
  TimeUs at_us = 0;
};

/// What the audit trail records about a decision (maps onto clinic::AuditEvent: action,
/// record_type "program", record_id, actor, time, detail).
struct ProgressionAudit {
  std::string action{};  ///< "progression.approve", ".edit", ".reject", ".auto_apply"
  std::string program_id{};
  std::string exercise_id{};
  std::string actor_id{};  ///< the clinician, or "auto"
  TimeUs at_us = 0;
  std::int64_t from_version = 0;
  std::int64_t to_version = 0;  ///< == from_version for a rejection
  std::string detail{};         ///< JSON: direction, from/to dosage, proposal summary, reason
};

struct Applied {
  Program program{};
  ProgressionAudit audit{};
};

/// Applies the clinician's decision on `proposal` to `program`.
Result<Applied> apply_proposal(const Program& program, const Proposal& proposal,
                               const ClinicianDecision& decision);

struct AutoApplyCheck {
  bool allowed = false;
  double load_change_pct_this_week = 0.0;  ///< |automatic load changes| in the last 7 days, this one included
  int steps_since_review = 0;  ///< automatic changes since a clinician last changed it, this one included
  std::string reason{};
};

/// Whether `proposal` may be applied without asking, under the program's bounds.
AutoApplyCheck check_auto_apply(const Program& program, const Proposal& proposal, TimeUs now_us);

/// Applies `proposal` automatically when check_auto_apply allows it; nullopt (with `why`) when it must wait.
Result<std::optional<Applied>> auto_apply(const Program& program, const Proposal& proposal, TimeUs now_us,
                                          std::string* why = nullptr);

}  // namespace physio::rehab
