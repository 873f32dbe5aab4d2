//! The SQL store, one implementation for both backends: the embedded SQLite file and
//! PostgreSQL. The schema is the same on both (`migrations/sqlite`, `migrations/postgres`)
//! and so is every statement: writes that must not race are conditional (`… WHERE attempts
//! < $n`, `… WHERE rotated_at IS NULL`) and checked by the rows they touch, which is atomic
//! on PostgreSQL's row locks and on SQLite's single writer alike.

use std::time::Duration;

use async_trait::async_trait;
use sqlx::AnyConnection;
use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Executor, FromRow};

use super::db_err;
use crate::domain::UnixTime;
use crate::domain::model::{
    AuthorizationCodeRecord, CeremonyRecord, Client, ClientBranding, ClientGrant, CodeRedemption,
    ConnectionRecord, DeviceCredentialRecord, KeyState, LogEvent, LogQuery, MobileApps, NewUser,
    OtpLogin, OtpLoginOutcome, OtpRecord, OtpVerdict, PasskeyRecord, RefreshTokenPolicy,
    RefreshTokenRecord, RefreshUse, SessionRecord, SigningKeyRecord, Strategy, User, UserQuery,
};
use crate::domain::ports::{OtpJudge, Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of(url: &str) -> Option<Self> {
        if url.starts_with("sqlite:") {
            Some(Self::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Some(Self::Postgres)
        } else {
            None
        }
    }
}

pub struct SqlStore {
    /// Where writes go. On SQLite this is one connection, so write transactions queue
    /// instead of failing on SQLite's lock; on PostgreSQL it is the same pool as `reader`.
    writer: AnyPool,
    reader: AnyPool,
}

/// Per-connection SQLite settings: wait for the lock instead of failing, WAL-friendly
/// durability, and foreign keys on.
async fn sqlite_pragmas(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    conn.execute(
        "PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON",
    )
    .await?;
    Ok(())
}

impl SqlStore {
    /// Deletes a row with what hangs on it, in one transaction: each of `dependents`, then
    /// `last` (every statement binds `key` as `$1`). Whether `last` deleted a row.
    async fn delete_with_dependents(
        &self,
        key: &str,
        dependents: &[&'static str],
        last: &'static str,
    ) -> Result<bool, StoreError> {
        let mut tx = self.writer.begin().await.map_err(db_err)?;
        for statement in dependents {
            sqlx::query(*statement)
                .bind(key)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
        }
        let deleted = sqlx::query(last)
            .bind(key)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?
            .rows_affected()
            == 1;
        tx.commit().await.map_err(db_err)?;
        Ok(deleted)
    }

    /// Connects, creating the SQLite file if needed, and runs the migrations (on PostgreSQL
    /// under the migrator's advisory lock, so instances starting together are safe).
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let backend = Backend::of(url).ok_or_else(|| {
            StoreError::Database("database_url must be sqlite:// or postgres://".into())
        })?;
        match backend {
            Backend::Sqlite => {
                let sep = if url.contains('?') { '&' } else { '?' };
                let writer = AnyPoolOptions::new()
                    .max_connections(1)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            sqlite_pragmas(conn).await?;
                            // Checkpoints (and their fsyncs) run on the one writer's path;
                            // fewer, larger ones keep logins from queueing behind them.
                            conn.execute("PRAGMA wal_autocheckpoint = 10000").await?;
                            Ok(())
                        })
                    })
                    .connect(&format!("{url}{sep}mode=rwc"))
                    .await
                    .map_err(db_err)?;
                writer
                    .execute("PRAGMA journal_mode = WAL")
                    .await
                    .map_err(db_err)?;
                sqlx::migrate!("migrations/sqlite")
                    .run(&writer)
                    .await
                    .map_err(|e| StoreError::Database(format!("migration failed: {e}")))?;
                let reader = AnyPoolOptions::new()
                    .max_connections(4)
                    .after_connect(|conn, _| Box::pin(sqlite_pragmas(conn)))
                    .connect(&format!("{url}{sep}mode=ro"))
                    .await
                    .map_err(db_err)?;
                Ok(Self { writer, reader })
            }
            Backend::Postgres => {
                let pool = AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect(url)
                    .await
                    .map_err(db_err)?;
                sqlx::migrate!("migrations/postgres")
                    .run(&pool)
                    .await
                    .map_err(|e| StoreError::Database(format!("migration failed: {e}")))?;
                Ok(Self {
                    writer: pool.clone(),
                    reader: pool,
                })
            }
        }
    }
}

fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {e}"))
}

fn strategy_of(s: &str) -> Result<Strategy, StoreError> {
    match s {
        "sms" => Ok(Strategy::Sms),
        "email" => Ok(Strategy::Email),
        other => Err(corrupt("strategy", other)),
    }
}

#[derive(FromRow)]
struct ClientRow {
    client_id: String,
    name: String,
    secret_hash: Option<Vec<u8>>,
    callbacks: String,
    grant_types: String,
    refresh_token: String,
    mobile: String,
    allowed_logout_urls: String,
    branding: String,
}

impl ClientRow {
    fn into_client(self) -> Result<Client, StoreError> {
        Ok(Client {
            callbacks: serde_json::from_str(&self.callbacks)
                .map_err(|e| corrupt("callbacks", e))?,
            grant_types: serde_json::from_str(&self.grant_types)
                .map_err(|e| corrupt("grant_types", e))?,
            refresh_token: serde_json::from_str::<RefreshTokenPolicy>(&self.refresh_token)
                .map_err(|e| corrupt("refresh_token", e))?,
            mobile: serde_json::from_str::<MobileApps>(&self.mobile)
                .map_err(|e| corrupt("mobile", e))?,
            allowed_logout_urls: serde_json::from_str(&self.allowed_logout_urls)
                .map_err(|e| corrupt("allowed_logout_urls", e))?,
            branding: serde_json::from_str::<ClientBranding>(&self.branding)
                .map_err(|e| corrupt("branding", e))?,
            client_id: self.client_id,
            name: self.name,
            secret_hash: self.secret_hash,
        })
    }
}

#[derive(FromRow)]
struct ConnectionRow {
    name: String,
    strategy: String,
    options: String,
}

impl ConnectionRow {
    fn into_record(self) -> Result<ConnectionRecord, StoreError> {
        Ok(ConnectionRecord {
            strategy: strategy_of(&self.strategy)?,
            options: serde_json::from_str(&self.options).map_err(|e| corrupt("options", e))?,
            name: self.name,
        })
    }
}

#[derive(FromRow)]
struct UserRow {
    user_id: String,
    connection: String,
    strategy: String,
    recipient: String,
    name: String,
    blocked: i64,
    created_at: i64,
    updated_at: i64,
    last_login: Option<i64>,
    logins_count: i64,
}

impl UserRow {
    fn into_user(self) -> Result<User, StoreError> {
        Ok(User {
            strategy: strategy_of(&self.strategy)?,
            user_id: self.user_id,
            connection: self.connection,
            recipient: self.recipient,
            name: self.name,
            blocked: self.blocked != 0,
            created_at: self.created_at,
            updated_at: self.updated_at,
            last_login: self.last_login,
            logins_count: self.logins_count,
        })
    }
}

#[derive(FromRow)]
struct OtpRow {
    id: String,
    connection: String,
    recipient: String,
    code_hash: Vec<u8>,
    created_at: i64,
    expires_at: i64,
    attempts: i64,
}

impl From<OtpRow> for OtpRecord {
    fn from(r: OtpRow) -> Self {
        OtpRecord {
            id: r.id,
            connection: r.connection,
            recipient: r.recipient,
            code_hash: r.code_hash,
            created_at: r.created_at,
            expires_at: r.expires_at,
            attempts: r.attempts,
        }
    }
}

#[derive(FromRow)]
struct RefreshRow {
    id: String,
    token_hash: Vec<u8>,
    family_id: String,
    client_id: String,
    user_id: String,
    scope: String,
    audience: Option<String>,
    device: Option<String>,
    created_at: i64,
    family_expires_at: Option<i64>,
    idle_expires_at: Option<i64>,
    rotated_at: Option<i64>,
    revoked_at: Option<i64>,
}

impl From<RefreshRow> for RefreshTokenRecord {
    fn from(r: RefreshRow) -> Self {
        RefreshTokenRecord {
            id: r.id,
            token_hash: r.token_hash,
            family_id: r.family_id,
            client_id: r.client_id,
            user_id: r.user_id,
            scope: r.scope,
            audience: r.audience,
            device: r.device,
            created_at: r.created_at,
            family_expires_at: r.family_expires_at,
            idle_expires_at: r.idle_expires_at,
            rotated_at: r.rotated_at,
            revoked_at: r.revoked_at,
        }
    }
}

#[derive(FromRow)]
struct CodeRow {
    code_hash: Vec<u8>,
    client_id: String,
    user_id: String,
    redirect_uri: String,
    scope: String,
    audience: Option<String>,
    nonce: Option<String>,
    code_challenge: Option<String>,
    code_challenge_method: Option<String>,
    auth_time: i64,
    expires_at: i64,
    used_at: Option<i64>,
    refresh_family_id: Option<String>,
}

impl From<CodeRow> for AuthorizationCodeRecord {
    fn from(r: CodeRow) -> Self {
        AuthorizationCodeRecord {
            code_hash: r.code_hash,
            client_id: r.client_id,
            user_id: r.user_id,
            redirect_uri: r.redirect_uri,
            scope: r.scope,
            audience: r.audience,
            nonce: r.nonce,
            code_challenge: r.code_challenge,
            code_challenge_method: r.code_challenge_method,
            auth_time: r.auth_time,
            expires_at: r.expires_at,
            used_at: r.used_at,
            refresh_family_id: r.refresh_family_id,
        }
    }
}

const SELECT_CODE: &str = "SELECT code_hash, client_id, user_id, redirect_uri, scope, audience, nonce, code_challenge, code_challenge_method, auth_time, expires_at, used_at, refresh_family_id FROM authorization_codes WHERE code_hash = $1";

#[derive(FromRow)]
struct PasskeyRow {
    id: String,
    user_id: String,
    user_handle: String,
    name: String,
    credential: String,
    created_at: i64,
    last_used_at: Option<i64>,
}

impl From<PasskeyRow> for PasskeyRecord {
    fn from(r: PasskeyRow) -> Self {
        PasskeyRecord {
            id: r.id,
            user_id: r.user_id,
            user_handle: r.user_handle,
            name: r.name,
            credential: r.credential,
            created_at: r.created_at,
            last_used_at: r.last_used_at,
        }
    }
}

#[derive(FromRow)]
struct CeremonyRow {
    id: String,
    kind: String,
    user_id: Option<String>,
    client_id: Option<String>,
    state: String,
    expires_at: i64,
}

#[derive(FromRow)]
struct DeviceRow {
    id: String,
    user_id: String,
    client_id: String,
    device_name: String,
    device_id: String,
    alg: String,
    public_key: String,
    created_at: i64,
}

impl From<DeviceRow> for DeviceCredentialRecord {
    fn from(r: DeviceRow) -> Self {
        DeviceCredentialRecord {
            id: r.id,
            user_id: r.user_id,
            client_id: r.client_id,
            device_name: r.device_name,
            device_id: r.device_id,
            alg: r.alg,
            public_key: r.public_key,
            created_at: r.created_at,
        }
    }
}

#[derive(FromRow)]
struct KeyRow {
    kid: String,
    alg: String,
    sealed_private_key: String,
    created_at: i64,
    state: String,
}

/// The `users` columns in `UserRow` order (a macro so queries stay `&'static str`).
macro_rules! user_columns {
    () => {
        "user_id, connection, strategy, recipient, name, blocked, created_at, updated_at, last_login, logins_count"
    };
}

const INSERT_REFRESH: &str = "INSERT INTO refresh_tokens (id, token_hash, family_id, client_id, user_id, scope, audience, device, created_at, family_expires_at, idle_expires_at, rotated_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL, NULL)";

async fn insert_refresh(
    conn: &mut AnyConnection,
    t: &RefreshTokenRecord,
) -> Result<(), StoreError> {
    sqlx::query(INSERT_REFRESH)
        .bind(&t.id)
        .bind(&t.token_hash)
        .bind(&t.family_id)
        .bind(&t.client_id)
        .bind(&t.user_id)
        .bind(&t.scope)
        .bind(&t.audience)
        .bind(&t.device)
        .bind(t.created_at)
        .bind(t.family_expires_at)
        .bind(t.idle_expires_at)
        .execute(conn)
        .await
        .map_err(db_err)?;
    Ok(())
}

/// What reserving a try at a code found.
enum Reserved {
    /// A try was reserved; the code as it was before it, and its verdict.
    Judged(OtpRecord, OtpVerdict),
    /// No try left (the code was killed by wrong tries), or otherwise dead.
    Dead(OtpVerdict),
    NoCode,
}

/// The first step of using or checking a code, inside the caller's transaction. The try is
/// reserved before the code is judged: the increment is atomic, so concurrent guesses can
/// never judge more than `max_attempts` tries between them, and on PostgreSQL the row stays
/// locked until the transaction ends. The caller commits a wrong try and rolls back the rest
/// (an expired code does not spend a try).
async fn reserve_try(
    conn: &mut AnyConnection,
    connection: &str,
    recipient: &str,
    max_attempts: i64,
    judge: OtpJudge<'_>,
) -> Result<Reserved, StoreError> {
    let reserved = sqlx::query_as::<_, OtpRow>(
        "UPDATE otp_codes SET attempts = attempts + 1
         WHERE connection = $1 AND recipient = $2 AND attempts < $3
         RETURNING id, connection, recipient, code_hash, created_at, expires_at, attempts",
    )
    .bind(connection)
    .bind(recipient)
    .bind(max_attempts)
    .fetch_optional(&mut *conn)
    .await
    .map_err(db_err)?;
    let Some(row) = reserved else {
        let dead = sqlx::query_as::<_, OtpRow>(
            "SELECT id, connection, recipient, code_hash, created_at, expires_at, attempts FROM otp_codes WHERE connection = $1 AND recipient = $2",
        )
        .bind(connection)
        .bind(recipient)
        .fetch_optional(&mut *conn)
        .await
        .map_err(db_err)?;
        return Ok(match dead.map(OtpRecord::from).map(|r| judge(&r)) {
            Some(verdict @ OtpVerdict::Dead(_)) => Reserved::Dead(verdict),
            _ => Reserved::NoCode,
        });
    };
    let mut stored = OtpRecord::from(row);
    stored.attempts -= 1; // judge the code as it was before this try
    let verdict = judge(&stored);
    Ok(Reserved::Judged(stored, verdict))
}

fn refresh_alive(t: &RefreshTokenRecord, now: UnixTime) -> bool {
    t.revoked_at.is_none()
        && t.family_expires_at.is_none_or(|e| now < e)
        && t.idle_expires_at.is_none_or(|e| now < e)
}

#[async_trait]
impl Store for SqlStore {
    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1")
            .execute(&self.reader)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn upsert_client(&self, c: &Client, now: UnixTime) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO clients (client_id, name, secret_hash, callbacks, grant_types, refresh_token, created_at, updated_at, mobile, allowed_logout_urls, branding)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10)
             ON CONFLICT (client_id) DO UPDATE SET name = excluded.name, secret_hash = excluded.secret_hash,
               callbacks = excluded.callbacks, grant_types = excluded.grant_types,
               refresh_token = excluded.refresh_token, updated_at = excluded.updated_at,
               mobile = excluded.mobile, allowed_logout_urls = excluded.allowed_logout_urls,
               branding = excluded.branding",
        )
        .bind(&c.client_id)
        .bind(&c.name)
        .bind(&c.secret_hash)
        .bind(to_json(&c.callbacks)?)
        .bind(to_json(&c.grant_types)?)
        .bind(to_json(&c.refresh_token)?)
        .bind(now)
        .bind(to_json(&c.mobile)?)
        .bind(to_json(&c.allowed_logout_urls)?)
        .bind(to_json(&c.branding)?)
        .execute(&self.writer)
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn client(&self, client_id: &str) -> Result<Option<Client>, StoreError> {
        sqlx::query_as::<_, ClientRow>(
            "SELECT client_id, name, secret_hash, callbacks, grant_types, refresh_token, mobile, allowed_logout_urls, branding FROM clients WHERE client_id = $1",
        )
        .bind(client_id)
        .fetch_optional(&self.reader)
        .await
        .map_err(db_err)?
        .map(ClientRow::into_client)
        .transpose()
    }

    async fn clients(&self) -> Result<Vec<Client>, StoreError> {
        sqlx::query_as::<_, ClientRow>(
            "SELECT client_id, name, secret_hash, callbacks, grant_types, refresh_token, mobile, allowed_logout_urls, branding FROM clients ORDER BY created_at, client_id",
        )
        .fetch_all(&self.reader)
        .await
        .map_err(db_err)?
        .into_iter()
        .map(ClientRow::into_client)
        .collect()
    }

    async fn delete_client(&self, client_id: &str) -> Result<bool, StoreError> {
        self.delete_with_dependents(
            client_id,
            &[
                "DELETE FROM client_grants WHERE client_id = $1",
                "DELETE FROM refresh_tokens WHERE client_id = $1",
                "DELETE FROM device_credentials WHERE client_id = $1",
                "DELETE FROM authorization_codes WHERE client_id = $1",
            ],
            "DELETE FROM clients WHERE client_id = $1",
        )
        .await
    }

    async fn upsert_client_grant(&self, g: &ClientGrant, now: UnixTime) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO client_grants (id, client_id, audience, scope, created_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (client_id, audience) DO UPDATE SET scope = excluded.scope",
        )
        .bind(&g.id)
        .bind(&g.client_id)
        .bind(&g.audience)
        .bind(to_json(&g.scope)?)
        .bind(now)
        .execute(&self.writer)
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn client_grants(&self, client_id: &str) -> Result<Vec<ClientGrant>, StoreError> {
        #[derive(FromRow)]
        struct Row {
            id: String,
            client_id: String,
            audience: String,
            scope: String,
        }
        sqlx::query_as::<_, Row>(
            "SELECT id, client_id, audience, scope FROM client_grants WHERE client_id = $1 ORDER BY audience",
        )
        .bind(client_id)
        .fetch_all(&self.reader)
        .await
        .map_err(db_err)?
        .into_iter()
        .map(|r| {
            Ok(ClientGrant {
                scope: serde_json::from_str(&r.scope).map_err(|e| corrupt("scope", e))?,
                id: r.id,
                client_id: r.client_id,
                audience: r.audience,
            })
        })
        .collect()
    }

    async fn upsert_connection(
        &self,
        c: &ConnectionRecord,
        now: UnixTime,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO connections (name, strategy, options, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
             ON CONFLICT (name) DO UPDATE SET strategy = excluded.strategy, options = excluded.options, updated_at = excluded.updated_at",
        )
        .bind(&c.name)
        .bind(c.strategy.as_str())
        .bind(c.options.to_string())
        .bind(now)
        .execute(&self.writer)
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn delete_connection(&self, name: &str) -> Result<bool, StoreError> {
        self.delete_with_dependents(
            name,
            &[
                "DELETE FROM device_credentials WHERE user_id IN (SELECT user_id FROM users WHERE connection = $1)",
                "DELETE FROM passkeys WHERE user_id IN (SELECT user_id FROM users WHERE connection = $1)",
                "DELETE FROM refresh_tokens WHERE user_id IN (SELECT user_id FROM users WHERE connection = $1)",
                "DELETE FROM sessions WHERE user_id IN (SELECT user_id FROM users WHERE connection = $1)",
                "DELETE FROM authorization_codes WHERE user_id IN (SELECT user_id FROM users WHERE connection = $1)",
                "DELETE FROM webauthn_ceremonies WHERE user_id IN (SELECT user_id FROM users WHERE connection = $1)",
                "DELETE FROM otp_codes WHERE connection = $1",
                "DELETE FROM users WHERE connection = $1",
            ],
            "DELETE FROM connections WHERE name = $1",
        )
        .await
    }

    async fn connection(&self, name: &str) -> Result<Option<ConnectionRecord>, StoreError> {
        sqlx::query_as::<_, ConnectionRow>(
            "SELECT name, strategy, options FROM connections WHERE name = $1",
        )
        .bind(name)
        .fetch_optional(&self.reader)
        .await
        .map_err(db_err)?
        .map(ConnectionRow::into_record)
        .transpose()
    }

    async fn connections(&self) -> Result<Vec<ConnectionRecord>, StoreError> {
        sqlx::query_as::<_, ConnectionRow>(
            "SELECT name, strategy, options FROM connections ORDER BY name",
        )
        .fetch_all(&self.reader)
        .await
        .map_err(db_err)?
        .into_iter()
        .map(ConnectionRow::into_record)
        .collect()
    }

    async fn user(&self, user_id: &str) -> Result<Option<User>, StoreError> {
        sqlx::query_as::<_, UserRow>(concat!(
            "SELECT ",
            user_columns!(),
            " FROM users WHERE user_id = $1"
        ))
        .bind(user_id)
        .fetch_optional(&self.reader)
        .await
        .map_err(db_err)?
        .map(UserRow::into_user)
        .transpose()
    }

    async fn user_by_recipient(
        &self,
        connection: &str,
        recipient: &str,
    ) -> Result<Option<User>, StoreError> {
        sqlx::query_as::<_, UserRow>(concat!(
            "SELECT ",
            user_columns!(),
            " FROM users WHERE connection = $1 AND recipient = $2"
        ))
        .bind(connection)
        .bind(recipient)
        .fetch_optional(&self.reader)
        .await
        .map_err(db_err)?
        .map(UserRow::into_user)
        .transpose()
    }

    async fn set_user_blocked(
        &self,
        user_id: &str,
        blocked: bool,
        now: UnixTime,
    ) -> Result<bool, StoreError> {
        let r = sqlx::query("UPDATE users SET blocked = $1, updated_at = $2 WHERE user_id = $3")
            .bind(i64::from(blocked))
            .bind(now)
            .bind(user_id)
            .execute(&self.writer)
            .await
            .map_err(db_err)?;
        Ok(r.rows_affected() > 0)
    }

    async fn replace_otp(&self, otp: &OtpRecord) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO otp_codes (id, connection, recipient, code_hash, created_at, expires_at, attempts)
             VALUES ($1, $2, $3, $4, $5, $6, 0)
             ON CONFLICT (connection, recipient) DO UPDATE SET id = excluded.id, code_hash = excluded.code_hash,
               created_at = excluded.created_at, expires_at = excluded.expires_at, attempts = 0",
        )
        .bind(&otp.id)
        .bind(&otp.connection)
        .bind(&otp.recipient)
        .bind(&otp.code_hash)
        .bind(otp.created_at)
        .bind(otp.expires_at)
        .execute(&self.writer)
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn delete_otp(&self, id: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM otp_codes WHERE id = $1")
            .bind(id)
            .execute(&self.writer)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn consume_otp(
        &self,
        login: &OtpLogin,
        judge: OtpJudge<'_>,
    ) -> Result<OtpLoginOutcome, StoreError> {
        let mut tx = self.writer.begin().await.map_err(db_err)?;
        let (stored, verdict) = match reserve_try(
            &mut tx,
            &login.connection,
            &login.recipient,
            login.max_attempts,
            judge,
        )
        .await?
        {
            Reserved::Judged(stored, verdict) => (stored, verdict),
            Reserved::Dead(verdict) => {
                tx.rollback().await.map_err(db_err)?;
                return Ok(OtpLoginOutcome::Rejected(verdict));
            }
            Reserved::NoCode => {
                tx.rollback().await.map_err(db_err)?;
                return Ok(OtpLoginOutcome::NoCode);
            }
        };
        match verdict {
            OtpVerdict::Accept => {}
            OtpVerdict::Wrong => {
                tx.commit().await.map_err(db_err)?;
                return Ok(OtpLoginOutcome::Rejected(verdict));
            }
            OtpVerdict::Dead(_) => {
                // An expired code does not spend a try.
                tx.rollback().await.map_err(db_err)?;
                return Ok(OtpLoginOutcome::Rejected(verdict));
            }
        }
        sqlx::query("DELETE FROM otp_codes WHERE id = $1")
            .bind(&stored.id)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        // One statement creates the user or counts the login; a new user is recognised by
        // the id this login proposed. Without sign-up, only an existing user is updated.
        let u = &login.new_user;
        let user_row = if login.allow_signup {
            sqlx::query_as::<_, UserRow>(concat!(
                "INSERT INTO users (user_id, connection, strategy, recipient, name, blocked, created_at, updated_at, last_login, logins_count)
                 VALUES ($1, $2, $3, $4, $5, 0, $6, $6, $6, 1)
                 ON CONFLICT (connection, recipient) DO UPDATE SET last_login = excluded.last_login,
                   updated_at = excluded.updated_at, logins_count = users.logins_count + 1
                 RETURNING ",
                user_columns!()
            ))
            .bind(&u.user_id)
            .bind(&u.connection)
            .bind(u.strategy.as_str())
            .bind(&u.recipient)
            .bind(&u.name)
            .bind(login.now)
            .fetch_one(&mut *tx)
            .await
            .map_err(db_err)?
        } else {
            let updated = sqlx::query_as::<_, UserRow>(concat!(
                "UPDATE users SET last_login = $1, updated_at = $1, logins_count = logins_count + 1
                 WHERE connection = $2 AND recipient = $3 RETURNING ",
                user_columns!()
            ))
            .bind(login.now)
            .bind(&login.connection)
            .bind(&login.recipient)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
            let Some(row) = updated else {
                // The code is spent either way: commit its deletion.
                tx.commit().await.map_err(db_err)?;
                return Ok(OtpLoginOutcome::SignupDisabled);
            };
            row
        };
        if user_row.blocked != 0 {
            // A blocked user keeps their code and their login count as they were.
            tx.rollback().await.map_err(db_err)?;
            return Ok(OtpLoginOutcome::Blocked);
        }
        let created = user_row.user_id == u.user_id;
        let user = user_row.into_user()?;
        if let Some(refresh) = &login.refresh_token {
            let mut refresh = refresh.clone();
            refresh.user_id = user.user_id.clone();
            insert_refresh(&mut tx, &refresh).await?;
        }
        tx.commit().await.map_err(db_err)?;
        Ok(OtpLoginOutcome::LoggedIn { user, created })
    }

    async fn check_otp(
        &self,
        connection: &str,
        recipient: &str,
        max_attempts: i64,
        judge: OtpJudge<'_>,
    ) -> Result<Option<OtpVerdict>, StoreError> {
        let mut tx = self.writer.begin().await.map_err(db_err)?;
        // The same reservation as `consume_otp`, so checks and uses share one count of tries.
        let verdict = match reserve_try(&mut tx, connection, recipient, max_attempts, judge).await?
        {
            Reserved::Judged(_, verdict) => verdict,
            Reserved::Dead(verdict) => {
                tx.rollback().await.map_err(db_err)?;
                return Ok(Some(verdict));
            }
            Reserved::NoCode => {
                tx.rollback().await.map_err(db_err)?;
                return Ok(None);
            }
        };
        if verdict == OtpVerdict::Wrong {
            tx.commit().await.map_err(db_err)?;
        } else {
            // A right code is not spent by a check, and an expired one costs no try.
            tx.rollback().await.map_err(db_err)?;
        }
        Ok(Some(verdict))
    }

    async fn insert_authorization_code(
        &self,
        c: &AuthorizationCodeRecord,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO authorization_codes (code_hash, client_id, user_id, redirect_uri, scope, audience, nonce, code_challenge, code_challenge_method, auth_time, expires_at, used_at, refresh_family_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL, NULL)",
        )
        .bind(&c.code_hash)
        .bind(&c.client_id)
        .bind(&c.user_id)
        .bind(&c.redirect_uri)
        .bind(&c.scope)
        .bind(&c.audience)
        .bind(&c.nonce)
        .bind(&c.code_challenge)
        .bind(&c.code_challenge_method)
        .bind(c.auth_time)
        .bind(c.expires_at)
        .execute(&self.writer)
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn authorization_code(
        &self,
        code_hash: &[u8],
    ) -> Result<Option<AuthorizationCodeRecord>, StoreError> {
        Ok(sqlx::query_as::<_, CodeRow>(SELECT_CODE)
            .bind(code_hash)
            .fetch_optional(&self.reader)
            .await
            .map_err(db_err)?
            .map(AuthorizationCodeRecord::from))
    }

    async fn redeem_authorization_code(
        &self,
        code_hash: &[u8],
        now: UnixTime,
        refresh: Option<&RefreshTokenRecord>,
    ) -> Result<CodeRedemption, StoreError> {
        let mut tx = self.writer.begin().await.map_err(db_err)?;
        let spent = sqlx::query(
            "UPDATE authorization_codes SET used_at = $1, refresh_family_id = $2
             WHERE code_hash = $3 AND used_at IS NULL AND expires_at > $1",
        )
        .bind(now)
        .bind(refresh.map(|r| r.family_id.clone()))
        .bind(code_hash)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?
        .rows_affected();
        if spent == 1 {
            if let Some(refresh) = refresh {
                insert_refresh(&mut tx, refresh).await?;
            }
            tx.commit().await.map_err(db_err)?;
            return Ok(CodeRedemption::Redeemed);
        }
        let row = sqlx::query_as::<_, CodeRow>(SELECT_CODE)
            .bind(code_hash)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        let outcome = match row {
            Some(CodeRow {
                used_at: Some(_),
                refresh_family_id,
                ..
            }) => {
                if let Some(family) = refresh_family_id {
                    sqlx::query(
                        "UPDATE refresh_tokens SET revoked_at = $1 WHERE family_id = $2 AND revoked_at IS NULL",
                    )
                    .bind(now)
                    .bind(family)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_err)?;
                }
                CodeRedemption::Replayed
            }
            _ => CodeRedemption::Invalid,
        };
        tx.commit().await.map_err(db_err)?;
        Ok(outcome)
    }

    async fn purge_authorization_codes(&self, before: UnixTime) -> Result<u64, StoreError> {
        Ok(
            sqlx::query("DELETE FROM authorization_codes WHERE expires_at < $1")
                .bind(before)
                .execute(&self.writer)
                .await
                .map_err(db_err)?
                .rows_affected(),
        )
    }

    async fn create_session(&self, session: &SessionRecord) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(&session.id_hash)
        .bind(&session.user_id)
        .bind(session.created_at)
        .bind(session.expires_at)
        .execute(&self.writer)
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn session(&self, id_hash: &[u8]) -> Result<Option<SessionRecord>, StoreError> {
        #[derive(FromRow)]
        struct Row {
            id_hash: Vec<u8>,
            user_id: String,
            created_at: i64,
            expires_at: i64,
        }
        Ok(sqlx::query_as::<_, Row>(
            "SELECT id_hash, user_id, created_at, expires_at FROM sessions WHERE id_hash = $1",
        )
        .bind(id_hash)
        .fetch_optional(&self.reader)
        .await
        .map_err(db_err)?
        .map(|r| SessionRecord {
            id_hash: r.id_hash,
            user_id: r.user_id,
            created_at: r.created_at,
            expires_at: r.expires_at,
        }))
    }

    async fn delete_session(&self, id_hash: &[u8]) -> Result<bool, StoreError> {
        Ok(sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(id_hash)
            .execute(&self.writer)
            .await
            .map_err(db_err)?
            .rows_affected()
            == 1)
    }

    async fn purge_sessions(&self, before: UnixTime) -> Result<u64, StoreError> {
        Ok(sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
            .bind(before)
            .execute(&self.writer)
            .await
            .map_err(db_err)?
            .rows_affected())
    }

    async fn latest_otp(
        &self,
        connection: &str,
        recipient: &str,
    ) -> Result<Option<OtpRecord>, StoreError> {
        Ok(sqlx::query_as::<_, OtpRow>(
            "SELECT id, connection, recipient, code_hash, created_at, expires_at, attempts FROM otp_codes WHERE connection = $1 AND recipient = $2",
        )
        .bind(connection)
        .bind(recipient)
        .fetch_optional(&self.reader)
        .await
        .map_err(db_err)?
        .map(OtpRecord::from))
    }

    async fn hit_counter(
        &self,
        bucket: &str,
        key: &str,
        window_start: UnixTime,
        expires_at: UnixTime,
    ) -> Result<i64, StoreError> {
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO rate_counters (bucket, key, window_start, expires_at, count) VALUES ($1, $2, $3, $4, 1)
             ON CONFLICT (bucket, key, window_start) DO UPDATE SET count = rate_counters.count + 1
             RETURNING count",
        )
        .bind(bucket)
        .bind(key)
        .bind(window_start)
        .bind(expires_at)
        .fetch_one(&self.writer)
        .await
        .map_err(db_err)
    }

    async fn counter(
        &self,
        bucket: &str,
        key: &str,
        window_start: UnixTime,
    ) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar::<_, i64>(
            "SELECT count FROM rate_counters WHERE bucket = $1 AND key = $2 AND window_start = $3",
        )
        .bind(bucket)
        .bind(key)
        .bind(window_start)
        .fetch_optional(&self.reader)
        .await
        .map_err(db_err)?
        .unwrap_or(0))
    }

    async fn purge_counters(&self, before: UnixTime) -> Result<u64, StoreError> {
        let r = sqlx::query("DELETE FROM rate_counters WHERE expires_at < $1")
            .bind(before)
            .execute(&self.writer)
            .await
            .map_err(db_err)?;
        Ok(r.rows_affected())
    }

    async fn purge_expired_otps(&self, before: UnixTime) -> Result<u64, StoreError> {
        let r = sqlx::query("DELETE FROM otp_codes WHERE expires_at < $1")
            .bind(before)
            .execute(&self.writer)
            .await
            .map_err(db_err)?;
        Ok(r.rows_affected())
    }

    async fn users(&self, q: &UserQuery) -> Result<(Vec<User>, i64), StoreError> {
        // Absent filters are NULL parameters, so one statement serves every combination.
        use crate::domain::model::UserSort;
        // Never-logged-in users sort as time 0 on both backends (their NULL order differs).
        let order = match q.sort {
            UserSort::CreatedAsc => "created_at, user_id",
            UserSort::CreatedDesc => "created_at DESC, user_id DESC",
            UserSort::UpdatedAsc => "updated_at, user_id",
            UserSort::UpdatedDesc => "updated_at DESC, user_id DESC",
            UserSort::LastLoginAsc => "COALESCE(last_login, 0), user_id",
            UserSort::LastLoginDesc => "COALESCE(last_login, 0) DESC, user_id DESC",
            UserSort::LoginsCountAsc => "logins_count, user_id",
            UserSort::LoginsCountDesc => "logins_count DESC, user_id DESC",
        };
        // A part of the login, as a LIKE pattern with its wildcards taken literally.
        let escape = |part: &str| {
            part.to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        };
        let pattern = match (&q.recipient_prefix, &q.recipient_contains) {
            (Some(start), _) => Some(format!("{}%", escape(start))),
            (None, Some(part)) => Some(format!("%{}%", escape(part))),
            (None, None) => None,
        };
        const FILTER: &str = "($1 IS NULL OR connection = $1) AND ($2 IS NULL OR recipient = $2)
              AND ($3 IS NULL OR LOWER(recipient) LIKE $3 ESCAPE '\\')";
        let sql = format!(
            "SELECT {} FROM users WHERE {FILTER} ORDER BY {order} LIMIT $4 OFFSET $5",
            user_columns!()
        );
        // The order clause comes from a fixed list above, never from input.
        let rows = sqlx::query_as::<_, UserRow>(sqlx::AssertSqlSafe(sql))
            .bind(&q.connection)
            .bind(&q.recipient)
            .bind(&pattern)
            .bind(q.limit)
            .bind(q.offset)
            .fetch_all(&self.reader)
            .await
            .map_err(db_err)?;
        let count = format!("SELECT COUNT(*) FROM users WHERE {FILTER}");
        let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(count))
            .bind(&q.connection)
            .bind(&q.recipient)
            .bind(&pattern)
            .fetch_one(&self.reader)
            .await
            .map_err(db_err)?;
        let users = rows
            .into_iter()
            .map(UserRow::into_user)
            .collect::<Result<Vec<_>, _>>()?;
        Ok((users, total))
    }

    async fn insert_user(&self, u: &NewUser, now: UnixTime) -> Result<bool, StoreError> {
        Ok(sqlx::query(
            "INSERT INTO users (user_id, connection, strategy, recipient, name, blocked, created_at, updated_at, last_login, logins_count)
             VALUES ($1, $2, $3, $4, $5, 0, $6, $6, NULL, 0) ON CONFLICT (connection, recipient) DO NOTHING",
        )
        .bind(&u.user_id)
        .bind(&u.connection)
        .bind(u.strategy.as_str())
        .bind(&u.recipient)
        .bind(&u.name)
        .bind(now)
        .execute(&self.writer)
        .await
        .map_err(db_err)?
        .rows_affected()
            == 1)
    }

    async fn delete_user(&self, user_id: &str) -> Result<bool, StoreError> {
        self.delete_with_dependents(
            user_id,
            &[
                "DELETE FROM device_credentials WHERE user_id = $1",
                "DELETE FROM passkeys WHERE user_id = $1",
                "DELETE FROM refresh_tokens WHERE user_id = $1",
                "DELETE FROM sessions WHERE user_id = $1",
                "DELETE FROM authorization_codes WHERE user_id = $1",
                "DELETE FROM webauthn_ceremonies WHERE user_id = $1",
                "DELETE FROM otp_codes WHERE (connection, recipient) IN (SELECT connection, recipient FROM users WHERE user_id = $1)",
            ],
            "DELETE FROM users WHERE user_id = $1",
        )
        .await
    }

    async fn record_login(&self, user_id: &str, now: UnixTime) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE users SET last_login = $1, updated_at = $1, logins_count = logins_count + 1 WHERE user_id = $2",
        )
        .bind(now)
        .bind(user_id)
        .execute(&self.writer)
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn end_user_sessions(
        &self,
        user_id: &str,
        now: UnixTime,
    ) -> Result<(u64, u64), StoreError> {
        let mut tx = self.writer.begin().await.map_err(db_err)?;
        let sessions = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?
            .rows_affected();
        // Live tokens are counted; rotated ones are revoked too, since a client may still
        // present one within the leeway.
        let live: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL AND rotated_at IS NULL",
        )
        .bind(user_id)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
        sqlx::query(
            "UPDATE refresh_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(user_id)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        tx.commit().await.map_err(db_err)?;
        Ok((sessions, u64::try_from(live).unwrap_or(0)))
    }

    async fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        sqlx::query_scalar::<_, String>("SELECT value FROM settings WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.reader)
            .await
            .map_err(db_err)
    }

    async fn put_setting(&self, key: &str, value: &str, now: UnixTime) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        )
        .bind(key)
        .bind(value)
        .bind(now)
        .execute(&self.writer)
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn record_events(&self, events: &[LogEvent]) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await.map_err(db_err)?;
        for e in events {
            sqlx::query(
                "INSERT INTO logs (id, date, type, description, client_id, connection, user_id, ip)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(&e.id)
            .bind(e.date)
            .bind(&e.kind)
            .bind(&e.description)
            .bind(&e.client_id)
            .bind(&e.connection)
            .bind(&e.user_id)
            .bind(&e.ip)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        }
        tx.commit().await.map_err(db_err)?;
        Ok(())
    }

    async fn events(&self, q: &LogQuery) -> Result<(Vec<LogEvent>, i64), StoreError> {
        #[derive(FromRow)]
        struct Row {
            id: String,
            date: i64,
            #[sqlx(rename = "type")]
            kind: String,
            description: String,
            client_id: Option<String>,
            connection: Option<String>,
            user_id: Option<String>,
            ip: Option<String>,
        }
        let order = if q.oldest_first { "id" } else { "id DESC" };
        let sql = format!(
            "SELECT id, date, type, description, client_id, connection, user_id, ip FROM logs
             WHERE ($1 IS NULL OR type = $1) AND ($2 IS NULL OR user_id = $2) AND ($3 IS NULL OR client_id = $3) AND ($4 IS NULL OR date >= $4) AND ($5 IS NULL OR date < $5) AND ($8 IS NULL OR id = $8)
             ORDER BY {order} LIMIT $6 OFFSET $7"
        );
        // The order clause is one of two fixed strings, never input.
        let rows = sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql))
            .bind(&q.kind)
            .bind(&q.user_id)
            .bind(&q.client_id)
            .bind(q.since)
            .bind(q.until)
            .bind(q.limit)
            .bind(q.offset)
            .bind(&q.id)
            .fetch_all(&self.reader)
            .await
            .map_err(db_err)?;
        let total: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM logs WHERE ($1 IS NULL OR type = $1) AND ($2 IS NULL OR user_id = $2) AND ($3 IS NULL OR client_id = $3) AND ($4 IS NULL OR date >= $4) AND ($5 IS NULL OR date < $5) AND ($6 IS NULL OR id = $6)",
        )
        .bind(&q.kind)
        .bind(&q.user_id)
        .bind(&q.client_id)
        .bind(q.since)
        .bind(q.until)
        .bind(&q.id)
        .fetch_one(&self.reader)
        .await
        .map_err(db_err)?;
        Ok((
            rows.into_iter()
                .map(|r| LogEvent {
                    id: r.id,
                    date: r.date,
                    kind: r.kind,
                    description: r.description,
                    client_id: r.client_id,
                    connection: r.connection,
                    user_id: r.user_id,
                    ip: r.ip,
                })
                .collect(),
            total,
        ))
    }

    async fn purge_events(&self, before: UnixTime) -> Result<u64, StoreError> {
        Ok(sqlx::query("DELETE FROM logs WHERE date < $1")
            .bind(before)
            .execute(&self.writer)
            .await
            .map_err(db_err)?
            .rows_affected())
    }

    async fn insert_ceremony(&self, c: &CeremonyRecord) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO webauthn_ceremonies (id, kind, user_id, client_id, state, expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&c.id)
        .bind(&c.kind)
        .bind(&c.user_id)
        .bind(&c.client_id)
        .bind(&c.state)
        .bind(c.expires_at)
        .execute(&self.writer)
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn take_ceremony(
        &self,
        id: &str,
        kind: &str,
        now: UnixTime,
    ) -> Result<Option<CeremonyRecord>, StoreError> {
        // One statement: of two instances taking the same ceremony, one gets the row.
        let row = sqlx::query_as::<_, CeremonyRow>(
            "DELETE FROM webauthn_ceremonies WHERE id = $1 AND kind = $2
             RETURNING id, kind, user_id, client_id, state, expires_at",
        )
        .bind(id)
        .bind(kind)
        .fetch_optional(&self.writer)
        .await
        .map_err(db_err)?;
        Ok(row.filter(|r| r.expires_at > now).map(|r| CeremonyRecord {
            id: r.id,
            kind: r.kind,
            user_id: r.user_id,
            client_id: r.client_id,
            state: r.state,
            expires_at: r.expires_at,
        }))
    }

    async fn purge_ceremonies(&self, before: UnixTime) -> Result<u64, StoreError> {
        Ok(
            sqlx::query("DELETE FROM webauthn_ceremonies WHERE expires_at < $1")
                .bind(before)
                .execute(&self.writer)
                .await
                .map_err(db_err)?
                .rows_affected(),
        )
    }

    async fn add_passkey(&self, p: &PasskeyRecord) -> Result<bool, StoreError> {
        Ok(sqlx::query(
            "INSERT INTO passkeys (id, user_id, user_handle, name, credential, created_at, last_used_at)
             VALUES ($1, $2, $3, $4, $5, $6, NULL) ON CONFLICT (id) DO NOTHING",
        )
        .bind(&p.id)
        .bind(&p.user_id)
        .bind(&p.user_handle)
        .bind(&p.name)
        .bind(&p.credential)
        .bind(p.created_at)
        .execute(&self.writer)
        .await
        .map_err(db_err)?
        .rows_affected()
            == 1)
    }

    async fn passkey(&self, id: &str) -> Result<Option<PasskeyRecord>, StoreError> {
        Ok(sqlx::query_as::<_, PasskeyRow>(
            "SELECT id, user_id, user_handle, name, credential, created_at, last_used_at FROM passkeys WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.reader)
        .await
        .map_err(db_err)?
        .map(PasskeyRecord::from))
    }

    async fn passkeys_of_user(&self, user_id: &str) -> Result<Vec<PasskeyRecord>, StoreError> {
        Ok(sqlx::query_as::<_, PasskeyRow>(
            "SELECT id, user_id, user_handle, name, credential, created_at, last_used_at FROM passkeys WHERE user_id = $1 ORDER BY created_at, id",
        )
        .bind(user_id)
        .fetch_all(&self.reader)
        .await
        .map_err(db_err)?
        .into_iter()
        .map(PasskeyRecord::from)
        .collect())
    }

    async fn touch_passkey(
        &self,
        id: &str,
        credential: &str,
        now: UnixTime,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE passkeys SET credential = $1, last_used_at = $2 WHERE id = $3")
            .bind(credential)
            .bind(now)
            .bind(id)
            .execute(&self.writer)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn delete_passkey(&self, id: &str, user_id: &str) -> Result<bool, StoreError> {
        Ok(
            sqlx::query("DELETE FROM passkeys WHERE id = $1 AND user_id = $2")
                .bind(id)
                .bind(user_id)
                .execute(&self.writer)
                .await
                .map_err(db_err)?
                .rows_affected()
                == 1,
        )
    }

    async fn add_device_credential(&self, c: &DeviceCredentialRecord) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await.map_err(db_err)?;
        sqlx::query(
            "DELETE FROM device_credentials WHERE user_id = $1 AND client_id = $2 AND device_id = $3",
        )
        .bind(&c.user_id)
        .bind(&c.client_id)
        .bind(&c.device_id)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        sqlx::query(
            "INSERT INTO device_credentials (id, user_id, client_id, device_name, device_id, alg, public_key, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&c.id)
        .bind(&c.user_id)
        .bind(&c.client_id)
        .bind(&c.device_name)
        .bind(&c.device_id)
        .bind(&c.alg)
        .bind(&c.public_key)
        .bind(c.created_at)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        tx.commit().await.map_err(db_err)?;
        Ok(())
    }

    async fn device_credential(
        &self,
        id: &str,
    ) -> Result<Option<DeviceCredentialRecord>, StoreError> {
        Ok(sqlx::query_as::<_, DeviceRow>(
            "SELECT id, user_id, client_id, device_name, device_id, alg, public_key, created_at FROM device_credentials WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.reader)
        .await
        .map_err(db_err)?
        .map(DeviceCredentialRecord::from))
    }

    async fn device_credentials(
        &self,
        user_id: &str,
    ) -> Result<Vec<DeviceCredentialRecord>, StoreError> {
        Ok(sqlx::query_as::<_, DeviceRow>(
            "SELECT id, user_id, client_id, device_name, device_id, alg, public_key, created_at FROM device_credentials WHERE user_id = $1 ORDER BY created_at, id",
        )
        .bind(user_id)
        .fetch_all(&self.reader)
        .await
        .map_err(db_err)?
        .into_iter()
        .map(DeviceCredentialRecord::from)
        .collect())
    }

    async fn delete_device_credential(&self, id: &str) -> Result<bool, StoreError> {
        Ok(sqlx::query("DELETE FROM device_credentials WHERE id = $1")
            .bind(id)
            .execute(&self.writer)
            .await
            .map_err(db_err)?
            .rows_affected()
            == 1)
    }

    async fn record_assertion(
        &self,
        token_hash: &[u8],
        expires_at: UnixTime,
    ) -> Result<bool, StoreError> {
        Ok(sqlx::query(
            "INSERT INTO used_assertions (token_hash, expires_at) VALUES ($1, $2) ON CONFLICT (token_hash) DO NOTHING",
        )
        .bind(token_hash)
        .bind(expires_at)
        .execute(&self.writer)
        .await
        .map_err(db_err)?
        .rows_affected()
            == 1)
    }

    async fn purge_assertions(&self, before: UnixTime) -> Result<u64, StoreError> {
        Ok(
            sqlx::query("DELETE FROM used_assertions WHERE expires_at < $1")
                .bind(before)
                .execute(&self.writer)
                .await
                .map_err(db_err)?
                .rows_affected(),
        )
    }

    async fn insert_refresh_token(&self, token: &RefreshTokenRecord) -> Result<(), StoreError> {
        let mut conn = self.writer.acquire().await.map_err(db_err)?;
        insert_refresh(&mut conn, token).await
    }

    async fn refresh_tokens_of_user(
        &self,
        user_id: &str,
    ) -> Result<Vec<RefreshTokenRecord>, StoreError> {
        Ok(sqlx::query_as::<_, RefreshRow>(
            "SELECT * FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL AND rotated_at IS NULL ORDER BY created_at, id",
        )
        .bind(user_id)
        .fetch_all(&self.reader)
        .await
        .map_err(db_err)?
        .into_iter()
        .map(RefreshTokenRecord::from)
        .collect())
    }

    async fn revoke_refresh_token_by_id(
        &self,
        id: &str,
        now: UnixTime,
    ) -> Result<bool, StoreError> {
        Ok(sqlx::query(
            "UPDATE refresh_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(id)
        .execute(&self.writer)
        .await
        .map_err(db_err)?
        .rows_affected()
            == 1)
    }

    async fn refresh_token(
        &self,
        token_hash: &[u8],
    ) -> Result<Option<RefreshTokenRecord>, StoreError> {
        Ok(
            sqlx::query_as::<_, RefreshRow>("SELECT * FROM refresh_tokens WHERE token_hash = $1")
                .bind(token_hash)
                .fetch_optional(&self.reader)
                .await
                .map_err(db_err)?
                .map(RefreshTokenRecord::from),
        )
    }

    async fn use_refresh_token(
        &self,
        token_hash: &[u8],
        now: UnixTime,
        replacement: Option<&RefreshTokenRecord>,
        leeway: i64,
        new_idle_expiry: Option<UnixTime>,
    ) -> Result<RefreshUse, StoreError> {
        let mut tx = self.writer.begin().await.map_err(db_err)?;
        let Some(token) =
            sqlx::query_as::<_, RefreshRow>("SELECT * FROM refresh_tokens WHERE token_hash = $1")
                .bind(token_hash)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_err)?
                .map(RefreshTokenRecord::from)
        else {
            return Ok(RefreshUse::Invalid);
        };
        if !refresh_alive(&token, now) {
            return Ok(RefreshUse::Invalid);
        }
        // A rotated token is only accepted again inside the leeway window (none when 0).
        if let Some(rotated_at) = token.rotated_at
            && now - rotated_at >= leeway
        {
            sqlx::query("UPDATE refresh_tokens SET revoked_at = $1 WHERE family_id = $2 AND revoked_at IS NULL")
                .bind(now)
                .bind(&token.family_id)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
            tx.commit().await.map_err(db_err)?;
            return Ok(RefreshUse::Reused);
        }
        // Conditional updates: if another request rotated or revoked this token since the
        // read above, nothing matches and this one loses the race.
        let claimed = match (replacement, token.rotated_at) {
            (Some(_), None) => sqlx::query(
                "UPDATE refresh_tokens SET rotated_at = $1 WHERE id = $2 AND rotated_at IS NULL AND revoked_at IS NULL",
            )
            .bind(now)
            .bind(&token.id),
            (None, _) if new_idle_expiry.is_some() => sqlx::query(
                "UPDATE refresh_tokens SET idle_expires_at = $1 WHERE id = $2 AND revoked_at IS NULL",
            )
            .bind(new_idle_expiry)
            .bind(&token.id),
            _ => sqlx::query("SELECT 1 FROM refresh_tokens WHERE id = $1 AND revoked_at IS NULL").bind(&token.id),
        }
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        let touched =
            claimed.rows_affected() > 0 || (replacement.is_none() && new_idle_expiry.is_none());
        if !touched {
            tx.rollback().await.map_err(db_err)?;
            return Ok(RefreshUse::Invalid);
        }
        if let Some(new) = replacement {
            insert_refresh(&mut tx, new).await?;
        }
        tx.commit().await.map_err(db_err)?;
        Ok(RefreshUse::Accepted(Box::new(token)))
    }

    async fn revoke_refresh_token(
        &self,
        token_hash: &[u8],
        client_id: &str,
        now: UnixTime,
    ) -> Result<bool, StoreError> {
        let r = sqlx::query(
            "UPDATE refresh_tokens SET revoked_at = $1 WHERE token_hash = $2 AND client_id = $3 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(token_hash)
        .bind(client_id)
        .execute(&self.writer)
        .await
        .map_err(db_err)?;
        Ok(r.rows_affected() > 0)
    }

    async fn revoke_signing_key(&self, kid: &str) -> Result<bool, StoreError> {
        Ok(sqlx::query(
            "UPDATE signing_keys SET state = 'retired' WHERE kid = $1 AND state = 'previous'",
        )
        .bind(kid)
        .execute(&self.writer)
        .await
        .map_err(db_err)?
        .rows_affected()
            == 1)
    }

    async fn signing_keys(&self) -> Result<Vec<SigningKeyRecord>, StoreError> {
        sqlx::query_as::<_, KeyRow>(
            "SELECT kid, alg, sealed_private_key, created_at, state FROM signing_keys ORDER BY created_at DESC, kid",
        )
        .fetch_all(&self.reader)
        .await
        .map_err(db_err)?
        .into_iter()
        .map(|r| {
            Ok(SigningKeyRecord {
                state: KeyState::parse(&r.state).ok_or_else(|| corrupt("key state", &r.state))?,
                kid: r.kid,
                alg: r.alg,
                sealed_private_key: r.sealed_private_key,
                created_at: r.created_at,
            })
        })
        .collect()
    }

    async fn add_signing_key(
        &self,
        key: &SigningKeyRecord,
        replace_current: bool,
    ) -> Result<bool, StoreError> {
        let mut tx = self.writer.begin().await.map_err(db_err)?;
        if replace_current {
            for (from, to) in [
                (KeyState::Previous, KeyState::Retired),
                (KeyState::Current, KeyState::Previous),
            ] {
                sqlx::query("UPDATE signing_keys SET state = $1 WHERE state = $2")
                    .bind(to.as_str())
                    .bind(from.as_str())
                    .execute(&mut *tx)
                    .await
                    .map_err(db_err)?;
            }
        }
        // The partial unique index allows one current key: a first key that lost a start-up
        // race is simply not inserted.
        let inserted = sqlx::query(
            "INSERT INTO signing_keys (kid, alg, sealed_private_key, created_at, state) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (state) WHERE state = 'current' DO NOTHING",
        )
        .bind(&key.kid)
        .bind(&key.alg)
        .bind(&key.sealed_private_key)
        .bind(key.created_at)
        .bind(KeyState::Current.as_str())
        .execute(&mut *tx)
        .await
        .map_err(db_err)?
        .rows_affected()
            > 0;
        tx.commit().await.map_err(db_err)?;
        Ok(inserted)
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| corrupt("json column", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The durability and locking settings really reach SQLite's connections.
    #[tokio::test]
    async fn sqlite_connections_get_their_pragmas() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("p.sqlite").display());
        let store = SqlStore::open(&url).await.unwrap();
        for pool in [&store.writer, &store.reader] {
            let sync: i64 = sqlx::query_scalar("PRAGMA synchronous")
                .fetch_one(pool)
                .await
                .unwrap();
            assert_eq!(sync, 1, "synchronous = NORMAL");
            let busy: i64 = sqlx::query_scalar("PRAGMA busy_timeout")
                .fetch_one(pool)
                .await
                .unwrap();
            assert_eq!(busy, 5000);
            let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
                .fetch_one(pool)
                .await
                .unwrap();
            assert_eq!(mode, "wal");
        }
        let checkpoint: i64 = sqlx::query_scalar("PRAGMA wal_autocheckpoint")
            .fetch_one(&store.writer)
            .await
            .unwrap();
        assert_eq!(checkpoint, 10_000);
    }
}
