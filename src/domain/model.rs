//! The records Latchkey keeps: clients, connections, users, one-time codes, refresh tokens
//! and signing keys. Field names follow Auth0's where Auth0 has one.

use serde::{Deserialize, Serialize};

use super::UnixTime;

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
/// Redirect-based logins (magic links, later `/authorize`) that end with a code.
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
    pub callbacks: Vec<String>,
    pub grant_types: Vec<String>,
    pub refresh_token: RefreshTokenPolicy,
    /// The client's native apps, for universal links and app links (Auth0's `mobile`).
    pub mobile: MobileApps,
    /// Where `/v2/logout` may send the browser afterwards (exact matches).
    pub allowed_logout_urls: Vec<String>,
    /// How the hosted login page shows this app.
    pub branding: ClientBranding,
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
    pub fn validate(&self) -> Result<(), String> {
        if let Some(uri) = &self.logo_uri
            && !(uri.starts_with("https://")
                && uri.len() <= 2000
                && !uri.contains(char::is_whitespace))
        {
            return Err("branding.logo_uri must be an https:// URL".into());
        }
        if let Some(c) = &self.primary_color
            && !(c.len() == 7
                && c.starts_with('#')
                && c[1..].bytes().all(|b| b.is_ascii_hexdigit()))
        {
            return Err("branding.primary_color must look like #1a73e8".into());
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
    pub fn validate(&self) -> Result<(), String> {
        if let Some(ios) = &self.ios {
            if ios.team_id.len() != 10 || !ios.team_id.bytes().all(|b| b.is_ascii_alphanumeric()) {
                return Err("mobile.ios.team_id must be ten letters or digits".into());
            }
            if !is_reverse_dns(&ios.app_bundle_identifier) {
                return Err(
                    "mobile.ios.app_bundle_identifier must look like com.example.app".into(),
                );
            }
        }
        if let Some(android) = &self.android {
            if !is_reverse_dns(&android.app_package_name) {
                return Err(
                    "mobile.android.app_package_name must look like com.example.app".into(),
                );
            }
            for f in &android.sha256_cert_fingerprints {
                let ok = f.len() == 95
                    && f.split(':')
                        .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_hexdigit()));
                if !ok {
                    return Err(format!(
                        "mobile.android.sha256_cert_fingerprints: {f:?} is not 32 hex pairs joined by ':'"
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
    pub fn validate(&self) -> Result<(), String> {
        if !(60..=31_557_600).contains(&self.token_lifetime) {
            return Err("refresh_token.token_lifetime: must be 60 to 31557600 seconds".into());
        }
        if !(60..=31_557_600).contains(&self.idle_token_lifetime) {
            return Err("refresh_token.idle_token_lifetime: must be 60 to 31557600 seconds".into());
        }
        if !(0..=60).contains(&self.leeway) {
            return Err("refresh_token.leeway: must be 0 to 60 seconds".into());
        }
        Ok(())
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Strategy {
    Sms,
    Email,
}

impl Strategy {
    pub fn as_str(self) -> &'static str {
        match self {
            Strategy::Sms => "sms",
            Strategy::Email => "email",
        }
    }
}

/// A connection as stored: its options are JSON with secrets sealed (see
/// [`super::passwordless::SmsOptions`] for the typed view).
#[derive(Debug, Clone, PartialEq)]
pub struct ConnectionRecord {
    pub name: String,
    pub strategy: Strategy,
    pub options: serde_json::Value,
}

/// A person who has logged in at least once through a connection.
#[derive(Debug, Clone, PartialEq)]
pub struct User {
    /// `sms|<24 hex>`.
    pub user_id: String,
    pub connection: String,
    pub strategy: Strategy,
    /// The phone number (E.164) or email address the user logs in with.
    pub recipient: String,
    pub name: String,
    pub blocked: bool,
    pub created_at: UnixTime,
    pub updated_at: UnixTime,
    pub last_login: Option<UnixTime>,
    pub logins_count: i64,
}

impl User {
    /// The part after `strategy|`, as Auth0 puts it in `identities[].user_id`.
    pub fn identity_id(&self) -> &str {
        self.user_id
            .split_once('|')
            .map(|(_, id)| id)
            .unwrap_or(&self.user_id)
    }
}

/// A one-time code waiting to be used. There is at most one per connection and
/// recipient: a new one replaces the old.
#[derive(Debug, Clone, PartialEq)]
pub struct OtpRecord {
    pub id: String,
    pub connection: String,
    pub recipient: String,
    /// HMAC-SHA256 of the code under the server's OTP key; the code itself is never stored.
    pub code_hash: Vec<u8>,
    pub created_at: UnixTime,
    pub expires_at: UnixTime,
    /// Wrong tries so far.
    pub attempts: i64,
}

/// What a store should do with a code that was just tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OtpVerdict {
    /// Right code, alive: delete it and log the user in.
    Accept,
    /// Wrong code: count the try.
    Wrong,
    /// Expired, or used up by wrong tries: leave it as it is.
    Dead(DeadCode),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeadCode {
    Expired,
    Exhausted,
}

/// A user as the login that creates them would write it.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub user_id: String,
    pub connection: String,
    pub strategy: Strategy,
    pub recipient: String,
    pub name: String,
}

/// A refresh token to store; the store fills in `user_id` when the login creates the user.
#[derive(Debug, Clone, PartialEq)]
pub struct RefreshTokenRecord {
    pub id: String,
    /// SHA-256 of the token; the token itself is never stored.
    pub token_hash: Vec<u8>,
    /// All tokens descended by rotation from one login share a family.
    pub family_id: String,
    pub client_id: String,
    pub user_id: String,
    pub scope: String,
    pub audience: Option<String>,
    pub device: Option<String>,
    pub created_at: UnixTime,
    /// When the whole family stops working (`expiring` clients).
    pub family_expires_at: Option<UnixTime>,
    /// When this token stops working if unused (`expiring` clients).
    pub idle_expires_at: Option<UnixTime>,
    pub rotated_at: Option<UnixTime>,
    pub revoked_at: Option<UnixTime>,
}

/// The login part of a code exchange: what to write when the code is right.
#[derive(Debug, Clone)]
pub struct OtpLogin {
    pub connection: String,
    pub recipient: String,
    pub now: UnixTime,
    /// Whether a login may create the user.
    pub allow_signup: bool,
    /// Tries a code allows (Auth0: 3); the store counts them atomically.
    pub max_attempts: i64,
    pub new_user: NewUser,
    pub refresh_token: Option<RefreshTokenRecord>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum OtpLoginOutcome {
    LoggedIn {
        user: User,
        created: bool,
    },
    /// No code is waiting for this recipient.
    NoCode,
    Rejected(OtpVerdict),
    SignupDisabled,
    /// The code was right but the user is blocked; nothing was changed.
    Blocked,
}

/// What presenting a refresh token led to.
#[derive(Debug, Clone, PartialEq)]
pub enum RefreshUse {
    /// The token is good; with rotation, `replacement` is now stored in its place.
    Accepted(Box<RefreshTokenRecord>),
    /// A rotated token came back: the whole family has just been revoked.
    Reused,
    /// Unknown, revoked or expired.
    Invalid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyState {
    /// Signs new tokens.
    Current,
    /// Signed tokens that may still be alive; published in the JWKS.
    Previous,
    /// No longer published.
    Retired,
}

impl KeyState {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyState::Current => "current",
            KeyState::Previous => "previous",
            KeyState::Retired => "retired",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "current" => Some(Self::Current),
            "previous" => Some(Self::Previous),
            "retired" => Some(Self::Retired),
            _ => None,
        }
    }
}

/// A code from a redirect-based login (a magic link today, `/authorize` later), waiting to
/// be redeemed once at `/oauth/token`. It is bound to the client, the redirect URI and the
/// PKCE challenge it was issued with.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthorizationCodeRecord {
    /// SHA-256 of the code; the code itself is never stored.
    pub code_hash: Vec<u8>,
    pub client_id: String,
    pub user_id: String,
    pub redirect_uri: String,
    pub scope: String,
    pub audience: Option<String>,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    /// `S256` or `plain`.
    pub code_challenge_method: Option<String>,
    /// When the user proved who they are (the OIDC `auth_time`).
    pub auth_time: UnixTime,
    pub expires_at: UnixTime,
    pub used_at: Option<UnixTime>,
    /// The refresh-token family the redemption started, revoked if the code comes back.
    pub refresh_family_id: Option<String>,
}

/// A browser's login session at the hosted page, so a second `/authorize` skips the prompt.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionRecord {
    /// SHA-256 of the cookie's value; the value itself is never stored.
    pub id_hash: Vec<u8>,
    pub user_id: String,
    /// When the user proved who they are: the `auth_time` of tokens from this session.
    pub created_at: UnixTime,
    pub expires_at: UnixTime,
}

/// A device's public key, registered for a user and an app (`type: public_key`).
#[derive(Debug, Clone, PartialEq)]
pub struct DeviceCredentialRecord {
    /// `dcr_<hex>`.
    pub id: String,
    pub user_id: String,
    pub client_id: String,
    pub device_name: String,
    pub device_id: String,
    /// `RS256` or `ES256`.
    pub alg: String,
    /// SubjectPublicKeyInfo, PEM.
    pub public_key: String,
    pub created_at: UnixTime,
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

/// Which users a listing asks for (Management API `GET /users`).
#[derive(Debug, Clone, Default)]
pub struct UserQuery {
    pub connection: Option<String>,
    /// A phone number or email address, matched exactly as stored.
    pub recipient: Option<String>,
    /// A part of a phone number or email address (any case).
    pub recipient_contains: Option<String>,
    /// The start of a phone number or email address (any case); Auth0's `value*`.
    pub recipient_prefix: Option<String>,
    pub sort: UserSort,
    pub offset: i64,
    pub limit: i64,
}

/// The orders a user listing may ask for (Auth0's `sort=<field>:1|-1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UserSort {
    #[default]
    CreatedAsc,
    CreatedDesc,
    UpdatedAsc,
    UpdatedDesc,
    LastLoginAsc,
    LastLoginDesc,
    LoginsCountAsc,
    LoginsCountDesc,
}

impl UserSort {
    /// Auth0's `field:1` (ascending) or `field:-1` (descending); `None` for anything else.
    pub fn parse(value: &str) -> Option<Self> {
        let (field, direction) = value.split_once(':')?;
        let ascending = match direction {
            "1" => true,
            "-1" => false,
            _ => return None,
        };
        Some(match (field, ascending) {
            ("created_at", true) => Self::CreatedAsc,
            ("created_at", false) => Self::CreatedDesc,
            ("updated_at", true) => Self::UpdatedAsc,
            ("updated_at", false) => Self::UpdatedDesc,
            ("last_login", true) => Self::LastLoginAsc,
            ("last_login", false) => Self::LastLoginDesc,
            ("logins_count", true) => Self::LoginsCountAsc,
            ("logins_count", false) => Self::LoginsCountDesc,
            _ => return None,
        })
    }
}

/// One entry of the event log, with Auth0's event codes in `kind`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LogEvent {
    pub id: String,
    pub date: UnixTime,
    pub kind: String,
    pub description: String,
    pub client_id: Option<String>,
    pub connection: Option<String>,
    pub user_id: Option<String>,
    pub ip: Option<String>,
}

/// Which log entries a listing asks for (newest first).
#[derive(Debug, Clone, Default)]
pub struct LogQuery {
    /// One entry, by its `log_id`.
    pub id: Option<String>,
    pub kind: Option<String>,
    pub user_id: Option<String>,
    pub client_id: Option<String>,
    /// Entries at or after this time.
    pub since: Option<UnixTime>,
    /// Entries before this time.
    pub until: Option<UnixTime>,
    /// Oldest first (Auth0's `sort=date:1`) instead of newest first.
    pub oldest_first: bool,
    pub offset: i64,
    pub limit: i64,
}

/// A passkey as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct PasskeyRecord {
    /// The credential id, base64url.
    pub id: String,
    pub user_id: String,
    /// The WebAuthn user id (a UUID) the authenticator keeps with the credential.
    pub user_handle: String,
    pub name: String,
    /// The verifier's credential record (public key, sign counter), JSON.
    pub credential: String,
    pub created_at: UnixTime,
    pub last_used_at: Option<UnixTime>,
}

/// A WebAuthn ceremony between its start and its finish.
#[derive(Debug, Clone, PartialEq)]
pub struct CeremonyRecord {
    pub id: String,
    /// `register` or `authenticate`.
    pub kind: String,
    /// Whose passkey is being registered, or whose passkeys may answer.
    pub user_id: Option<String>,
    pub client_id: Option<String>,
    pub state: String,
    pub expires_at: UnixTime,
}

/// What presenting an authorization code led to.
#[derive(Debug, Clone, PartialEq)]
pub enum CodeRedemption {
    /// First use: the code is now spent (and the refresh token, if any, stored).
    Redeemed,
    /// The code was already used: whatever the first use issued has just been revoked.
    Replayed,
    /// Unknown or expired.
    Invalid,
}

/// A signing key as stored: the private half sealed under the server secret.
#[derive(Debug, Clone, PartialEq)]
pub struct SigningKeyRecord {
    pub kid: String,
    pub alg: String,
    pub sealed_private_key: String,
    pub created_at: UnixTime,
    pub state: KeyState,
}

#[cfg(test)]
mod tests {
    use super::UserSort;

    #[test]
    fn auth0_sort_values_read_and_others_do_not() {
        assert_eq!(UserSort::parse("created_at:1"), Some(UserSort::CreatedAsc));
        assert_eq!(
            UserSort::parse("last_login:-1"),
            Some(UserSort::LastLoginDesc)
        );
        assert_eq!(
            UserSort::parse("logins_count:-1"),
            Some(UserSort::LoginsCountDesc)
        );
        for bad in [
            "created_at",
            "created_at:2",
            "email:1",
            "",
            ":1",
            "created_at:-1;drop",
        ] {
            assert_eq!(UserSort::parse(bad), None, "{bad}");
        }
    }
}
