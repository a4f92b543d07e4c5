-- Outcome-measure responses (docs/server/questionnaires.md): each filled-in questionnaire or performance
-- test with its answers in the instrument's published item order and the scoring engine's output, and the
-- single-use links a patient fills in without an account. Only the SHA-256 of a link's token is kept; a
-- link is used by the UPDATE that sets used_us while it is NULL and unexpired, in the transaction that
-- inserts the response, so a token fills in at most one response.
CREATE TABLE questionnaire_responses (
  id TEXT PRIMARY KEY,
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  patient_id TEXT NOT NULL,
  episode_id TEXT,
  instrument_id TEXT NOT NULL,
  instrument_version TEXT NOT NULL,
  answers_json TEXT NOT NULL,
  scores_json TEXT NOT NULL,
  valid INTEGER NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('patient', 'staff', 'link')),
  entered_by TEXT NOT NULL,
  link_id TEXT,
  completed_us BIGINT NOT NULL,
  created_us BIGINT NOT NULL,
  UNIQUE (clinic_id, id),
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id),
  FOREIGN KEY (clinic_id, episode_id) REFERENCES episodes (clinic_id, id)
);
CREATE INDEX questionnaire_responses_by_patient
  ON questionnaire_responses (clinic_id, patient_id, completed_us);

CREATE TABLE questionnaire_links (
  id TEXT PRIMARY KEY,
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  patient_id TEXT NOT NULL,
  episode_id TEXT,
  instrument_id TEXT NOT NULL,
  token_sha256 TEXT NOT NULL UNIQUE,
  created_by TEXT NOT NULL,
  created_us BIGINT NOT NULL,
  expires_us BIGINT NOT NULL,
  used_us BIGINT,
  response_id TEXT,
  UNIQUE (clinic_id, id),
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id),
  FOREIGN KEY (clinic_id, episode_id) REFERENCES episodes (clinic_id, id)
);
CREATE INDEX questionnaire_links_by_patient ON questionnaire_links (clinic_id, patient_id, created_us);
