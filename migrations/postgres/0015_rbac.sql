-- Auth0's resource servers (APIs), roles and permissions (RBAC). An API is named by its
-- identifier (the `audience`), which never changes; a permission is an API's scope given to
-- a role or straight to a user. The Management API itself is not stored: it is built in.

CREATE TABLE resource_servers (
    id         TEXT PRIMARY KEY,
    identifier TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    scopes     TEXT NOT NULL,          -- JSON array of {value, description}
    settings   TEXT NOT NULL,          -- JSON: signing_alg, lifetimes, enforce_policies, ...
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE roles (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE role_permissions (
    role_id                    TEXT NOT NULL,
    resource_server_identifier TEXT NOT NULL,
    permission_name            TEXT NOT NULL,
    PRIMARY KEY (role_id, resource_server_identifier, permission_name)
);
CREATE INDEX role_permissions_by_api ON role_permissions (resource_server_identifier, permission_name);

CREATE TABLE user_roles (
    user_id    TEXT NOT NULL,
    role_id    TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, role_id)
);
CREATE INDEX user_roles_by_role ON user_roles (role_id, user_id);

CREATE TABLE user_permissions (
    user_id                    TEXT NOT NULL,
    resource_server_identifier TEXT NOT NULL,
    permission_name            TEXT NOT NULL,
    PRIMARY KEY (user_id, resource_server_identifier, permission_name)
);
CREATE INDEX user_permissions_by_api ON user_permissions (resource_server_identifier, permission_name);
