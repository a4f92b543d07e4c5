-- SMART on FHIR (docs/server/smart.md): the apps a clinic's administrator registered, the opaque EHR-launch
-- contexts, authorization requests (a request becomes a code once the user allows it), access and refresh
-- tokens (stored as BLAKE2b hashes, never in clear) and the assertion ids (jti) a backend client used, kept
-- until the assertion expires. `family` ties every token of one grant together: a refresh token used twice
-- revokes the whole family. Scopes are space-separated SMART scope strings; redirect URIs and the JWKS JSON.
CREATE TABLE smart_clients (
  id TEXT PRIMARY KEY,
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  redirect_uris TEXT NOT NULL,
  launch_url TEXT NOT NULL,
  scopes TEXT NOT NULL,
  jwks TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_by TEXT NOT NULL,
  created_us BIGINT NOT NULL
);
CREATE INDEX smart_clients_by_clinic ON smart_clients (clinic_id, created_us);
CREATE TABLE smart_launches (
  id TEXT PRIMARY KEY,
  client_id TEXT NOT NULL,
  clinic_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  patient_id TEXT NOT NULL,
  expires_us BIGINT NOT NULL
);
CREATE TABLE smart_requests (
  id TEXT PRIMARY KEY,
  client_id TEXT NOT NULL,
  redirect_uri TEXT NOT NULL,
  scope TEXT NOT NULL,
  state TEXT NOT NULL,
  code_challenge TEXT NOT NULL,
  launch_id TEXT NOT NULL,
  nonce TEXT NOT NULL,
  created_us BIGINT NOT NULL,
  expires_us BIGINT NOT NULL,
  user_id TEXT NOT NULL DEFAULT '',
  clinic_id TEXT NOT NULL DEFAULT '',
  patient_id TEXT NOT NULL DEFAULT '',
  granted_scope TEXT NOT NULL DEFAULT '',
  code_hash TEXT NOT NULL DEFAULT '',
  code_expires_us BIGINT NOT NULL DEFAULT 0,
  code_used INTEGER NOT NULL DEFAULT 0,
  family TEXT NOT NULL DEFAULT ''
);
CREATE INDEX smart_requests_by_code ON smart_requests (code_hash);
CREATE TABLE smart_tokens (
  hash TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  client_id TEXT NOT NULL,
  clinic_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  patient_id TEXT NOT NULL,
  scope TEXT NOT NULL,
  family TEXT NOT NULL,
  created_us BIGINT NOT NULL,
  expires_us BIGINT NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0,
  rotated INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX smart_tokens_by_family ON smart_tokens (family);
CREATE INDEX smart_tokens_by_client ON smart_tokens (client_id);
CREATE INDEX smart_tokens_by_user ON smart_tokens (user_id, client_id);
CREATE TABLE smart_jtis (
  client_id TEXT NOT NULL,
  jti TEXT NOT NULL,
  expires_us BIGINT NOT NULL,
  PRIMARY KEY (client_id, jti)
);
