-- SMART apps may register their public keys by URL (`jwks_uri`, docs/server/smart.md "Keys by URL") instead
-- of pasting the key set: the server fetches it, caches it and fetches it again when the app rotates its
-- keys. Exactly one of `jwks` and `jwks_uri` is non-empty for an asymmetric or backend app; both are empty for
-- a public app.
ALTER TABLE smart_clients ADD COLUMN jwks_uri TEXT NOT NULL DEFAULT '';
