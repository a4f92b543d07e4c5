-- Observations entered by staff or an EHR (FHIR create) can be corrected (FHIR update): `version` counts
-- the changes for optimistic concurrency (If-Match), `updated_us` is the last change (0: never changed),
-- `recorded_by` the user who entered it ("" for measurements physiokit made from a recording, which are
-- never changed in place).
ALTER TABLE observations ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE observations ADD COLUMN updated_us BIGINT NOT NULL DEFAULT 0;
ALTER TABLE observations ADD COLUMN recorded_by TEXT NOT NULL DEFAULT '';
