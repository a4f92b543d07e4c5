// Progression with the physiotherapist in charge: the review runs the rehab module's rules (one
// proposal per prescription), steps within a program's automatic bounds apply at once, the others wait
// for the physiotherapist to approve, edit or reject them.
#include <algorithm>
#include <map>
#include "rehab/approval.hpp"
#include "rehab/program_rows.hpp"
#include "rehab/progression.hpp"

#include "server/http/context.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/services.hpp"
#include "server/rehab/program_access.hpp"
#include "server/rehab/routes.hpp"

namespace physio::server {
namespace {

using clinic::Action;
using nlohmann::json;

json proposal_json(const clinic::ProgressionProposal& p) {
  json j = json::parse(p.proposal_json, nullptr, false);
  if (j.is_discarded()) j = json::object();
  j["id"] = p.id;
  j["patient_id"] = p.patient_id;
  j["program_id"] = p.program_id;
  j["program_version"] = p.program_version;
  j["state"] = p.state;
  j["created"] = iso_time(p.created_us);
  j["decided_by"] = p.decided_by.empty() ? json(nullptr) : json(p.decided_by);
  j["decided"] = p.decided_us == 0 ? json(nullptr) : json(iso_time(p.decided_us));
  j["decision_reason"] = p.decision_reason;
  return j;
}

/// The audit event of a progression decision, as the rehab module described it.
store::AuditEventInput progression_event(const RequestContext& ctx, const rehab::ProgressionAudit& a,
                                         const std::string& patient_id) {
  store::AuditEventInput e = ctx.audit_event("program", a.program_id, patient_id);
  e.action = a.action;
  e.detail = json{{"exercise_id", a.exercise_id},
                  {"by", a.actor_id},
                  {"from_version", a.from_version},
                  {"to_version", a.to_version},
                  {"change", json::parse(a.detail, nullptr, false)}}
                 .dump();
  return e;
}

// ---- progression ----------------------------------------------------------------------------------

/// The dosage of `exercise_id` in each stored version (nullopt where it was not prescribed).
std::vector<std::optional<rehab::Dosage>> dosage_by_version(
    const std::vector<clinic::ProgramVersion>& versions, const std::string& exercise_id) {
  std::vector<std::optional<rehab::Dosage>> out;
  for (const auto& v : versions) {
    std::optional<rehab::Dosage> d;
    auto j = json::parse(v.program_json, nullptr, false);
    if (!j.is_discarded()) {
      if (auto p = rehab::program_from_json(j)) {
        if (const auto* rx = p->find(exercise_id)) d = rx->dosage;
      }
    }
    out.push_back(d);
  }
  return out;
}

struct ReviewInputs {
  clinic::Patient patient;
  std::vector<clinic::ProgramVersion> versions;
  std::vector<clinic::ExerciseLog> logs;
  std::vector<clinic::MorningPainAnswer> morning;
};

/// The rehab module's input for one prescription: the sessions at its current dosage (the versions
/// since it last changed), each with that morning's and the next morning's pain answers, and the
/// adherence of the last two complete weeks.
rehab::ProgressionInput review_input(const rehab::Program& program, const rehab::Prescription& rx,
                                     const ReviewInputs& in, double adherence_pct, bool adherence_known,
                                     TimeUs now, const rehab::UtcOffsetFn& offset) {
  rehab::ProgressionInput x;
  x.program_id = program.id;
  x.program_version = program.version;
  x.prescription = rx;
  x.now_us = now;
  x.utc_offset = offset;
  if (adherence_known) x.adherence_session_pct = adherence_pct;
  const auto dosages = dosage_by_version(in.versions, rx.exercise_id);
  // The first version of the run of versions (ending at the current one) with today's dosage.
  std::int64_t since = program.version;
  for (std::size_t i = dosages.size(); i-- > 0;) {
    if (!dosages[i] || *dosages[i] != rx.dosage) {
      x.previous_dosage = dosages[i];
      break;
    }
    since = in.versions[i].version;
  }
  std::map<rehab::LocalDay, double> morning_by_day;
  for (const auto& m : in.morning) {
    morning_by_day[rehab::local_day(m.at_us, offset)] = m.nprs;  // the day's latest answer
    x.morning_pain.push_back({m.at_us, m.nprs});
  }
  for (const auto& l : in.logs) {
    if (l.program_id != program.id || l.exercise_id != rx.exercise_id || l.program_version < since) continue;
    if (!l.not_counted_reason.empty()) continue;  // a rejected set never moves a program
    rehab::SessionOutcome s;
    s.done_us = l.done_us;
    auto reps = json::parse(l.reps_per_set, nullptr, false);
    if (reps.is_array())
      for (const auto& r : reps) s.reps_per_set.push_back(r.get<int>());
    s.pain_during_nprs = l.pain_during_nprs;
    s.rir_last_set = l.rir;
    s.rpe_last_set = l.rpe;
    s.mean_quality = l.mean_quality;
    s.severe_cues = static_cast<int>(l.severe_cues);
    s.rom_deg = l.rom_deg;
    const auto day = rehab::local_day(l.done_us, offset);
    for (const auto& m : in.morning) {
      if (rehab::local_day(m.at_us, offset) == day && m.at_us <= l.done_us)
        s.pain_morning_before_nprs = m.nprs;
    }
    if (auto it = morning_by_day.find(day + 1); it != morning_by_day.end())
      s.pain_next_morning_nprs = it->second;
    x.sessions.push_back(std::move(s));
  }
  return x;
}

net::Response review(RequestContext& ctx) {
  clinic::HomeProgram row;
  if (auto d = load_program(ctx, row)) return *d;
  auto data = rehab_data();
  if (!data) return data_unavailable();
  const TimeUs now = now_us();
  constexpr TimeUs kWindowUs = 28 * rehab::kUsPerDay;
  auto inputs = ctx.services.store().read([&](store::Tx& tx) -> Result<ReviewInputs> {
    ReviewInputs in;
    in.patient = PHYSIO_TRY(tx.get_patient(row.clinic_id, row.patient_id));
    in.versions = PHYSIO_TRY(tx.list_program_versions(row.clinic_id, row.id));
    in.logs = PHYSIO_TRY(tx.list_exercise_logs(row.clinic_id, row.patient_id, row.id));
    in.morning = PHYSIO_TRY(tx.list_morning_pain(row.clinic_id, row.patient_id, now - kWindowUs, now + 1));
    return in;
  });
  if (!inputs) return store_error(inputs.error());
  auto current = rehab::program_of(row);
  if (!current) return store_error(current.error());
  const auto offset = rehab::zone_of(inputs->patient);

  // Adherence of the complete local days of the last two weeks (today is not over yet).
  const rehab::LocalDay today = rehab::local_day(now, offset);
  const rehab::LocalDay first = std::max(today - 14, rehab::program_first_day(*current, row, offset));
  const bool adherence_known = first < today;
  double adherence_pct = 0;
  if (adherence_known) {
    const auto done = rehab::session_logs(inputs->logs);
    const TimeUs end_of_yesterday = rehab::local_time_to_utc(today, 0, offset) - 1;
    adherence_pct = rehab::compute_adherence(*current, done, first, end_of_yesterday, offset).session_pct;
  }

  // One proposal per prescription. Those within the program's automatic bounds are applied at once,
  // each as a new version; the others wait for the physiotherapist, made for the final version.
  rehab::Program program = *current;
  std::vector<rehab::Applied> applied;
  std::vector<rehab::Proposal> auto_proposals, waiting;
  std::vector<std::string> waiting_why;
  json holds = json::array();
  for (const auto& rx0 : current->prescriptions) {
    const rehab::Prescription rx = *program.find(rx0.exercise_id);
    auto in = review_input(program, rx, *inputs, adherence_pct, adherence_known, now, offset);
    rehab::Proposal prop = rehab::compute_proposal((*data)->rules, in);
    if (prop.direction == rehab::Direction::kHold) {
      holds.push_back({{"exercise_id", prop.exercise_id}, {"summary", prop.summary}});
      continue;
    }
    std::string why;
    auto a = rehab::auto_apply(program, prop, now, &why);
    if (!a) return api_error(500, "internal", a.error().message());
    if (*a) {
      program = (*a)->program;
      applied.push_back(std::move(**a));
      auto_proposals.push_back(std::move(prop));
    } else {
      waiting.push_back(std::move(prop));
      waiting_why.push_back(why);
    }
  }
  for (auto& w : waiting) w.program_version = program.version;

  const std::string by = ctx.principal().user_id;
  auto stored =
      ctx.services.store().write([&](store::Tx& tx) -> Result<std::vector<clinic::ProgressionProposal>> {
        std::vector<clinic::ProgressionProposal> out;
        // Earlier undecided proposals are replaced by this review's.
        for (const auto& old : PHYSIO_TRY(tx.list_pending_proposals(row.clinic_id, row.id)))
          PHYSIO_TRY(tx.decide_proposal(row.clinic_id, old.id, "stale", by, "replaced by a newer review"));
        clinic::HomeProgram latest = row;
        for (std::size_t i = 0; i < applied.size(); ++i) {
          const auto& a = applied[i];
          clinic::HomeProgram next = latest;
          next.version = a.program.version;
          next.program_json = rehab::to_json(a.program).dump();
          const auto& h = a.program.history.back();
          latest = PHYSIO_TRY(tx.update_program(
              next, latest.version,
              clinic::ProgramVersion{.by = h.by, .at_us = h.at_us, .reason = h.reason, .kind = h.kind}));
          clinic::ProgressionProposal p;
          p.clinic_id = row.clinic_id;
          p.patient_id = row.patient_id;
          p.program_id = row.id;
          p.program_version = auto_proposals[i].program_version;
          p.exercise_id = auto_proposals[i].exercise_id;
          p.direction = std::string(rehab::to_string(auto_proposals[i].direction));
          p.proposal_json = rehab::to_json(auto_proposals[i]).dump();
          p.state = "auto_applied";
          p.decided_by = "auto";
          p.decided_us = now;
          p.decision_reason = h.reason;
          out.push_back(PHYSIO_TRY(tx.create_proposal(p)));
          PHYSIO_CHECK(tx.append_audit({progression_event(ctx, a.audit, row.patient_id)}));
        }
        for (std::size_t i = 0; i < waiting.size(); ++i) {
          clinic::ProgressionProposal p;
          p.clinic_id = row.clinic_id;
          p.patient_id = row.patient_id;
          p.program_id = row.id;
          p.program_version = waiting[i].program_version;
          p.exercise_id = waiting[i].exercise_id;
          p.direction = std::string(rehab::to_string(waiting[i].direction));
          json j = rehab::to_json(waiting[i]);
          j["auto_apply"] = waiting_why[i];
          p.proposal_json = j.dump();
          out.push_back(PHYSIO_TRY(tx.create_proposal(p)));
        }
        auto event = ctx.audit_event("program", row.id, row.patient_id);
        event.detail = json{{"proposals", waiting.size()}, {"auto_applied", applied.size()}}.dump();
        PHYSIO_CHECK(tx.append_audit({event}));
        return out;
      });
  if (!stored) return store_error(stored.error());
  json proposals = json::array();
  for (const auto& p : *stored) proposals.push_back(proposal_json(p));
  return json_ok({{"program_id", row.id},
                  {"version", program.version},
                  {"adherence_session_pct", adherence_known ? json(adherence_pct) : json(nullptr)},
                  {"proposals", proposals},
                  {"holds", holds}});
}

net::Response list_proposals(RequestContext& ctx) {
  clinic::Patient patient;
  if (auto d = load_patient(ctx, patient)) return *d;
  const std::string state = ctx.query("state").value_or("");
  static const std::vector<std::string> kStates = {"",         "pending",      "approved", "edited",
                                                   "rejected", "auto_applied", "stale"};
  if (std::find(kStates.begin(), kStates.end(), state) == kStates.end())
    return api_error(400, "invalid_query",
                     "state must be pending, approved, edited, rejected, auto_applied or stale", "state");
  auto list = ctx.services.store().read(
      [&](store::Tx& tx) { return tx.list_proposals(patient.clinic_id, patient.id, state); });
  if (!list) return store_error(list.error());
  json items = json::array();
  for (const auto& p : *list) items.push_back(proposal_json(p));
  ctx.audit_read("proposal", "", patient.id);
  return json_ok({{"items", items}});
}

/// Parses the stored proposal back into the rehab module's struct (what apply_proposal needs).
Result<rehab::Proposal> proposal_of(const clinic::ProgressionProposal& row) {
  auto j = json::parse(row.proposal_json, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return fail(ErrorCode::kCorrupt, "proposal {} holds invalid JSON", row.id);
  rehab::Proposal p;
  p.program_id = row.program_id;
  p.program_version = row.program_version;
  p.exercise_id = row.exercise_id;
  const std::string dir = j.value("direction", "hold");
  p.direction = dir == "progress"  ? rehab::Direction::kProgress
                : dir == "regress" ? rehab::Direction::kRegress
                                   : rehab::Direction::kHold;
  p.current = PHYSIO_TRY(rehab::dosage_from_json(j.value("current", json::object()), "current"));
  p.proposed = PHYSIO_TRY(rehab::dosage_from_json(j.value("proposed", json::object()), "proposed"));
  if (auto l = j.find("load_change_pct"); l != j.end() && l->is_number())
    p.load_change_pct = l->get<double>();
  p.summary = j.value("summary", "");
  p.created_us = j.value("created_us", TimeUs{0});
  return p;
}

net::Response decide(RequestContext& ctx) {
  const auto& who = ctx.principal();
  const std::string id = ctx.param("id");
  auto row = ctx.services.store().read([&](store::Tx& tx) { return tx.get_proposal(who.clinic_id, id); });
  if (!row) {
    if (row.error().code() != ErrorCode::kNotFound) return store_error(row.error());
    ctx.pending_reads.push_back(ctx.audit_event("proposal", "", "", "denied"));
    return api_error(404, "not_found", "no such proposal");
  }
  if (auto d = ctx.authorize({row->clinic_id, row->patient_id}, "proposal", row->id)) return *d;
  if (row->state != "pending")
    return api_error(409, "conflict", fmt::format("the proposal was already decided ({})", row->state));
  const auto& b = ctx.body;
  const std::string kind = str(b, "decision");
  rehab::ClinicianDecision decision;
  decision.kind = kind == "approve" ? rehab::DecisionKind::kApprove
                  : kind == "edit"  ? rehab::DecisionKind::kEdit
                                    : rehab::DecisionKind::kReject;
  decision.clinician_id = who.user_id;
  decision.reason = str(b, "reason");
  decision.at_us = now_us();
  if (decision.kind == rehab::DecisionKind::kEdit) {
    if (!b.contains("dosage")) return api_error(400, "invalid_body", "an edit gives the dosage", "/dosage");
    auto d = rehab::dosage_from_json(b["dosage"], "dosage");
    if (!d) return bad_field(field_problem(d.error().message()));
    decision.edited = *d;
  } else if (b.contains("dosage")) {
    return api_error(400, "invalid_body", "only an edit gives a dosage", "/dosage");
  }
  auto proposal = proposal_of(*row);
  if (!proposal) return store_error(proposal.error());

  // The program as it is now, and the decision applied to it, in one transaction with its audit event.
  struct Outcome {
    bool stale = false;
    std::string why;
    clinic::ProgressionProposal proposal;
    std::int64_t version = 0;
  };
  const std::string state = decision.kind == rehab::DecisionKind::kApprove ? "approved"
                            : decision.kind == rehab::DecisionKind::kEdit  ? "edited"
                                                                           : "rejected";
  auto out = ctx.services.store().write([&](store::Tx& tx) -> Result<Outcome> {
    Outcome o;
    auto prog_row = PHYSIO_TRY(tx.get_program(row->clinic_id, row->program_id));
    auto program = PHYSIO_TRY(rehab::program_of(prog_row));
    if (prog_row.version != row->program_version) {
      o.stale = true;
      o.why = fmt::format(
          "the program changed since the proposal was made (now version {}, proposal for version {})",
          prog_row.version, row->program_version);
      o.proposal = PHYSIO_TRY(tx.decide_proposal(row->clinic_id, row->id, "stale", who.user_id, o.why));
      o.version = prog_row.version;
      return o;
    }
    auto applied = rehab::apply_proposal(program, *proposal, decision);
    if (!applied) return std::unexpected(applied.error().with_context("decision"));
    // Decided first: the new version makes every other pending proposal of the old one stale.
    o.proposal = PHYSIO_TRY(tx.decide_proposal(row->clinic_id, row->id, state, who.user_id, decision.reason));
    if (decision.kind != rehab::DecisionKind::kReject) {
      clinic::HomeProgram next = prog_row;
      next.version = applied->program.version;
      next.program_json = rehab::to_json(applied->program).dump();
      const auto& h = applied->program.history.back();
      PHYSIO_TRY(tx.update_program(
          next, prog_row.version,
          clinic::ProgramVersion{.by = h.by, .at_us = h.at_us, .reason = h.reason, .kind = h.kind}));
    }
    o.version = applied->program.version;
    PHYSIO_CHECK(tx.append_audit({progression_event(ctx, applied->audit, row->patient_id)}));
    return o;
  });
  if (!out) {
    const auto& e = out.error();
    if (e.code() == ErrorCode::kInvalidArgument && !e.context().empty() && e.context().front() == "decision")
      return bad_field(field_problem(e.message()));
    if (e.code() == ErrorCode::kNotFound && e.message().starts_with("pending proposal"))
      return api_error(409, "conflict", "the proposal was decided meanwhile");
    return store_error(e);
  }
  if (out->stale) return api_error(409, "stale", out->why + "; review the program again");
  json j = proposal_json(out->proposal);
  j["program_version"] = out->version;
  return json_ok(j);
}

// ---- the route table ------------------------------------------------------------------------------

constexpr std::uint64_t kProposalDecisionBodyBytes = 4 * 1024;
}  // namespace

void add_progression_routes(RouteTable& routes) {
  routes.push_back(
      make_route("POST", "/api/programs/{id}/review",
                 "Run the progression rules: one proposal per prescription that is not a hold; steps "
                 "within the program's automatic bounds are applied at once",
                 Action::kReviewProgression, Target::kProgram, "progression.review", review));
  routes.push_back(
      with_query(make_route("GET", "/api/patients/{id}/proposals",
                            "A patient's progression proposals with their votes and numbers (state filter)",
                            Action::kReviewProgression, Target::kPatient, "proposal.read", list_proposals),
                 {{"state", "only proposals in this state (pending, approved, edited, ...); empty: all"}}));
  {
    FieldSpec decision = text_field("decision", true, "approve, edit or reject", 10);
    decision.one_of = {"approve", "edit", "reject"};
    routes.push_back(with_body(
        make_route("POST", "/api/proposals/{id}/decision",
                   "Approve, edit (with the dosage) or reject a proposal; an approval or edit is a new "
                   "program version",
                   Action::kReviewProgression, Target::kProposal, "progression.decide", decide),
        {decision, text_field("reason", false, "why", 500),
         json_field("dosage", "object", "the dosage to prescribe instead (edit only)",
                    [](const json& v) -> std::optional<BodyProblem> {
                      auto d = rehab::dosage_from_json(v, "dosage");
                      if (!d) {
                        auto fp = field_problem(d.error().message());
                        if (fp.field.starts_with("/dosage")) fp.field = fp.field.substr(7);
                        return fp;
                      }
                      return std::nullopt;
                    })},
        kProposalDecisionBodyBytes));
  }
}

}  // namespace physio::server
