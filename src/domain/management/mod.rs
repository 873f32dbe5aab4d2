//! The operators' side, Auth0's Management API, one file per resource: what machine tokens
//! (and users' own tokens, for their devices) may change, and the dashboard's checks.

pub mod admins;
pub mod caller;
pub mod checks;
pub mod client_grants;
pub mod clients;
pub mod connections;
pub mod device_credentials;
pub mod email_provider;
pub mod jobs;
pub mod resource_servers;
pub mod roles;
pub mod secrets;
pub mod signing_keys;
pub mod tenant_settings;
pub mod users;

use super::DomainError;

/// Every scope of the Management API that Latchkey serves.
pub const MANAGEMENT_SCOPES: &[&str] = &[
    "read:clients",
    "create:clients",
    "update:clients",
    "delete:clients",
    "read:users",
    "create:users",
    "update:users",
    "delete:users",
    "read:connections",
    "create:connections",
    "update:connections",
    "delete:connections",
    "read:signing_keys",
    "create:signing_keys",
    "update:signing_keys",
    "read:logs",
    "read:logs_users",
    "read:device_credentials",
    "delete:device_credentials",
    "read:email_provider",
    "create:email_provider",
    "update:email_provider",
    "delete:email_provider",
    "read:client_grants",
    "create:client_grants",
    "update:client_grants",
    "delete:client_grants",
    "read:tenant_settings",
    "update:tenant_settings",
    "read:client_keys",
    "update:client_keys",
    "read:resource_servers",
    "create:resource_servers",
    "update:resource_servers",
    "delete:resource_servers",
    "read:roles",
    "create:roles",
    "update:roles",
    "delete:roles",
    "read:role_members",
    "create:role_members",
    "delete:role_members",
];

fn bad(msg: impl Into<String>) -> DomainError {
    DomainError::InvalidRequest(msg.into())
}
