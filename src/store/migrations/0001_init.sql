-- The clinic platform's first schema. Dialect-neutral: BIGINT, TEXT, DOUBLE PRECISION, INTEGER 0/1 for
-- booleans, text ids. One substitution per back end: {{C_COLLATION}} is COLLATE "C" on PostgreSQL and
-- COLLATE BINARY on SQLite, so names sort by bytes on both.
-- Every table with patient data carries clinic_id and patient_id; (clinic_id, patient_id) references
-- patients(clinic_id, id), so a row can never point at another clinic's patient.

CREATE TABLE clinics (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_us BIGINT NOT NULL,
  delete_video_after_analysis INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE patients (
  id TEXT PRIMARY KEY,
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  given_name TEXT NOT NULL,
  family_name TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  sex TEXT NOT NULL,
  mrn TEXT NOT NULL,
  email TEXT NOT NULL,
  phone TEXT NOT NULL,
  language TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  -- Computed by the store: lower-cased "family given" (byte order sorts it the same on both back
  -- ends) and the text a search matches.
  sort_name TEXT {{C_COLLATION}} NOT NULL,
  search_text TEXT NOT NULL,
  created_us BIGINT NOT NULL,
  updated_us BIGINT NOT NULL,
  version BIGINT NOT NULL,
  UNIQUE (clinic_id, id)
);
CREATE INDEX patients_by_name ON patients (clinic_id, sort_name, id);
CREATE INDEX patients_by_mrn ON patients (clinic_id, mrn);

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  email TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  display_name TEXT NOT NULL,
  patient_id TEXT,
  password_hash TEXT NOT NULL,
  totp_secret TEXT,
  mfa_required INTEGER NOT NULL DEFAULT 0,
  failed_logins BIGINT NOT NULL DEFAULT 0,
  locked_until_us BIGINT NOT NULL DEFAULT 0,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_us BIGINT NOT NULL,
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id)
);
CREATE INDEX users_by_clinic ON users (clinic_id, email);

CREATE TABLE auth_sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  csrf_token TEXT NOT NULL,
  created_us BIGINT NOT NULL,
  expires_us BIGINT NOT NULL,
  last_seen_us BIGINT NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0,
  client TEXT NOT NULL
);
CREATE INDEX auth_sessions_by_user ON auth_sessions (user_id);
CREATE INDEX auth_sessions_by_expiry ON auth_sessions (expires_us);

CREATE TABLE episodes (
  id TEXT PRIMARY KEY,
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  patient_id TEXT NOT NULL,
  status TEXT NOT NULL,
  referral_source TEXT NOT NULL,
  referral_date TEXT NOT NULL,
  icd10_code TEXT NOT NULL,
  condition_text TEXT NOT NULL,
  side TEXT NOT NULL,
  onset_date TEXT NOT NULL,
  surgery_date TEXT NOT NULL,
  goals TEXT NOT NULL,
  created_us BIGINT NOT NULL,
  updated_us BIGINT NOT NULL,
  UNIQUE (clinic_id, id),
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id)
);
CREATE INDEX episodes_by_patient ON episodes (clinic_id, patient_id, created_us);

CREATE TABLE consents (
  id TEXT PRIMARY KEY,
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  patient_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_us BIGINT NOT NULL,
  note TEXT NOT NULL,
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id)
);
CREATE INDEX consents_by_patient ON consents (clinic_id, patient_id, recorded_us);

CREATE TABLE appointments (
  id TEXT PRIMARY KEY,
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  patient_id TEXT NOT NULL,
  practitioner_id TEXT NOT NULL REFERENCES users(id),
  start_us BIGINT NOT NULL,
  duration_min BIGINT NOT NULL,
  status TEXT NOT NULL,
  reason TEXT NOT NULL,
  created_us BIGINT NOT NULL,
  updated_us BIGINT NOT NULL,
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id)
);
CREATE INDEX appointments_by_patient ON appointments (clinic_id, patient_id, start_us);
CREATE INDEX appointments_by_practitioner ON appointments (clinic_id, practitioner_id, start_us);

CREATE TABLE recordings (
  id TEXT PRIMARY KEY,
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  patient_id TEXT NOT NULL,
  episode_id TEXT,
  kind TEXT NOT NULL,
  exercise_id TEXT NOT NULL,
  test TEXT NOT NULL,
  original_name TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  file_path TEXT NOT NULL,
  report_path TEXT NOT NULL,
  result_json TEXT NOT NULL,
  video_deleted INTEGER NOT NULL DEFAULT 0,
  uploaded_by TEXT NOT NULL,
  created_us BIGINT NOT NULL,
  UNIQUE (clinic_id, id),
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id),
  FOREIGN KEY (clinic_id, episode_id) REFERENCES episodes (clinic_id, id)
);
CREATE INDEX recordings_by_patient ON recordings (clinic_id, patient_id, created_us);

CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  patient_id TEXT NOT NULL,
  recording_id TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts BIGINT NOT NULL DEFAULT 0,
  max_attempts BIGINT NOT NULL,
  lease_owner TEXT NOT NULL DEFAULT '',
  lease_token TEXT NOT NULL DEFAULT '',
  lease_until_us BIGINT NOT NULL DEFAULT 0,
  lease_us BIGINT NOT NULL DEFAULT 0,
  progress DOUBLE PRECISION NOT NULL DEFAULT 0,
  message TEXT NOT NULL DEFAULT '',
  error TEXT NOT NULL DEFAULT '',
  created_us BIGINT NOT NULL,
  started_us BIGINT NOT NULL DEFAULT 0,
  finished_us BIGINT NOT NULL DEFAULT 0,
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id),
  FOREIGN KEY (clinic_id, recording_id) REFERENCES recordings (clinic_id, id)
);
-- The claim query scans queued and running jobs oldest first.
CREATE INDEX jobs_by_state ON jobs (state, created_us, id);
CREATE INDEX jobs_by_patient ON jobs (clinic_id, patient_id, created_us);

CREATE TABLE observations (
  id TEXT PRIMARY KEY,
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  patient_id TEXT NOT NULL,
  recording_id TEXT,
  code_system TEXT NOT NULL,
  code TEXT NOT NULL,
  display TEXT NOT NULL,
  value DOUBLE PRECISION NOT NULL,
  unit TEXT NOT NULL,
  method TEXT NOT NULL,
  body_site TEXT NOT NULL,
  side TEXT NOT NULL,
  effective_us BIGINT NOT NULL,
  source TEXT NOT NULL,
  created_us BIGINT NOT NULL,
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id),
  FOREIGN KEY (clinic_id, recording_id) REFERENCES recordings (clinic_id, id)
);
CREATE INDEX observations_by_patient ON observations (clinic_id, patient_id, effective_us);
CREATE INDEX observations_by_code ON observations (clinic_id, patient_id, code, effective_us);
CREATE INDEX observations_by_recording ON observations (clinic_id, recording_id);

-- Append-only and hash-chained (src/store/audit_chain.hpp). No foreign keys: the trail must never
-- block or cascade with the records it describes.
CREATE TABLE audit_events (
  seq BIGINT PRIMARY KEY,
  time_us BIGINT NOT NULL,
  clinic_id TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  role TEXT NOT NULL,
  action TEXT NOT NULL,
  record_type TEXT NOT NULL,
  record_id TEXT NOT NULL,
  patient_id TEXT NOT NULL,
  client TEXT NOT NULL,
  outcome TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_by_patient ON audit_events (clinic_id, patient_id, seq);
CREATE INDEX audit_by_clinic ON audit_events (clinic_id, seq);

-- The chain's head: one row, locked by every append.
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
  VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
