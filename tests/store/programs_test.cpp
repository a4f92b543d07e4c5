// Home exercise programs, their versions, exercise logs, morning pain and progression proposals, on
// both back ends.
#include <limits>

#include <gtest/gtest.h>

#include "store/store_fixture.hpp"

namespace physio::store::testing {
namespace {

using clinic::ExerciseLog;
using clinic::HomeProgram;
using clinic::MorningPainAnswer;
using clinic::ProgramVersion;
using clinic::ProgressionProposal;

class ProgramsTest : public StoreTest {
 protected:
  HomeProgram make_program(const clinic::Patient& p) {
    HomeProgram prog{.clinic_id = p.clinic_id,
                     .patient_id = p.id,
                     .title = "Knee osteoarthritis",
                     .program_json = R"({"version":1})",
                     .created_by = physio_a_.id};
    return STORE_OK(store_->write([&](Tx& tx) {
      prog.id = tx.new_id();
      return tx.create_program(prog, ProgramVersion{.by = physio_a_.id, .reason = "start", .kind = "create"});
    }));
  }

  ProgressionProposal make_proposal(const HomeProgram& prog, std::int64_t version, const std::string& ex) {
    return STORE_OK(store_->write([&](Tx& tx) {
      return tx.create_proposal({.clinic_id = prog.clinic_id,
                                 .patient_id = prog.patient_id,
                                 .program_id = prog.id,
                                 .program_version = version,
                                 .exercise_id = ex,
                                 .direction = "progress",
                                 .proposal_json = R"({"direction":"progress"})"});
    }));
  }
};

TEST_P(ProgramsTest, ProgramVersionsAreKeptWithWhoWhenWhy) {
  const HomeProgram prog = make_program(patient_a_);
  EXPECT_EQ(prog.id.size(), 32u);
  EXPECT_EQ(prog.version, 1);
  EXPECT_EQ(prog.status, "active");
  EXPECT_EQ(prog.created_us, now_.load());

  now_ += 1000;
  HomeProgram next = prog;
  next.version = 2;
  next.program_json = R"({"version":2})";
  auto stored = STORE_OK(store_->write([&](Tx& tx) {
    return tx.update_program(next, 1,
                             ProgramVersion{.by = physio_a_.id, .reason = "less load", .kind = "edit"});
  }));
  EXPECT_EQ(stored.version, 2);
  EXPECT_EQ(stored.updated_us, prog.created_us + 1000);

  // Someone else's edit of version 1 after that is refused, and nothing of it is kept.
  next.program_json = R"({"version":"lost"})";
  auto late = store_->write([&](Tx& tx) {
    return tx.update_program(next, 1, ProgramVersion{.by = physio_a_.id, .reason = "late", .kind = "edit"});
  });
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(late.error().message().find("changed since"), std::string::npos);

  auto versions =
      STORE_OK(store_->read([&](Tx& tx) { return tx.list_program_versions(clinic_a_.id, prog.id); }));
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].version, 1);
  EXPECT_EQ(versions[0].kind, "create");
  EXPECT_EQ(versions[0].program_json, R"({"version":1})");
  EXPECT_EQ(versions[0].at_us, prog.created_us);
  EXPECT_EQ(versions[1].by, physio_a_.id);
  EXPECT_EQ(versions[1].reason, "less load");
  EXPECT_EQ(versions[1].program_json, R"({"version":2})");
  EXPECT_EQ(versions[1].at_us, prog.created_us + 1000);

  auto got = STORE_OK(store_->read([&](Tx& tx) { return tx.get_program(clinic_a_.id, prog.id); }));
  EXPECT_EQ(got.program_json, R"({"version":2})");
  EXPECT_EQ(
      STORE_OK(store_->read([&](Tx& tx) { return tx.list_programs(clinic_a_.id, patient_a_.id); })).size(),
      1u);

  // Another clinic sees nothing of it.
  auto other = store_->read([&](Tx& tx) { return tx.get_program(clinic_b_.id, prog.id); });
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(STORE_OK(store_->read([&](Tx& tx) {
                return tx.list_program_versions(clinic_b_.id, prog.id);
              })).empty());
  HomeProgram moved = next;
  moved.clinic_id = clinic_b_.id;
  auto upd = store_->write([&](Tx& tx) { return tx.update_program(moved, 2, ProgramVersion{}); });
  ASSERT_FALSE(upd);
  EXPECT_EQ(upd.error().code(), ErrorCode::kNotFound);
}

TEST_P(ProgramsTest, AProgramBelongsToAPatientOfItsOwnClinic) {
  HomeProgram prog{.clinic_id = clinic_b_.id,
                   .patient_id = patient_a_.id,
                   .title = "x",
                   .program_json = "{}",
                   .created_by = physio_a_.id};
  EXPECT_FALSE(
      store_->write([&](Tx& tx) { return tx.create_program(prog, ProgramVersion{.kind = "create"}); }));
  EXPECT_EQ(count("programs"), 0);
  EXPECT_EQ(count("program_versions"), 0);
}

TEST_P(ProgramsTest, ExerciseLogsKeepAbsentNumbersAbsent) {
  const HomeProgram prog = make_program(patient_a_);
  ExerciseLog full{.clinic_id = clinic_a_.id,
                   .patient_id = patient_a_.id,
                   .program_id = prog.id,
                   .program_version = 1,
                   .exercise_id = "mini_squat",
                   .done_us = now_.load() - 10,
                   .reps_per_set = "[10,10,12]",
                   .pain_during_nprs = 3.5,
                   .rpe = 6,
                   .rir = 0,
                   .comment = "fine",
                   .source = "live",
                   .live_session_id = "abc",
                   .mean_quality = 82.5,
                   .severe_cues = 1,
                   .rom_deg = 47.25,
                   .logged_by = physio_a_.id};
  ExerciseLog bare{.clinic_id = clinic_a_.id,
                   .patient_id = patient_a_.id,
                   .exercise_id = "bridge",
                   .source = "manual",
                   .logged_by = physio_a_.id};
  STORE_OK(store_->write([&](Tx& tx) { return tx.insert_exercise_log(full); }));
  now_ += 5;
  STORE_OK(store_->write([&](Tx& tx) { return tx.insert_exercise_log(bare); }));
  auto all =
      STORE_OK(store_->read([&](Tx& tx) { return tx.list_exercise_logs(clinic_a_.id, patient_a_.id); }));
  ASSERT_EQ(all.size(), 2u);
  const auto& a = all[0];
  EXPECT_EQ(a.reps_per_set, "[10,10,12]");
  EXPECT_EQ(a.pain_during_nprs, 3.5);
  EXPECT_EQ(a.rpe, 6.0);
  ASSERT_TRUE(a.rir.has_value());  // an exact 0 is a value
  EXPECT_EQ(*a.rir, 0.0);
  EXPECT_EQ(a.mean_quality, 82.5);
  EXPECT_EQ(a.severe_cues, 1);
  EXPECT_EQ(a.rom_deg, 47.25);
  EXPECT_EQ(a.live_session_id, "abc");
  const auto& b = all[1];
  EXPECT_EQ(b.done_us, now_.load());
  EXPECT_EQ(b.reps_per_set, "[]");
  EXPECT_FALSE(b.pain_during_nprs);
  EXPECT_FALSE(b.rpe);
  EXPECT_FALSE(b.rir);
  EXPECT_FALSE(b.mean_quality);
  EXPECT_FALSE(b.rom_deg);
  EXPECT_EQ(b.program_id, "");

  auto of_program = STORE_OK(
      store_->read([&](Tx& tx) { return tx.list_exercise_logs(clinic_a_.id, patient_a_.id, prog.id); }));
  ASSERT_EQ(of_program.size(), 1u);
  EXPECT_EQ(of_program[0].exercise_id, "mini_squat");
  auto window = STORE_OK(store_->read([&](Tx& tx) {
    return tx.list_exercise_logs(clinic_a_.id, patient_a_.id, "", now_.load(), now_.load() + 1);
  }));
  ASSERT_EQ(window.size(), 1u);
  EXPECT_EQ(window[0].exercise_id, "bridge");
  EXPECT_TRUE(STORE_OK(store_->read([&](Tx& tx) {
                return tx.list_exercise_logs(clinic_b_.id, patient_a_.id);
              })).empty());
}

TEST_P(ProgramsTest, ALiveSetTheEngineRejectedIsKeptWithItsReasonAndLeftOutOfCountedLists) {
  const HomeProgram prog = make_program(patient_a_);
  clinic::LiveSession live = STORE_OK(store_->write([&](Tx& tx) {
    return tx.create_live_session({.clinic_id = clinic_a_.id,
                                   .patient_id = patient_a_.id,
                                   .exercise_id = "mini_squat",
                                   .program_id = prog.id,
                                   .started_by = physio_a_.id});
  }));
  live.state = "complete";
  live.recording_id = "rec-1";
  live.finished_us = now_.load();
  STORE_OK(store_->write([&](Tx& tx) { return tx.finish_live_session(live); }));
  ExerciseLog log{.clinic_id = clinic_a_.id,
                  .patient_id = patient_a_.id,
                  .program_id = prog.id,
                  .program_version = 1,
                  .exercise_id = "mini_squat",
                  .reps_per_set = "[12]",
                  .source = "live",
                  .live_session_id = live.id,
                  .logged_by = physio_a_.id};
  const auto counted = STORE_OK(store_->write([&](Tx& tx) { return tx.insert_exercise_log(log); }));
  ExerciseLog other = log;
  other.live_session_id.clear();
  other.source = "manual";
  const auto manual = STORE_OK(store_->write([&](Tx& tx) { return tx.insert_exercise_log(other); }));

  auto found = STORE_OK(
      store_->read([&](Tx& tx) { return tx.find_live_session_by_recording(clinic_a_.id, "rec-1"); }));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, live.id);
  EXPECT_FALSE(STORE_OK(store_->read([&](Tx& tx) {
                 return tx.find_live_session_by_recording(clinic_b_.id, "rec-1");
               })).has_value());  // another clinic's recording id names nothing here

  auto changed = STORE_OK(store_->write([&](Tx& tx) {
    return tx.mark_live_set_not_counted(clinic_a_.id, live.id, "someone else was in view");
  }));
  ASSERT_EQ(changed.size(), 1u);
  EXPECT_EQ(changed[0], counted.id);
  // Marking again changes nothing more (the job may run its failure twice).
  EXPECT_TRUE(STORE_OK(store_->write([&](Tx& tx) {
                return tx.mark_live_set_not_counted(clinic_a_.id, live.id, "someone else was in view");
              })).empty());

  auto listed =
      STORE_OK(store_->read([&](Tx& tx) { return tx.list_exercise_logs(clinic_a_.id, patient_a_.id); }));
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].id, manual.id);
  auto shown = STORE_OK(store_->read([&](Tx& tx) {
    return tx.list_exercise_logs(clinic_a_.id, patient_a_.id, prog.id, std::numeric_limits<TimeUs>::min(),
                                 std::numeric_limits<TimeUs>::max(), Tx::Logs::kWithNotCounted);
  }));
  ASSERT_EQ(shown.size(), 2u);
  for (const auto& l : shown)
    EXPECT_EQ(l.not_counted_reason, l.id == counted.id ? "someone else was in view" : "") << l.id;
  const auto session =
      STORE_OK(store_->read([&](Tx& tx) { return tx.get_live_session(clinic_a_.id, live.id); }));
  EXPECT_EQ(session.not_counted_reason, "someone else was in view");
  // A log written after the decision can be made not counted from the start.
  ExerciseLog late = log;
  late.not_counted_reason = session.not_counted_reason;
  const auto stored_late = STORE_OK(store_->write([&](Tx& tx) { return tx.insert_exercise_log(late); }));
  EXPECT_EQ(STORE_OK(store_->read([&](Tx& tx) {
              return tx.list_exercise_logs(clinic_a_.id, patient_a_.id);
            })).size(),
            1u);
  EXPECT_EQ(stored_late.not_counted_reason, "someone else was in view");
}

TEST_P(ProgramsTest, MorningPain) {
  for (int i = 0; i < 3; ++i) {
    STORE_OK(store_->write([&](Tx& tx) {
      return tx.insert_morning_pain(MorningPainAnswer{.clinic_id = clinic_a_.id,
                                                      .patient_id = patient_a_.id,
                                                      .at_us = 1000 + i,
                                                      .nprs = 2.0 + i,
                                                      .recorded_by = physio_a_.id});
    }));
  }
  auto some = STORE_OK(
      store_->read([&](Tx& tx) { return tx.list_morning_pain(clinic_a_.id, patient_a_.id, 1001, 1003); }));
  ASSERT_EQ(some.size(), 2u);
  EXPECT_EQ(some[0].nprs, 3.0);
  EXPECT_EQ(some[1].at_us, 1002);
  EXPECT_TRUE(STORE_OK(store_->read([&](Tx& tx) {
                return tx.list_morning_pain(clinic_b_.id, patient_a_.id);
              })).empty());
}

TEST_P(ProgramsTest, ProposalsAreDecidedOnceAndGoStaleWithANewVersion) {
  const HomeProgram prog = make_program(patient_a_);
  auto p1 = make_proposal(prog, 1, "mini_squat");
  now_ += 1;
  auto p2 = make_proposal(prog, 1, "bridge");
  now_ += 1;
  auto p3 = make_proposal(prog, 1, "heel_raise");
  EXPECT_EQ(p1.state, "pending");

  auto decided = STORE_OK(store_->write(
      [&](Tx& tx) { return tx.decide_proposal(clinic_a_.id, p1.id, "rejected", physio_a_.id, "not yet"); }));
  EXPECT_EQ(decided.state, "rejected");
  EXPECT_EQ(decided.decided_by, physio_a_.id);
  EXPECT_EQ(decided.decided_us, now_.load());
  EXPECT_EQ(decided.decision_reason, "not yet");
  // A second decision finds no pending proposal.
  auto again = store_->write(
      [&](Tx& tx) { return tx.decide_proposal(clinic_a_.id, p1.id, "approved", physio_a_.id, ""); });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), ErrorCode::kNotFound);
  // Nor does another clinic.
  EXPECT_FALSE(store_->write(
      [&](Tx& tx) { return tx.decide_proposal(clinic_b_.id, p2.id, "approved", physio_a_.id, ""); }));

  auto pending =
      STORE_OK(store_->read([&](Tx& tx) { return tx.list_pending_proposals(clinic_a_.id, prog.id); }));
  ASSERT_EQ(pending.size(), 2u);
  EXPECT_EQ(pending[0].id, p2.id);

  // A new version makes the pending proposals for version 1 stale, in the same transaction.
  HomeProgram next = prog;
  next.version = 2;
  STORE_OK(store_->write([&](Tx& tx) {
    return tx.update_program(next, 1, ProgramVersion{.by = physio_a_.id, .reason = "edit", .kind = "edit"});
  }));
  auto all = STORE_OK(store_->read([&](Tx& tx) { return tx.list_proposals(clinic_a_.id, patient_a_.id); }));
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].id, p3.id);  // newest first
  EXPECT_EQ(all[0].state, "stale");
  EXPECT_EQ(all[1].state, "stale");
  EXPECT_EQ(all[2].state, "rejected");
  EXPECT_TRUE(STORE_OK(store_->read([&](Tx& tx) {
                return tx.list_proposals(clinic_a_.id, patient_a_.id, "pending");
              })).empty());
  auto p4 = make_proposal(prog, 2, "bridge");
  EXPECT_EQ(
      STORE_OK(store_->write([&](Tx& tx) { return tx.mark_stale_proposals(clinic_a_.id, prog.id, 2); })), 0);
  auto got = STORE_OK(store_->read([&](Tx& tx) { return tx.get_proposal(clinic_a_.id, p4.id); }));
  EXPECT_EQ(got.program_version, 2);
  EXPECT_EQ(got.proposal_json, R"({"direction":"progress"})");
  EXPECT_FALSE(store_->read([&](Tx& tx) { return tx.get_proposal(clinic_b_.id, p4.id); }));
}

INSTANTIATE_TEST_SUITE_P(Backends, ProgramsTest, ::testing::Values("sqlite", "postgresql"),
                         backend_param_name);

}  // namespace
}  // namespace physio::store::testing
