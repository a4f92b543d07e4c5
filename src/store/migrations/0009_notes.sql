-- SOAP notes (docs/server/notes.md): a draft is edited until it is signed; a signed note's content never
-- changes (addenda follow it). `body` is the note as notes::note_to_json; `version` counts saves, for
-- optimistic concurrency. The HL7 outbox holds each signed note's MDM^T02 for the clinic's EHR.
CREATE TABLE notes (
  id TEXT PRIMARY KEY,
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  patient_id TEXT NOT NULL,
  episode_id TEXT NOT NULL,
  author_id TEXT NOT NULL,
  status TEXT NOT NULL,
  window_from_us BIGINT NOT NULL,
  window_to_us BIGINT NOT NULL,
  created_us BIGINT NOT NULL,
  updated_us BIGINT NOT NULL,
  signed_us BIGINT NOT NULL,
  version BIGINT NOT NULL,
  body TEXT NOT NULL,
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id)
);
CREATE INDEX notes_by_patient ON notes (clinic_id, patient_id, created_us);

CREATE TABLE hl7_outbox (
  id TEXT PRIMARY KEY,
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  record_type TEXT NOT NULL,
  record_id TEXT NOT NULL,
  message_type TEXT NOT NULL,
  control_id TEXT NOT NULL,
  message TEXT NOT NULL,
  created_us BIGINT NOT NULL,
  sent_us BIGINT NOT NULL,
  ack_code TEXT NOT NULL,
  attempts BIGINT NOT NULL,
  last_error TEXT NOT NULL
);
CREATE INDEX hl7_outbox_by_record ON hl7_outbox (clinic_id, record_type, record_id);
