-- A clinic's calendar (docs/server/scheduling.md): the days it is closed, what a booked series left out,
-- the freed times offered to the waiting list, and the online booking settings.
--
-- Closed local days in the clinic's zone (`day` = days since 1970-01-01) with the reason in words.
CREATE TABLE clinic_closures (
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  day BIGINT NOT NULL,
  reason TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_us BIGINT NOT NULL,
  PRIMARY KEY (clinic_id, day)
);

-- One row per weekly series booked: the dates of its pattern that were not booked, with why
-- (`skipped`: JSON [{"start": "...Z", "reason": "..."}]), so the one e-mail that confirms the series
-- names them. Erased with the patient's record.
CREATE TABLE appointment_series (
  clinic_id TEXT NOT NULL,
  id TEXT NOT NULL,
  patient_id TEXT NOT NULL,
  skipped TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_us BIGINT NOT NULL,
  PRIMARY KEY (clinic_id, id),
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id)
);

-- A freed time offered to a patient on the waiting list: the cancelled appointment it came from, the
-- time and clinician offered, and the e-mail's fate (`status` 'sending', 'sent', 'failed: ...',
-- 'no address', 'not wanted', 'e-mail off'). One offer per freed appointment. Erased with the patient.
CREATE TABLE waitlist_offers (
  clinic_id TEXT NOT NULL,
  appointment_id TEXT NOT NULL,
  entry_id TEXT NOT NULL,
  patient_id TEXT NOT NULL,
  clinician_id TEXT NOT NULL,
  start_us BIGINT NOT NULL,
  duration_min BIGINT NOT NULL,
  status TEXT NOT NULL,
  created_us BIGINT NOT NULL,
  PRIMARY KEY (clinic_id, appointment_id),
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id)
);
CREATE INDEX waitlist_offers_by_status ON waitlist_offers (status, created_us);

-- Booking by patients from their own pages: switched on per clinic (`online_booking` 1), and the least time
-- between the booking and the visit (`online_notice_min`, default 24 hours).
ALTER TABLE schedule_settings ADD COLUMN online_booking BIGINT NOT NULL DEFAULT 0;
ALTER TABLE schedule_settings ADD COLUMN online_notice_min BIGINT NOT NULL DEFAULT 1440;
