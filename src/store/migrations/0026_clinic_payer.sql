-- The payer rules a clinic's notes follow (docs/server/notes.md, "The clinic's payer rules"): '' (none, the
-- default) or 'us_medicare' (a clinic in the United States billing Medicare), which alone gives a drafted
-- note its progress-report and plan-of-care re-certification reminders.
ALTER TABLE clinics ADD COLUMN payer TEXT NOT NULL DEFAULT '';
