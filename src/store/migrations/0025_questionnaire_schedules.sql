-- Scheduled questionnaires (docs/server/questionnaire-schedules.md): a schedule per patient and instrument,
-- "every N weeks from a date" and/or "at discharge", changed or stopped by staff; and one row per send.
-- The send's insert is the claim: (schedule_id, due_key) is unique, so of two servers only one creates the
-- link and e-mails it. `due_key` is the due date 'YYYY-MM-DD' or 'discharge'. `email_status`: 'sending',
-- 'sent', 'failed: ...', 'not wanted', 'no address', 'e-mail off'; a failed e-mail is tried again
-- (`attempts`, `last_attempt_us`) with a fresh link, the failed one closed.
CREATE TABLE questionnaire_schedules (
  id TEXT PRIMARY KEY,
  clinic_id TEXT NOT NULL,
  patient_id TEXT NOT NULL,
  episode_id TEXT,
  instrument_id TEXT NOT NULL,
  every_weeks BIGINT NOT NULL,
  from_date TEXT NOT NULL,
  at_discharge BIGINT NOT NULL,
  stopped_us BIGINT NOT NULL DEFAULT 0,
  created_by TEXT NOT NULL,
  created_us BIGINT NOT NULL,
  updated_by TEXT NOT NULL,
  updated_us BIGINT NOT NULL
);
CREATE INDEX questionnaire_schedules_by_patient ON questionnaire_schedules (clinic_id, patient_id);
CREATE TABLE questionnaire_sends (
  clinic_id TEXT NOT NULL,
  schedule_id TEXT NOT NULL,
  due_key TEXT NOT NULL,
  patient_id TEXT NOT NULL,
  link_id TEXT NOT NULL,
  claimed_us BIGINT NOT NULL,
  email_status TEXT NOT NULL,
  attempts BIGINT NOT NULL,
  last_attempt_us BIGINT NOT NULL,
  PRIMARY KEY (schedule_id, due_key)
);
CREATE INDEX questionnaire_sends_by_patient ON questionnaire_sends (clinic_id, patient_id);
