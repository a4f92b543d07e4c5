-- The e-mails that tell a patient about their appointment (docs/server/reminders.md, "Appointment
-- e-mails"): one row per appointment and change (`kind` 'change', `about_us` = the appointment's
-- updated_us when it was booked, moved or cancelled) or per reminder the day before (`kind` 'reminder',
-- `about_us` = its start). The insert is the claim: of two servers only one decides and sends. `status`
-- says what happened ('sending', 'sent', 'failed: ...', 'no address', 'not wanted', 'e-mail off',
-- 'restricted', 'past').
CREATE TABLE appointment_notices (
  clinic_id TEXT NOT NULL,
  appointment_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  about_us BIGINT NOT NULL,
  status TEXT NOT NULL,
  decided_us BIGINT NOT NULL,
  PRIMARY KEY (clinic_id, appointment_id, kind, about_us)
);
CREATE INDEX appointments_by_update ON appointments (updated_us);
CREATE INDEX appointments_by_start ON appointments (start_us);
