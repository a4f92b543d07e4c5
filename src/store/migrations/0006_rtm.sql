-- Remote therapeutic monitoring (docs/server/rtm.md): the set-up and education event that starts a
-- patient's monitoring, staff management time (manual entries and timers; interactive communications are
-- entries marked interactive), and the clinic's month-end locks with each patient's frozen month.
-- Data-transmission days are not stored: they are counted from exercise logs, live sessions,
-- questionnaire responses and uploads.
CREATE TABLE rtm_setups (
  id TEXT PRIMARY KEY,
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  patient_id TEXT NOT NULL,
  at_us BIGINT NOT NULL,
  staff_id TEXT NOT NULL,
  device TEXT NOT NULL,
  note TEXT NOT NULL,
  created_us BIGINT NOT NULL,
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id)
);
CREATE INDEX rtm_setups_by_patient ON rtm_setups (clinic_id, patient_id, at_us);

-- minutes is NULL while a timer runs; one running timer per staff member and patient.
CREATE TABLE rtm_time_entries (
  id TEXT PRIMARY KEY,
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  patient_id TEXT NOT NULL,
  staff_id TEXT NOT NULL,
  start_us BIGINT NOT NULL,
  minutes BIGINT,
  activity TEXT NOT NULL,
  interactive INTEGER NOT NULL,
  mode TEXT NOT NULL,
  note TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('manual', 'timer')),
  created_by TEXT NOT NULL,
  created_us BIGINT NOT NULL,
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id)
);
CREATE INDEX rtm_time_by_patient ON rtm_time_entries (clinic_id, patient_id, start_us);
CREATE UNIQUE INDEX rtm_one_running_timer ON rtm_time_entries (clinic_id, patient_id, staff_id)
  WHERE minutes IS NULL;

CREATE TABLE rtm_month_locks (
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  month TEXT NOT NULL,
  locked_by TEXT NOT NULL,
  locked_us BIGINT NOT NULL,
  PRIMARY KEY (clinic_id, month)
);

CREATE TABLE rtm_month_results (
  clinic_id TEXT NOT NULL,
  month TEXT NOT NULL,
  patient_id TEXT NOT NULL,
  result_json TEXT NOT NULL,
  PRIMARY KEY (clinic_id, month, patient_id),
  FOREIGN KEY (clinic_id, month) REFERENCES rtm_month_locks (clinic_id, month),
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id)
);
