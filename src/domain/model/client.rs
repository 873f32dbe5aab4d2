//! Applications: the client record, its grants (with Auth0's grant names), callbacks,
//! branding, mobile apps and refresh-token policy, and machine clients' grants to APIs.
//!
//! Over 400 lines only with its unit tests (the last ~300, most of them callback rules).

use serde::{Deserialize, Serialize};

use super::{CrossOrigin, JwtConfiguration};
use crate::domain::validation::{FieldError, in_range};

/// The grants a client may use when its configuration names none (Auth0's defaults for a
/// native app, plus the legacy resource-owner grant Lock v1 needs).
pub const DEFAULT_GRANT_TYPES: &[&str] = &[
    GRANT_PASSWORDLESS_OTP,
    GRANT_REFRESH_TOKEN,
    GRANT_AUTHORIZATION_CODE,
    GRANT_IMPLICIT,
    GRANT_LEGACY_RO,
    GRANT_JWT_BEARER,
    GRANT_LEGACY_RO_JWT_BEARER,
    GRANT_WEBAUTHN,
];
pub const GRANT_PASSWORDLESS_OTP: &str = "http://auth0.com/oauth/grant-type/passwordless/otp";
pub const GRANT_REFRESH_TOKEN: &str = "refresh_token";
/// Machine-to-machine tokens (Management API clients); never in the defaults.
pub const GRANT_CLIENT_CREDENTIALS: &str = "client_credentials";
/// Device-key login (RFC 7523): a JWT signed by a registered device key.
pub const GRANT_JWT_BEARER: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";
/// Auth0's name for the same on the legacy `/oauth/ro`, as Lock v1's Touch ID used it.
pub const GRANT_LEGACY_RO_JWT_BEARER: &str =
    "http://auth0.com/oauth/legacy/grant-type/ro/jwt-bearer";
/// Auth0's (Okta's) passkey grant: the answer to a `/passkey/challenge` or `/passkey/register`.
pub const GRANT_WEBAUTHN: &str = "urn:okta:params:oauth:grant-type:webauthn";
/// Redirect-based logins (`/authorize`, magic links) that end with a code.
pub const GRANT_AUTHORIZATION_CODE: &str = "authorization_code";
/// Redirect-based logins that end with tokens in the URL fragment.
pub const GRANT_IMPLICIT: &str = "implicit";
/// Auth0's name for the legacy `/oauth/ro` grant on a client's grant list.
pub const GRANT_LEGACY_RO: &str = "http://auth0.com/oauth/legacy/grant-type/ro";

/// An application that signs users in.
#[derive(Debug, Clone, PartialEq)]
pub struct Client {
    pub client_id: String,
    pub name: String,
    /// SHA-256 of the client secret; `None` for a public (native or browser) app.
    pub secret_hash: Option<Vec<u8>>,
    /// The same secret sealed under the server secret, so an operator with Auth0's
    /// `read:client_keys` can read it back; `None` for a secret stored before Latchkey kept
    /// one (its hash still checks it).
    pub sealed_secret: Option<String>,
    pub callbacks: Vec<String>,
    pub grant_types: Vec<String>,
    pub refresh_token: RefreshTokenPolicy,
    /// The client's native apps, for universal links and app links (Auth0's `mobile`).
    pub mobile: MobileApps,
    /// Where `/v2/logout` may send the browser afterwards (exact matches).
    pub allowed_logout_urls: Vec<String>,
    /// How the hosted login page shows this app.
    pub branding: ClientBranding,
    /// Which browser origins may call the Authentication API as this app.
    pub cross_origin: CrossOrigin,
    /// How its `id_token`s are signed (Auth0's `jwt_configuration`).
    pub jwt_configuration: JwtConfiguration,
}

impl Client {
    pub fn allows_grant(&self, grant: &str) -> bool {
        self.grant_types.iter().any(|g| g == grant)
    }

    /// Redirect URIs match one of the client's callbacks exactly: no prefixes, no
    /// wildcards, no normalisation, so a look-alike URI can never receive a code.
    pub fn allows_callback(&self, redirect_uri: &str) -> bool {
        self.callbacks.iter().any(|c| c == redirect_uri)
    }
}

/// The longest callback or logout URL accepted.
pub const MAX_CALLBACK_LEN: usize = 2000;

/// Schemes a browser would run, read locally or hand to itself rather than to an app: never a
/// callback, whatever their case. (The custom-scheme rule below refuses them anyway, since
/// none is reverse-DNS; naming them gives the clearer refusal.)
const REFUSED_SCHEMES: &[&str] = &["javascript", "data", "file", "vbscript", "blob", "about"];

/// Why `uri` cannot be a callback (or a logout URL), or `None` when it can. A callback is
/// - `https://` with a host;
/// - `http://` on a loopback host only (`127.0.0.1`, `[::1]`, `localhost`, any port), for
///   native apps' loopback redirects (RFC 8252 §7.3) and development;
/// - or an app's private-use scheme in reverse-DNS form, `com.example.app:/cb` or
///   `com.example.app://cb` (RFC 8252 §7.1).
///
/// Never `javascript:`, `data:`, `file:`, `vbscript:`, `blob:` or `about:`, in any case; no
/// user info (`http://localhost@evil.example` names the host `evil.example`), no whitespace or
/// control characters. Schemes compare case-insensitively.
pub fn callback_problem(uri: &str) -> Option<&'static str> {
    if uri.len() > MAX_CALLBACK_LEN {
        return Some("is longer than 2000 characters");
    }
    if uri.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("contains whitespace or control characters");
    }
    let Some((scheme, rest)) = uri.split_once(':') else {
        return Some("is not a URL");
    };
    let well_formed = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
    if !well_formed {
        return Some("is not a URL");
    }
    let scheme = scheme.to_ascii_lowercase();
    if REFUSED_SCHEMES.contains(&scheme.as_str()) {
        return Some(
            "has a scheme a browser would run or read locally (javascript:, data:, file:, vbscript:, blob:, about:)",
        );
    }
    match scheme.as_str() {
        "https" | "http" => {
            let Some(after) = rest.strip_prefix("//") else {
                return Some("is not a URL");
            };
            let authority = after.split(['/', '?', '#']).next().unwrap_or("");
            if authority.contains('@') {
                return Some("must not carry user info before its host");
            }
            let host = if authority.starts_with('[') {
                authority.split_inclusive(']').next().unwrap_or("")
            } else {
                authority.split(':').next().unwrap_or("")
            };
            if host.is_empty() {
                return Some("has no host");
            }
            let loopback = ["127.0.0.1", "[::1]", "localhost"]
                .iter()
                .any(|l| host.eq_ignore_ascii_case(l));
            if scheme == "http" && !loopback {
                return Some("must be https (http only on 127.0.0.1, [::1] or localhost)");
            }
            None
        }
        custom => {
            if !is_reverse_dns(custom) {
                return Some(
                    "must be https, http on loopback, or an app's reverse-DNS scheme like com.example.app://callback",
                );
            }
            if rest.trim_start_matches('/').is_empty() {
                return Some("has nothing after its scheme");
            }
            None
        }
    }
}

impl Client {
    /// Checks a list of callbacks (or logout URLs, as `field` says): the refusal names the
    /// list and quotes the value, `callbacks: "javascript://x" is not an allowed URL: …`.
    pub fn check_callbacks(field: &str, uris: &[String]) -> Result<(), FieldError> {
        for uri in uris {
            if let Some(why) = callback_problem(uri) {
                return Err(FieldError::labelled(
                    field,
                    format!("{uri:?} is not an allowed URL: it {why}"),
                ));
            }
        }
        Ok(())
    }
}

impl Client {
    /// A public client with these grants and every other setting at its default; callers
    /// set what differs with struct update syntax.
    pub fn named(
        client_id: impl Into<String>,
        name: impl Into<String>,
        grant_types: Vec<String>,
    ) -> Self {
        Self {
            client_id: client_id.into(),
            name: name.into(),
            secret_hash: None,
            sealed_secret: None,
            callbacks: vec![],
            grant_types,
            refresh_token: RefreshTokenPolicy::default(),
            mobile: MobileApps::default(),
            allowed_logout_urls: vec![],
            branding: ClientBranding::default(),
            cross_origin: CrossOrigin::default(),
            jwt_configuration: JwtConfiguration::default(),
        }
    }

    /// Auth0's grants for a new application.
    pub fn default_grants() -> Vec<String> {
        DEFAULT_GRANT_TYPES.iter().map(|g| g.to_string()).collect()
    }
}

#[cfg(test)]
impl Client {
    /// A client for unit tests: public (no secret), Auth0's default grants, a web and a
    /// native callback.
    pub fn sample() -> Self {
        Self {
            callbacks: vec![
                "https://app.example/cb".into(),
                "com.example.app://cb".into(),
            ],
            ..Self::named("app", "App", Self::default_grants())
        }
    }
}

/// The hosted page's look for one app: Auth0's `logo_uri` and a primary colour.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ClientBranding {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo_uri: Option<String>,
    /// `#rrggbb`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub primary_color: Option<String>,
}

impl ClientBranding {
    pub fn validate(&self) -> Result<(), FieldError> {
        if let Some(uri) = &self.logo_uri
            && !(uri.starts_with("https://")
                && uri.len() <= 2000
                && !uri.contains(char::is_whitespace))
        {
            return Err(FieldError::new(
                "branding.logo_uri",
                "must be an https:// URL",
            ));
        }
        if let Some(c) = &self.primary_color
            && !(c.len() == 7
                && c.starts_with('#')
                && c[1..].bytes().all(|b| b.is_ascii_hexdigit()))
        {
            return Err(FieldError::new(
                "branding.primary_color",
                "must look like #1a73e8",
            ));
        }
        Ok(())
    }
}

/// Auth0's client `mobile` settings.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MobileApps {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ios: Option<IosApp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub android: Option<AndroidApp>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IosApp {
    /// Apple Developer Team ID, ten characters.
    pub team_id: String,
    pub app_bundle_identifier: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AndroidApp {
    pub app_package_name: String,
    /// SHA-256 fingerprints of the app's signing certificates, `AB:CD:…`.
    #[serde(default)]
    pub sha256_cert_fingerprints: Vec<String>,
}

impl MobileApps {
    /// Checks the values Apple's and Google's association files need.
    pub fn validate(&self) -> Result<(), FieldError> {
        if let Some(ios) = &self.ios {
            if ios.team_id.len() != 10 || !ios.team_id.bytes().all(|b| b.is_ascii_alphanumeric()) {
                return Err(FieldError::new(
                    "mobile.ios.team_id",
                    "must be ten letters or digits",
                ));
            }
            if !is_reverse_dns(&ios.app_bundle_identifier) {
                return Err(FieldError::new(
                    "mobile.ios.app_bundle_identifier",
                    "must look like com.example.app",
                ));
            }
        }
        if let Some(android) = &self.android {
            if !is_reverse_dns(&android.app_package_name) {
                return Err(FieldError::new(
                    "mobile.android.app_package_name",
                    "must look like com.example.app",
                ));
            }
            for f in &android.sha256_cert_fingerprints {
                let ok = f.len() == 95
                    && f.split(':')
                        .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_hexdigit()));
                if !ok {
                    return Err(FieldError::labelled(
                        "mobile.android.sha256_cert_fingerprints",
                        format!("{f:?} is not 32 hex pairs joined by ':'"),
                    ));
                }
            }
        }
        Ok(())
    }
}

fn is_reverse_dns(id: &str) -> bool {
    id.len() <= 155
        && id.contains('.')
        && id.split('.').all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

/// Auth0's per-client `refresh_token` settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RefreshTokenPolicy {
    pub rotation_type: RotationType,
    pub expiration_type: ExpirationType,
    /// Absolute lifetime of a token family, seconds (Auth0 default 30 days).
    pub token_lifetime: i64,
    /// Lifetime without use, seconds (Auth0 default 15 days).
    pub idle_token_lifetime: i64,
    /// Seconds during which a just-rotated token may be presented again without
    /// counting as reuse (for clients that retry on network errors).
    pub leeway: i64,
}

impl Default for RefreshTokenPolicy {
    fn default() -> Self {
        Self {
            rotation_type: RotationType::NonRotating,
            expiration_type: ExpirationType::NonExpiring,
            token_lifetime: 2_592_000,
            idle_token_lifetime: 1_296_000,
            leeway: 0,
        }
    }
}

impl RefreshTokenPolicy {
    /// Checks the numbers; the error names the key.
    pub fn validate(&self) -> Result<(), FieldError> {
        let lifetime = 60..=31_557_600;
        in_range(
            "refresh_token.token_lifetime",
            self.token_lifetime,
            lifetime.clone(),
            "seconds",
        )?;
        in_range(
            "refresh_token.idle_token_lifetime",
            self.idle_token_lifetime,
            lifetime,
            "seconds",
        )?;
        in_range("refresh_token.leeway", self.leeway, 0..=60, "seconds")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RotationType {
    Rotating,
    NonRotating,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExpirationType {
    Expiring,
    NonExpiring,
}

/// Auth0's client grant: a machine client may get `client_credentials` tokens for
/// `audience` with at most `scope`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientGrant {
    pub id: String,
    pub client_id: String,
    pub audience: String,
    pub scope: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callbacks_are_https_loopback_http_or_an_app_scheme() {
        for good in [
            "https://app.example/callback",
            "HTTPS://app.example/callback",
            "https://app.example:8443/cb?x=1",
            "http://127.0.0.1:8080/callback",
            "http://127.0.0.1/callback",
            "http://[::1]:3000/cb",
            "http://localhost:3000/callback",
            "http://LOCALHOST/cb",
            "com.example.app://callback",
            "com.example.app:/oauth2redirect",
            "Com.Example.App://auth.example.com/ios/com.example.app/callback",
        ] {
            assert_eq!(callback_problem(good), None, "{good}");
        }
    }

    #[test]
    fn script_data_file_and_other_browser_schemes_are_refused_in_any_case() {
        for bad in [
            "javascript://x",
            "JavaScript://x",
            "javascript:alert(1)",
            "data://x",
            "DATA:text/html,<script>",
            "file:///x",
            "File://host/x",
            "vbscript:msgbox",
            "blob:https://app.example/uuid",
            "about:blank",
        ] {
            let why = callback_problem(bad).unwrap_or_else(|| panic!("{bad} was accepted"));
            assert!(why.contains("browser"), "{bad}: {why}");
        }
    }

    #[test]
    fn plain_http_look_alikes_and_bare_schemes_are_refused() {
        for bad in [
            "http://app.example/callback",
            "http://127.0.0.2/cb",
            "http://localhost.evil.example/cb",
            "http://localhost@evil.example/cb",
            "https://user:pass@app.example/cb",
            "https:///cb",
            "https:app.example",
            "myapp://callback",
            "com.example.app://",
            "com..example://cb",
            "1com.example://cb",
            "not a url",
            "https://app.example/a b",
            "https://app.example/\u{0}",
            "",
        ] {
            assert!(callback_problem(bad).is_some(), "{bad:?} was accepted");
        }
        let long = format!("https://app.example/{}", "a".repeat(MAX_CALLBACK_LEN));
        assert!(callback_problem(&long).is_some());
    }

    #[test]
    fn a_refused_callback_names_its_list_and_value() {
        let e = Client::check_callbacks(
            "callbacks",
            &["https://ok.example/cb".into(), "javascript://x".into()],
        )
        .unwrap_err();
        assert_eq!(e.field, "callbacks");
        assert!(
            e.to_string().starts_with("callbacks: \"javascript://x\""),
            "{e}"
        );
        assert_eq!(
            Client::check_callbacks("allowed_logout_urls", &["https://a.example/".into()]),
            Ok(())
        );
    }
}
