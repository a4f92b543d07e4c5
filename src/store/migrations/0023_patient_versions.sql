-- The earlier versions of a patient's demographics (docs/server/fhir.md, "Versions": FHIR vread and
-- _history of a Patient): the row as it was before each update, copied by the update's own transaction, in
-- the column order of the patients table's reads. Erasure deletes them with the record
-- (docs/server/privacy.md).
CREATE TABLE patient_versions (
  patient_id TEXT NOT NULL,
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  given_name TEXT NOT NULL,
  family_name TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  sex TEXT NOT NULL,
  mrn TEXT NOT NULL,
  email TEXT NOT NULL,
  phone TEXT NOT NULL,
  language TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  created_us BIGINT NOT NULL,
  updated_us BIGINT NOT NULL,
  version BIGINT NOT NULL,
  sort_name TEXT NOT NULL,
  preferred_contact TEXT NOT NULL,
  email_ok BIGINT NOT NULL,
  PRIMARY KEY (clinic_id, patient_id, version)
);
