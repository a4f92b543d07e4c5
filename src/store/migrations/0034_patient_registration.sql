-- A patient's registration details beyond the demographics (docs/server/patient-admin.md, "Registration
-- details"; clinic/registration.hpp): postal address (`country` ISO 3166-1 alpha-2), emergency contact,
-- referrer, GP or family doctor, and who pays (`funder_kind` self_pay, national_health_service,
-- private_insurer, workers_compensation, other). One row per patient, none until something is recorded; ''
-- is "not recorded". Erased with the record (GDPR art. 17). `updated_by` is the user who last changed it
-- (a member of staff, or the patient from their own pages).
CREATE TABLE patient_registration (
  clinic_id TEXT NOT NULL,
  patient_id TEXT NOT NULL,
  address_lines TEXT NOT NULL,
  city TEXT NOT NULL,
  region TEXT NOT NULL,
  postcode TEXT NOT NULL,
  country TEXT NOT NULL,
  emergency_name TEXT NOT NULL,
  emergency_relationship TEXT NOT NULL,
  emergency_phone TEXT NOT NULL,
  referrer_name TEXT NOT NULL,
  referrer_organisation TEXT NOT NULL,
  referrer_contact TEXT NOT NULL,
  gp_name TEXT NOT NULL,
  gp_practice TEXT NOT NULL,
  gp_phone TEXT NOT NULL,
  funder_kind TEXT NOT NULL,
  funder_name TEXT NOT NULL,
  funder_reference TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  updated_us BIGINT NOT NULL,
  PRIMARY KEY (clinic_id, patient_id),
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id)
);
