-- Home exercise programs (versioned, each version kept with who, when and why), the patient's exercise
-- logs and morning pain answers, and the progression proposals the physiotherapist decides
-- (docs/server/programs.md). Program and proposal contents are the rehab module's JSON.
CREATE TABLE programs (
  id TEXT PRIMARY KEY,
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  patient_id TEXT NOT NULL,
  title TEXT NOT NULL,
  status TEXT NOT NULL,
  version BIGINT NOT NULL,
  program_json TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_us BIGINT NOT NULL,
  updated_us BIGINT NOT NULL,
  UNIQUE (clinic_id, id),
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id)
);
CREATE INDEX programs_by_patient ON programs (clinic_id, patient_id, created_us);

-- Append-only: one row per version, never updated.
CREATE TABLE program_versions (
  program_id TEXT NOT NULL,
  clinic_id TEXT NOT NULL,
  patient_id TEXT NOT NULL,
  version BIGINT NOT NULL,
  program_json TEXT NOT NULL,
  by_user TEXT NOT NULL,
  at_us BIGINT NOT NULL,
  reason TEXT NOT NULL,
  kind TEXT NOT NULL,
  PRIMARY KEY (program_id, version),
  FOREIGN KEY (clinic_id, program_id) REFERENCES programs (clinic_id, id),
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id)
);

CREATE TABLE exercise_logs (
  id TEXT PRIMARY KEY,
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  patient_id TEXT NOT NULL,
  program_id TEXT NOT NULL,
  program_version BIGINT NOT NULL,
  exercise_id TEXT NOT NULL,
  done_us BIGINT NOT NULL,
  reps_per_set TEXT NOT NULL,
  pain_during_nprs DOUBLE PRECISION,
  rpe DOUBLE PRECISION,
  rir DOUBLE PRECISION,
  comment TEXT NOT NULL,
  source TEXT NOT NULL,
  live_session_id TEXT NOT NULL,
  mean_quality DOUBLE PRECISION,
  severe_cues BIGINT NOT NULL DEFAULT 0,
  rom_deg DOUBLE PRECISION,
  logged_by TEXT NOT NULL,
  created_us BIGINT NOT NULL,
  UNIQUE (clinic_id, id),
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id)
);
CREATE INDEX exercise_logs_by_patient ON exercise_logs (clinic_id, patient_id, done_us);
CREATE INDEX exercise_logs_by_program ON exercise_logs (clinic_id, program_id, exercise_id, done_us);

CREATE TABLE morning_pain (
  id TEXT PRIMARY KEY,
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  patient_id TEXT NOT NULL,
  at_us BIGINT NOT NULL,
  nprs DOUBLE PRECISION NOT NULL,
  recorded_by TEXT NOT NULL,
  created_us BIGINT NOT NULL,
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id)
);
CREATE INDEX morning_pain_by_patient ON morning_pain (clinic_id, patient_id, at_us);

CREATE TABLE proposals (
  id TEXT PRIMARY KEY,
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  patient_id TEXT NOT NULL,
  program_id TEXT NOT NULL,
  program_version BIGINT NOT NULL,
  exercise_id TEXT NOT NULL,
  direction TEXT NOT NULL,
  proposal_json TEXT NOT NULL,
  state TEXT NOT NULL,
  decided_by TEXT NOT NULL DEFAULT '',
  decided_us BIGINT NOT NULL DEFAULT 0,
  decision_reason TEXT NOT NULL DEFAULT '',
  created_us BIGINT NOT NULL,
  UNIQUE (clinic_id, id),
  FOREIGN KEY (clinic_id, program_id) REFERENCES programs (clinic_id, id),
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id)
);
CREATE INDEX proposals_by_patient ON proposals (clinic_id, patient_id, state, created_us);
CREATE INDEX proposals_by_program ON proposals (clinic_id, program_id, state);
