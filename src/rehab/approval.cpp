#include "rehab/approval.hpp"

#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace physio::rehab {

using nlohmann::json;

std::string_view to_string(DecisionKind k) {
  switch (k) {
    case DecisionKind::kApprove:
      return "approve";
    case DecisionKind::kEdit:
      return "edit";
    case DecisionKind::kReject:
      return "reject";
  }
  return "reject";
}

namespace {

Status check_applicable(const Program& program, const Proposal& proposal) {
  if (proposal.program_id != program.id) {
    return fail(ErrorCode::kInvalidArgument, "the proposal is for program '{}', not '{}'",
                proposal.program_id, program.id);
  }
  if (proposal.program_version != program.version) {
    return fail(ErrorCode::kInvalidArgument,
                "the program changed since the proposal was made (now version {}, proposal for version {})",
                program.version, proposal.program_version);
  }
  const Prescription* rx = program.find(proposal.exercise_id);
  if (rx == nullptr)
    return fail(ErrorCode::kNotFound, "exercise '{}' is not in the program", proposal.exercise_id);
  if (rx->dosage != proposal.current) {
    return fail(ErrorCode::kInvalidArgument,
                "the dosage of '{}' differs from the one the proposal started from", proposal.exercise_id);
  }
  return ok();
}

Program with_dosage(const Program& program, const std::string& exercise_id, const Dosage& dosage,
                    ChangeRecord change) {
  Program next = program;
  for (auto& rx : next.prescriptions) {
    if (rx.exercise_id == exercise_id) rx.dosage = dosage;
  }
  next.version = program.version + 1;
  change.version = next.version;
  next.history.push_back(std::move(change));
  return next;
}

std::optional<double> load_change(const Dosage& from, const Dosage& to) {
  if (from.load == to.load) return 0.0;
  if (from.load.kind == LoadKind::kKg && to.load.kind == LoadKind::kKg && from.load.kg > 0) {
    return 100.0 * (to.load.kg - from.load.kg) / from.load.kg;
  }
  return std::nullopt;
}

std::string detail_json(const Proposal& proposal, const Dosage& to, std::string_view decision,
                        const std::string& reason) {
  return json{{"decision", decision},
              {"direction", to_string(proposal.direction)},
              {"from", to_json(proposal.current)},
              {"to", to_json(to)},
              {"proposal", proposal.summary},
              {"reason", reason}}
      .dump();
}

}  // namespace

Result<Applied> apply_proposal(const Program& program, const Proposal& proposal,
                               const ClinicianDecision& decision) {
  PHYSIO_CHECK(check_applicable(program, proposal));
  if (decision.clinician_id.empty())
    return fail(ErrorCode::kInvalidArgument, "decision.clinician_id: missing");
  Applied out;
  out.audit.action = fmt::format("progression.{}", to_string(decision.kind));
  out.audit.program_id = program.id;
  out.audit.exercise_id = proposal.exercise_id;
  out.audit.actor_id = decision.clinician_id;
  out.audit.at_us = decision.at_us;
  out.audit.from_version = program.version;

  if (decision.kind == DecisionKind::kReject) {
    out.program = program;
    out.audit.to_version = program.version;
    out.audit.detail = detail_json(proposal, proposal.current, "reject", decision.reason);
    return out;
  }
  Dosage to = proposal.proposed;
  if (decision.kind == DecisionKind::kEdit) {
    if (!decision.edited)
      return fail(ErrorCode::kInvalidArgument, "decision.edited: an edit needs the dosage");
    PHYSIO_CHECK(validate_dosage(*decision.edited, "decision.edited"));
    to = *decision.edited;
  }
  const auto pct = load_change(proposal.current, to);
  const std::string why = decision.reason.empty() ? proposal.summary : decision.reason;
  out.program = with_dosage(program, proposal.exercise_id, to,
                            ChangeRecord{0, decision.clinician_id, decision.at_us, why, "progression",
                                         proposal.exercise_id, pct.value_or(0.0)});
  out.audit.to_version = out.program.version;
  out.audit.detail = detail_json(proposal, to, to_string(decision.kind), decision.reason);
  return out;
}

AutoApplyCheck check_auto_apply(const Program& program, const Proposal& proposal, TimeUs now_us) {
  AutoApplyCheck c;
  const auto& b = program.auto_apply;
  if (!b.enabled) {
    c.reason = "automatic steps are off for this program";
    return c;
  }
  if (proposal.direction == Direction::kHold) {
    c.reason = "nothing to change";
    return c;
  }
  if (!proposal.load_change_pct) {
    c.reason = "the size of the load change is not known (band colour): the physiotherapist decides";
    return c;
  }
  constexpr TimeUs kWeekUs = 7 * 86'400 * kUsPerSecond;
  c.load_change_pct_this_week = std::abs(*proposal.load_change_pct);
  c.steps_since_review = 1;
  // Walk back through this prescription's changes: automatic ones count until the last clinician change.
  bool counting_steps = true;
  for (auto it = program.history.rbegin(); it != program.history.rend(); ++it) {
    const bool this_rx =
        it->exercise_id == proposal.exercise_id || it->exercise_id.empty();  // "" = whole program
    if (!this_rx) continue;
    const bool automatic = it->kind == "auto_progression";
    if (!automatic) counting_steps = false;
    if (automatic && counting_steps) ++c.steps_since_review;
    if (automatic && it->at_us > now_us - kWeekUs)
      c.load_change_pct_this_week += std::abs(it->load_change_pct);
  }
  constexpr double kPctTol = 1e-9;
  if (c.load_change_pct_this_week > b.max_load_change_pct_per_week + kPctTol) {
    c.reason =
        fmt::format("{:.1f} % load change in 7 days would exceed the program's {:g} %: waiting for approval",
                    c.load_change_pct_this_week, b.max_load_change_pct_per_week);
    return c;
  }
  if (c.steps_since_review > b.max_steps) {
    c.reason = fmt::format(
        "{} automatic steps since the physiotherapist's last change would exceed the program's {}: "
        "waiting for approval",
        c.steps_since_review, b.max_steps);
    return c;
  }
  c.allowed = true;
  c.reason = fmt::format("within bounds: {:.1f} % of {:g} % load change this week, step {} of {}",
                         c.load_change_pct_this_week, b.max_load_change_pct_per_week, c.steps_since_review,
                         b.max_steps);
  return c;
}

Result<std::optional<Applied>> auto_apply(const Program& program, const Proposal& proposal, TimeUs now_us,
                                          std::string* why) {
  PHYSIO_CHECK(check_applicable(program, proposal));
  const AutoApplyCheck c = check_auto_apply(program, proposal, now_us);
  if (why != nullptr) *why = c.reason;
  if (!c.allowed) return std::optional<Applied>{};
  Applied out;
  out.program =
      with_dosage(program, proposal.exercise_id, proposal.proposed,
                  ChangeRecord{0, "auto", now_us, proposal.summary + "; " + c.reason, "auto_progression",
                               proposal.exercise_id, *proposal.load_change_pct});
  out.audit = ProgressionAudit{"progression.auto_apply",
                               program.id,
                               proposal.exercise_id,
                               "auto",
                               now_us,
                               program.version,
                               out.program.version,
                               detail_json(proposal, proposal.proposed, "auto_apply", c.reason)};
  return std::optional<Applied>(std::move(out));
}

}  // namespace physio::rehab
