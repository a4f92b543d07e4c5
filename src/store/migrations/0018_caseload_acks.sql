-- What a clinician said about a caseload alert (docs/metrics/caseload.md, "Acknowledging an alert"): every
-- decision is kept; the latest of a patient's alert kind is the one that applies (rehab/caseload_ack.hpp).
-- `reason_text` is the alert's text (its numbers) when it was acknowledged; `until_us` the end of the
-- acknowledgement or snooze.
CREATE TABLE caseload_acks (
  id TEXT PRIMARY KEY,
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  patient_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  reason_text TEXT NOT NULL,
  action TEXT NOT NULL,
  note TEXT NOT NULL,
  by_user TEXT NOT NULL,
  at_us BIGINT NOT NULL,
  until_us BIGINT NOT NULL,
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id)
);
CREATE INDEX caseload_acks_by_clinic ON caseload_acks (clinic_id, at_us);
CREATE INDEX caseload_acks_by_patient ON caseload_acks (clinic_id, patient_id, at_us);
