-- Users, whole (Auth0's user object): the profile an operator or an import gives (names,
-- nickname, picture, app_metadata, user_metadata) as one JSON object, and whether the login
-- is proved yet (every user who logged in is; an operator may create one who is not).

ALTER TABLE users ADD COLUMN profile TEXT NOT NULL DEFAULT '{}';
ALTER TABLE users ADD COLUMN verified BIGINT NOT NULL DEFAULT 1;
