//! The `users` table: who has logged in (or been created) on each connection, their login
//! counts, and the search behind the Management API's user list.

use async_trait::async_trait;
use rusqlite::types::ToSql;
use sqlx::AnyConnection;

use super::connections::strategy;
use super::embedded;
use super::refresh_tokens::{INSERT_REFRESH, insert_refresh};
use super::{Backend, Finish, Row, SqlStore, bind, end, find, list, mirror_row, run, write};
use crate::domain::UnixTime;
use crate::domain::model::{
    NewUser, OtpLogin, OtpLoginOutcome, Profile, SearchField, User, UserEdited, UserQuery,
    UserSearch, UserSort,
};
use crate::domain::ports::{StoreError, UserEditRule, UserStore};

mirror_row!(UserRow => User {
    user_id: String, connection: String, recipient: String, name: String, created_at: i64,
    updated_at: i64, last_login: Option<i64>, logins_count: i64;
    strategy: String => strategy, blocked: i64 => flag, verified: i64 => flag,
    profile: String => profile,
});

/// Reads a 0/1 column back as a flag (a `mirror_row!` conversion).
fn flag(_column: &str, value: i64) -> Result<bool, StoreError> {
    Ok(value != 0)
}

/// Reads the profile's JSON back (a `mirror_row!` conversion).
fn profile(column: &str, value: String) -> Result<Box<Profile>, StoreError> {
    serde_json::from_str(&value).map_err(|e| StoreError::Corrupt(format!("users.{column}: {e}")))
}

/// The profile as stored.
pub(super) fn profile_json(p: &Profile) -> Result<String, StoreError> {
    serde_json::to_string(p).map_err(|e| StoreError::Corrupt(format!("users.profile: {e}")))
}

/// The `users` columns in `UserRow` order (a macro so queries stay `&'static str`).
macro_rules! user_columns {
    () => {
        "user_id, connection, strategy, recipient, name, blocked, verified, profile, created_at, updated_at, last_login, logins_count"
    };
}

/// A code login's user, created (`$1` id, `$2` connection, `$3` strategy, `$4` recipient,
/// `$5` name, at `$6`) or their login counted.
const SIGN_UP_OR_COUNT: &str = concat!(
    "INSERT INTO users (user_id, connection, strategy, recipient, name, blocked, created_at, updated_at, last_login, logins_count)
     VALUES ($1, $2, $3, $4, $5, 0, $6, $6, $6, 1)
     ON CONFLICT (connection, recipient) DO UPDATE SET last_login = excluded.last_login,
       updated_at = excluded.updated_at, logins_count = users.logins_count + 1,
       verified = 1
     RETURNING ",
    user_columns!()
);

/// A code login's existing user (`$2` connection, `$3` recipient), their login counted at
/// `$1`.
const COUNT_LOGIN: &str = concat!(
    "UPDATE users SET last_login = $1, updated_at = $1, logins_count = logins_count + 1,
       verified = 1 WHERE connection = $2 AND recipient = $3 RETURNING ",
    user_columns!()
);

/// Inside a code login's transaction, one statement creates the user or counts the login; a
/// new user is recognised by the id this login proposed. Without sign-up, only an existing
/// user is updated, and `None` means there is none.
async fn count_login(
    conn: &mut AnyConnection,
    login: &OtpLogin,
) -> Result<Option<(User, bool)>, StoreError> {
    let u = &login.new_user;
    let user = if login.allow_signup {
        let upsert = sqlx::query_as::<_, UserRow>(SIGN_UP_OR_COUNT);
        let upsert = bind!(upsert; &u.user_id, &u.connection, u.strategy.as_str(), &u.recipient,
            &u.name, login.now);
        Some(upsert.fetch_one(conn).await?.into_record()?)
    } else {
        let update = sqlx::query_as::<_, UserRow>(COUNT_LOGIN);
        find(
            conn,
            bind!(update; login.now, &login.code.connection, &login.code.recipient),
        )
        .await?
    };
    Ok(user.map(|user| {
        let created = user.user_id == u.user_id;
        (user, created)
    }))
}

/// PostgreSQL: spending the code (`$1`, its id), the login and the refresh token in one
/// statement (data-modifying `WITH`s), where SQLite takes three. `$users` creates the user or
/// counts the login; `$refresh` (empty without a refresh token) stores the token for the
/// user `login` returns, unless they are blocked (the caller then rolls back anyway).
macro_rules! pg_login {
    ($users:expr, $refresh:expr) => {
        concat!(
            "WITH spent AS (DELETE FROM otp_codes WHERE id = $1), login AS (",
            $users,
            " RETURNING ",
            user_columns!(),
            ")",
            $refresh,
            " SELECT ",
            user_columns!(),
            " FROM login"
        )
    };
}

/// The sign-up upsert of `count_login`, numbered from `$2`.
macro_rules! pg_upsert {
    () => {
        "INSERT INTO users (user_id, connection, strategy, recipient, name, blocked, created_at, updated_at, last_login, logins_count)
         VALUES ($2, $3, $4, $5, $6, 0, $7, $7, $7, 1)
         ON CONFLICT (connection, recipient) DO UPDATE SET last_login = excluded.last_login,
           updated_at = excluded.updated_at, logins_count = users.logins_count + 1,
           verified = 1"
    };
}

/// The login count of `count_login` without sign-up, numbered from `$2`.
macro_rules! pg_update {
    () => {
        "UPDATE users SET last_login = $2, updated_at = $2, logins_count = logins_count + 1,
           verified = 1 WHERE connection = $3 AND recipient = $4"
    };
}

/// The refresh token's insert, for the user `login` returns; `$a` … are its parameters.
macro_rules! pg_refresh {
    ($a:literal, $b:literal, $c:literal, $d:literal, $e:literal, $f:literal, $g:literal,
     $h:literal, $i:literal, $j:literal) => {
        concat!(
            ", refresh AS (INSERT INTO refresh_tokens (id, token_hash, family_id, client_id, user_id, scope, audience, device, created_at, family_expires_at, idle_expires_at, rotated_at, revoked_at) SELECT ",
            $a, ", ", $b, ", ", $c, ", ", $d, ", login.user_id, ", $e, ", ", $f, ", ", $g, ", ",
            $h, ", ", $i, ", ", $j, ", NULL, NULL FROM login WHERE login.blocked = 0)"
        )
    };
}

/// [`spend_and_log_in`] and the end of its transaction: committed (a spent code stays
/// spent when there is no user and no sign-up), or rolled back for a blocked user, who keeps
/// their code and their login count as they were.
pub(super) async fn log_in_and_commit(
    mut tx: sqlx::Transaction<'_, sqlx::Any>,
    backend: Backend,
    code_id: &str,
    login: &OtpLogin,
) -> Result<OtpLoginOutcome, StoreError> {
    let (outcome, finish) = login_ends(spend_and_log_in(&mut tx, backend, code_id, login).await?);
    end(tx, finish).await?;
    Ok(outcome)
}

/// How a code login's transaction ends, from the user it created or counted: committed (a
/// spent code stays spent when there is no user and no sign-up), or rolled back for a
/// blocked user, who keeps their code and their login count as they were.
fn login_ends(logged_in: Option<(User, bool)>) -> (OtpLoginOutcome, Finish) {
    match logged_in {
        None => (OtpLoginOutcome::SignupDisabled, Finish::Commit),
        Some((user, _)) if user.blocked => (OtpLoginOutcome::Blocked, Finish::Rollback),
        Some((user, created)) => (OtpLoginOutcome::LoggedIn { user, created }, Finish::Commit),
    }
}

/// A code login's writes after the code was judged right, inside its transaction: the
/// code is spent, the user created or their login counted (`None`: no such user and no
/// sign-up), and the refresh token stored for them unless they are blocked. One statement on
/// PostgreSQL; three on SQLite, where each is a cheap call into the embedded database.
pub(super) async fn spend_and_log_in(
    conn: &mut AnyConnection,
    backend: Backend,
    code_id: &str,
    login: &OtpLogin,
) -> Result<Option<(User, bool)>, StoreError> {
    if backend == Backend::Sqlite {
        let spend = sqlx::query("DELETE FROM otp_codes WHERE id = $1").bind(code_id);
        run(&mut *conn, spend).await?;
        let logged_in = count_login(&mut *conn, login).await?;
        if let (Some((user, _)), Some(refresh)) = (&logged_in, &login.refresh_token)
            && !user.blocked
        {
            let mut refresh = refresh.clone();
            refresh.user_id = user.user_id.clone();
            insert_refresh(&mut *conn, &refresh).await?;
        }
        return Ok(logged_in);
    }
    let u = &login.new_user;
    let sql = match (login.allow_signup, login.refresh_token.is_some()) {
        (true, true) => pg_login!(
            pg_upsert!(),
            pg_refresh!(
                "$8", "$9", "$10", "$11", "$12", "$13", "$14", "$15", "$16", "$17"
            )
        ),
        (true, false) => pg_login!(pg_upsert!(), ""),
        (false, true) => pg_login!(
            pg_update!(),
            pg_refresh!(
                "$5", "$6", "$7", "$8", "$9", "$10", "$11", "$12", "$13", "$14"
            )
        ),
        (false, false) => pg_login!(pg_update!(), ""),
    };
    let mut q = sqlx::query_as::<_, UserRow>(sql).bind(code_id);
    q = if login.allow_signup {
        bind!(q; &u.user_id, &u.connection, u.strategy.as_str(), &u.recipient, &u.name,
            login.now)
    } else {
        bind!(q; login.now, &login.code.connection, &login.code.recipient)
    };
    if let Some(t) = &login.refresh_token {
        q = bind!(q; &t.id, &t.token_hash, &t.family_id, &t.client_id, &t.scope, &t.audience,
            &t.device, t.created_at, t.family_expires_at, t.idle_expires_at);
    }
    let user = find(&mut *conn, q).await?;
    Ok(user.map(|user| {
        let created = user.user_id == u.user_id;
        (user, created)
    }))
}

/// [`log_in_and_commit`] on the embedded connection (SQLite's three statements): the code
/// spent, the user created or counted, the refresh token stored; how the transaction ends.
pub(super) fn log_in_embedded(
    tx: &rusqlite::Connection,
    code_id: &str,
    login: &OtpLogin,
) -> Result<(OtpLoginOutcome, Finish), StoreError> {
    embedded::write(tx, super::otp::SPEND, &[&code_id])?;
    let u = &login.new_user;
    let user = if login.allow_signup {
        let values: [&dyn ToSql; 6] = [
            &u.user_id,
            &u.connection,
            &u.strategy.as_str(),
            &u.recipient,
            &u.name,
            &login.now,
        ];
        embedded::find::<UserRow>(tx, SIGN_UP_OR_COUNT, &values)?
    } else {
        let values: [&dyn ToSql; 3] = [&login.now, &login.code.connection, &login.code.recipient];
        embedded::find::<UserRow>(tx, COUNT_LOGIN, &values)?
    };
    if let (Some(user), Some(t)) = (&user, &login.refresh_token)
        && !user.blocked
    {
        let values: [&dyn ToSql; 11] = [
            &t.id,
            &t.token_hash,
            &t.family_id,
            &t.client_id,
            &user.user_id,
            &t.scope,
            &t.audience,
            &t.device,
            &t.created_at,
            &t.family_expires_at,
            &t.idle_expires_at,
        ];
        embedded::write(tx, INSERT_REFRESH, &values)?;
    }
    Ok(login_ends(user.map(|user| {
        let created = user.user_id == u.user_id;
        (user, created)
    })))
}

#[async_trait]
impl UserStore for SqlStore {
    #[tracing::instrument(level = "debug", skip_all, name = "store.user")]
    async fn user(&self, user_id: &str) -> Result<Option<User>, StoreError> {
        let sql = concat!("SELECT ", user_columns!(), " FROM users WHERE user_id = $1");
        if let Some(embedded) = &self.embedded {
            return embedded.reads().find::<UserRow>(sql, &[&user_id]);
        }
        find(
            &self.reader,
            sqlx::query_as::<_, UserRow>(sql).bind(user_id),
        )
        .await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.user_by_recipient")]
    async fn user_by_recipient(&self, conn: &str, to: &str) -> Result<Option<User>, StoreError> {
        let sql = concat!(
            "SELECT ",
            user_columns!(),
            " FROM users WHERE connection = $1 AND recipient = $2"
        );
        if let Some(embedded) = &self.embedded {
            return embedded.reads().find::<UserRow>(sql, &[&conn, &to]);
        }
        find(
            &self.reader,
            sqlx::query_as::<_, UserRow>(sql).bind(conn).bind(to),
        )
        .await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.set_user_blocked")]
    async fn set_user_blocked(
        &self,
        id: &str,
        blocked: bool,
        now: UnixTime,
    ) -> Result<bool, StoreError> {
        let update = "UPDATE users SET blocked = $1, updated_at = $2 WHERE user_id = $3";
        let update = bind!(sqlx::query(update); i64::from(blocked), now, id);
        Ok(write(&self.writer, update).await? > 0)
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.users")]
    async fn users(&self, q: &UserQuery) -> Result<(Vec<User>, i64), StoreError> {
        // Absent filters are NULL parameters, so one statement serves every combination.
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
        let postgres = self.backend == Backend::Postgres;
        // The search's condition, numbered after the page's parameters and again after the
        // count's (PostgreSQL wants every parameter of a statement used).
        let (page_search, values) = search_condition(q.search.as_ref(), 6, postgres);
        let (count_search, _) = search_condition(q.search.as_ref(), 4, postgres);
        let sql = format!(
            "SELECT {} FROM users WHERE {FILTER} AND {page_search} ORDER BY {order} LIMIT $4 OFFSET $5",
            user_columns!()
        );
        // The order clause comes from a fixed list above and the search's SQL from the parsed
        // tree (fields to fixed SQL, every value a parameter), never from input.
        let mut page = sqlx::query_as::<_, UserRow>(sqlx::AssertSqlSafe(sql));
        page = bind!(page; &q.connection, &q.recipient, &pattern, q.slice.limit, q.slice.offset);
        for v in &values {
            page = page.bind(v);
        }
        let users = list(&self.reader, page).await?;
        let count = format!("SELECT COUNT(*) FROM users WHERE {FILTER} AND {count_search}");
        let mut count = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(count));
        count = bind!(count; &q.connection, &q.recipient, &pattern);
        for v in &values {
            count = count.bind(v);
        }
        let total = count.fetch_one(&self.reader).await?;
        Ok((users, total))
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.insert_user")]
    async fn insert_user(&self, u: &NewUser, now: UnixTime) -> Result<bool, StoreError> {
        // A taken user id is a conflict as a taken login is (an import may bring its ids).
        let insert = sqlx::query(
            "INSERT INTO users (user_id, connection, strategy, recipient, name, blocked, verified, profile, created_at, updated_at, last_login, logins_count)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, NULL, 0) ON CONFLICT DO NOTHING",
        );
        let insert = bind!(insert; &u.user_id, &u.connection, u.strategy.as_str(), &u.recipient,
            &u.name, i64::from(u.blocked), i64::from(u.verified), profile_json(&u.profile)?, now);
        Ok(write(&self.writer, insert).await? == 1)
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.edit_user")]
    async fn edit_user(
        &self,
        user_id: &str,
        edit: UserEditRule<'_>,
        now: UnixTime,
    ) -> Result<UserEdited, StoreError> {
        let mut tx = self.writer.begin().await?;
        let read = concat!("SELECT ", user_columns!(), " FROM users WHERE user_id = $1");
        let read = sqlx::query_as::<_, UserRow>(read).bind(user_id);
        let Some(stored) = find(&mut *tx, read).await? else {
            return Ok(UserEdited::Missing);
        };
        let user = match edit(&stored) {
            Ok(u) => u,
            Err(reason) => return Ok(UserEdited::Refused(reason)),
        };
        if user.recipient != stored.recipient {
            // The old login's waiting code is for a login the user no longer has.
            let stale = "DELETE FROM otp_codes WHERE connection = $1 AND recipient = $2";
            run(
                &mut *tx,
                bind!(sqlx::query(stale); &stored.connection, &stored.recipient),
            )
            .await?;
        }
        let update = "UPDATE users SET recipient = $1, name = $2, blocked = $3, verified = $4,
              profile = $5, updated_at = $6 WHERE user_id = $7";
        let update = bind!(sqlx::query(update); &user.recipient, &user.name,
            i64::from(user.blocked), i64::from(user.verified), profile_json(&user.profile)?, now,
            user_id);
        // The unique index on (connection, recipient) decides whether the new login is
        // another user's, racing edits included, on both backends; the refused edit's
        // transaction is dropped, so its code deletion is rolled back with it.
        match update.execute(&mut *tx).await {
            Err(e)
                if e.as_database_error()
                    .is_some_and(|d| d.is_unique_violation()) =>
            {
                return Ok(UserEdited::Taken);
            }
            other => other?,
        };
        tx.commit().await?;
        Ok(UserEdited::Done(User {
            updated_at: now,
            ..user
        }))
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.delete_user")]
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
                "DELETE FROM user_roles WHERE user_id = $1",
                "DELETE FROM user_permissions WHERE user_id = $1",
                "DELETE FROM otp_codes WHERE (connection, recipient) IN (SELECT connection, recipient FROM users WHERE user_id = $1)",
            ],
            "DELETE FROM users WHERE user_id = $1",
        )
        .await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.record_login")]
    async fn record_login(&self, user_id: &str, now: UnixTime) -> Result<(), StoreError> {
        let update = sqlx::query(
            "UPDATE users SET last_login = $1, updated_at = $1, logins_count = logins_count + 1 WHERE user_id = $2",
        );
        run(&self.writer, update.bind(now).bind(user_id)).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.end_user_sessions")]
    async fn end_user_sessions(
        &self,
        user_id: &str,
        now: UnixTime,
    ) -> Result<(u64, u64), StoreError> {
        let mut tx = self.writer.begin().await?;
        let end = sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id);
        let sessions = write(&mut *tx, end).await?;
        // Live tokens are counted; rotated ones are revoked too, since a client may still
        // present one within the leeway.
        let live: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL AND rotated_at IS NULL",
        )
        .bind(user_id)
        .fetch_one(&mut *tx)
        .await?;
        let revoke = sqlx::query(
            "UPDATE refresh_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
        );
        run(&mut *tx, revoke.bind(now).bind(user_id)).await?;
        tx.commit().await?;
        Ok((sessions, u64::try_from(live).unwrap_or(0)))
    }
}

/// The SQL condition for `search`, its parameters numbered from `$first`, and their values
/// in order. Each field is fixed SQL; each value a parameter (a prefix as a `LIKE` pattern
/// with its wildcards escaped).
fn search_condition(
    search: Option<&UserSearch>,
    first: usize,
    postgres: bool,
) -> (String, Vec<String>) {
    let mut values = Vec::new();
    let sql = match search {
        None => "1 = 1".to_string(),
        Some(s) => condition(s, first, postgres, &mut values),
    };
    (sql, values)
}

fn condition(s: &UserSearch, first: usize, postgres: bool, values: &mut Vec<String>) -> String {
    let join = |parts: &[UserSearch], op: &str, values: &mut Vec<String>| {
        let parts: Vec<String> = parts
            .iter()
            .map(|p| condition(p, first, postgres, values))
            .collect();
        format!("({})", parts.join(op))
    };
    match s {
        UserSearch::All(parts) => join(parts, " AND ", values),
        UserSearch::Any(parts) => join(parts, " OR ", values),
        UserSearch::Term(t) => {
            let mut param = |value: String| {
                values.push(value);
                format!("${}", first + values.len() - 1)
            };
            let like = |v: &str| {
                format!(
                    "{}%",
                    v.replace('\\', "\\\\")
                        .replace('%', "\\%")
                        .replace('_', "\\_")
                )
            };
            let matched = |column: &str, param: &mut dyn FnMut(String) -> String| {
                if t.prefix {
                    format!("{column} LIKE {} ESCAPE '\\'", param(like(&t.value)))
                } else {
                    format!("{column} = {}", param(t.value.clone()))
                }
            };
            match &t.field {
                SearchField::Name => matched("LOWER(name)", &mut param),
                SearchField::Email => format!(
                    "(strategy = 'email' AND {})",
                    matched("recipient", &mut param)
                ),
                SearchField::PhoneNumber => format!(
                    "(strategy = 'sms' AND {})",
                    matched("recipient", &mut param)
                ),
                SearchField::UserId if t.prefix => {
                    // LIKE ignores case on SQLite; an id's start is compared exactly.
                    let n = t.value.chars().count();
                    format!("SUBSTR(user_id, 1, {n}) = {}", param(t.value.clone()))
                }
                SearchField::UserId => format!("user_id = {}", param(t.value.clone())),
                SearchField::Connection => format!("connection = {}", param(t.value.clone())),
                SearchField::AppMetadata(key) if postgres => {
                    let key = param(key.clone());
                    format!(
                        "(CAST(profile AS json) -> 'app_metadata' ->> {key}) = {}",
                        param(t.value.clone())
                    )
                }
                SearchField::AppMetadata(key) => {
                    let path = param(format!("$.app_metadata.\"{key}\""));
                    format!(
                        "CAST(json_extract(profile, {path}) AS TEXT) = {}",
                        param(t.value.clone())
                    )
                }
            }
        }
    }
}
