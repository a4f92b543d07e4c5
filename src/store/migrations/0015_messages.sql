-- Secure messages between a patient and their clinic's clinicians (docs/server/messages.md): one
-- conversation per patient. `read_us` is when the other side first opened the message (0 = unread), the
-- read receipt; `notice_status` what happened to the e-mail that tells the patient a message waits
-- (never its text): '' = not decided yet, 'sent', 'failed: ...', 'no address', 'e-mail off', 'not wanted',
-- 'read first' (opened in the app before a notice was due), 'not needed' (the patient wrote it).
CREATE TABLE messages (
  id TEXT PRIMARY KEY,
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  patient_id TEXT NOT NULL,
  sender_id TEXT NOT NULL,
  from_patient BIGINT NOT NULL,
  body TEXT NOT NULL,
  created_us BIGINT NOT NULL,
  read_us BIGINT NOT NULL DEFAULT 0,
  read_by TEXT NOT NULL DEFAULT '',
  notice_status TEXT NOT NULL DEFAULT '',
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id)
);
CREATE INDEX messages_by_patient ON messages (clinic_id, patient_id, created_us);
CREATE INDEX messages_notice ON messages (notice_status, created_us);
