-- Live exercise sessions (docs/server/live.md) and the side of an exercise recording (a live session's
-- stored set names the side it was done on; uploads leave it empty and the analysis picks it).
ALTER TABLE recordings ADD COLUMN side TEXT NOT NULL DEFAULT '';

CREATE TABLE live_sessions (
  id TEXT PRIMARY KEY,
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  patient_id TEXT NOT NULL,
  exercise_id TEXT NOT NULL,
  side TEXT NOT NULL,
  program_id TEXT NOT NULL,
  started_by TEXT NOT NULL REFERENCES users(id),
  state TEXT NOT NULL,
  frames BIGINT NOT NULL DEFAULT 0,
  repetitions_live BIGINT NOT NULL DEFAULT 0,
  recording_id TEXT NOT NULL DEFAULT '',
  result_json TEXT NOT NULL DEFAULT '',
  created_us BIGINT NOT NULL,
  finished_us BIGINT NOT NULL DEFAULT 0,
  UNIQUE (clinic_id, id),
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id)
);
CREATE INDEX live_sessions_by_patient ON live_sessions (clinic_id, patient_id, created_us);
