-- A clinic's own exercises (docs/server/clinic-exercises.md), prescribed beside the library's. `id` is the
-- exercise id programs name ("c-" and a random id, never a library id); `steps` is one step a line, in
-- the patient's words; `position` one of the library's starting positions; `kind` 'repetitions' or
-- 'hold' with the default dose (`default_sets`, `default_reps`, `hold_s`); `measured_like` a library
-- exercise whose measured angle the camera uses, '' when the camera does not measure it. A retired
-- exercise (`retired_us` > 0) is not prescribed again but stays readable in programs that name it; rows
-- are never deleted.
CREATE TABLE clinic_exercises (
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  steps TEXT NOT NULL,
  position TEXT NOT NULL,
  kind TEXT NOT NULL,
  default_sets BIGINT NOT NULL,
  default_reps BIGINT NOT NULL,
  hold_s DOUBLE PRECISION NOT NULL,
  cautions TEXT NOT NULL,
  measured_like TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_us BIGINT NOT NULL,
  updated_by TEXT NOT NULL,
  updated_us BIGINT NOT NULL,
  retired_us BIGINT NOT NULL,
  PRIMARY KEY (clinic_id, id)
);
CREATE UNIQUE INDEX clinic_exercises_name ON clinic_exercises (clinic_id, name);
