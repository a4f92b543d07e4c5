-- A live set the engine rejected when it analysed the whole set (someone else in view, a different movement,
-- walking past the camera) is kept with the reason and counted nowhere: not in repetitions, adherence,
-- streaks, personal bests, charts, notes, remote-monitoring data days or progression
-- (docs/server/progress.md). '' = counted.
ALTER TABLE live_sessions ADD COLUMN not_counted_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE exercise_logs ADD COLUMN not_counted_reason TEXT NOT NULL DEFAULT '';
