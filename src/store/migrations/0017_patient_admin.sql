-- Patient administration (docs/server/patient-admin.md).
-- How the patient prefers to be reached ('' = not said, 'app', 'email', 'phone') and whether they agreed to
-- e-mails from the clinic (appointment notices, questionnaire requests, the notice that a message waits;
-- 0 = no, the default until they say yes). Daily exercise reminders keep their own channel setting.
ALTER TABLE patients ADD COLUMN preferred_contact TEXT NOT NULL DEFAULT '';
ALTER TABLE patients ADD COLUMN email_ok BIGINT NOT NULL DEFAULT 0;
-- How a consent was given or withdrawn ('in_person_signed', 'in_person_verbal', 'phone', 'online'; ''
-- for rows recorded before this was asked) and the version of the text the patient was shown.
ALTER TABLE consents ADD COLUMN method TEXT NOT NULL DEFAULT '';
ALTER TABLE consents ADD COLUMN text_version TEXT NOT NULL DEFAULT '';
-- The duplicate check on registration looks patients up by birth date.
CREATE INDEX patients_by_birth_date ON patients (clinic_id, birth_date);
