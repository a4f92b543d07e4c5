-- Onboarding (docs/server/api.md, "Invitations and password reset"): single-use set-password links, for an
-- invitation (a patient invited from the record, staff from the Staff page) or a forgotten password. Only
-- the SHA-256 of the token is kept; `used_us` 0 until used; a new link for a user closes its older ones.
-- `kind`: 'invite' or 'reset'. `created_by`: the inviting user, or '' for a reset the person asked for.
CREATE TABLE account_tokens (
  token_sha256 TEXT PRIMARY KEY,
  clinic_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_us BIGINT NOT NULL,
  expires_us BIGINT NOT NULL,
  used_us BIGINT NOT NULL
);
CREATE INDEX account_tokens_by_user ON account_tokens (user_id);
-- Second-factor recovery codes (docs/server/api.md, "Recovery codes"): shown once, stored as SHA-256, each
-- accepted once in place of a TOTP code. A new set replaces the old one.
CREATE TABLE recovery_codes (
  user_id TEXT NOT NULL,
  code_sha256 TEXT NOT NULL,
  created_us BIGINT NOT NULL,
  used_us BIGINT NOT NULL,
  PRIMARY KEY (user_id, code_sha256)
);
