-- SMART `online_access` (docs/server/smart.md): a grant made with it lives only as long as the session of
-- the user who allowed it. The grant's family and that session (the session token's hash, as in
-- auth_sessions) are kept here; a refresh after the session ended is refused and sign-out revokes the
-- grant's tokens. `offline_access` grants have no row.
CREATE TABLE smart_online_grants (
  family TEXT PRIMARY KEY,
  session_hash TEXT NOT NULL
);
CREATE INDEX smart_online_grants_by_session ON smart_online_grants (session_hash);
-- A medical record number names one patient of a clinic (docs/server/patient-admin.md). An empty number is
-- "not given" and may repeat. A database that already holds a number twice in a clinic stops here: the
-- query in docs/server/operations.md ("Upgrading to the unique record number") lists the pairs to resolve.
CREATE UNIQUE INDEX patients_mrn_unique ON patients (clinic_id, mrn) WHERE mrn <> '';
