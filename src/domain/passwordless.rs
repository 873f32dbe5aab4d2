//! The passwordless use cases: send a code, exchange it for tokens, refresh, revoke, and
//! read the profile. This is where Auth0's rules live (newest code only, three wrong tries,
//! sign-up on first login, rotation with reuse detection).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::core::Core;
use super::crypto::{ServerKeys, ct_eq, is_sealed, sha256};
use super::email::{self, EmailContext, EmailOptions, SendMode};
use super::error::RecipientKind;
use super::keys::KeyRing;
use super::limits::{self, LimitKind};
use super::model::{
    AuthorizationCodeRecord, Client, CodeRedemption, ConnectionRecord, DeadCode, ExpirationType,
    GRANT_REFRESH_TOKEN, KeyState, NewUser, OtpLogin, OtpLoginOutcome, OtpRecord, OtpVerdict,
    RefreshTokenRecord, RefreshUse, RotationType, Strategy, User,
};
use super::ports::{EmailMessage, SmsMessage, SmsRoute, TwilioRoute};
use super::pumping::{PumpingProtection, TestNumber, validate_test_numbers};
use super::redirect::{
    AUTHORIZATION_CODE_LIFETIME, AuthorizationRequest, AuthorizationResponse, ResponseType,
    pkce_matches,
};
use super::template::{self, SmsContext, Syntax};
use super::tokens::{IdTokenExtras, IssuedTokens, Scope, profile_claims};
use super::{DomainError, otp, phone, random_hex, random_token};
use std::net::IpAddr;

pub const DEFAULT_SMS_TEMPLATE: &str = "Your verification code is: @@password@@";
pub const DEFAULT_TWILIO_API_URL: &str = "https://api.twilio.com";

/// `totp` options: code length and lifetime in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Totp {
    pub length: u32,
    pub time_step: i64,
}

impl Default for Totp {
    fn default() -> Self {
        Self {
            length: 6,
            time_step: 180,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum SmsProvider {
    #[default]
    Twilio,
    /// Development only: texts are written to the server log.
    Log,
}

/// An SMS connection's options, with Auth0's names (plus `provider` and `twilio_api_url`).
/// The same shape is read from the config file and stored (with `twilio_token` sealed).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmsOptions {
    #[serde(default)]
    pub provider: SmsProvider,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub twilio_sid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub twilio_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messaging_service_sid: Option<String>,
    #[serde(default)]
    pub syntax: Syntax,
    #[serde(default = "default_template")]
    pub template: String,
    #[serde(default)]
    pub totp: Totp,
    #[serde(default)]
    pub disable_signup: bool,
    #[serde(default = "yes")]
    pub brute_force_protection: bool,
    #[serde(default = "default_twilio_api_url")]
    pub twilio_api_url: String,
    /// SMS pumping protection (ours; on by default).
    #[serde(default)]
    pub pumping_protection: PumpingProtection,
    /// Numbers with a fixed code that never get a text (ours; for app-store review).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub test_numbers: Vec<TestNumber>,
    /// Auth0 repeats the connection name inside its options; accepted and ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Ends each text with the origin-bound line `@<issuer host> #<code>` that iOS and
    /// Android read to offer the code on the login page (ours). Default: on for the `log`
    /// provider, off for Twilio, where it lengthens every paid text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin_bound_code: Option<bool>,
}

fn default_template() -> String {
    DEFAULT_SMS_TEMPLATE.into()
}
fn default_twilio_api_url() -> String {
    DEFAULT_TWILIO_API_URL.into()
}
fn yes() -> bool {
    true
}

impl std::fmt::Debug for SmsOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmsOptions")
            .field("provider", &self.provider)
            .field("twilio_sid", &self.twilio_sid)
            .field(
                "twilio_token",
                &self.twilio_token.as_ref().map(|_| "[redacted]"),
            )
            .field("from", &self.from)
            .field("messaging_service_sid", &self.messaging_service_sid)
            .field("template", &self.template)
            .field("totp", &self.totp)
            .finish_non_exhaustive()
    }
}

fn is_sid(value: &str, prefix: &str) -> bool {
    value.len() == 34
        && value.starts_with(prefix)
        && value[2..].bytes().all(|b| b.is_ascii_hexdigit())
}

fn token_context(connection: &str) -> String {
    format!("connection:{connection}:twilio_token")
}

impl SmsOptions {
    /// The development connection a first run creates.
    pub fn development() -> Self {
        Self {
            provider: SmsProvider::Log,
            twilio_sid: None,
            twilio_token: None,
            from: None,
            messaging_service_sid: None,
            syntax: Syntax::MdWithMacros,
            template: default_template(),
            totp: Totp::default(),
            disable_signup: false,
            brute_force_protection: true,
            twilio_api_url: default_twilio_api_url(),
            pumping_protection: PumpingProtection::default(),
            test_numbers: Vec::new(),
            name: None,
            origin_bound_code: None,
        }
    }

    /// Checks every option; the error names the offending key.
    pub fn validate(&self) -> Result<(), String> {
        if !otp::LENGTHS.contains(&self.totp.length) {
            return Err("totp.length must be between 4 and 10".into());
        }
        if !(30..=86_400).contains(&self.totp.time_step) {
            return Err("totp.time_step must be between 30 and 86400 seconds".into());
        }
        template::validate(self.syntax, &self.template).map_err(|e| format!("template: {e}"))?;
        self.pumping_protection.validate()?;
        validate_test_numbers(&self.test_numbers)?;
        if self.provider == SmsProvider::Twilio {
            match &self.twilio_sid {
                Some(sid) if is_sid(sid, "AC") => {}
                Some(_) => return Err("twilio_sid must be AC followed by 32 hex digits".into()),
                None => return Err("twilio_sid is required for the twilio provider".into()),
            }
            if self.twilio_token.as_deref().unwrap_or("").is_empty() {
                return Err("twilio_token is required for the twilio provider".into());
            }
            match (&self.from, &self.messaging_service_sid) {
                (None, None) => {
                    return Err(
                        "from or messaging_service_sid is required for the twilio provider".into(),
                    );
                }
                (_, Some(mg)) if !is_sid(mg, "MG") => {
                    return Err("messaging_service_sid must be MG followed by 32 hex digits".into());
                }
                (Some(from), _) if from.trim().is_empty() => {
                    return Err("from must not be empty".into());
                }
                _ => {}
            }
            let url = self.twilio_api_url.as_str();
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                return Err("twilio_api_url must be an http(s) URL".into());
            }
        }
        Ok(())
    }

    /// The stored form: validated, with the Twilio token sealed.
    pub fn to_record(
        &self,
        name: &str,
        keys: &ServerKeys,
    ) -> Result<ConnectionRecord, DomainError> {
        self.validate()
            .map_err(|e| DomainError::InvalidRequest(format!("connection {name}: {e}")))?;
        let mut stored = self.clone();
        if let Some(token) = &self.twilio_token
            && !is_sealed(token)
        {
            stored.twilio_token = Some(keys.seal(&token_context(name), token.as_bytes())?);
        }
        Ok(ConnectionRecord {
            name: name.into(),
            strategy: Strategy::Sms,
            options: serde_json::to_value(&stored).map_err(DomainError::internal)?,
        })
    }

    /// Reads a stored connection back, opening the Twilio token.
    pub fn from_record(record: &ConnectionRecord, keys: &ServerKeys) -> Result<Self, DomainError> {
        let mut options: SmsOptions = serde_json::from_value(record.options.clone())
            .map_err(|e| DomainError::Internal(format!("connection {}: {e}", record.name)))?;
        if let Some(sealed) = &options.twilio_token {
            let plain = keys.open(&token_context(&record.name), sealed)?;
            options.twilio_token = Some(String::from_utf8(plain).map_err(DomainError::internal)?);
        }
        Ok(options)
    }

    pub(crate) fn route(&self) -> SmsRoute {
        match self.provider {
            SmsProvider::Log => SmsRoute::Log,
            SmsProvider::Twilio => SmsRoute::Twilio(TwilioRoute {
                api_url: self.twilio_api_url.trim_end_matches('/').to_string(),
                account_sid: self.twilio_sid.clone().unwrap_or_default(),
                auth_token: self.twilio_token.clone().unwrap_or_default(),
                from: self.from.clone(),
                messaging_service_sid: self.messaging_service_sid.clone(),
            }),
        }
    }
}

/// A `/passwordless/start` request, already split into fields by the HTTP layer.
#[derive(Debug, Default, Clone)]
pub struct StartRequest {
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub connection: Option<String>,
    pub phone_number: Option<String>,
    pub email: Option<String>,
    pub send: Option<String>,
    /// Magic-link parameters (`redirect_uri`, `response_type`, `state`…).
    pub auth_params: BTreeMap<String, String>,
    /// Made by Latchkey's own login page for a checked `/authorize` request: there is no
    /// client software to prove the client's secret, as with Auth0's Universal Login.
    pub hosted: bool,
    pub request_language: Option<String>,
    /// The caller's address, as the HTTP layer resolved it (trusted proxies applied).
    pub ip: Option<IpAddr>,
    /// `auth0-forwarded-for`: the end user's address, believed only from a confidential
    /// client that proved its secret (a backend calling on a user's behalf).
    pub forwarded_for: Option<IpAddr>,
}

/// The start call's answer: Auth0 echoes the (future) user, `phone_*` or `email*` fields.
#[derive(Debug, Clone, Serialize)]
pub struct StartResponse {
    #[serde(rename = "_id")]
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_verified: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_verified: Option<bool>,
    pub request_language: Option<String>,
}

/// A connection's options, typed by strategy.
#[derive(Debug, Clone)]
pub enum ConnectionOptions {
    Sms(Box<SmsOptions>),
    Email(Box<EmailOptions>),
}

impl ConnectionOptions {
    fn strategy(&self) -> Strategy {
        match self {
            Self::Sms(_) => Strategy::Sms,
            Self::Email(_) => Strategy::Email,
        }
    }
    fn disable_signup(&self) -> bool {
        match self {
            Self::Sms(o) => o.disable_signup,
            Self::Email(o) => o.disable_signup,
        }
    }
    fn recipient_kind(&self) -> RecipientKind {
        match self {
            Self::Sms(_) => RecipientKind::PhoneNumber,
            Self::Email(_) => RecipientKind::Email,
        }
    }
    /// The strategy and the stored form of a login identifier.
    pub fn strategy_and_recipient(&self, username: &str) -> Option<(Strategy, String)> {
        self.recipient(username).map(|r| (self.strategy(), r))
    }

    /// The stored form of a login identifier, or `None` if it cannot be one.
    fn recipient(&self, username: &str) -> Option<String> {
        match self {
            Self::Sms(_) => phone::parse_e164(username).ok(),
            Self::Email(_) => email::parse_address(username).ok(),
        }
    }
}

/// A magic link being used (`verify_redirect`): the code and whose it is.
#[derive(Debug, Clone)]
pub struct LinkLogin {
    pub connection: String,
    pub email: String,
    pub verification_code: String,
}

/// A code exchange (`/oauth/token` passwordless grant or legacy `/oauth/ro`).
#[derive(Debug, Clone)]
pub struct OtpExchange {
    pub connection: String,
    pub username: String,
    pub otp: String,
    pub scope: Scope,
    pub audience: Option<String>,
    pub device: Option<String>,
}

impl Core {
    /// Counts a request against `rule`, unless rate limiting is off.
    async fn limit(
        &self,
        kind: LimitKind,
        bucket: &str,
        key: &str,
        rule: limits::Rule,
    ) -> Result<(), DomainError> {
        if !self.limits.enabled {
            return Ok(());
        }
        limits::hit(
            self.store.as_ref(),
            kind,
            bucket,
            key,
            rule,
            self.clock.now(),
        )
        .await
    }

    /// The minimum gap between two codes to one number, and the number's window.
    async fn limit_recipient(
        &self,
        connection: &str,
        recipient: &str,
        now: i64,
    ) -> Result<(), DomainError> {
        if !self.limits.enabled {
            return Ok(());
        }
        let gap = self.limits.start_min_gap;
        if let Some(last) = self.store.latest_otp(connection, recipient).await?
            && now - last.created_at < gap
        {
            return Err(DomainError::RateLimited(limits::Limited {
                kind: LimitKind::Requests,
                limit: 1,
                reset_at: last.created_at + gap,
                retry_after: last.created_at + gap - now,
            }));
        }
        let key = format!("{connection}:{recipient}");
        self.limit(
            LimitKind::Requests,
            "start:recipient",
            &key,
            self.limits.start_per_recipient,
        )
        .await
    }

    /// Picks up keys rotated in the database (by `latchkey keys rotate` or another
    /// instance): a new current key signs from now on, and the JWKS lists what the
    /// database lists.
    pub async fn reload_signing_keys(&self) -> Result<(), DomainError> {
        let records = self.store.signing_keys().await?;
        let ring = self.tokens.ring();
        let mut stored: Vec<&str> = records
            .iter()
            .filter(|r| r.state != KeyState::Retired)
            .map(|r| r.kid.as_str())
            .collect();
        let mut published: Vec<&str> = ring.published.iter().map(|k| k.kid.as_str()).collect();
        stored.sort_unstable();
        published.sort_unstable();
        let current_moved = records
            .iter()
            .any(|r| r.state == KeyState::Current && r.kid != ring.current.kid);
        if stored != published || current_moved {
            let fresh = KeyRing::load(&records, &self.keys)?;
            tracing::info!(kid = %fresh.current.kid, "signing keys reloaded");
            self.tokens.replace_ring(fresh);
        }
        Ok(())
    }

    /// The per-IP limit of the token endpoints.
    pub async fn limit_token_request(&self, ip: IpAddr) -> Result<(), DomainError> {
        self.limit(
            LimitKind::Requests,
            "token:ip",
            &ip.to_string(),
            self.limits.token_per_ip,
        )
        .await
    }

    /// Finds the client and checks its secret when it has one. A public client (no secret)
    /// needs none; a confidential one must present it.
    pub async fn authenticate_client(
        &self,
        client_id: Option<&str>,
        client_secret: Option<&str>,
    ) -> Result<Client, DomainError> {
        let client_id = client_id.filter(|c| !c.is_empty()).ok_or_else(|| {
            DomainError::InvalidRequest("Missing required parameter: client_id".into())
        })?;
        let client = self
            .client(client_id)
            .await?
            .ok_or(DomainError::ClientAuthFailed)?;
        if let Some(expected) = &client.secret_hash {
            let presented = client_secret.ok_or(DomainError::ClientAuthFailed)?;
            if !ct_eq(expected, &sha256(presented.as_bytes())) {
                return Err(DomainError::ClientAuthFailed);
            }
        }
        Ok(client)
    }

    async fn client(&self, client_id: &str) -> Result<Option<Client>, DomainError> {
        let now = self.clock.now();
        if let Some(client) = self.recent_clients.get(client_id, now) {
            return Ok(Some(client));
        }
        let client = self.store.client(client_id).await?;
        if let Some(c) = &client {
            self.recent_clients.put(client_id, now, c.clone());
        }
        Ok(client)
    }

    /// A connection's options, typed by strategy (kept for a moment, see [`Recent`]).
    pub async fn connection_options(
        &self,
        name: &str,
    ) -> Result<Option<ConnectionOptions>, DomainError> {
        self.connection(name).await
    }

    async fn connection(&self, name: &str) -> Result<Option<ConnectionOptions>, DomainError> {
        let now = self.clock.now();
        if let Some(options) = self.recent_connections.get(name, now) {
            return Ok(Some(options));
        }
        let Some(record) = self.store.connection(name).await? else {
            return Ok(None);
        };
        let options = match record.strategy {
            Strategy::Sms => {
                ConnectionOptions::Sms(Box::new(SmsOptions::from_record(&record, &self.keys)?))
            }
            Strategy::Email => {
                ConnectionOptions::Email(Box::new(EmailOptions::from_record(&record, &self.keys)?))
            }
        };
        self.recent_connections.put(name, now, options.clone());
        Ok(Some(options))
    }

    /// Sends a fresh code. Any older code for the same number stops working; if delivery
    /// fails, the new code is deleted too, so no code is left that nobody received.
    pub async fn start(&self, req: StartRequest) -> Result<StartResponse, DomainError> {
        let client_id = req
            .client_id
            .as_deref()
            .filter(|c| !c.is_empty())
            .ok_or_else(|| {
                DomainError::bad_start("bad.client_id", "Missing required property: client_id")
            })?;
        let client = match if req.hosted {
            self.client(client_id)
                .await?
                .ok_or(DomainError::ClientAuthFailed)
        } else {
            self.authenticate_client(Some(client_id), req.client_secret.as_deref())
                .await
        } {
            Err(DomainError::ClientAuthFailed) if self.client(client_id).await?.is_none() => {
                return Err(DomainError::bad_start(
                    "bad.client_id",
                    format!("Unknown client: {client_id}"),
                ));
            }
            other => other?,
        };
        let ip = match req.forwarded_for {
            Some(user_ip) if client.secret_hash.is_some() => Some(user_ip),
            _ => req.ip,
        };
        if let Some(ip) = ip {
            self.limit(
                LimitKind::Requests,
                "start:ip",
                &ip.to_string(),
                self.limits.start_per_ip,
            )
            .await?;
        }
        self.limit(
            LimitKind::Requests,
            "start:client",
            &client.client_id,
            self.limits.start_per_client,
        )
        .await?;
        let connection = req
            .connection
            .clone()
            .filter(|c| !c.is_empty())
            .ok_or_else(|| {
                DomainError::bad_start("bad.connection", "Missing required property: connection")
            })?;
        match self
            .connection(&connection)
            .await?
            .ok_or_else(|| DomainError::bad_start("bad.connection", "Connection does not exist"))?
        {
            ConnectionOptions::Sms(options) => {
                self.start_sms(req, client, &connection, &options).await
            }
            ConnectionOptions::Email(options) => {
                self.start_email(req, client, &connection, &options).await
            }
        }
    }

    async fn start_sms(
        &self,
        req: StartRequest,
        client: Client,
        connection: &str,
        options: &SmsOptions,
    ) -> Result<StartResponse, DomainError> {
        if req.email.is_some() {
            return Err(DomainError::bad_start(
                "bad.request",
                "the following properties are not allowed: email",
            ));
        }
        let phone_input = req.phone_number.as_deref().ok_or_else(|| {
            DomainError::bad_start(
                "bad.phone_number",
                "Missing required property: phone_number",
            )
        })?;
        let phone_number = phone::parse_e164(phone_input)?;
        match req.send.as_deref() {
            None | Some("code") => {}
            Some("link" | "link_ios" | "link_android") => {
                return Err(DomainError::bad_start(
                    "bad.request",
                    "Magic links are not available for SMS connections; use send: \"code\"",
                ));
            }
            Some(_) => {
                return Err(DomainError::bad_start(
                    "bad.request",
                    "send must be one of: code, link, link_ios, link_android",
                ));
            }
        }

        let existing = self
            .store
            .user_by_recipient(connection, &phone_number)
            .await?;
        match &existing {
            Some(user) if user.blocked => return Err(DomainError::UserBlocked),
            None if options.disable_signup => return Err(DomainError::SignupDisabled),
            _ => {}
        }

        let now = self.clock.now();
        let test_number = options
            .test_numbers
            .iter()
            .find(|t| t.phone_number == phone_number && t.active(now));
        if test_number.is_none() {
            self.limit_recipient(connection, &phone_number, now).await?;
            options
                .pumping_protection
                .admit(self.store.as_ref(), connection, &phone_number, now)
                .await?;
        }
        let code = match test_number {
            Some(t) => t.code.clone(),
            None => otp::generate(self.random.as_ref(), options.totp.length),
        };
        let mut body = template::render(
            options.syntax,
            &options.template,
            &SmsContext {
                code: &code,
                phone_number: &phone_number,
                application_name: &client.name,
                request_language: req.request_language.as_deref(),
            },
        )?;
        if options
            .origin_bound_code
            .unwrap_or(options.provider == SmsProvider::Log)
        {
            // The WebOTP / iOS format: the last line names the site the code is for.
            let host = self
                .tokens
                .issuer()
                .split("://")
                .nth(1)
                .and_then(|rest| rest.split(['/', ':']).next())
                .unwrap_or_default();
            body = format!("{body}\n\n@{host} #{code}");
        }
        let record = OtpRecord {
            id: random_hex(self.random.as_ref(), 12),
            connection: connection.into(),
            recipient: phone_number.clone(),
            code_hash: self.keys.otp_hash(connection, &phone_number, &code),
            created_at: now,
            expires_at: now + options.totp.time_step,
            attempts: 0,
        };
        self.store.replace_otp(&record).await?;
        if test_number.is_some() {
            tracing::info!(%connection, to = %phone_number, "test number: code stored, no text sent");
        } else {
            let message = SmsMessage {
                to: phone_number.clone(),
                body,
            };
            if let Err(e) = self.sms.send(&options.route(), &message).await {
                self.store.delete_otp(&record.id).await?;
                return Err(DomainError::DeliveryFailed(e.to_string()));
            }
        }
        self.events
            .log(super::model::LogEvent {
                kind: super::audit::codes::CODE_SENT.into(),
                description: "Code sent by text message".into(),
                client_id: Some(client.client_id.clone()),
                connection: Some(connection.into()),
                user_id: existing.as_ref().map(|u| u.user_id.clone()),
                ip: req.ip.map(|i| i.to_string()),
                ..Default::default()
            })
            .await;
        Ok(StartResponse {
            id: existing
                .map(|u| u.identity_id().to_string())
                .unwrap_or_else(|| random_hex(self.random.as_ref(), 12)),
            phone_number: Some(phone_number),
            phone_verified: Some(false),
            email: None,
            email_verified: None,
            request_language: req.request_language,
        })
    }

    /// Sends a code or a magic link by email. As with SMS, only the newest code or link
    /// works, and a failed send leaves none behind.
    async fn start_email(
        &self,
        req: StartRequest,
        client: Client,
        connection: &str,
        options: &EmailOptions,
    ) -> Result<StartResponse, DomainError> {
        if req.phone_number.is_some() {
            return Err(DomainError::bad_start(
                "bad.request",
                "the following properties are not allowed: phone_number",
            ));
        }
        let address = email::parse_address(req.email.as_deref().unwrap_or(""))?;
        let send = SendMode::parse(req.send.as_deref()).ok_or_else(|| {
            DomainError::bad_start(
                "bad.request",
                "send must be one of: code, link, link_ios, link_android",
            )
        })?;
        let existing = self.store.user_by_recipient(connection, &address).await?;
        match &existing {
            Some(user) if user.blocked => return Err(DomainError::UserBlocked),
            None if options.disable_signup => return Err(DomainError::SignupDisabled),
            _ => {}
        }
        let now = self.clock.now();
        // Where a link leads is checked before anything is stored or sent.
        let link_params = match send {
            SendMode::Link => Some(self.link_parameters(&client, options, &req.auth_params)?),
            _ => None,
        };
        let native_path = match send {
            SendMode::LinkIos => Some(format!(
                "ios/{}/email",
                client
                    .mobile
                    .ios
                    .as_ref()
                    .ok_or_else(|| DomainError::bad_start(
                        "bad.request",
                        format!("send: link_ios needs the client's iOS app (mobile.ios) to be configured for {}", client.name),
                    ))?
                    .app_bundle_identifier
            )),
            SendMode::LinkAndroid => Some(format!(
                "android/{}/email",
                client
                    .mobile
                    .android
                    .as_ref()
                    .ok_or_else(|| DomainError::bad_start(
                        "bad.request",
                        format!("send: link_android needs the client's Android app (mobile.android) to be configured for {}", client.name),
                    ))?
                    .app_package_name
            )),
            _ => None,
        };
        self.limit_recipient(connection, &address, now).await?;
        let code = otp::generate(self.random.as_ref(), options.totp.length);
        let issuer = self.tokens.issuer();
        let link = if let Some(mut params) = link_params {
            params.push(("connection".into(), connection.to_string()));
            params.push(("email".into(), address.clone()));
            params.push(("verification_code".into(), code.clone()));
            let query = serde_urlencoded::to_string(&params).map_err(DomainError::internal)?;
            format!("{issuer}passwordless/verify_redirect?{query}")
        } else if let Some(path) = native_path {
            // Lock.swift accepts a universal link whose path holds the bundle id and whose
            // query carries the numeric code; it then logs in with the OTP grant.
            let query = serde_urlencoded::to_string([
                ("code", code.as_str()),
                ("email", address.as_str()),
                ("connection", connection),
                ("client_id", client.client_id.as_str()),
            ])
            .map_err(DomainError::internal)?;
            format!("{issuer}{path}?{query}")
        } else {
            String::new()
        };
        let rendered = options.render(&EmailContext {
            code: &code,
            link: &link,
            send,
            application_name: &client.name,
            email: &address,
            request_language: req.request_language.as_deref(),
            expires_in_minutes: (options.totp.time_step + 59) / 60,
        })?;
        let record = OtpRecord {
            id: random_hex(self.random.as_ref(), 12),
            connection: connection.into(),
            recipient: address.clone(),
            code_hash: self.keys.otp_hash(connection, &address, &code),
            created_at: now,
            expires_at: now + options.totp.time_step,
            attempts: 0,
        };
        self.store.replace_otp(&record).await?;
        let message = EmailMessage {
            to: address.clone(),
            from: rendered.from,
            subject: rendered.subject,
            text: rendered.text,
            html: rendered.html,
        };
        let route = crate::domain::management::email_provider::email_route(self).await?;
        if let Err(e) = self.email.send(&route, &message).await {
            self.store.delete_otp(&record.id).await?;
            return Err(DomainError::EmailDeliveryFailed(e.to_string()));
        }
        let (kind, description) = match send {
            SendMode::Code => (super::audit::codes::CODE_SENT, "Code sent by email"),
            _ => (super::audit::codes::LINK_SENT, "Sign-in link sent by email"),
        };
        self.events
            .log(super::model::LogEvent {
                kind: kind.into(),
                description: description.into(),
                client_id: Some(client.client_id.clone()),
                connection: Some(connection.into()),
                user_id: existing.as_ref().map(|u| u.user_id.clone()),
                ip: req.ip.map(|i| i.to_string()),
                ..Default::default()
            })
            .await;
        Ok(StartResponse {
            id: existing
                .map(|u| u.identity_id().to_string())
                .unwrap_or_else(|| random_hex(self.random.as_ref(), 12)),
            phone_number: None,
            phone_verified: None,
            email: Some(address),
            email_verified: Some(false),
            request_language: req.request_language,
        })
    }

    /// The authorization parameters a magic link carries: the connection's defaults, then
    /// the start call's, with `client_id` first. The redirect URI must already be one of
    /// the client's callbacks, so a link can never lead anywhere else.
    fn link_parameters(
        &self,
        client: &Client,
        options: &EmailOptions,
        requested: &BTreeMap<String, String>,
    ) -> Result<Vec<(String, String)>, DomainError> {
        let mut merged = options.auth_params.clone();
        for (k, v) in requested {
            if email::LINK_PARAMS.contains(&k.as_str()) && !v.is_empty() {
                merged.insert(k.clone(), v.clone());
            }
        }
        merged
            .entry("response_type".into())
            .or_insert_with(|| "code".into());
        merged
            .entry("scope".into())
            .or_insert_with(|| "openid".into());
        let params = super::redirect::AuthorizeParams {
            client_id: Some(client.client_id.clone()),
            redirect_uri: merged.get("redirect_uri").cloned(),
            response_type: merged.get("response_type").cloned(),
            response_mode: merged.get("response_mode").cloned(),
            scope: merged.get("scope").cloned(),
            state: merged.get("state").cloned(),
            nonce: merged.get("nonce").cloned(),
            audience: merged.get("audience").cloned(),
            code_challenge: merged.get("code_challenge").cloned(),
            code_challenge_method: merged.get("code_challenge_method").cloned(),
        };
        let redirect_uri = super::redirect::trusted_redirect_uri(client, &params).map_err(|e| {
            DomainError::bad_start("bad.authParams", format!("authParams.redirect_uri: {e}"))
        })?;
        super::redirect::check_request(client, redirect_uri.clone(), &params, &self.audiences)
            .map_err(|e| DomainError::bad_start("bad.authParams", e.description))?;
        merged.insert("redirect_uri".into(), redirect_uri);
        let mut out = vec![("client_id".to_string(), client.client_id.clone())];
        out.extend(merged);
        Ok(out)
    }

    /// Exchanges a code for tokens; the client has been authenticated by the caller.
    pub async fn exchange_otp(
        &self,
        client: &Client,
        req: OtpExchange,
    ) -> Result<IssuedTokens, DomainError> {
        if let Some(audience) = &req.audience
            && !self.audiences.iter().any(|a| a == audience)
        {
            // As Auth0: an access token only for an API this server knows.
            return Err(DomainError::AccessDenied(format!(
                "Service not found: {audience}"
            )));
        }
        let options = self
            .connection(&req.connection)
            .await?
            .ok_or_else(|| DomainError::InvalidRequest("the connection was not found".into()))?;
        let refresh = self.new_refresh_token(
            client,
            &req.scope,
            req.audience.as_deref(),
            req.device.as_deref(),
            None,
        );
        let user = self
            .login_with_code(
                &client.client_id,
                &req.connection,
                &options,
                &req.username,
                &req.otp,
                refresh.as_ref().map(|(record, _)| record.clone()),
            )
            .await?;
        let mut issued = self.tokens.issue(
            &user,
            &client.client_id,
            &req.scope,
            req.audience.as_deref(),
            self.clock.now(),
        )?;
        issued.refresh_token = refresh.map(|(_, token)| token);
        Ok(issued)
    }

    /// Uses a code: the one store transaction that judges it, spends it, and creates or
    /// updates the user (and stores `refresh`). Wrong codes are counted towards the
    /// per-recipient lockout.
    pub(crate) async fn login_with_code(
        &self,
        client_id: &str,
        connection: &str,
        options: &ConnectionOptions,
        username: &str,
        code: &str,
        refresh: Option<RefreshTokenRecord>,
    ) -> Result<User, DomainError> {
        let result = self
            .use_code(connection, options, username, code, refresh)
            .await;
        let (kind, description, user_id) = match &result {
            Ok(user) => (
                super::audit::codes::LOGIN,
                "Successful login".to_string(),
                Some(user.user_id.clone()),
            ),
            Err(e @ (DomainError::Store(_) | DomainError::Internal(_))) => {
                return Err(DomainError::internal(e));
            }
            Err(e) => (
                super::audit::codes::FAILED_LOGIN,
                e.to_string(),
                options
                    .recipient(username)
                    .map(|r| format!("{connection}:{r}")),
            ),
        };
        self.events
            .log(super::model::LogEvent {
                kind: kind.into(),
                description,
                client_id: Some(client_id.into()),
                connection: Some(connection.into()),
                user_id,
                ..Default::default()
            })
            .await;
        result
    }

    async fn use_code(
        &self,
        connection: &str,
        options: &ConnectionOptions,
        username: &str,
        code: &str,
        refresh: Option<RefreshTokenRecord>,
    ) -> Result<User, DomainError> {
        let PresentedCode {
            recipient,
            lockout_key,
            presented,
            now,
            wrong,
        } = self
            .present_code(connection, options, username, code)
            .await?;
        let strategy = options.strategy();
        let login = OtpLogin {
            connection: connection.to_string(),
            recipient: recipient.clone(),
            now,
            allow_signup: !options.disable_signup(),
            max_attempts: otp::MAX_WRONG_TRIES,
            new_user: NewUser {
                user_id: format!(
                    "{}|{}",
                    strategy.as_str(),
                    random_hex(self.random.as_ref(), 12)
                ),
                connection: connection.to_string(),
                strategy,
                recipient: recipient.clone(),
                name: recipient.clone(),
            },
            refresh_token: refresh,
        };
        let judge = move |stored: &OtpRecord| otp::judge(stored, &presented, now);
        match self.store.consume_otp(&login, &judge).await? {
            OtpLoginOutcome::LoggedIn { user, .. } => {
                if let ConnectionOptions::Sms(sms) = options {
                    sms.pumping_protection
                        .record_verified(self.store.as_ref(), connection, &recipient, now)
                        .await?;
                }
                Ok(user)
            }
            OtpLoginOutcome::NoCode => Err(wrong),
            OtpLoginOutcome::Rejected(OtpVerdict::Wrong) => {
                self.count_wrong_code(&lockout_key).await?;
                Err(wrong)
            }
            OtpLoginOutcome::Rejected(verdict) => Err(dead_code_error(verdict)),
            OtpLoginOutcome::SignupDisabled => Err(DomainError::SignupDisabled),
            OtpLoginOutcome::Blocked => Err(DomainError::UserBlocked),
        }
    }

    /// What every use or check of a code starts with: the recipient in stored form, the
    /// per-recipient lockout checked (wrong codes are counted across codes, so asking for a
    /// new code after three misses does not buy unlimited guesses), the keyed hash to judge.
    async fn present_code(
        &self,
        connection: &str,
        options: &ConnectionOptions,
        username: &str,
        code: &str,
    ) -> Result<PresentedCode, DomainError> {
        let wrong = DomainError::WrongCode(options.recipient_kind());
        let Some(recipient) = options.recipient(username) else {
            return Err(wrong);
        };
        let now = self.clock.now();
        let lockout_key = format!("{connection}:{recipient}");
        if self.limits.enabled {
            limits::check(
                self.store.as_ref(),
                LimitKind::Attempts,
                "wrong:recipient",
                &lockout_key,
                self.limits.wrong_codes_per_recipient,
                now,
            )
            .await?;
        }
        Ok(PresentedCode {
            presented: self.keys.otp_hash(connection, &recipient, code),
            recipient,
            lockout_key,
            now,
            wrong,
        })
    }

    /// Counts a miss; a full window shows as a lockout on the next try.
    async fn count_wrong_code(&self, lockout_key: &str) -> Result<(), DomainError> {
        self.limit(
            LimitKind::Attempts,
            "wrong:recipient",
            lockout_key,
            self.limits.wrong_codes_per_recipient,
        )
        .await
        .or_else(|e| match e {
            DomainError::RateLimited(_) => Ok(()),
            other => Err(other),
        })
    }

    /// The legacy `POST /passwordless/verify`: says whether a code is right without using
    /// it (auth0.js then sends the browser to `verify_redirect`, which uses it). Wrong tries
    /// count as they do everywhere else.
    pub async fn check_code(
        &self,
        connection: &str,
        username: &str,
        code: &str,
    ) -> Result<(), DomainError> {
        let options = self
            .connection(connection)
            .await?
            .ok_or_else(|| DomainError::InvalidRequest("the connection was not found".into()))?;
        let PresentedCode {
            recipient,
            lockout_key,
            presented,
            now,
            wrong,
        } = self
            .present_code(connection, &options, username, code)
            .await?;
        let judge = move |stored: &OtpRecord| otp::judge(stored, &presented, now);
        match self
            .store
            .check_otp(connection, &recipient, otp::MAX_WRONG_TRIES, &judge)
            .await?
        {
            Some(OtpVerdict::Accept) => Ok(()),
            None => Err(wrong),
            Some(OtpVerdict::Wrong) => {
                self.count_wrong_code(&lockout_key).await?;
                Err(wrong)
            }
            Some(verdict) => Err(dead_code_error(verdict)),
        }
    }

    /// The user who logs in to `connection` as `username` (a phone number or address in any
    /// accepted form), if there is one.
    pub async fn user_by_login(
        &self,
        connection: &str,
        username: &str,
    ) -> Result<Option<User>, DomainError> {
        let Some(options) = self.connection(connection).await? else {
            return Ok(None);
        };
        let Some(recipient) = options.recipient(username) else {
            return Ok(None);
        };
        Ok(self.store.user_by_recipient(connection, &recipient).await?)
    }

    /// The client a redirect-based request names, if it exists.
    pub async fn find_client(&self, client_id: &str) -> Result<Option<Client>, DomainError> {
        self.client(client_id).await
    }

    /// Whether `name` is an email connection (magic links exist only there).
    pub async fn email_connection(&self, name: &str) -> Result<Option<EmailOptions>, DomainError> {
        Ok(match self.connection(name).await? {
            Some(ConnectionOptions::Email(o)) => Some(*o),
            _ => None,
        })
    }

    /// Uses a magic link's code and answers the authorization request it carried: a code
    /// for the app to redeem, or tokens in the fragment.
    pub async fn complete_link_login(
        &self,
        request: &AuthorizationRequest,
        link: &LinkLogin,
    ) -> Result<(AuthorizationResponse, User), DomainError> {
        let options = self
            .connection(&link.connection)
            .await?
            .ok_or_else(|| DomainError::InvalidRequest("the connection was not found".into()))?;
        if !matches!(options, ConnectionOptions::Email(_)) {
            return Err(DomainError::InvalidRequest(
                "magic links exist only for email connections".into(),
            ));
        }
        let user = self
            .login_with_code(
                &request.client.client_id,
                &link.connection,
                &options,
                &link.email,
                &link.verification_code,
                None,
            )
            .await?;
        let answer = self
            .authorization_response(request, &user, self.clock.now())
            .await?;
        Ok((answer, user))
    }

    /// The answer to a request once its user has proved who they are.
    pub async fn authorization_response(
        &self,
        request: &AuthorizationRequest,
        user: &User,
        auth_time: super::UnixTime,
    ) -> Result<AuthorizationResponse, DomainError> {
        let now = self.clock.now();
        let mut params: Vec<(String, String)> = Vec::new();
        if request.response_type == ResponseType::Code {
            let code = random_token(self.random.as_ref(), 32);
            self.store
                .insert_authorization_code(&AuthorizationCodeRecord {
                    code_hash: sha256(code.as_bytes()),
                    client_id: request.client.client_id.clone(),
                    user_id: user.user_id.clone(),
                    redirect_uri: request.redirect_uri.clone(),
                    scope: request.scope.to_string(),
                    audience: request.audience.clone(),
                    nonce: request.nonce.clone(),
                    code_challenge: request.code_challenge.clone(),
                    code_challenge_method: request.code_challenge.as_ref().map(|_| "S256".into()),
                    auth_time,
                    expires_at: now + AUTHORIZATION_CODE_LIFETIME,
                    used_at: None,
                    refresh_family_id: None,
                })
                .await?;
            params.push(("code".into(), code));
        } else {
            let issued = self.tokens.issue_with(
                user,
                &request.client.client_id,
                &request.scope,
                request.audience.as_deref(),
                now,
                &IdTokenExtras {
                    nonce: request.nonce.as_deref(),
                    auth_time: Some(auth_time),
                    at_hash: request.response_type.returns_access_token(),
                },
            )?;
            if request.response_type.returns_access_token() {
                params.push(("access_token".into(), issued.access_token));
                params.push(("token_type".into(), "Bearer".into()));
                params.push(("expires_in".into(), issued.expires_in.to_string()));
                params.push(("scope".into(), issued.scope));
            }
            if let Some(id_token) = issued.id_token {
                params.push(("id_token".into(), id_token));
            }
        }
        if let Some(state) = &request.state {
            params.push(("state".into(), state.clone()));
        }
        Ok(AuthorizationResponse {
            redirect_uri: request.redirect_uri.clone(),
            mode: request.response_mode,
            params,
        })
    }

    /// The `authorization_code` grant: the code is single use, bound to the client, the
    /// redirect URI and the PKCE challenge it was issued with. A code that comes back a
    /// second time revokes the refresh token its first use handed out.
    pub async fn redeem_authorization_code(
        &self,
        client: &Client,
        code: &str,
        redirect_uri: Option<&str>,
        code_verifier: Option<&str>,
    ) -> Result<IssuedTokens, DomainError> {
        let invalid = || DomainError::InvalidGrant("Invalid authorization code".into());
        let now = self.clock.now();
        let hash = sha256(code.as_bytes());
        let record = self
            .store
            .authorization_code(&hash)
            .await?
            .ok_or_else(invalid)?;
        if record.client_id != client.client_id {
            return Err(invalid());
        }
        if redirect_uri != Some(record.redirect_uri.as_str()) {
            return Err(DomainError::InvalidGrant(
                "redirect_uri does not match the one the code was issued for".into(),
            ));
        }
        match (&record.code_challenge, code_verifier) {
            (Some(challenge), Some(verifier)) if pkce_matches(challenge, verifier) => {}
            (Some(_), Some(_)) => {
                return Err(DomainError::InvalidGrant(
                    "Failed to verify code verifier".into(),
                ));
            }
            (Some(_), None) => {
                return Err(DomainError::InvalidRequest(
                    "Missing required parameter: code_verifier".into(),
                ));
            }
            (None, Some(_)) => {
                return Err(DomainError::InvalidGrant(
                    "the code was issued without a code_challenge".into(),
                ));
            }
            (None, None) => {}
        }
        let user = self
            .store
            .user(&record.user_id)
            .await?
            .ok_or_else(invalid)?;
        if user.blocked {
            return Err(DomainError::UserBlocked);
        }
        let scope = Scope::parse(&record.scope);
        let refresh =
            self.new_refresh_token(client, &scope, record.audience.as_deref(), None, None);
        let refresh_record = refresh.as_ref().map(|(r, _)| {
            let mut r = r.clone();
            r.user_id = user.user_id.clone();
            r
        });
        match self
            .store
            .redeem_authorization_code(&hash, now, refresh_record.as_ref())
            .await?
        {
            CodeRedemption::Redeemed => {}
            CodeRedemption::Replayed => {
                tracing::warn!(client_id = %client.client_id, "authorization code used twice: its tokens were revoked");
                return Err(invalid());
            }
            CodeRedemption::Invalid => return Err(invalid()),
        }
        let mut issued = self.tokens.issue_with(
            &user,
            &client.client_id,
            &scope,
            record.audience.as_deref(),
            now,
            &IdTokenExtras {
                nonce: record.nonce.as_deref(),
                auth_time: Some(record.auth_time),
                at_hash: false,
            },
        )?;
        issued.refresh_token = refresh.map(|(_, token)| token);
        Ok(issued)
    }

    /// A refresh token to hand out with these tokens, if the scope and client allow one:
    /// the record to store and the token itself.
    pub(crate) fn new_refresh_token(
        &self,
        client: &Client,
        scope: &Scope,
        audience: Option<&str>,
        device: Option<&str>,
        family: Option<&RefreshTokenRecord>,
    ) -> Option<(RefreshTokenRecord, String)> {
        if !scope.has("offline_access") || !client.allows_grant(GRANT_REFRESH_TOKEN) {
            return None;
        }
        let now = self.clock.now();
        let policy = &client.refresh_token;
        let expiring = policy.expiration_type == ExpirationType::Expiring;
        let token = random_token(self.random.as_ref(), 32);
        let record = RefreshTokenRecord {
            id: random_hex(self.random.as_ref(), 12),
            token_hash: sha256(token.as_bytes()),
            family_id: family
                .map(|f| f.family_id.clone())
                .unwrap_or_else(|| random_hex(self.random.as_ref(), 12)),
            client_id: client.client_id.clone(),
            user_id: family.map(|f| f.user_id.clone()).unwrap_or_default(),
            scope: scope.to_string(),
            audience: audience.map(str::to_string),
            device: device.map(str::to_string),
            created_at: now,
            family_expires_at: match family {
                Some(f) => f.family_expires_at,
                None => expiring.then_some(now + policy.token_lifetime),
            },
            idle_expires_at: expiring.then_some(now + policy.idle_token_lifetime),
            rotated_at: None,
            revoked_at: None,
        };
        Some((record, token))
    }

    /// The `refresh_token` grant. With rotation, the presented token is spent and a new one
    /// returned; presenting a spent one again revokes every token of its family.
    pub async fn refresh(
        &self,
        client: &Client,
        refresh_token: &str,
        requested_scope: Option<&str>,
    ) -> Result<IssuedTokens, DomainError> {
        let invalid = || DomainError::InvalidGrant("Unknown or invalid refresh token.".into());
        let now = self.clock.now();
        let hash = sha256(refresh_token.as_bytes());
        // First a plain read, to build the replacement from the family; the store re-checks
        // everything inside its transaction.
        let current = self.store.refresh_token(&hash).await?.ok_or_else(invalid)?;
        if current.client_id != client.client_id || current.revoked_at.is_some() {
            return Err(invalid());
        }
        let granted = Scope::parse(&current.scope);
        let scope = match requested_scope.map(Scope::parse) {
            Some(s) if !s.is_empty() => {
                if !s.is_subset_of(&granted) {
                    return Err(DomainError::InvalidScope(
                        "The requested scope exceeds the scope granted to the refresh token".into(),
                    ));
                }
                s
            }
            _ => granted.clone(),
        };
        let user = self.store.user(&current.user_id).await?.ok_or_else(|| {
            DomainError::InvalidGrant(
                "The refresh_token was generated for a user who doesn't exist anymore.".into(),
            )
        })?;
        if user.blocked {
            return Err(DomainError::UserBlocked);
        }
        let policy = &client.refresh_token;
        let rotating = policy.rotation_type == RotationType::Rotating;
        let replacement = if rotating {
            self.new_refresh_token(
                client,
                &granted,
                current.audience.as_deref(),
                current.device.as_deref(),
                Some(&current),
            )
        } else {
            None
        };
        let idle = (policy.expiration_type == ExpirationType::Expiring)
            .then_some(now + policy.idle_token_lifetime);
        let outcome = self
            .store
            .use_refresh_token(
                &hash,
                now,
                replacement.as_ref().map(|(r, _)| r),
                policy.leeway,
                idle,
            )
            .await?;
        match outcome {
            RefreshUse::Accepted(_) => {}
            RefreshUse::Reused => {
                tracing::warn!(family = %current.family_id, client_id = %client.client_id, "refresh token reused: family revoked");
                return Err(invalid());
            }
            RefreshUse::Invalid => return Err(invalid()),
        }
        let mut issued = self.tokens.issue(
            &user,
            &client.client_id,
            &scope,
            current.audience.as_deref(),
            now,
        )?;
        issued.refresh_token = replacement.map(|(_, token)| token);
        Ok(issued)
    }

    /// Revokes a refresh token of this client. Unknown tokens are not an error (RFC 7009).
    pub async fn revoke(&self, client: &Client, token: &str) -> Result<(), DomainError> {
        let hash = sha256(token.as_bytes());
        self.store
            .revoke_refresh_token(&hash, &client.client_id, self.clock.now())
            .await?;
        Ok(())
    }

    /// The claims `/userinfo` returns for an access token.
    pub async fn userinfo(
        &self,
        access_token: &str,
    ) -> Result<serde_json::Map<String, serde_json::Value>, DomainError> {
        let claims = self
            .tokens
            .verify_access_token(access_token, self.clock.now())?;
        let scope = Scope::parse(&claims.scope);
        if !scope.has("openid") {
            return Err(DomainError::InvalidToken(
                "the token lacks the openid scope".into(),
            ));
        }
        let user: User = self
            .store
            .user(&claims.sub)
            .await?
            .ok_or_else(|| DomainError::InvalidToken("the user no longer exists".into()))?;
        if user.blocked {
            return Err(DomainError::UserBlocked);
        }
        Ok(profile_claims(&user, &scope))
    }
}

/// A code about to be judged (see `present_code`).
struct PresentedCode {
    recipient: String,
    lockout_key: String,
    presented: Vec<u8>,
    now: super::UnixTime,
    wrong: DomainError,
}

/// The error for a code that can no longer be used.
fn dead_code_error(verdict: OtpVerdict) -> DomainError {
    match verdict {
        OtpVerdict::Dead(DeadCode::Expired) => DomainError::CodeExpired,
        OtpVerdict::Dead(DeadCode::Exhausted) => DomainError::TooManyAttempts,
        OtpVerdict::Accept | OtpVerdict::Wrong => {
            DomainError::internal("a live code was treated as dead")
        }
    }
}
