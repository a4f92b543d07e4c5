-- Privacy rights (docs/server/privacy.md). A restriction of processing (GDPR art. 18): at most one per
-- patient, who set it, when and why; lifting it deletes the row (the audit trail keeps both events).
CREATE TABLE patient_restrictions (
  clinic_id TEXT NOT NULL,
  patient_id TEXT NOT NULL,
  restricted_by TEXT NOT NULL,
  restricted_us BIGINT NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (clinic_id, patient_id),
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id)
);

-- An erased patient (art. 17): the patient row stays with its identifying fields emptied, so every
-- foreign key and audit event still resolves; this row says who erased it, when and why. The record
-- number is kept only as a BLAKE2b hash of "clinic_id|mrn", so a later HL7 message naming it is refused
-- instead of registering the person again.
CREATE TABLE patient_tombstones (
  clinic_id TEXT NOT NULL,
  patient_id TEXT NOT NULL,
  erased_us BIGINT NOT NULL,
  erased_by TEXT NOT NULL,
  reason TEXT NOT NULL,
  mrn_hash TEXT NOT NULL,
  PRIMARY KEY (clinic_id, patient_id),
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id)
);
CREATE INDEX patient_tombstones_by_mrn ON patient_tombstones (clinic_id, mrn_hash);

-- Files of erased records (paths under the data folder's files/), written in the erasure's transaction
-- and deleted after it commits; done_us stays 0 until the file is gone, so a crash in between is
-- finished at the next start. No row ever points at a deleted file: the rows go first.
CREATE TABLE erasure_files (
  id TEXT PRIMARY KEY,
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  path TEXT NOT NULL,
  queued_us BIGINT NOT NULL,
  done_us BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX erasure_files_pending ON erasure_files (done_us, queued_us);
