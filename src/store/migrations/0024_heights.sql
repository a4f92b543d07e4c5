-- A person's standing height in whole centimetres, the scale of gait from video
-- (docs/metrics/gait-video.md, "Scale"). 0 = not recorded.
-- On the patient (edited with the demographics, kept in its versions) and on a recording: the height given
-- with the upload, which the analysis prefers to the patient's recorded one.
ALTER TABLE patients ADD COLUMN height_cm BIGINT NOT NULL DEFAULT 0;
ALTER TABLE patient_versions ADD COLUMN height_cm BIGINT NOT NULL DEFAULT 0;
ALTER TABLE recordings ADD COLUMN height_cm BIGINT NOT NULL DEFAULT 0;
