//! Configuration: an optional TOML file, environment overrides, and defaults good enough
//! to start with nothing at all. Unknown keys and bad values are refused with the key named.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::domain::connections::ConnectionOptions;
use crate::domain::limits::RateLimits;
use crate::domain::management::email_provider::{
    EmailProvider, SmtpCredentials as ProviderCredentials,
};
use crate::domain::model::{
    ClientBranding, CrossOrigin, DEFAULT_GRANT_TYPES, JwtConfiguration, MAX_ORIGINS, MobileApps,
    RefreshTokenPolicy, Strategy, callback_problem, location_problem, normalize_origin,
};
use crate::domain::model::{ResourceServer, ResourceServerChanges, validate_identifier};
use crate::domain::ports::{EmailRoute, SmtpTls};
use crate::domain::validation::FieldError;

pub mod describe;
pub mod env;
mod secret_files;

pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";
pub const DEFAULT_DATA_DIR: &str = "latchkey-data";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

/// The file as written; every key may be left out. The file's types have no `Debug`: they
/// hold the SMTP password in clear, and nothing needs to print them.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FileConfig {
    pub issuer: Option<String>,
    pub listen: Option<String>,
    pub database_url: Option<String>,
    pub data_dir: Option<PathBuf>,
    /// A server secret shared by several instances (default: `<data_dir>/server-secret`).
    pub server_secret_file: Option<PathBuf>,
    /// HTTPS: the certificate chain and its private key, PEM files (both or neither).
    pub tls_cert_file: Option<PathBuf>,
    pub tls_key_file: Option<PathBuf>,
    /// With HTTPS: a plain-HTTP address that answers only with redirects to the issuer.
    pub http_redirect_listen: Option<String>,
    pub log_format: LogFormat,
    /// Seconds between SIGTERM (readiness turns 503) and the drain; 0 to 300.
    pub shutdown_delay_seconds: u64,
    pub rate_limits: RateLimits,
    /// Where email goes (Auth0's email provider); absent: the development log.
    pub email_provider: Option<EmailProviderConfig>,
    pub passkeys: PasskeysConfig,
    pub admin: AdminConfig,
    pub apis: Vec<ApiConfig>,
    pub clients: Vec<ClientConfig>,
    pub connections: Vec<ConnectionConfig>,
    /// Auth0's client grants: APIs (and scopes) machine clients may get tokens for.
    pub client_grants: Vec<ClientGrantConfig>,
    pub tracing: crate::telemetry::TracingConfig,
    pub metrics: crate::http::prometheus::MetricsConfig,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientGrantConfig {
    pub client_id: String,
    /// The API, e.g. `https://auth.example.com/api/v2/` for the Management API.
    pub audience: String,
    pub scope: Vec<String>,
}

/// Passkeys (WebAuthn). The relying party id and origin come from the issuer.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PasskeysConfig {
    /// Off by default: with it on, the hosted page offers "add a passkey" after a code
    /// login, and passkey sign-in; the native passkey API answers.
    pub enabled: bool,
    /// More origins allowed to use the relying party, e.g. an Android app's
    /// `android:apk-key-hash:…` (iOS apps use the issuer's origin through associated domains).
    pub extra_origins: Vec<String>,
}

/// Who may use the dashboard (`/admin`): they sign in there with an email code.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AdminConfig {
    pub emails: Vec<String>,
}

/// Auth0's email provider object, for SMTP, checked by the rules the Management API's
/// provider is checked by.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailProviderConfig {
    /// `smtp`, or `log` to write messages to the server log (development).
    pub name: String,
    pub default_from_address: Option<String>,
    pub credentials: Option<SmtpCredentials>,
}

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpCredentials {
    pub smtp_host: String,
    #[serde(default = "default_smtp_port")]
    pub smtp_port: u16,
    pub smtp_user: Option<String>,
    pub smtp_pass: Option<String>,
    /// `starttls` (default), `tls` (implicit, port 465) or `none` (a local relay).
    #[serde(default)]
    pub smtp_tls: SmtpTls,
    /// A PEM file of extra CA certificates to trust, for a relay with a private certificate
    /// (ours); the system's roots are trusted as well.
    pub smtp_ca_file: Option<PathBuf>,
}

fn default_smtp_port() -> u16 {
    587
}

impl EmailProviderConfig {
    /// Where email goes, by this provider: checked as the Management API checks one, then
    /// the CA file (a file-only setting) read.
    fn route(self) -> Result<EmailRoute, ConfigError> {
        let ca_file = self
            .credentials
            .as_ref()
            .and_then(|c| c.smtp_ca_file.clone());
        let provider = EmailProvider {
            name: self.name,
            default_from_address: self.default_from_address.unwrap_or_default(),
            credentials: self.credentials.map(|c| ProviderCredentials {
                smtp_host: c.smtp_host,
                smtp_port: c.smtp_port,
                smtp_user: c.smtp_user,
                smtp_pass: c.smtp_pass,
                smtp_tls: c.smtp_tls,
            }),
            enabled: true,
        };
        provider
            .validate()
            .map_err(|e| err(format!("email_provider.{e}")))?;
        let (Some(c), "smtp") = (provider.credentials, provider.name.as_str()) else {
            return Ok(EmailRoute::Log);
        };
        let ca_pem = match &ca_file {
            None => None,
            Some(_) if c.smtp_tls == SmtpTls::None => {
                return Err(err(
                    "email_provider.credentials.smtp_ca_file: needs smtp_tls = \"starttls\" or \"tls\"",
                ));
            }
            Some(path) => Some(std::fs::read(path).map_err(|e| {
                err(format!(
                    "email_provider.credentials.smtp_ca_file: cannot read {}: {e}",
                    path.display()
                ))
            })?),
        };
        let route = c.into_route(provider.default_from_address, ca_pem);
        Ok(EmailRoute::Smtp(Box::new(route)))
    }
}

/// An API that access tokens may be issued for (Auth0's "resource server"): its settings
/// under the Management API's names.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiConfig {
    /// Auth0's id of the API, kept when given (an export's); random otherwise.
    pub id: Option<String>,
    /// The `audience` value apps ask for, e.g. `https://api.example.com/`.
    pub identifier: String,
    /// Required here (read before the settings, so theirs stays `None`).
    pub name: String,
    /// `scopes = [{ value, description }]` and the rest. Unlike an API created through the
    /// Management API, one in the file issues refresh tokens unless `allow_offline_access =
    /// false`: a configuration file written before the setting existed keeps its refresh
    /// tokens.
    #[serde(flatten)]
    pub settings: ResourceServerChanges,
}

impl ApiConfig {
    /// The API as stored, under `id` (kept when it is stored already); checked.
    pub fn resource_server(&self, id: String) -> Result<ResourceServer, FieldError> {
        validate_identifier(&self.identifier)?;
        let s = self.settings.clone();
        ResourceServer::new(id, self.identifier.clone()).changed(ResourceServerChanges {
            name: Some(self.name.clone()),
            scopes: Some(s.scopes.unwrap_or_default()),
            allow_offline_access: Some(s.allow_offline_access.unwrap_or(true)),
            ..s
        })
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientConfig {
    pub client_id: String,
    /// Absent for a public (native or single-page) app.
    pub client_secret: Option<String>,
    pub name: String,
    #[serde(default)]
    pub callbacks: Vec<String>,
    pub grant_types: Option<Vec<String>>,
    #[serde(default)]
    pub refresh_token: RefreshTokenPolicy,
    /// iOS and Android apps, for native magic links and the association files.
    #[serde(default)]
    pub mobile: MobileApps,
    /// Where `/v2/logout` may send the browser afterwards (exact matches).
    #[serde(default)]
    pub allowed_logout_urls: Vec<String>,
    #[serde(default)]
    pub branding: ClientBranding,
    /// Allowed Web Origins (`web_message`, the Authentication API from scripts).
    #[serde(default)]
    pub web_origins: Vec<String>,
    /// Allowed Origins (CORS).
    #[serde(default)]
    pub allowed_origins: Vec<String>,
    #[serde(default)]
    pub cross_origin_authentication: bool,
    pub cross_origin_loc: Option<String>,
    /// `[clients.jwt_configuration] alg = "ES256"`: how its `id_token`s are signed.
    #[serde(default)]
    pub jwt_configuration: JwtConfiguration,
}

impl ClientConfig {
    /// The browser settings as the client record keeps them (checked by `Settings::resolve`).
    pub fn cross_origin(&self) -> CrossOrigin {
        CrossOrigin {
            web_origins: self.web_origins.clone(),
            allowed_origins: self.allowed_origins.clone(),
            cross_origin_authentication: self.cross_origin_authentication,
            cross_origin_loc: self.cross_origin_loc.clone(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConnectionConfig {
    pub name: String,
    pub strategy: Strategy,
    #[serde(default)]
    pub options: toml::Table,
}

/// Overrides from flags or the environment; each beats the file. The CLI's flags are these
/// fields, so `--help` says what each is.
#[derive(Debug, Default, Clone, clap::Args)]
pub struct Overrides {
    /// Only the commands that listen take it (as `--listen`), so it is not a flag here.
    #[arg(skip)]
    pub listen: Option<String>,
    /// Public base URL; the `iss` of every token. `serve` defaults it to http://<listen>/
    /// (port 0 in it, as in http://localhost:0/ with --listen 127.0.0.1:0, means the port
    /// bound) and stores it; the other commands default to the one stored.
    #[arg(long, env = "LATCHKEY_ISSUER")]
    pub issuer: Option<String>,
    /// Database URL [default: sqlite://<data-dir>/latchkey.sqlite].
    #[arg(long, env = "LATCHKEY_DATABASE_URL")]
    pub database_url: Option<String>,
    /// Folder for the database and the server secret [default: ./latchkey-data].
    #[arg(long, env = "LATCHKEY_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// File holding the server secret (hex); give every instance on one database the same
    /// one [default: <data-dir>/server-secret, created on first run].
    #[arg(long, env = "LATCHKEY_SERVER_SECRET_FILE")]
    pub server_secret_file: Option<PathBuf>,
}

/// The PEM files HTTPS is served with; picked up again when they change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    pub cert_file: PathBuf,
    pub key_file: PathBuf,
}

/// A connection ready to store, its options checked.
#[derive(Debug, Clone)]
pub struct ConnectionSettings {
    pub name: String,
    pub options: ConnectionOptions,
}

/// Everything the server needs to start, checked.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Public base URL, always ending in `/`; the `iss` of every token.
    pub issuer: String,
    /// Whether `issuer` was given (flag, variable or file) rather than made from `listen`:
    /// commands other than `serve` then use the issuer the server last ran with.
    pub issuer_configured: bool,
    pub listen: SocketAddr,
    /// With HTTPS: where plain HTTP is answered with redirects to the issuer.
    pub http_redirect_listen: Option<SocketAddr>,
    pub database_url: String,
    pub data_dir: PathBuf,
    /// Where the server secret is read from; created there on first run when it is the
    /// default `<data_dir>/server-secret`, never created when configured.
    pub server_secret_file: Option<PathBuf>,
    /// Served over HTTPS when set.
    pub tls: Option<TlsFiles>,
    /// Seconds between SIGTERM and the drain, readiness failing meanwhile.
    pub shutdown_delay_seconds: u64,
    pub log_format: LogFormat,
    pub rate_limits: RateLimits,
    /// Where email goes unless an operator set a provider through the Management API.
    pub email_provider: EmailRoute,
    pub passkeys: PasskeysConfig,
    /// The dashboard's administrators, by email address (lower-cased).
    pub admin_emails: Vec<String>,
    /// Audiences an app may ask an access token for.
    pub apis: Vec<ApiConfig>,
    pub clients: Vec<ClientConfig>,
    pub connections: Vec<ConnectionSettings>,
    pub client_grants: Vec<ClientGrantConfig>,
    /// Where OpenTelemetry traces go; `None`: nowhere.
    pub tracing: Option<crate::telemetry::TracingSettings>,
    /// The Prometheus endpoint: its own listener and/or a bearer token.
    pub metrics: crate::http::prometheus::MetricsSettings,
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

fn err(msg: impl Into<String>) -> ConfigError {
    ConfigError(msg.into())
}

impl FileConfig {
    pub fn from_toml(text: &str) -> Result<Self, ConfigError> {
        Self::from_table(parse_toml(text)?)
    }

    /// The file's TOML, its `*_file` secrets read in place.
    pub fn from_table(mut table: toml::Table) -> Result<Self, ConfigError> {
        secret_files::read_into(&mut table, "")?;
        table
            .try_into()
            .map_err(|e| err(format!("configuration: {e}")))
    }

    /// The file at `path` (none: an empty one), with the `LATCHKEY_*` variables `env`
    /// holds laid on it ([`env::KEYS`]).
    pub fn read(
        path: Option<&Path>,
        vars: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let mut table = match path {
            None => toml::Table::new(),
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| err(format!("cannot read {}: {e}", path.display())))?;
                parse_toml(&text).map_err(|e| err(format!("{}: {}", path.display(), e.0)))?
            }
        };
        env::apply(&mut table, vars)?;
        let shown = path
            .map(|p| format!("{}: ", p.display()))
            .unwrap_or_default();
        Self::from_table(table).map_err(|e| err(format!("{shown}{}", e.0)))
    }
}

fn parse_toml(text: &str) -> Result<toml::Table, ConfigError> {
    text.parse().map_err(|e| err(format!("configuration: {e}")))
}

fn check_url(key: &str, url: &str) -> Result<(), ConfigError> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| {
            err(format!(
                "{key}: must be an http:// or https:// URL, got {url:?}"
            ))
        })?;
    if rest.is_empty() || rest.starts_with('/') || rest.contains(char::is_whitespace) {
        return Err(err(format!("{key}: {url:?} has no host")));
    }
    Ok(())
}

/// A callback or logout URL, by the one rule every way of saving a client uses
/// ([`callback_problem`]).
fn check_callback(key: &str, url: &str) -> Result<(), ConfigError> {
    match callback_problem(url) {
        Some(why) => Err(err(format!(
            "{key}: {url:?} is not an allowed URL: it {why}"
        ))),
        None => Ok(()),
    }
}

/// A `[[clients]]` entry's browser settings; each refusal names the key and its index.
fn check_cross_origin(key: &str, c: &ClientConfig) -> Result<(), ConfigError> {
    for (list, origins) in [
        ("web_origins", &c.web_origins),
        ("allowed_origins", &c.allowed_origins),
    ] {
        if origins.len() > MAX_ORIGINS {
            return Err(err(format!("{key}.{list}: at most {MAX_ORIGINS} origins")));
        }
        for (j, o) in origins.iter().enumerate() {
            if let Err(why) = normalize_origin(o) {
                return Err(err(format!(
                    "{key}.{list}[{j}]: {o:?} is not an allowed origin: it {why}"
                )));
            }
        }
    }
    if let Some(loc) = &c.cross_origin_loc
        && let Some(why) = location_problem(loc)
    {
        return Err(err(format!(
            "{key}.cross_origin_loc: {loc:?} is not an allowed URL: it {why}"
        )));
    }
    Ok(())
}

impl Settings {
    /// Where the server secret is: the configured file, else `<data_dir>/server-secret`.
    pub fn secret_path(&self) -> PathBuf {
        self.server_secret_file
            .clone()
            .unwrap_or_else(|| self.data_dir.join("server-secret"))
    }

    pub fn resolve(file: FileConfig, over: Overrides) -> Result<Self, ConfigError> {
        let listen_text = over
            .listen
            .or(file.listen)
            .unwrap_or_else(|| DEFAULT_LISTEN.to_string());
        let listen: SocketAddr = listen_text.parse().map_err(|_| {
            err(format!(
                "listen: {listen_text:?} is not an address like 127.0.0.1:8080"
            ))
        })?;
        let tls = match (file.tls_cert_file, file.tls_key_file) {
            (None, None) => None,
            (Some(cert_file), Some(key_file)) => Some(TlsFiles {
                cert_file,
                key_file,
            }),
            (Some(_), None) => return Err(err("tls_key_file: needed with tls_cert_file")),
            (None, Some(_)) => return Err(err("tls_cert_file: needed with tls_key_file")),
        };
        if file.shutdown_delay_seconds > 300 {
            return Err(err("shutdown_delay_seconds: must be 0 to 300"));
        }
        let http_redirect_listen = match file.http_redirect_listen {
            None => None,
            Some(_) if tls.is_none() => {
                return Err(err(
                    "http_redirect_listen: needs tls_cert_file and tls_key_file (it redirects to https)",
                ));
            }
            Some(text) => Some(text.parse::<SocketAddr>().map_err(|_| {
                err(format!(
                    "http_redirect_listen: {text:?} is not an address like 0.0.0.0:80"
                ))
            })?),
        };
        let issuer_given = over.issuer.or(file.issuer);
        let issuer_configured = issuer_given.is_some();
        let issuer = match issuer_given {
            Some(i) => {
                check_url("issuer", &i)?;
                format!("{}/", i.trim_end_matches('/'))
            }
            None => {
                let host = if listen.ip().is_unspecified() {
                    format!("127.0.0.1:{}", listen.port())
                } else {
                    listen.to_string()
                };
                let scheme = if tls.is_some() { "https" } else { "http" };
                format!("{scheme}://{host}/")
            }
        };
        let data_dir = over
            .data_dir
            .or(file.data_dir)
            .unwrap_or_else(|| PathBuf::from(DEFAULT_DATA_DIR));
        let database_url = over
            .database_url
            .or(file.database_url)
            .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("latchkey.sqlite").display()));

        file.rate_limits
            .validate()
            .map_err(|e| err(format!("rate_limits.{e}")))?;
        for (i, api) in file.apis.iter().enumerate() {
            api.resource_server(String::new())
                .map_err(|e| err(format!("apis[{i}].{e}")))?;
        }
        let mut seen = std::collections::HashSet::new();
        for (i, c) in file.clients.iter().enumerate() {
            let key = format!("clients[{i}]");
            if c.client_id.trim().is_empty() {
                return Err(err(format!("{key}.client_id: must not be empty")));
            }
            if !seen.insert(c.client_id.clone()) {
                return Err(err(format!(
                    "{key}.client_id: {:?} is declared twice",
                    c.client_id
                )));
            }
            if c.client_secret.as_deref().is_some_and(|s| s.len() < 16) {
                return Err(err(format!(
                    "{key}.client_secret: must be at least 16 characters"
                )));
            }
            for (j, cb) in c.callbacks.iter().enumerate() {
                check_callback(&format!("{key}.callbacks[{j}]"), cb)?;
            }
            for (j, g) in c.grant_types.iter().flatten().enumerate() {
                if !DEFAULT_GRANT_TYPES.contains(&g.as_str())
                    && g != crate::domain::model::GRANT_CLIENT_CREDENTIALS
                {
                    return Err(err(format!(
                        "{key}.grant_types[{j}]: unknown grant {g:?} (known: {})",
                        DEFAULT_GRANT_TYPES.join(", ")
                    )));
                }
            }
            c.refresh_token
                .validate()
                .map_err(|e| err(format!("{key}.{e}")))?;
            c.mobile.validate().map_err(|e| err(format!("{key}.{e}")))?;
            c.branding
                .validate()
                .map_err(|e| err(format!("{key}.{e}")))?;
            for (j, url) in c.allowed_logout_urls.iter().enumerate() {
                check_callback(&format!("{key}.allowed_logout_urls[{j}]"), url)?;
            }
            check_cross_origin(&key, c)?;
        }

        let mut names = std::collections::HashSet::new();
        let mut connections = Vec::new();
        for (i, c) in file.connections.into_iter().enumerate() {
            let key = format!("connections[{i}]");
            if c.name.trim().is_empty() {
                return Err(err(format!("{key}.name: must not be empty")));
            }
            if !names.insert(c.name.clone()) {
                return Err(err(format!("{key}.name: {:?} is declared twice", c.name)));
            }
            let options = ConnectionOptions::parse(c.strategy, toml::Value::Table(c.options))
                .map_err(|e| err(format!("{key}.options: {}", e.message())))?;
            options
                .validate()
                .map_err(|e| err(format!("{key}.options.{e}")))?;
            connections.push(ConnectionSettings {
                name: c.name,
                options,
            });
        }

        let email_provider = match file.email_provider {
            None => EmailRoute::Log,
            Some(p) => p.route()?,
        };

        if file.passkeys.enabled
            && issuer
                .split("://")
                .nth(1)
                .is_some_and(|h| h.starts_with(|c: char| c.is_ascii_digit() || c == '['))
        {
            return Err(err(
                "passkeys.enabled: WebAuthn needs a host name in issuer (an IP address cannot be a relying party id; use localhost for development)",
            ));
        }
        for (i, g) in file.client_grants.iter().enumerate() {
            if !file.clients.iter().any(|c| c.client_id == g.client_id) {
                return Err(err(format!(
                    "client_grants[{i}].client_id: {:?} is not a client declared in this file",
                    g.client_id
                )));
            }
        }
        Ok(Self {
            tracing: file.tracing.resolve()?,
            metrics: file.metrics.resolve()?,
            client_grants: file.client_grants,
            admin_emails: file
                .admin
                .emails
                .iter()
                .map(|e| {
                    crate::domain::email_address::parse_address(e)
                        .map_err(|_| err(format!("admin.emails: {e:?} is not an email address")))
                })
                .collect::<Result<_, _>>()?,
            passkeys: file.passkeys,
            email_provider,
            issuer,
            issuer_configured,
            listen,
            http_redirect_listen,
            database_url,
            data_dir,
            server_secret_file: over.server_secret_file.or(file.server_secret_file),
            tls,
            shutdown_delay_seconds: file.shutdown_delay_seconds,
            log_format: file.log_format,
            rate_limits: file.rate_limits,
            apis: file.apis,
            clients: file.clients,
            connections,
        })
    }
}

#[cfg(test)]
mod tests;
