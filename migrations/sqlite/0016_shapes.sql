-- Auth0's shapes: each signing key's self-signed certificate (PEM, made once so its
-- fingerprint is stable; keys from before get theirs at start-up) and when it was revoked;
-- a client's secret sealed under the server secret beside its hash, so an operator with
-- `read:client_keys` can read it back as on Auth0.

ALTER TABLE signing_keys ADD COLUMN cert TEXT;
ALTER TABLE signing_keys ADD COLUMN revoked_at INTEGER;
ALTER TABLE clients ADD COLUMN sealed_secret TEXT;
