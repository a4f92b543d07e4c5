-- The clinic's own words to its patients (docs/server/clinic-contact.md): the address, the telephone number
-- patients are told to phone (pain advice, the printed program, e-mails) and the emergency number they are
-- told to call. No row = none set: pages then say "your clinic" and give no number they cannot trust, and
-- the emergency number is the one of the clinic's country that the administrator has not yet chosen.
CREATE TABLE clinic_contact (
  clinic_id TEXT PRIMARY KEY REFERENCES clinics(id),
  address TEXT NOT NULL,
  phone TEXT NOT NULL,
  emergency_number TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  updated_us BIGINT NOT NULL
);
