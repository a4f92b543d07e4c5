-- Failed sign-ins per account and client address (docs/server/api.md, "Sign-in"): an account is locked for
-- the address its failures came from, not for its owner elsewhere, and an e-mail nobody uses is counted and
-- locked the same way, so the answers do not tell which accounts exist. `account` is the e-mail as typed,
-- lower-cased. Rows older than a day are deleted as new failures arrive.
CREATE TABLE login_failures (
  account TEXT NOT NULL,
  client TEXT NOT NULL,
  failures BIGINT NOT NULL,
  locked_until_us BIGINT NOT NULL,
  updated_us BIGINT NOT NULL,
  PRIMARY KEY (account, client)
);
CREATE INDEX login_failures_updated ON login_failures (updated_us);
