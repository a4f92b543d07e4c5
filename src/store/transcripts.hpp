#pragma once
/// Visit recordings and dictations with their recognition (migration 0020, docs/server/visit-capture.md).
///
/// A row is created with its audio (state "queued"); a recognition worker claims the oldest queued row
/// under a lease ("recognising"), reports progress while the lease holds, and stores the transcript and
/// its fact suggestions ("done") or the reason ("failed"). The audio is deleted by `take_due_audio` +
/// `mark_audio_deleted` once it is due (the note signed, the retention days passed, the consent
/// withdrawn). The store knows nothing of speech or facts: bodies are JSON text the server writes.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"
#include "store/tx.hpp"

namespace physio::store {

struct TranscriptRow {
  std::string id{};
  std::string clinic_id{};
  std::string patient_id{};
  std::string note_id{};
  std::string kind{};     ///< "visit" or "dictation"
  std::string section{};  ///< a dictation's SOAP section ("S", "O", "A", "P"); "" for a visit
  std::string state{};    ///< "queued", "recognising", "done", "failed"
  double progress = 0;    ///< [0, 1]
  std::string error{};
  std::int64_t attempts = 0;
  std::string lease_owner{};
  TimeUs lease_until_us = 0;
  std::string audio_path{};  ///< relative to <data>/files; "" once deleted
  double audio_seconds = 0;
  TimeUs audio_delete_after_us = 0;
  TimeUs audio_deleted_us = 0;
  std::string audio_deleted_why{};
  bool speakers_known = false;
  std::string body{};   ///< the transcript, physiokit-transcript JSON; "" until recognised
  std::string facts{};  ///< the suggestions and decisions, JSON; "" until recognised
  std::string search_text{};
  std::string created_by{};
  TimeUs created_us = 0;
  TimeUs updated_us = 0;
  std::int64_t version = 1;
};

/// Stores a new row (id, times and version assigned; state "queued").
Result<TranscriptRow> insert_transcript(Tx& tx, TranscriptRow row);
/// Stores a transcript uploaded instead of audio (the clinic's own recogniser's): state "done" at once
/// with its body, suggestions and search words, no audio (`audio_deleted_why` says why); nothing queued.
Result<TranscriptRow> insert_uploaded_transcript(Tx& tx, TranscriptRow row);
/// kNotFound when absent from the clinic.
Result<TranscriptRow> get_transcript(Tx& tx, std::string_view clinic_id, std::string_view id);
/// A note's recordings and dictations, oldest first.
Result<std::vector<TranscriptRow>> list_note_transcripts(Tx& tx, std::string_view clinic_id,
                                                         std::string_view note_id);
/// A patient's recognised transcripts, newest first, at most `limit`; with `query`, only those whose words
/// contain every word of it.
Result<std::vector<TranscriptRow>> search_patient_transcripts(Tx& tx, std::string_view clinic_id,
                                                              std::string_view patient_id,
                                                              std::string_view query, int limit = 200);
/// Claims the oldest queued row, or one whose lease expired (its worker died) while attempts remain; a
/// row whose lease expired on its last attempt fails with the reason.
Result<std::optional<TranscriptRow>> claim_transcript(Tx& tx, std::string_view owner, TimeUs lease_us,
                                                      int max_attempts);
/// Progress while the lease is held (kInvalidArgument "lease lost" otherwise); extends the lease.
Status transcript_progress(Tx& tx, std::string_view id, std::string_view owner, double progress,
                           TimeUs lease_us);
/// The recognition's result (state "done") while the lease is held.
Status finish_transcript(Tx& tx, std::string_view id, std::string_view owner, std::string_view body,
                         std::string_view facts, std::string_view search_text, bool speakers_known);
/// A failure with its reason (state "failed"); `owner` empty: whatever holds it (a refusal before claiming).
Status fail_transcript(Tx& tx, std::string_view id, std::string_view owner, std::string_view error);
/// Replaces the suggestions and decisions read at `version` (kInvalidArgument when stale).
Result<TranscriptRow> save_transcript_facts(Tx& tx, const TranscriptRow& row, std::int64_t version);
/// Makes the audio of a note's rows due now (the note was signed).
Status audio_due_now(Tx& tx, std::string_view clinic_id, std::string_view note_id, std::string_view why);
/// Rows whose audio is due for deletion at `now_us`, at most `limit`.
Result<std::vector<TranscriptRow>> due_audio(Tx& tx, TimeUs now_us, int limit);
/// Rows still holding audio of a visit recording (for the consent check), at most `limit`.
Result<std::vector<TranscriptRow>> visit_audio_held(Tx& tx, int limit);
/// The audio file is gone: the path is cleared and the reason kept; a queued or recognising row fails
/// with `why` (nothing is left to recognise).
Status mark_audio_deleted(Tx& tx, std::string_view id, std::string_view why, TimeUs now_us);
/// Deletes transcripts created before `before_us` whose note is signed (the clinic's transcript retention);
/// the number deleted.
Result<std::int64_t> delete_old_transcripts(Tx& tx, TimeUs before_us);

}  // namespace physio::store
