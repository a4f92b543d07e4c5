-- Exercise reminders (docs/server/reminders.md): each patient's preference, and one row per reminder
-- sent. The UNIQUE (clinic_id, patient_id, local_date) key makes the insert the claim on the day, so at
-- most one reminder a local day goes out, across restarts and several servers.
CREATE TABLE reminder_settings (
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  patient_id TEXT NOT NULL,
  enabled INTEGER NOT NULL,
  local_time TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  in_app INTEGER NOT NULL,
  email INTEGER NOT NULL,
  updated_by TEXT NOT NULL,
  updated_us BIGINT NOT NULL,
  PRIMARY KEY (clinic_id, patient_id),
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id)
);

CREATE TABLE reminders_sent (
  id TEXT PRIMARY KEY,
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  patient_id TEXT NOT NULL,
  local_date TEXT NOT NULL,
  occurrence_us BIGINT NOT NULL,
  sent_us BIGINT NOT NULL,
  channels TEXT NOT NULL,
  message TEXT NOT NULL,
  email_status TEXT NOT NULL,
  UNIQUE (clinic_id, patient_id, local_date),
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id)
);
CREATE INDEX reminders_sent_by_patient ON reminders_sent (clinic_id, patient_id, sent_us);
