-- HL7 v2 inbound (docs/server/hl7.md): each accepted message once per sender and control id (a resend of
-- the same message is acknowledged again without being applied twice), with the record it changed; and
-- the other system's ids of records it created (the appointment's filler id).
CREATE TABLE hl7_inbound (
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  sender TEXT NOT NULL,
  control_id TEXT NOT NULL,
  message_type TEXT NOT NULL,
  received_us BIGINT NOT NULL,
  message_sha256 TEXT NOT NULL,
  record_type TEXT NOT NULL,
  record_id TEXT NOT NULL,
  PRIMARY KEY (clinic_id, sender, control_id)
);

CREATE TABLE external_ids (
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  system TEXT NOT NULL,
  record_type TEXT NOT NULL,
  external_id TEXT NOT NULL,
  record_id TEXT NOT NULL,
  PRIMARY KEY (clinic_id, system, record_type, external_id)
);
