//! The Management API's request and response shapes, for its OpenAPI description. The
//! handlers in `management` build the same JSON; schemathesis (in CI) holds every answer to
//! these shapes and sends requests generated from them.

// Description-only types: they are read by utoipa's derive, never built at run time.
#![allow(dead_code)]

use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

/// An error answer: the Management API's own shape, or the Authentication API's (an
/// unknown path, a body over the size limit).
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
pub enum ErrorBody {
    Management(ManagementError),
    Authentication(AuthenticationError),
}

#[derive(Serialize, ToSchema)]
pub struct ManagementError {
    #[serde(rename = "statusCode")]
    pub status_code: u16,
    pub error: String,
    pub message: String,
    #[serde(rename = "errorCode")]
    pub error_code: String,
}

#[derive(Serialize, ToSchema)]
pub struct AuthenticationError {
    pub error: String,
    pub error_description: String,
}

/// An application (Auth0's client).
#[derive(Serialize, ToSchema)]
pub struct Client {
    pub client_id: String,
    pub name: String,
    pub callbacks: Vec<String>,
    pub allowed_logout_urls: Vec<String>,
    pub grant_types: Vec<String>,
    /// `none` for a public client, else `client_secret_post`.
    pub token_endpoint_auth_method: String,
    /// `native`, `regular_web` or `non_interactive`.
    pub app_type: String,
    pub refresh_token: Value,
    pub mobile: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo_uri: Option<String>,
    /// Only in the answer that made it (creation, rotation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ClientPage {
    pub start: i64,
    pub limit: i64,
    pub length: i64,
    pub total: i64,
    pub clients: Vec<Client>,
}

/// An array, or a page with totals when `include_totals=true`.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
pub enum ClientList {
    Items(Vec<Client>),
    Page(ClientPage),
}

#[derive(Serialize, ToSchema)]
pub struct ClientCreate {
    pub name: String,
    /// `native` or `spa` (public), `regular_web`, `non_interactive` (machine).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_type: Option<String>,
    /// `none` makes a public client.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_endpoint_auth_method: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub callbacks: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_logout_urls: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grant_types: Option<Vec<String>>,
    /// `{rotation_type: rotating | non-rotating, expiration_type: expiring | non-expiring,
    /// token_lifetime, idle_token_lifetime, leeway}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<Value>,
    /// `{ios: {team_id, app_bundle_identifier}, android: {app_package_name, sha256_cert_fingerprints}}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mobile: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo_uri: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ClientUpdate {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub callbacks: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_logout_urls: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grant_types: Option<Vec<String>>,
    /// `{rotation_type: rotating | non-rotating, expiration_type: expiring | non-expiring,
    /// token_lifetime, idle_token_lifetime, leeway}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<Value>,
    /// `{ios: {team_id, app_bundle_identifier}, android: {app_package_name, sha256_cert_fingerprints}}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mobile: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo_uri: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Identity {
    pub user_id: String,
    /// `sms` or `email`.
    pub provider: String,
    pub connection: String,
    #[serde(rename = "isSocial")]
    pub is_social: bool,
}

#[derive(Serialize, ToSchema)]
pub struct User {
    pub user_id: String,
    pub name: String,
    pub nickname: String,
    pub created_at: String,
    pub updated_at: String,
    /// `null` before the first login.
    pub last_login: Option<String>,
    pub logins_count: i64,
    pub blocked: bool,
    pub identities: Vec<Identity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_verified: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_verified: Option<bool>,
}

#[derive(Serialize, ToSchema)]
pub struct UserPage {
    pub start: i64,
    pub limit: i64,
    pub length: i64,
    pub total: i64,
    pub users: Vec<User>,
}

#[derive(Serialize, ToSchema)]
#[serde(untagged)]
pub enum UserList {
    Items(Vec<User>),
    Page(UserPage),
}

#[derive(Serialize, ToSchema)]
pub struct UserCreate {
    /// An `sms` or `email` connection's name.
    pub connection: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct UserUpdate {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocked: Option<bool>,
}

#[derive(Serialize, ToSchema)]
pub struct Connection {
    /// `con_<name>`.
    pub id: String,
    pub name: String,
    /// `sms` or `email`.
    pub strategy: String,
    /// Auth0's option names; secrets (`twilio_token`) are never returned.
    pub options: Value,
    pub realms: Vec<String>,
    pub is_domain_connection: bool,
}

#[derive(Serialize, ToSchema)]
pub struct ConnectionPage {
    pub start: i64,
    pub limit: i64,
    pub length: i64,
    pub total: i64,
    pub connections: Vec<Connection>,
}

#[derive(Serialize, ToSchema)]
#[serde(untagged)]
pub enum ConnectionList {
    Items(Vec<Connection>),
    Page(ConnectionPage),
}

#[derive(Serialize, ToSchema)]
pub struct ConnectionCreate {
    pub name: String,
    /// `sms` or `email`.
    pub strategy: String,
    /// As in the configuration file's `[connections.options]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<Value>,
}

#[derive(Serialize, ToSchema)]
pub struct ConnectionUpdate {
    /// Replaced as a whole; a `twilio_token` left out keeps the stored one.
    pub options: Value,
}

#[derive(Serialize, ToSchema)]
pub struct SigningKey {
    pub kid: String,
    pub alg: String,
    pub current: bool,
    pub previous: bool,
    pub revoked: bool,
    pub current_since: String,
}

#[derive(Serialize, ToSchema)]
pub struct RotatedKey {
    pub kid: String,
}

#[derive(Serialize, ToSchema)]
pub struct RevokedKey {
    pub kid: String,
    pub revoked: bool,
}

#[derive(Serialize, ToSchema)]
pub struct LogEntry {
    pub log_id: String,
    pub date: String,
    /// Auth0's event code (`s`, `f`, `cs`, `sapi`, …).
    #[serde(rename = "type")]
    pub kind: String,
    pub description: String,
    pub client_id: Option<String>,
    pub connection: Option<String>,
    pub user_id: Option<String>,
    pub ip: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct LogPage {
    pub start: i64,
    pub limit: i64,
    pub length: i64,
    pub total: i64,
    pub logs: Vec<LogEntry>,
}

#[derive(Serialize, ToSchema)]
#[serde(untagged)]
pub enum LogList {
    Items(Vec<LogEntry>),
    Page(LogPage),
}

#[derive(Serialize, ToSchema)]
pub struct SmtpCredentials {
    pub smtp_host: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub smtp_port: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub smtp_user: Option<String>,
    /// Write-only: never in an answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub smtp_pass: Option<String>,
    /// `starttls` (the default), `tls` or `none`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub smtp_tls: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct EmailProvider {
    /// `smtp`, or `log` (development).
    pub name: String,
    pub default_from_address: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credentials: Option<SmtpCredentials>,
    pub enabled: bool,
}

#[derive(Serialize, ToSchema)]
pub struct EmailProviderChange {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_from_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credentials: Option<SmtpCredentials>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}
