-- Scheduling (docs/server/scheduling.md). Appointments gain the room, the appointment type's code, why
-- one was cancelled, the weekly series it belongs to ('' = a single booking), who booked it, and
-- `back_entry` (1 = entered after the fact with a start in the past, which the audit trail records).
ALTER TABLE appointments ADD COLUMN room TEXT NOT NULL DEFAULT '';
ALTER TABLE appointments ADD COLUMN type_code TEXT NOT NULL DEFAULT '';
ALTER TABLE appointments ADD COLUMN cancel_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE appointments ADD COLUMN series_id TEXT NOT NULL DEFAULT '';
ALTER TABLE appointments ADD COLUMN booked_by TEXT NOT NULL DEFAULT '';
ALTER TABLE appointments ADD COLUMN back_entry BIGINT NOT NULL DEFAULT 0;
CREATE INDEX appointments_by_clinic_start ON appointments (clinic_id, start_us);

-- The kinds of visit a clinic offers and their usual length; `position` keeps the clinic's order.
CREATE TABLE appointment_types (
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  duration_min BIGINT NOT NULL,
  active BIGINT NOT NULL,
  position BIGINT NOT NULL,
  PRIMARY KEY (clinic_id, code)
);

-- A clinician's week: stretches of local time in the clinic's zone (weekday 0 = Monday; minutes after
-- local midnight, end exclusive). No rows = working hours not set (bookings are not limited).
CREATE TABLE working_hours (
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  weekday BIGINT NOT NULL,
  start_min BIGINT NOT NULL,
  end_min BIGINT NOT NULL,
  PRIMARY KEY (clinic_id, user_id, weekday, start_min)
);

-- The clinic's scheduling settings: its IANA zone (working hours, the calendar's days) and how many minutes
-- before the start a patient may still cancel online. No row = UTC and 24 hours.
CREATE TABLE schedule_settings (
  clinic_id TEXT PRIMARY KEY REFERENCES clinics(id),
  time_zone TEXT NOT NULL,
  cancel_notice_min BIGINT NOT NULL,
  updated_by TEXT NOT NULL,
  updated_us BIGINT NOT NULL
);

-- Patients waiting for a time: at most one open entry each (status 'waiting'); 'booked' or 'removed'
-- close it. The wishes are optional: a clinician, a type, a window of dates and a note.
CREATE TABLE waiting_list (
  id TEXT PRIMARY KEY,
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  patient_id TEXT NOT NULL,
  clinician_id TEXT NOT NULL,
  type_code TEXT NOT NULL,
  earliest_date TEXT NOT NULL,
  latest_date TEXT NOT NULL,
  note TEXT NOT NULL,
  status TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_us BIGINT NOT NULL,
  closed_us BIGINT NOT NULL,
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id)
);
CREATE INDEX waiting_list_by_clinic ON waiting_list (clinic_id, status, created_us);
-- One open entry per patient, even when two front desks add the same patient at once.
CREATE UNIQUE INDEX waiting_list_open ON waiting_list (clinic_id, patient_id) WHERE status = 'waiting';
