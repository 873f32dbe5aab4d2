//! The ports through which the domain reaches storage and message delivery. Adapters live
//! in `crate::store` and `crate::delivery`; the domain sees only these traits.

use async_trait::async_trait;

use super::UnixTime;
use super::model::{
    AuthorizationCodeRecord, CeremonyRecord, Client, ClientGrant, CodeRedemption, ConnectionRecord,
    DeviceCredentialRecord, LogEvent, LogQuery, NewUser, OtpLogin, OtpLoginOutcome, OtpRecord,
    OtpVerdict, PasskeyRecord, RefreshTokenRecord, RefreshUse, SessionRecord, SigningKeyRecord,
    User, UserQuery,
};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database could not be reached or answered with an error.
    #[error("database error: {0}")]
    Database(String),
    /// A stored value could not be read back (a bug or a hand-edited row).
    #[error("corrupt record: {0}")]
    Corrupt(String),
}

/// Decides, inside the store's transaction, what a presented code means for a stored one.
pub type OtpJudge<'a> = &'a (dyn Fn(&OtpRecord) -> OtpVerdict + Send + Sync);

/// Everything Latchkey keeps. Every method that changes several rows is one transaction,
/// so a crash leaves either all of a change or none of it.
#[async_trait]
pub trait Store: Send + Sync {
    async fn ping(&self) -> Result<(), StoreError>;

    async fn upsert_client(&self, client: &Client, now: UnixTime) -> Result<(), StoreError>;
    async fn client(&self, client_id: &str) -> Result<Option<Client>, StoreError>;
    async fn clients(&self) -> Result<Vec<Client>, StoreError>;

    /// `false` if there was no such client. Its grants and refresh tokens go with it.
    async fn delete_client(&self, client_id: &str) -> Result<bool, StoreError>;
    async fn upsert_client_grant(
        &self,
        grant: &ClientGrant,
        now: UnixTime,
    ) -> Result<(), StoreError>;
    async fn client_grants(&self, client_id: &str) -> Result<Vec<ClientGrant>, StoreError>;

    async fn upsert_connection(
        &self,
        connection: &ConnectionRecord,
        now: UnixTime,
    ) -> Result<(), StoreError>;
    async fn connection(&self, name: &str) -> Result<Option<ConnectionRecord>, StoreError>;
    /// Deletes a connection with its users and everything theirs (keys, passkeys, tokens,
    /// sessions, codes), in one transaction; `false` if there was no such connection.
    async fn delete_connection(&self, name: &str) -> Result<bool, StoreError>;
    async fn connections(&self) -> Result<Vec<ConnectionRecord>, StoreError>;

    async fn user(&self, user_id: &str) -> Result<Option<User>, StoreError>;
    async fn user_by_recipient(
        &self,
        connection: &str,
        recipient: &str,
    ) -> Result<Option<User>, StoreError>;

    /// A page of users (by creation time), and how many match in all.
    async fn users(&self, query: &UserQuery) -> Result<(Vec<User>, i64), StoreError>;
    /// Creates a user who has not logged in yet; `false` if the connection already has a
    /// user with this phone number or address.
    async fn insert_user(&self, user: &NewUser, now: UnixTime) -> Result<bool, StoreError>;

    /// Deletes a user and everything that lets them in: device keys, passkeys, refresh
    /// tokens, sessions, authorization codes and waiting codes, in one transaction. `false`
    /// if there was no such user.
    async fn delete_user(&self, user_id: &str) -> Result<bool, StoreError>;

    /// Signs a user out everywhere, in one transaction: deletes their hosted-login sessions
    /// and revokes their refresh tokens (rotated ones too). Returns (sessions, live refresh
    /// tokens) ended.
    async fn end_user_sessions(
        &self,
        user_id: &str,
        now: UnixTime,
    ) -> Result<(u64, u64), StoreError>;

    /// A login that needed no code (device key, passkey): `last_login` and `logins_count`
    /// move as a code login's do.
    async fn record_login(&self, user_id: &str, now: UnixTime) -> Result<(), StoreError>;

    /// Blocks or unblocks a user; `false` if there is no such user.
    async fn set_user_blocked(
        &self,
        user_id: &str,
        blocked: bool,
        now: UnixTime,
    ) -> Result<bool, StoreError>;

    /// Stores a new code for its connection and recipient, replacing any older one (only the
    /// newest code is valid).
    async fn replace_otp(&self, otp: &OtpRecord) -> Result<(), StoreError>;
    /// Deletes a code, if it is still the one with this id (used when delivery fails).
    async fn delete_otp(&self, id: &str) -> Result<(), StoreError>;
    /// In one transaction: judges the waiting code; counts a wrong try; or deletes the code,
    /// creates or updates the user and stores the refresh token. Two concurrent calls with
    /// the right code cannot both log in.
    async fn consume_otp(
        &self,
        login: &OtpLogin,
        judge: OtpJudge<'_>,
    ) -> Result<OtpLoginOutcome, StoreError>;
    /// Judges the waiting code without using it up (the legacy `/passwordless/verify`, which
    /// checks a code before the browser is sent to `verify_redirect`): a wrong try is counted
    /// exactly as [`Store::consume_otp`] counts it; a right code stays valid. `None` when no
    /// code is waiting.
    async fn check_otp(
        &self,
        connection: &str,
        recipient: &str,
        max_attempts: i64,
        judge: OtpJudge<'_>,
    ) -> Result<Option<OtpVerdict>, StoreError>;
    /// The code waiting for this recipient, if any.
    async fn latest_otp(
        &self,
        connection: &str,
        recipient: &str,
    ) -> Result<Option<OtpRecord>, StoreError>;
    /// Deletes codes that expired before `before`.
    async fn purge_expired_otps(&self, before: UnixTime) -> Result<u64, StoreError>;

    async fn refresh_token(
        &self,
        token_hash: &[u8],
    ) -> Result<Option<RefreshTokenRecord>, StoreError>;
    /// In one transaction: checks the token presented (by hash) is alive and not expired;
    /// with `replacement`, marks it rotated and stores the replacement; without, moves its
    /// idle expiry to `new_idle_expiry`. If a token rotated `leeway` or more seconds ago
    /// comes back, revokes its whole family.
    async fn use_refresh_token(
        &self,
        token_hash: &[u8],
        now: UnixTime,
        replacement: Option<&RefreshTokenRecord>,
        leeway: i64,
        new_idle_expiry: Option<UnixTime>,
    ) -> Result<RefreshUse, StoreError>;
    /// Revokes the token (and nothing else) if it belongs to `client_id`; `false` if there was
    /// nothing to revoke.
    async fn revoke_refresh_token(
        &self,
        token_hash: &[u8],
        client_id: &str,
        now: UnixTime,
    ) -> Result<bool, StoreError>;

    async fn insert_authorization_code(
        &self,
        code: &AuthorizationCodeRecord,
    ) -> Result<(), StoreError>;
    async fn authorization_code(
        &self,
        code_hash: &[u8],
    ) -> Result<Option<AuthorizationCodeRecord>, StoreError>;
    /// In one transaction: spends the code if it is unused and alive at `now`, storing
    /// `refresh` (whose family is recorded on the code). A code that was already spent is
    /// refused and the refresh-token family its first use started is revoked (RFC 6749
    /// §4.1.2: a code used twice may have been stolen).
    async fn redeem_authorization_code(
        &self,
        code_hash: &[u8],
        now: UnixTime,
        refresh: Option<&RefreshTokenRecord>,
    ) -> Result<CodeRedemption, StoreError>;
    /// Deletes authorization codes that expired before `before`.
    async fn purge_authorization_codes(&self, before: UnixTime) -> Result<u64, StoreError>;

    async fn create_session(&self, session: &SessionRecord) -> Result<(), StoreError>;
    async fn session(&self, id_hash: &[u8]) -> Result<Option<SessionRecord>, StoreError>;
    /// Ends a session; `false` if there was none.
    async fn delete_session(&self, id_hash: &[u8]) -> Result<bool, StoreError>;
    /// Deletes sessions that expired before `before`.
    async fn purge_sessions(&self, before: UnixTime) -> Result<u64, StoreError>;

    /// Registers a device key; in one transaction, a key registered before for the same user,
    /// app and `device_id` is replaced.
    async fn add_device_credential(&self, c: &DeviceCredentialRecord) -> Result<(), StoreError>;
    async fn device_credential(
        &self,
        id: &str,
    ) -> Result<Option<DeviceCredentialRecord>, StoreError>;
    async fn device_credentials(
        &self,
        user_id: &str,
    ) -> Result<Vec<DeviceCredentialRecord>, StoreError>;
    /// `false` if there was no such credential.
    async fn delete_device_credential(&self, id: &str) -> Result<bool, StoreError>;
    /// Records a device JWT as used, until `expires_at`; `false` if it was already used (two
    /// concurrent uses: exactly one gets `true`).
    async fn record_assertion(
        &self,
        token_hash: &[u8],
        expires_at: UnixTime,
    ) -> Result<bool, StoreError>;
    async fn purge_assertions(&self, before: UnixTime) -> Result<u64, StoreError>;
    /// Stores a refresh token issued outside a code login (a device-key login).
    async fn insert_refresh_token(&self, token: &RefreshTokenRecord) -> Result<(), StoreError>;
    /// The user's live refresh tokens (not revoked, not rotated away).
    async fn refresh_tokens_of_user(
        &self,
        user_id: &str,
    ) -> Result<Vec<RefreshTokenRecord>, StoreError>;
    /// Revokes one refresh token by id; `false` if there was none to revoke.
    async fn revoke_refresh_token_by_id(&self, id: &str, now: UnixTime)
    -> Result<bool, StoreError>;

    async fn insert_ceremony(&self, c: &CeremonyRecord) -> Result<(), StoreError>;
    /// Removes and returns a live ceremony of this kind: each is finished at most once, even
    /// when two instances try at the same moment.
    async fn take_ceremony(
        &self,
        id: &str,
        kind: &str,
        now: UnixTime,
    ) -> Result<Option<CeremonyRecord>, StoreError>;
    async fn purge_ceremonies(&self, before: UnixTime) -> Result<u64, StoreError>;
    /// `false` if a passkey with this credential id exists already (for any user).
    async fn add_passkey(&self, p: &PasskeyRecord) -> Result<bool, StoreError>;
    async fn passkey(&self, id: &str) -> Result<Option<PasskeyRecord>, StoreError>;
    async fn passkeys_of_user(&self, user_id: &str) -> Result<Vec<PasskeyRecord>, StoreError>;
    /// After a login: the verifier's updated record and the time of use.
    async fn touch_passkey(
        &self,
        id: &str,
        credential: &str,
        now: UnixTime,
    ) -> Result<(), StoreError>;
    async fn delete_passkey(&self, id: &str, user_id: &str) -> Result<bool, StoreError>;

    async fn setting(&self, key: &str) -> Result<Option<String>, StoreError>;
    async fn put_setting(&self, key: &str, value: &str, now: UnixTime) -> Result<(), StoreError>;

    /// Records log entries, all in one transaction.
    async fn record_events(&self, events: &[LogEvent]) -> Result<(), StoreError>;
    /// A page of log entries, newest first, and how many match in all.
    async fn events(&self, query: &LogQuery) -> Result<(Vec<LogEvent>, i64), StoreError>;
    async fn purge_events(&self, before: UnixTime) -> Result<u64, StoreError>;

    /// Adds one to the counter of `(bucket, key)` in the window starting at `window_start`
    /// and returns the new count (atomic across instances).
    async fn hit_counter(
        &self,
        bucket: &str,
        key: &str,
        window_start: UnixTime,
        expires_at: UnixTime,
    ) -> Result<i64, StoreError>;
    async fn counter(
        &self,
        bucket: &str,
        key: &str,
        window_start: UnixTime,
    ) -> Result<i64, StoreError>;
    /// Deletes counters whose window ended before `before`.
    async fn purge_counters(&self, before: UnixTime) -> Result<u64, StoreError>;

    async fn signing_keys(&self) -> Result<Vec<SigningKeyRecord>, StoreError>;
    /// Retires a previous key (no longer published, so tokens it signed stop verifying);
    /// `false` if `kid` is not a previous key (the current one cannot be revoked).
    async fn revoke_signing_key(&self, kid: &str) -> Result<bool, StoreError>;
    /// With `replace_current`, in one transaction: the new key becomes current, the current
    /// one previous, and any previous one retired. Without, the key is added only if there
    /// is no current key yet (the first start); `false` when another start won.
    async fn add_signing_key(
        &self,
        key: &SigningKeyRecord,
        replace_current: bool,
    ) -> Result<bool, StoreError>;
}

/// One text message, rendered and ready to go.
#[derive(Debug, Clone)]
pub struct SmsMessage {
    pub to: String,
    pub body: String,
}

/// How a connection sends its texts.
#[derive(Debug, Clone, PartialEq)]
pub enum SmsRoute {
    /// Development: the message goes to the server's log, not to a phone.
    Log,
    Twilio(TwilioRoute),
}

#[derive(Clone, PartialEq)]
pub struct TwilioRoute {
    pub api_url: String,
    pub account_sid: String,
    pub auth_token: String,
    pub from: Option<String>,
    pub messaging_service_sid: Option<String>,
}

impl std::fmt::Debug for TwilioRoute {
    // The auth token must never reach a log line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TwilioRoute")
            .field("api_url", &self.api_url)
            .field("account_sid", &self.account_sid)
            .field("auth_token", &"[redacted]")
            .field("from", &self.from)
            .field("messaging_service_sid", &self.messaging_service_sid)
            .finish()
    }
}

/// One email, rendered and ready to go: a plain-text and an HTML alternative.
#[derive(Debug, Clone)]
pub struct EmailMessage {
    pub to: String,
    /// The connection's `from`, or `None` for the provider's default sender.
    pub from: Option<String>,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// How a relay is reached: `starttls` (refuse to send in clear), implicit `tls`, or `none`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    /// Plain SMTP: only for a relay on the same host or a private network.
    None,
    /// Upgrade with STARTTLS, and refuse to send if the server cannot (port 587).
    #[default]
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
}

/// An SMTP relay and the sender used when a connection names none.
#[derive(Clone, PartialEq)]
pub struct SmtpRoute {
    pub host: String,
    pub port: u16,
    pub user: Option<String>,
    pub pass: Option<String>,
    pub tls: SmtpTls,
    /// Extra CA certificates (PEM) to trust besides the system's.
    pub ca_pem: Option<Vec<u8>>,
    pub default_from: String,
}

impl std::fmt::Debug for SmtpRoute {
    // The password must never reach a log line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpRoute")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("user", &self.user)
            .field("pass", &self.pass.as_ref().map(|_| "[redacted]"))
            .field("tls", &self.tls)
            .field("default_from", &self.default_from)
            .finish_non_exhaustive()
    }
}

/// Where the server's email goes.
#[derive(Debug, Clone, PartialEq)]
pub enum EmailRoute {
    /// Development: messages are written to the log, not sent.
    Log,
    Smtp(Box<SmtpRoute>),
}

#[async_trait]
pub trait EmailSender: Send + Sync {
    async fn send(&self, route: &EmailRoute, message: &EmailMessage) -> Result<(), DeliveryError>;
}

#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    /// The provider answered and refused the message (e.g. Twilio 21211, invalid number).
    #[error("{message} (Code: {code})")]
    Refused { message: String, code: i64 },
    /// The provider could not be reached in time, or kept failing.
    #[error("{0}")]
    Unavailable(String),
}

#[async_trait]
pub trait SmsSender: Send + Sync {
    async fn send(&self, route: &SmsRoute, message: &SmsMessage) -> Result<(), DeliveryError>;
}
