-- Predictions (docs/server/risk.md): the models each clinic trained, one row per version (`status`: silent
-- while its flags are computed but not shown, active, retired; a rollback activates an earlier version),
-- the flags computed from them and from the published rules (one row per kind and subject: an appointment,
-- a program, a patient), with the physiotherapist's or front desk's decision and the inputs' hash that
-- keeps a dismissed flag dismissed until its inputs change, and each model's monthly drift figures.
CREATE TABLE risk_models (
  id TEXT PRIMARY KEY,
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  name TEXT NOT NULL,
  version BIGINT NOT NULL,
  label TEXT NOT NULL,
  status TEXT NOT NULL,
  trained_us BIGINT NOT NULL,
  silent_until_us BIGINT NOT NULL,
  model_json TEXT NOT NULL,
  card_markdown TEXT NOT NULL,
  changed_by TEXT NOT NULL,
  changed_us BIGINT NOT NULL,
  UNIQUE (clinic_id, name, version)
);

CREATE TABLE risk_flags (
  id TEXT PRIMARY KEY,
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  patient_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  subject_type TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  method TEXT NOT NULL,
  model TEXT NOT NULL,
  model_version TEXT NOT NULL,
  probability DOUBLE PRECISION,
  level TEXT NOT NULL,
  need DOUBLE PRECISION NOT NULL,
  body TEXT NOT NULL,
  inputs_hash TEXT NOT NULL,
  status TEXT NOT NULL,
  shown INTEGER NOT NULL,
  decided_by TEXT NOT NULL,
  decided_us BIGINT NOT NULL,
  decision_reason TEXT NOT NULL,
  computed_us BIGINT NOT NULL,
  created_us BIGINT NOT NULL,
  updated_us BIGINT NOT NULL,
  UNIQUE (clinic_id, kind, subject_id),
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id)
);
CREATE INDEX risk_flags_by_patient ON risk_flags (clinic_id, patient_id);
CREATE INDEX risk_flags_by_status ON risk_flags (clinic_id, status, need);

CREATE TABLE risk_drift (
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  model TEXT NOT NULL,
  month TEXT NOT NULL,
  figures TEXT NOT NULL,
  alert INTEGER NOT NULL,
  computed_us BIGINT NOT NULL,
  PRIMARY KEY (clinic_id, model, month)
);
