-- A patient's private calendar address (docs/server/reminders.md): calendar programs cannot sign in, so
-- the reminder feed is also served at a secret address. Only the token's SHA-256 is kept; one address per
-- patient (a new one replaces the old, which stops working at once).
CREATE TABLE calendar_feeds (
  token_hash TEXT PRIMARY KEY,
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  patient_id TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_us BIGINT NOT NULL,
  UNIQUE (clinic_id, patient_id),
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id)
);
