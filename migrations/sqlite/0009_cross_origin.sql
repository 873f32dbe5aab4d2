-- Browser apps: a client's web origins, allowed origins (CORS) and cross-origin
-- authentication settings, as one JSON object in Auth0's names.

ALTER TABLE clients ADD COLUMN cross_origin TEXT NOT NULL DEFAULT '{}';
