// Visit recordings and dictations on both back ends (migration 0020, docs/server/visit-capture.md): the
// recognition queue claimed once under a lease, progress only while the lease holds, the result stored, the
// suggestions' decisions versioned, the audio made due at signing and deleted, searches by every word, and
// old transcripts of signed notes removed.
#include <gtest/gtest.h>

#include "store/store_fixture.hpp"
#include "store/transcripts.hpp"

namespace physio::store::testing {
namespace {

TEST_P(StoreTest, TranscriptsQueueLeaseResultDecisionsAndAudio) {
  auto queue = [&](const std::string& note, const std::string& kind) {
    now_ += 1000;
    return STORE_OK(store_->write([&](Tx& tx) {
      return insert_transcript(tx, {.clinic_id = clinic_a_.id,
                                    .patient_id = patient_a_.id,
                                    .note_id = note,
                                    .kind = kind,
                                    .section = kind == "dictation" ? "P" : "",
                                    .audio_path = clinic_a_.id + "/audio-" + kind + ".wav",
                                    .audio_seconds = 12.5,
                                    .audio_delete_after_us = now_.load() + 7LL * 86'400'000'000,
                                    .created_by = physio_a_.id});
    }));
  };
  const auto visit = queue("note-1", "visit");
  const auto dictation = queue("note-1", "dictation");
  EXPECT_EQ(visit.state, "queued");

  // The oldest first, to one claimer; a second claimer gets the next.
  auto first =
      STORE_OK(store_->write([&](Tx& tx) { return claim_transcript(tx, "server-a", 60'000'000, 2); }));
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->id, visit.id);
  EXPECT_EQ(first->state, "recognising");
  auto other = open_again();
  auto second =
      STORE_OK(other->write([&](Tx& tx) { return claim_transcript(tx, "server-b", 60'000'000, 2); }));
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->id, dictation.id);
  EXPECT_FALSE(
      STORE_OK(store_->write([&](Tx& tx) { return claim_transcript(tx, "server-c", 60'000'000, 2); })));
  // Progress and the result only under one's own lease.
  EXPECT_TRUE(
      store_->write([&](Tx& tx) { return transcript_progress(tx, visit.id, "server-a", 0.5, 60'000'000); }));
  EXPECT_FALSE(
      store_->write([&](Tx& tx) { return transcript_progress(tx, visit.id, "server-b", 0.5, 60'000'000); }));
  EXPECT_TRUE(store_->write([&](Tx& tx) {
    return finish_transcript(tx, visit.id, "server-a", R"({"segments":[]})", R"({"suggestions":[]})",
                             "no numbness 100% sure_of_it in the left knee", false);
  }));
  EXPECT_FALSE(store_->write([&](Tx& tx) {
    return finish_transcript(tx, visit.id, "server-a", "{}", "{}", "", false);
  })) << "finished once";
  auto done = STORE_OK(store_->read([&](Tx& tx) { return get_transcript(tx, clinic_a_.id, visit.id); }));
  EXPECT_EQ(done.state, "done");
  EXPECT_EQ(done.progress, 1.0);
  EXPECT_FALSE(store_->read([&](Tx& tx) { return get_transcript(tx, clinic_b_.id, visit.id); }))
      << "another clinic does not see it";

  // Decisions are versioned: a stale save is refused.
  done.facts = R"({"suggestions":[{"decision":{"action":"accepted"}}]})";
  auto saved = STORE_OK(store_->write([&](Tx& tx) { return save_transcript_facts(tx, done, done.version); }));
  EXPECT_EQ(saved.version, done.version + 1);
  EXPECT_FALSE(store_->write([&](Tx& tx) { return save_transcript_facts(tx, done, done.version); }));

  // Search: every word, case-insensitive, LIKE's wildcards taken literally.
  auto search = [&](const std::string& q) {
    return STORE_OK(store_->read([&](Tx& tx) {
             return search_patient_transcripts(tx, clinic_a_.id, patient_a_.id, q);
           }))
        .size();
  };
  EXPECT_EQ(search("LEFT knee"), 1u);
  EXPECT_EQ(search("knee shoulder"), 0u);
  EXPECT_EQ(search("100%"), 1u);
  EXPECT_EQ(search("sure_of"), 1u);
  EXPECT_EQ(search("1%0"), 0u);
  EXPECT_EQ(search(""), 1u) << "the dictation is not recognised yet";

  // Signing makes the note's audio due now; deleting it fails the dictation still being recognised.
  EXPECT_TRUE(store_->read([&](Tx& tx) { return due_audio(tx, now_.load(), 10); })->empty());
  ASSERT_TRUE(store_->write(
      [&](Tx& tx) { return audio_due_now(tx, clinic_a_.id, "note-1", "deleted when the note was signed"); }));
  auto due = STORE_OK(store_->read([&](Tx& tx) { return due_audio(tx, now_.load(), 10); }));
  ASSERT_EQ(due.size(), 2u);
  for (const auto& t : due)
    ASSERT_TRUE(store_->write(
        [&](Tx& tx) { return mark_audio_deleted(tx, t.id, t.audio_deleted_why, now_.load()); }));
  auto d = STORE_OK(store_->read([&](Tx& tx) { return get_transcript(tx, clinic_a_.id, dictation.id); }));
  EXPECT_EQ(d.state, "failed");
  EXPECT_EQ(d.error, "deleted when the note was signed");
  EXPECT_EQ(d.audio_path, "");
  EXPECT_TRUE(store_->read([&](Tx& tx) { return visit_audio_held(tx, 10); })->empty());
  EXPECT_FALSE(STORE_OK(store_->write([&](Tx& tx) {
    return claim_transcript(tx, "server-c", 60'000'000, 2);
  }))) << "nothing left to recognise";

  // Old transcripts go only when their note is signed (no note row here: none goes).
  EXPECT_EQ(STORE_OK(store_->write([&](Tx& tx) { return delete_old_transcripts(tx, now_.load() + 1); })), 0);
}

}  // namespace
}  // namespace physio::store::testing
