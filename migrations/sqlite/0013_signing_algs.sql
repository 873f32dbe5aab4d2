-- Per-client signing algorithms: a client's `jwt_configuration` (Auth0's name, JSON such as
-- {"alg":"ES256"}), and one current signing key per algorithm instead of one in all.

ALTER TABLE clients ADD COLUMN jwt_configuration TEXT NOT NULL DEFAULT '{}';

DROP INDEX signing_keys_one_current;
-- Never two current keys of one algorithm, even when two rotations race.
CREATE UNIQUE INDEX signing_keys_one_current ON signing_keys (alg) WHERE state = 'current';
