-- A clinic's own demonstration video of a library exercise (docs/server/exercise-videos.md): one per clinic
-- and exercise, a new upload replaces the old (whose file is queued in erasure_files in the same
-- transaction). `file_path` is relative to <data>/files.
CREATE TABLE exercise_videos (
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  exercise_id TEXT NOT NULL,
  file_path TEXT NOT NULL,
  media_type TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  uploaded_by TEXT NOT NULL,
  uploaded_us BIGINT NOT NULL,
  PRIMARY KEY (clinic_id, exercise_id)
);
