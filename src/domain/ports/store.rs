//! The storage port: one trait per aggregate (clients, users, codes, tokens…), and
//! [`Store`], which is all of them. The domain holds an `Arc<dyn Store>`; an adapter
//! implements each part and gets `Store` for free. Every method that changes several rows is
//! one transaction, so a crash leaves either all of a change or none of it.

use async_trait::async_trait;

use super::jobs::JobStore;
use crate::domain::UnixTime;
use crate::domain::model::{
    AuthorizationCodeRecord, CeremonyRecord, Client, ClientGrant, CodeRedemption, ConnectionRecord,
    CounterCell, DeviceCredentialRecord, GrantCreation, GrantQuery, LogEvent, LogQuery,
    LoginTicketRecord, NewUser, OtpCheck, OtpLogin, OtpLoginOutcome, OtpRecord, OtpTry, OtpVerdict,
    PasskeyRecord, RefreshTokenRecord, RefreshUse, SessionRecord, SigningKeyRecord, Tallied, User,
    UserEdited, UserQuery,
};
use crate::domain::model::{
    HeldPermission, Holder, Permission, ResourceServer, Role, RoleChange, RoleMember, Slice,
};
use crate::domain::tokens::refresh_rule::RefreshAttempt;

/// The database error behind a [`StoreError`], kept whole so logs can follow its `source()`
/// chain; boxed so the domain does not depend on the database driver.
pub type DatabaseError = Box<dyn std::error::Error + Send + Sync>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database could not be reached or answered with an error.
    #[error("database error: {0}")]
    Database(#[source] DatabaseError),
    /// A stored value could not be read back (a bug or a hand-edited row).
    #[error("corrupt record: {0}")]
    Corrupt(String),
}

/// Decides, inside the store's transaction, what a presented code means for a stored one.
/// Shared and owning what it compares, since the store may run the transaction on a thread
/// of its own.
pub type OtpJudge = std::sync::Arc<dyn Fn(&OtpRecord) -> OtpVerdict + Send + Sync>;

/// Decides, inside the store's transaction, what a user becomes from what is stored: the
/// changed user, or why the change is refused.
pub type UserEditRule<'a> = &'a (dyn Fn(&User) -> Result<User, String> + Send + Sync);

/// Decides, inside the store's transaction, what a delivery receipt changes in the stored
/// record: `None` for nothing (a stale or repeated receipt).
pub type DeliveryRule<'a> = &'a (
        dyn Fn(
    &crate::domain::model::DeliveryRecord,
) -> Option<crate::domain::model::DeliveryChange>
            + Send
            + Sync
    );

/// Decides, inside the store's transaction, from the counters' current values (in the order
/// they were given) whether an event happens: `Some` with each counter's new value, or
/// `None` to refuse it and change nothing.
pub type TallyRule<'a> = &'a (dyn Fn(&[i64]) -> Option<Vec<i64>> + Send + Sync);

/// Decides, inside the store's transaction, what a setting becomes from its stored value:
/// the new value, or why the change is refused (nothing is written then).
pub type SettingEditRule<'a> = &'a (dyn Fn(&str) -> Result<String, String> + Send + Sync);

/// Declares [`Store`] as all of its parts, and gives it to every type that has them all.
macro_rules! store_of {
    ($($part:ident),+) => {
        /// Everything Latchkey keeps: each part below, behind one object.
        pub trait Store: $($part +)+ Send + Sync {}

        impl<T: $($part +)+ Send + Sync> Store for T {}
    };
}

store_of!(
    HealthStore,
    ClientStore,
    ConnectionStore,
    UserStore,
    OtpStore,
    RefreshTokenStore,
    AuthorizationCodeStore,
    SessionStore,
    DeviceCredentialStore,
    PasskeyStore,
    SettingStore,
    EventStore,
    CounterStore,
    SigningKeyStore,
    PurgeStore,
    ClientGrantStore,
    ResourceServerStore,
    RoleStore,
    DeliveryStore,
    JobStore,
    // Twilio Verify
    VerifyCodeStore,
    OverviewStore
);

/// The database as a whole: whether it answers, and a copy of it.
#[async_trait]
pub trait HealthStore: Send + Sync {
    /// Whether the database answers.
    async fn ping(&self) -> Result<(), StoreError>;
    /// Writes a consistent copy of the whole database to `path` (missing or empty) while it is
    /// in use. SQLite only; PostgreSQL has `pg_dump`.
    async fn backup_into(&self, path: &std::path::Path) -> Result<(), StoreError>;
    /// How each connection pool is used right now, for the metrics (none by default).
    fn pool_use(&self) -> Vec<PoolUse> {
        Vec::new()
    }
}

/// One connection pool's connections: open (idle or in use), idle, and the most it opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolUse {
    /// `writer` or `reader` (SQLite); `shared` where one pool does both (PostgreSQL).
    pub pool: &'static str,
    pub open: u32,
    pub idle: u32,
    pub max: u32,
}

/// Applications and what they may ask for.
#[async_trait]
pub trait ClientStore: Send + Sync {
    async fn upsert_client(&self, client: &Client, now: UnixTime) -> Result<(), StoreError>;
    async fn client(&self, client_id: &str) -> Result<Option<Client>, StoreError>;
    async fn clients(&self) -> Result<Vec<Client>, StoreError>;
    /// `false` if there was no such client. Its grants and refresh tokens go with it.
    async fn delete_client(&self, client_id: &str) -> Result<bool, StoreError>;
}

#[async_trait]
pub trait ConnectionStore: Send + Sync {
    async fn upsert_connection(
        &self,
        c: &ConnectionRecord,
        now: UnixTime,
    ) -> Result<(), StoreError>;
    async fn connection(&self, name: &str) -> Result<Option<ConnectionRecord>, StoreError>;
    /// Deletes a connection with its users and everything theirs (keys, passkeys, tokens,
    /// sessions, codes), in one transaction; `false` if there was no such connection.
    async fn delete_connection(&self, name: &str) -> Result<bool, StoreError>;
    async fn connections(&self) -> Result<Vec<ConnectionRecord>, StoreError>;
}

#[async_trait]
pub trait UserStore: Send + Sync {
    async fn user(&self, user_id: &str) -> Result<Option<User>, StoreError>;
    async fn user_by_recipient(&self, conn: &str, to: &str) -> Result<Option<User>, StoreError>;
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
    /// Changes a user in one transaction: reads them, applies `edit` (a domain rule), checks
    /// that a changed login is not another user's in the connection (the user's waiting code
    /// for the old one is dropped), and writes the result with `updated_at = now`.
    async fn edit_user(
        &self,
        user_id: &str,
        edit: UserEditRule<'_>,
        now: UnixTime,
    ) -> Result<UserEdited, StoreError>;
    /// Blocks or unblocks a user; `false` if there is no such user.
    async fn set_user_blocked(
        &self,
        id: &str,
        blocked: bool,
        now: UnixTime,
    ) -> Result<bool, StoreError>;
}

/// One-time codes sent by text or email.
#[async_trait]
pub trait OtpStore: Send + Sync {
    /// Stores a new code for its connection and recipient, replacing any older one (only the
    /// newest code is valid).
    async fn replace_otp(&self, otp: &OtpRecord) -> Result<(), StoreError>;
    /// Deletes a code, if it is still the one with this id (used when delivery fails).
    async fn delete_otp(&self, id: &str) -> Result<(), StoreError>;
    /// In one transaction: applies the wrong-code lockout (`login.code.lockout`); judges the
    /// waiting code; counts a wrong try (at the code and in the lockout); or deletes the code,
    /// creates or updates the user and stores the refresh token. Two concurrent calls with
    /// the right code cannot both log in, and concurrent wrong codes never pass the lockout.
    async fn consume_otp(
        &self,
        login: &OtpLogin,
        judge: OtpJudge,
    ) -> Result<OtpLoginOutcome, StoreError>;
    /// Judges the waiting code without using it up (the legacy `/passwordless/verify`, which
    /// checks a code before the browser is sent to `verify_redirect`): a wrong try is counted
    /// exactly as [`OtpStore::consume_otp`] counts it (lockout included); a right code stays
    /// valid.
    async fn check_otp(&self, code: &OtpTry, judge: OtpJudge) -> Result<OtpCheck, StoreError>;
    /// In one transaction, as [`OtpStore::consume_otp`] without any user: applies the
    /// lockout, judges the waiting code, counts a wrong try (at the code and in the lockout),
    /// or deletes a right code. For a login that proves an address and nothing more (the
    /// dashboard's administrators, who are not the tenant's users): no user is created or
    /// touched. Of two concurrent calls with the right code, one gets `Accept`.
    async fn spend_otp(&self, code: &OtpTry, judge: OtpJudge) -> Result<OtpCheck, StoreError>;
    /// The code waiting for this recipient, if any.
    async fn latest_otp(&self, conn: &str, to: &str) -> Result<Option<OtpRecord>, StoreError>;
}

#[async_trait]
pub trait RefreshTokenStore: Send + Sync {
    async fn refresh_token(&self, hash: &[u8]) -> Result<Option<RefreshTokenRecord>, StoreError>;
    /// In one transaction, applies [`crate::domain::tokens::refresh_rule::decide`] to the token
    /// presented (by hash) and writes what it decided: marks the token rotated and stores
    /// `attempt.replacement`, moves its idle expiry, revokes its whole family, or refuses a
    /// duplicate of the request that just rotated it without revoking anything.
    async fn use_refresh_token(
        &self,
        hash: &[u8],
        attempt: &RefreshAttempt<'_>,
    ) -> Result<RefreshUse, StoreError>;
    /// Revokes the token (and nothing else) if it belongs to `client_id`; `false` if there was
    /// nothing to revoke.
    async fn revoke_refresh_token(
        &self,
        hash: &[u8],
        client_id: &str,
        now: UnixTime,
    ) -> Result<bool, StoreError>;
    /// Stores a refresh token issued outside a code login (a device-key login).
    async fn insert_refresh_token(&self, token: &RefreshTokenRecord) -> Result<(), StoreError>;
    /// The user's live refresh tokens (not revoked, not rotated away).
    async fn refresh_tokens_of_user(&self, id: &str)
    -> Result<Vec<RefreshTokenRecord>, StoreError>;
    /// Revokes one refresh token by id; `false` if there was none to revoke.
    async fn revoke_refresh_token_by_id(&self, id: &str, now: UnixTime)
    -> Result<bool, StoreError>;
}

#[async_trait]
pub trait AuthorizationCodeStore: Send + Sync {
    async fn insert_authorization_code(
        &self,
        c: &AuthorizationCodeRecord,
    ) -> Result<(), StoreError>;
    async fn authorization_code(
        &self,
        hash: &[u8],
    ) -> Result<Option<AuthorizationCodeRecord>, StoreError>;
    /// In one transaction: spends the code if it is unused and alive at `now`, storing
    /// `refresh` (whose family is recorded on the code). A code that was already spent is
    /// refused and the refresh-token family its first use started is revoked (RFC 6749
    /// §4.1.2: a code used twice may have been stolen), unless it was spent less than
    /// [`DUPLICATE_WINDOW`](crate::domain::tokens::refresh_rule::DUPLICATE_WINDOW) ago: a
    /// duplicate of the spending request is refused and revokes nothing
    /// ([`crate::domain::tokens::refresh_rule::judge_code`]).
    async fn redeem_authorization_code(
        &self,
        code_hash: &[u8],
        now: UnixTime,
        refresh: Option<&RefreshTokenRecord>,
    ) -> Result<CodeRedemption, StoreError>;
}

/// Hosted-login sessions.
#[async_trait]
pub trait SessionStore: Send + Sync {
    async fn create_session(&self, session: &SessionRecord) -> Result<(), StoreError>;
    async fn session(&self, id_hash: &[u8]) -> Result<Option<SessionRecord>, StoreError>;
    /// Ends a session; `false` if there was none.
    async fn delete_session(&self, id_hash: &[u8]) -> Result<bool, StoreError>;
    /// Moves a session's expiry (its idle deadline) later, to `expires_at`; an expiry already
    /// later stays (two instances extending at once cannot shorten it).
    async fn extend_session(&self, id_hash: &[u8], expires_at: UnixTime) -> Result<(), StoreError>;
    async fn create_login_ticket(&self, ticket: &LoginTicketRecord) -> Result<(), StoreError>;
    /// The unexpired, unused ticket `ticket_hash` of `client_id`, left unspent.
    async fn login_ticket(
        &self,
        ticket_hash: &[u8],
        client_id: &str,
        now: UnixTime,
    ) -> Result<Option<LoginTicketRecord>, StoreError>;
    /// Spends the unexpired, unused ticket `ticket_hash` of `client_id` and returns it; `None`
    /// when there is none (two concurrent redemptions: exactly one gets it).
    async fn redeem_login_ticket(
        &self,
        ticket_hash: &[u8],
        client_id: &str,
        now: UnixTime,
    ) -> Result<Option<LoginTicketRecord>, StoreError>;
}

/// Device keys and the device JWTs already used with them.
#[async_trait]
pub trait DeviceCredentialStore: Send + Sync {
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
    async fn record_assertion(&self, hash: &[u8], expires_at: UnixTime)
    -> Result<bool, StoreError>;
}

/// Passkeys and the WebAuthn ceremonies that register and use them.
#[async_trait]
pub trait PasskeyStore: Send + Sync {
    /// Stores a ceremony, then keeps at most `keep` ceremonies, this one among them: over
    /// the cap the oldest (the soonest to expire) go, so unfinished ceremonies cannot pile up.
    async fn insert_ceremony(&self, c: &CeremonyRecord, keep: i64) -> Result<(), StoreError>;
    /// Removes and returns a live ceremony of this kind: each is finished at most once, even
    /// when two instances try at the same moment.
    async fn take_ceremony(
        &self,
        id: &str,
        kind: &str,
        now: UnixTime,
    ) -> Result<Option<CeremonyRecord>, StoreError>;
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
}

/// Server-wide settings, by key.
#[async_trait]
pub trait SettingStore: Send + Sync {
    async fn setting(&self, key: &str) -> Result<Option<String>, StoreError>;
    async fn put_setting(&self, key: &str, value: &str, now: UnixTime) -> Result<(), StoreError>;
    /// Removes a setting; `false` if there was none.
    async fn delete_setting(&self, key: &str) -> Result<bool, StoreError>;
    /// Changes a setting in one transaction: reads it (`initial` when there is none), applies
    /// `edit` and writes what it returns. Two concurrent edits run one after the other, so
    /// neither loses the other's change. The outcome is the value written, or `edit`'s refusal.
    async fn edit_setting(
        &self,
        key: &str,
        initial: &str,
        edit: SettingEditRule<'_>,
        now: UnixTime,
    ) -> Result<Result<String, String>, StoreError>;
}

/// The log of what happened (Auth0's `/api/v2/logs`).
#[async_trait]
pub trait EventStore: Send + Sync {
    /// Records log entries, all in one transaction.
    async fn record_events(&self, events: &[LogEvent]) -> Result<(), StoreError>;
    /// A page of log entries, newest first, and how many match in all.
    async fn events(&self, query: &LogQuery) -> Result<(Vec<LogEvent>, i64), StoreError>;
}

/// Rate-limit counters, shared by every instance.
#[async_trait]
pub trait CounterStore: Send + Sync {
    /// Adds one to the counter of `(bucket, key)` in the window starting at `window_start`
    /// and returns the new count (atomic across instances).
    async fn hit_counter(
        &self,
        bucket: &str,
        key: &str,
        // The window is named by its start; its count may be purged after `expires_at`.
        window_start: UnixTime,
        expires_at: UnixTime,
    ) -> Result<i64, StoreError>;
    async fn counter(&self, bucket: &str, key: &str, window: UnixTime) -> Result<i64, StoreError>;
    /// Deletes every window of `(bucket, key)`.
    async fn clear_counter(&self, bucket: &str, key: &str) -> Result<(), StoreError>;
    /// Check-and-count in one transaction: reads `cells` with each row locked (a missing one
    /// is 0), runs `rule` on their values and, if it lets the event through, writes the new
    /// values. Concurrent tallies over a common counter run one after the other, so no limit
    /// judged by `rule` can be passed by racing requests.
    async fn tally(
        &self,
        cells: &[CounterCell],
        rule: TallyRule<'_>,
    ) -> Result<Tallied, StoreError>;
}

/// The keys that sign tokens.
#[async_trait]
pub trait SigningKeyStore: Send + Sync {
    async fn signing_keys(&self) -> Result<Vec<SigningKeyRecord>, StoreError>;
    /// Retires a previous key (no longer published, so tokens it signed stop verifying);
    /// `false` if `kid` is not a previous key (the current one cannot be revoked).
    async fn revoke_signing_key(&self, kid: &str, now: UnixTime) -> Result<bool, StoreError>;
    /// With `replace_current`, in one transaction: the new key becomes current, the current
    /// one previous, and any previous one retired. Without, the key is added only if there
    /// is no current key yet (the first start); `false` when another start won.
    async fn add_signing_key(
        &self,
        key: &SigningKeyRecord,
        replace_current: bool,
    ) -> Result<bool, StoreError>;
    /// Stores the certificate of a key that has none; `false` if it had one already (the
    /// one stored first stays).
    async fn certify_signing_key(&self, kid: &str, cert: &str) -> Result<bool, StoreError>;
}

/// Housekeeping: each method deletes one table's rows that ended before `before` (codes and
/// sessions past their expiry, counters past their window, log entries past retention) and
/// says how many went.
#[async_trait]
pub trait PurgeStore: Send + Sync {
    async fn purge_expired_otps(&self, before: UnixTime) -> Result<u64, StoreError>;
    async fn purge_authorization_codes(&self, before: UnixTime) -> Result<u64, StoreError>;
    async fn purge_sessions(&self, before: UnixTime) -> Result<u64, StoreError>;
    async fn purge_login_tickets(&self, before: UnixTime) -> Result<u64, StoreError>;
    async fn purge_assertions(&self, before: UnixTime) -> Result<u64, StoreError>;
    async fn purge_ceremonies(&self, before: UnixTime) -> Result<u64, StoreError>;
    async fn purge_events(&self, before: UnixTime) -> Result<u64, StoreError>;
    async fn purge_counters(&self, before: UnixTime) -> Result<u64, StoreError>;
}

/// Client grants: which APIs a machine client may get `client_credentials` tokens for, with
/// which scopes (Auth0's `/client-grants`). A client has at most one grant per audience.
#[async_trait]
pub trait ClientGrantStore: Send + Sync {
    /// Creates the grant, or (the configuration file's, at start-up) changes the scopes of
    /// the client's grant for that audience, which keeps its id.
    async fn upsert_client_grant(&self, g: &ClientGrant, now: UnixTime) -> Result<(), StoreError>;
    /// Creates a grant in one statement that also checks the client exists and has no grant
    /// for the audience yet: of two concurrent creations for one pair, one is `Taken`.
    async fn insert_client_grant(
        &self,
        g: &ClientGrant,
        now: UnixTime,
    ) -> Result<GrantCreation, StoreError>;
    /// A client's grants, by audience.
    async fn client_grants(&self, client_id: &str) -> Result<Vec<ClientGrant>, StoreError>;
    async fn client_grant(&self, id: &str) -> Result<Option<ClientGrant>, StoreError>;
    /// The grants `q` asks for, by id, and how many match its filters in all (`from` and the
    /// slice aside).
    async fn client_grant_page(
        &self,
        q: &GrantQuery,
    ) -> Result<(Vec<ClientGrant>, i64), StoreError>;
    /// Replaces a grant's scopes; the grant as changed, or `None` if there is none.
    async fn set_client_grant_scope(
        &self,
        id: &str,
        scope: &[String],
    ) -> Result<Option<ClientGrant>, StoreError>;
    /// `false` if there was no such grant.
    async fn delete_client_grant(&self, id: &str) -> Result<bool, StoreError>;
}

/// APIs (Auth0's resource servers), by id or identifier.
#[async_trait]
pub trait ResourceServerStore: Send + Sync {
    /// Every stored API, oldest first (the built-in Management API is not stored).
    async fn resource_servers(&self) -> Result<Vec<ResourceServer>, StoreError>;
    /// The API whose identifier, or else id, is `key`.
    async fn resource_server(&self, key: &str) -> Result<Option<ResourceServer>, StoreError>;
    /// Stores a new API; `false` if one has its identifier already.
    async fn insert_resource_server(
        &self,
        api: &ResourceServer,
        now: UnixTime,
    ) -> Result<bool, StoreError>;
    /// Replaces the API of `api.id` (its identifier stays), and in the same transaction
    /// takes every scope it no longer defines from the roles and users that held it.
    /// `false` if there is no such API.
    async fn update_resource_server(
        &self,
        api: &ResourceServer,
        now: UnixTime,
    ) -> Result<bool, StoreError>;
    /// Deletes an API (by identifier) with its permissions, held by roles or users, and
    /// the client grants for it, in one transaction; `false` if there was none.
    async fn delete_resource_server(&self, identifier: &str) -> Result<bool, StoreError>;
    /// The permission names `user_id` holds on the API `identifier`, directly or through
    /// a role (one query: the token path's one read).
    async fn user_api_permissions(
        &self,
        user_id: &str,
        identifier: &str,
    ) -> Result<Vec<String>, StoreError>;
}

/// Roles, their permissions and the users holding them, and users' direct permissions.
/// Every change naming several rows checks them all and writes in one transaction.
#[async_trait]
pub trait RoleStore: Send + Sync {
    /// A page of roles by name (those whose name contains `name_filter`, any case), and
    /// how many match in all.
    async fn roles(
        &self,
        name_filter: Option<&str>,
        slice: Slice,
    ) -> Result<(Vec<Role>, i64), StoreError>;
    async fn role(&self, id: &str) -> Result<Option<Role>, StoreError>;
    /// `Done`, or `NameTaken`.
    async fn insert_role(&self, role: &Role, now: UnixTime) -> Result<RoleChange, StoreError>;
    /// `Done`, `Missing` or `NameTaken`.
    async fn update_role(&self, role: &Role) -> Result<RoleChange, StoreError>;
    /// Deletes a role with its permissions and memberships; `false` if there was none.
    async fn delete_role(&self, id: &str) -> Result<bool, StoreError>;
    /// A role's permissions, by API and name.
    async fn role_permissions(&self, id: &str) -> Result<Vec<Permission>, StoreError>;
    /// Adds (`add`) or removes permissions held directly by a role or a user; `Missing` if
    /// the holder does not exist.
    async fn change_permissions(
        &self,
        holder: Holder<'_>,
        permissions: &[Permission],
        add: bool,
    ) -> Result<RoleChange, StoreError>;
    /// A page of a role's users (by user id), and how many in all.
    async fn role_members(
        &self,
        id: &str,
        slice: Slice,
    ) -> Result<(Vec<RoleMember>, i64), StoreError>;
    /// Gives (`add`) or takes memberships: a role to or from each of `others` (users), or a
    /// user each of `others` (roles). `Missing` without the holder, `Unknown(id)` for one of
    /// `others` that does not exist (nothing is written then).
    async fn change_members(
        &self,
        holder: Holder<'_>,
        others: &[String],
        add: bool,
        now: UnixTime,
    ) -> Result<RoleChange, StoreError>;
    /// A page of a user's roles (by name), and how many in all.
    async fn user_roles(&self, user_id: &str, slice: Slice)
    -> Result<(Vec<Role>, i64), StoreError>;
    /// Every permission a user holds, directly and through each role.
    async fn user_permissions(&self, user_id: &str) -> Result<Vec<HeldPermission>, StoreError>;
}

/// Sent texts whose provider reports their delivery, by the provider's message id.
#[async_trait]
pub trait DeliveryStore: Send + Sync {
    async fn insert_delivery(
        &self,
        record: &crate::domain::model::DeliveryRecord,
    ) -> Result<(), StoreError>;
    async fn delivery(
        &self,
        message_id: &str,
    ) -> Result<Option<crate::domain::model::DeliveryRecord>, StoreError>;
    /// Applies a receipt in one transaction: reads the record with its row locked, asks
    /// `rule` what changes, writes the status and adds one to the change's counter. The
    /// record as it was and the change made, or `None` if there is no such message.
    async fn record_receipt(
        &self,
        message_id: &str,
        now: UnixTime,
        rule: DeliveryRule<'_>,
    ) -> Result<
        Option<(
            crate::domain::model::DeliveryRecord,
            Option<crate::domain::model::DeliveryChange>,
        )>,
        StoreError,
    >;
    /// Takes the sealed fallback text out of the record, once: a second call gets `None`.
    async fn take_fallback_text(&self, message_id: &str) -> Result<Option<String>, StoreError>;
    /// Deletes the records of texts sent before `before`.
    async fn purge_deliveries(&self, before: UnixTime) -> Result<u64, StoreError>;
}

/// Ours: codes Twilio Verify sent (see [`crate::domain::model::OtpRecord::verify_provider`]).
/// Twilio checks the code; these keep Latchkey's rules around that check. Each is one
/// transaction.
#[async_trait]
pub trait VerifyCodeStore: Send + Sync {
    /// Marks the waiting code `id` as sent by Twilio Verify provider `provider`, its hash
    /// replaced by `code_hash` (random: the code is Twilio's); or, with `None`, as a code
    /// Latchkey checks itself against `code_hash` (one Twilio approved, kept for its use).
    /// Tries already counted stay. `false` if `id` is no longer the waiting code.
    async fn mark_otp_verify(
        &self,
        id: &str,
        provider: Option<&str>,
        code_hash: &[u8],
    ) -> Result<bool, StoreError>;
    /// Before Twilio is asked: applies the per-recipient lockout; then, if the waiting code
    /// for the try's recipient is `id`, a Verify code, unexpired and with tries left, counts
    /// one try at it and one wrong code in the lockout (given back by
    /// [`VerifyCodeStore::consume_verified_otp`] or [`VerifyCodeStore::release_verify_try`]).
    /// Concurrent calls never reserve more than `max_attempts` tries between them.
    async fn reserve_verify_try(
        &self,
        code: &OtpTry,
        id: &str,
        now: UnixTime,
    ) -> Result<crate::domain::model::VerifyTry, StoreError>;
    /// Gives back a try [`VerifyCodeStore::reserve_verify_try`] counted, when Twilio gave no
    /// answer about the code (an outage, a timeout): at the code, if it is still waiting,
    /// and in the lockout.
    async fn release_verify_try(&self, code: &OtpTry, id: &str) -> Result<(), StoreError>;
    /// After Twilio approved the code: gives back the lockout's count of the reserved try,
    /// and spends the Verify code `id` if it is still waiting and unexpired, creating or
    /// updating the user and storing the refresh token, as [`OtpStore::consume_otp`] does
    /// for a right code. Of two concurrent calls, one logs in and the other finds
    /// [`OtpLoginOutcome::NoCode`].
    async fn consume_verified_otp(
        &self,
        login: &OtpLogin,
        id: &str,
    ) -> Result<OtpLoginOutcome, StoreError>;
}

/// The dashboard's overview: aggregate queries over the event log and the delivery
/// receipts, each one statement that reads an index.
#[async_trait]
pub trait OverviewStore: Send + Sync {
    /// The totals since `since`, logins through `leave_out` (the dashboard's own client)
    /// not counted.
    async fn overview(
        &self,
        since: UnixTime,
        leave_out: &str,
    ) -> Result<crate::domain::model::Overview, StoreError>;
}
