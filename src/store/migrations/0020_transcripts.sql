-- Visit recordings and dictations (docs/server/visit-capture.md): the audio a clinician recorded for a draft
-- note, its recognition (a job with a lease, as analysis jobs), the transcript with word times and the fact
-- suggestions with the clinician's decisions. `audio_path` is relative to <data>/files and empty once the
-- audio is deleted (when the note is signed, at `audio_delete_after_us`, or when the consent is withdrawn);
-- `body` is the transcript (physiokit-transcript JSON), `facts` the suggestions with their decisions,
-- `search_text` the transcript's words in lower case for the patient's transcript search.
CREATE TABLE transcripts (
  id TEXT PRIMARY KEY,
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  patient_id TEXT NOT NULL,
  note_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  section TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL,
  progress DOUBLE PRECISION NOT NULL DEFAULT 0,
  error TEXT NOT NULL DEFAULT '',
  attempts INTEGER NOT NULL DEFAULT 0,
  lease_owner TEXT NOT NULL DEFAULT '',
  lease_until_us BIGINT NOT NULL DEFAULT 0,
  audio_path TEXT NOT NULL DEFAULT '',
  audio_seconds DOUBLE PRECISION NOT NULL DEFAULT 0,
  audio_delete_after_us BIGINT NOT NULL,
  audio_deleted_us BIGINT NOT NULL DEFAULT 0,
  audio_deleted_why TEXT NOT NULL DEFAULT '',
  speakers_known INTEGER NOT NULL DEFAULT 0,
  body TEXT NOT NULL DEFAULT '',
  facts TEXT NOT NULL DEFAULT '',
  search_text TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL,
  created_us BIGINT NOT NULL,
  updated_us BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id)
);
CREATE INDEX transcripts_by_note ON transcripts (clinic_id, note_id, created_us);
CREATE INDEX transcripts_by_patient ON transcripts (clinic_id, patient_id, created_us);
CREATE INDEX transcripts_queue ON transcripts (state, created_us);
