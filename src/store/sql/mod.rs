//! The SQL store, one implementation for both backends: the embedded SQLite file and
//! PostgreSQL. The schema is the same on both (`migrations/sqlite`, `migrations/postgres`)
//! and so is every statement but one: writes that must not race are conditional (`… WHERE
//! attempts < $n`, `… WHERE rotated_at IS NULL`) and checked by the rows they touch, which is
//! atomic on PostgreSQL's row locks and on SQLite's single writer alike. The exception is a
//! code login's writes, which PostgreSQL does in one statement (data-modifying `WITH`s, one
//! round trip instead of three; `users::spend_and_log_in`) and SQLite in three.
//!
//! On SQLite the writes that bear a login's load run on a thread of their own: the
//! transactions that hold the writer longest in the writer lane (`writer_lane`), and a login's
//! own writes and the event log's batches as one call each on the embedded connection there
//! (`embedded`), committed in groups, with the same SQL as the sqlx path; the point reads a
//! login makes run on rusqlite's read-only connections in the caller's thread
//! (`embedded_reads`).
//!
//! This module owns the pools, the migrations and the few helpers every table uses; each
//! table (or group of tables one aggregate keeps) has its own file with its row type and its
//! part of the [`Store`](crate::domain::ports::Store). Each of its methods runs in a
//! `store.<method>` span for tracing, with no fields: arguments carry code hashes, tokens'
//! hashes and recipients.

mod authorization_codes;
mod client_grants;
mod clients;
mod connections;
mod counters;
mod deliveries;
mod device_credentials;
mod embedded;
mod embedded_reads;
mod events;
mod jobs;
mod otp;
mod passkeys;
mod purge;
mod refresh_tokens;
mod resource_servers;
mod roles;
pub mod schema;
mod sessions;
mod settings;
mod signing_keys;
pub mod sqlite_file;
mod users;
mod writer_lane;

mod overview;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::any::{AnyArguments, AnyPoolOptions, AnyRow};
use sqlx::{Any, AnyConnection, AnyPool, Executor, FromRow};
use tracing::Instrument;

use crate::domain::ports::{HealthStore, PoolUse, StoreError};

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

#[derive(Clone)]
pub struct SqlStore {
    /// Where writes go. On SQLite this is one connection, so write transactions queue
    /// instead of failing on SQLite's lock; on PostgreSQL it is the same pool as `reader`.
    writer: AnyPool,
    reader: AnyPool,
    /// Where one statement can do the work of several (PostgreSQL's data-modifying `WITH`).
    backend: Backend,
    /// SQLite's writes that hold the writer longest run here (see [`SqlStore::on_writer`]).
    lane: Option<Arc<writer_lane::WriterLane>>,
    /// SQLite's login writes, one call each, on the lane (a database file only: a second
    /// connection to `:memory:` would open another, empty database).
    embedded: Option<embedded::Embedded>,
}

/// Per-connection SQLite settings: wait for the lock instead of failing, WAL-friendly
/// durability, and foreign keys on.
async fn sqlite_pragmas(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    conn.execute(SQLITE_PRAGMAS).await?;
    Ok(())
}

/// [`sqlite_pragmas`]' settings, which the embedded connections take too.
const SQLITE_PRAGMAS: &str =
    "PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON";

/// How a transaction (or, on the embedded connection, a unit of work) ends.
enum Finish {
    Commit,
    Rollback,
}

/// Ends a sqlx transaction as `finish` says.
async fn end(tx: sqlx::Transaction<'_, Any>, finish: Finish) -> Result<(), StoreError> {
    match finish {
        Finish::Commit => tx.commit().await?,
        Finish::Rollback => tx.rollback().await?,
    }
    Ok(())
}

/// Pools that hand out connections without pinging them first. sqlx's default pings every
/// connection it hands out: one more trip to SQLite's worker thread (or to PostgreSQL) for
/// every statement run on the pool. A connection that broke shows itself on its next
/// statement instead, which fails, and the pool replaces it.
fn pool_options() -> AnyPoolOptions {
    AnyPoolOptions::new().test_before_acquire(false)
}

/// A failed migration, said as such (the error it wraps stays its source).
#[derive(Debug, thiserror::Error)]
#[error("migration failed: {0}")]
struct MigrationFailed(#[source] sqlx::migrate::MigrateError);

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        StoreError::Database(Box::new(MigrationFailed(e)))
    }
}

/// How long a PostgreSQL server has to answer a connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// `host:port/database` of a PostgreSQL URL, never its password.
fn postgres_target(url: &str) -> String {
    match url.parse::<sqlx::postgres::PgConnectOptions>() {
        Ok(o) => format!(
            "PostgreSQL at {}:{}/{}",
            o.get_host(),
            o.get_port(),
            o.get_database().unwrap_or_default()
        ),
        Err(_) => "PostgreSQL (the database_url does not read as one)".into(),
    }
}

/// One direct connection before the pool: a pool retries a refused connection until its
/// timeout and then says only "pool timed out"; this says at once what failed, and where.
async fn reach_postgres(url: &str) -> Result<(), StoreError> {
    let target = postgres_target(url);
    match tokio::time::timeout(
        CONNECT_TIMEOUT,
        <AnyConnection as sqlx::Connection>::connect(url),
    )
    .await
    {
        Ok(Ok(conn)) => {
            let _ = sqlx::Connection::close(conn).await;
            Ok(())
        }
        Ok(Err(e)) => Err(StoreError::Database(
            format!("cannot connect to {target}: {e}").into(),
        )),
        Err(_) => Err(StoreError::Database(
            format!("{target} did not answer within {CONNECT_TIMEOUT:?}").into(),
        )),
    }
}

impl SqlStore {
    /// Connects, creating the SQLite file if needed, and runs the migrations (on PostgreSQL
    /// under the migrator's advisory lock, so instances starting together are safe).
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        match Backend::of(url) {
            Some(Backend::Sqlite) => Self::open_sqlite(url).await,
            Some(Backend::Postgres) => {
                reach_postgres(url).await?;
                let pool = pool_options()
                    .max_connections(16)
                    .acquire_timeout(CONNECT_TIMEOUT)
                    .connect(url)
                    .await?;
                schema::migrate(&pool, Backend::Postgres).await?;
                Ok(Self {
                    writer: pool.clone(),
                    reader: pool,
                    backend: Backend::Postgres,
                    lane: None,
                    embedded: None,
                })
            }
            None => Err(StoreError::Database(
                "database_url must be sqlite:// or postgres://".into(),
            )),
        }
    }

    /// Opens a SQLite database. Creating the file, switching it to WAL and migrating it
    /// happen under a lock file, so processes starting together on a fresh folder take
    /// turns; the file is created 0600 first, so its `-wal` and `-shm` are born 0600 too.
    async fn open_sqlite(url: &str) -> Result<Self, StoreError> {
        let file = sqlite_file::path_of(url);
        let _preparing = match &file {
            Some(path) => {
                let lock = sqlite_file::lock(path).await?;
                sqlite_file::make_private(path)?;
                Some(lock)
            }
            None => None,
        };
        let sep = if url.contains('?') { '&' } else { '?' };
        let writer = pool_options()
            .max_connections(1)
            .after_connect(|conn, _| {
                Box::pin(async move {
                    sqlite_pragmas(conn).await?;
                    // Checkpoints (and their fsyncs) run on the one writer's path; fewer,
                    // larger ones keep logins from queueing behind them.
                    conn.execute("PRAGMA wal_autocheckpoint = 10000").await?;
                    Ok(())
                })
            })
            .connect(&format!("{url}{sep}mode=rwc"))
            .await?;
        writer.execute("PRAGMA journal_mode = WAL").await?;
        schema::migrate(&writer, Backend::Sqlite).await?;
        let reader = pool_options()
            .max_connections(4)
            .after_connect(|conn, _| Box::pin(sqlite_pragmas(conn)))
            .connect(&format!("{url}{sep}mode=ro"))
            .await?;
        let lane = writer_lane::WriterLane::start()?;
        let embedded = match &file {
            Some(path) => Some(embedded::Embedded::open(path, writer.clone(), &lane)?),
            None => None,
        };
        Ok(Self {
            writer,
            reader,
            backend: Backend::Sqlite,
            lane: Some(Arc::new(lane)),
            embedded,
        })
    }

    /// A private, empty, migrated SQLite database in memory, for tests that need a real
    /// store without a file. One connection serves reads and writes (a second would open a
    /// different, empty database), and it is never closed, since that would drop the data.
    pub async fn in_memory() -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let pool = pool_options()
            .min_connections(1)
            .max_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .after_connect(|conn, _| Box::pin(sqlite_pragmas(conn)))
            .connect("sqlite::memory:")
            .await?;
        sqlx::migrate!("migrations/sqlite").run(&pool).await?;
        Ok(Self {
            writer: pool.clone(),
            reader: pool,
            backend: Backend::Sqlite,
            lane: Some(Arc::new(writer_lane::WriterLane::start()?)),
            embedded: None,
        })
    }

    /// Runs `work`, given a copy of this store, where it holds SQLite's one writer for the
    /// least time: in the writer lane on SQLite (see `writer_lane`), in place on PostgreSQL.
    /// What it needs of the caller's borrowed arguments it must own.
    async fn on_writer<T, F, W>(&self, work: W) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: Future<Output = Result<T, StoreError>> + Send + 'static,
        W: FnOnce(SqlStore) -> F,
    {
        match &self.lane {
            // The copy has no lane of its own: what it runs is in the lane already, and the
            // lane's thread never holds the last handle to itself.
            Some(lane) => {
                let here = SqlStore {
                    lane: None,
                    ..self.clone()
                };
                lane.run(work(here).instrument(tracing::Span::current()))
                    .await
            }
            None => work(self.clone()).await,
        }
    }

    /// Deletes a row with what hangs on it, in one transaction: each of `dependents`, then
    /// `last` (every statement binds `key` as `$1`). Whether `last` deleted a row.
    async fn delete_with_dependents(
        &self,
        key: &str,
        dependents: &[&'static str],
        last: &'static str,
    ) -> Result<bool, StoreError> {
        let mut tx = self.writer.begin().await?;
        for statement in dependents {
            sqlx::query(*statement).bind(key).execute(&mut *tx).await?;
        }
        let deleted = write(&mut *tx, sqlx::query(last).bind(key)).await? == 1;
        tx.commit().await?;
        Ok(deleted)
    }
}

/// Every table the migrations create: the health check finds them all, or says which
/// schema is missing.
const SCHEMA_TABLES: &[&str] = &[
    "clients",
    "connections",
    "users",
    "otp_codes",
    "refresh_tokens",
    "signing_keys",
    "rate_counters",
    "authorization_codes",
    "sessions",
    "login_tickets",
    "device_credentials",
    "used_assertions",
    "passkeys",
    "webauthn_ceremonies",
    "client_grants",
    "logs",
    "settings",
    "resource_servers",
    "roles",
    "role_permissions",
    "user_roles",
    "user_permissions",
    "sms_deliveries",
    "jobs",
    "job_inputs",
    "job_errors",
];

#[async_trait]
impl HealthStore for SqlStore {
    /// The database answers and holds the schema: one statement naming every table (it
    /// fails to prepare if one is gone, and reads no row), on a connection that serves logins.
    async fn ping(&self) -> Result<(), StoreError> {
        let probe = format!("SELECT 1 FROM {} LIMIT 0", SCHEMA_TABLES.join(", "));
        sqlx::query(sqlx::AssertSqlSafe(probe))
            .execute(&self.reader)
            .await
            .map_err(|e| StoreError::Database(format!("the schema is not there: {e}").into()))?;
        Ok(())
    }

    fn pool_use(&self) -> Vec<PoolUse> {
        let of = |pool: &'static str, p: &AnyPool| PoolUse {
            pool,
            open: p.size(),
            idle: u32::try_from(p.num_idle()).unwrap_or(u32::MAX),
            max: p.options().get_max_connections(),
        };
        // On PostgreSQL (and in memory) the writer is the reader: one pool, said once.
        if std::sync::Arc::ptr_eq(
            &self.writer.connect_options(),
            &self.reader.connect_options(),
        ) {
            return vec![of("shared", &self.writer)];
        }
        vec![of("writer", &self.writer), of("reader", &self.reader)]
    }

    /// SQLite's `VACUUM INTO`: one read transaction, so writers go on meanwhile and the copy
    /// holds what the WAL holds too (a file copy would not).
    async fn backup_into(&self, path: &std::path::Path) -> Result<(), StoreError> {
        let mut conn = self.reader.acquire().await?;
        if conn.backend_name() != "SQLite" {
            return Err(StoreError::Database(
                "a PostgreSQL database is backed up with pg_dump (pg_dump --format=custom), not by latchkey".into(),
            ));
        }
        let target = path
            .to_str()
            .ok_or_else(|| StoreError::Database("the backup path is not UTF-8".into()))?;
        sqlx::query("VACUUM INTO $1")
            .bind(target)
            .execute(&mut *conn)
            .await?;
        Ok(())
    }
}

type Query<'q> = sqlx::query::Query<'q, Any, AnyArguments>;
type QueryAs<'q, R> = sqlx::query::QueryAs<'q, Any, R, AnyArguments>;

/// A table's row as read, and the domain record it stands for.
trait Row: for<'r> FromRow<'r, AnyRow> + Send + Unpin {
    type Record;
    fn into_record(self) -> Result<Self::Record, StoreError>;
}

/// A row the embedded connection reads too (see `embedded`), columns by name.
trait EmbeddedRow: Row + Sized {
    fn from_embedded(row: &rusqlite::Row<'_>) -> rusqlite::Result<Self>;
}

/// A row type for a domain record, and its conversion, from one list of fields: those
/// stored as they are, then (after `;`) those read back through a conversion, called with
/// the column's name and its value. Columns are named by the fields.
macro_rules! mirror_row {
    ($row:ident => $record:ident {
        $($field:ident: $ty:ty),* $(,)?
        $(; $($converted:ident: $cty:ty => $convert:path),+ $(,)?)?
    }) => {
        #[derive(sqlx::FromRow)]
        struct $row {
            $($field: $ty,)*
            $($($converted: $cty,)+)?
        }

        impl $crate::store::sql::Row for $row {
            type Record = $record;
            fn into_record(self) -> Result<$record, $crate::domain::ports::StoreError> {
                Ok($record {
                    $($($converted: $convert(stringify!($converted), self.$converted)?,)+)?
                    $($field: self.$field,)*
                })
            }
        }

        impl $crate::store::sql::EmbeddedRow for $row {
            fn from_embedded(row: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
                Ok(Self {
                    $($field: row.get(stringify!($field))?,)*
                    $($($converted: row.get(stringify!($converted))?,)+)?
                })
            }
        }
    };
}
use mirror_row;

/// `query.bind(a).bind(b)…`: binds the parameters `$1, $2, …` in order.
macro_rules! bind {
    ($query:expr; $($value:expr),+ $(,)?) => {
        $query$(.bind($value))+
    };
}
use bind;

/// The row `q` finds, if any, as its record.
async fn find<'c, R: Row>(
    ex: impl Executor<'c, Database = Any>,
    q: QueryAs<'_, R>,
) -> Result<Option<R::Record>, StoreError> {
    q.fetch_optional(ex).await?.map(R::into_record).transpose()
}

/// Every row `q` finds, as records.
async fn list<'c, R: Row>(
    ex: impl Executor<'c, Database = Any>,
    q: QueryAs<'_, R>,
) -> Result<Vec<R::Record>, StoreError> {
    q.fetch_all(ex)
        .await?
        .into_iter()
        .map(R::into_record)
        .collect()
}

/// Runs a write; how many rows it touched.
async fn write<'c>(ex: impl Executor<'c, Database = Any>, q: Query<'_>) -> Result<u64, StoreError> {
    Ok(q.execute(ex).await?.rows_affected())
}

/// Runs a write whose count does not matter.
async fn run<'c>(ex: impl Executor<'c, Database = Any>, q: Query<'_>) -> Result<(), StoreError> {
    q.execute(ex).await?;
    Ok(())
}

fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {e}"))
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| corrupt("json column", e))
}

/// Reads a JSON column back (a `mirror_row!` conversion).
fn json<T: serde::de::DeserializeOwned>(column: &str, text: String) -> Result<T, StoreError> {
    serde_json::from_str(&text).map_err(|e| corrupt(column, e))
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

    /// The in-memory store is migrated and keeps what is written to it.
    #[tokio::test]
    async fn an_in_memory_store_keeps_its_rows() {
        use crate::domain::ports::SettingStore;
        let store = SqlStore::in_memory().await.unwrap();
        store.ping().await.unwrap();
        store.put_setting("k", "v", 1).await.unwrap();
        assert_eq!(store.setting("k").await.unwrap().as_deref(), Some("v"));
    }

    /// The health check names every table the migrations create, and fails once one is gone.
    #[tokio::test]
    async fn the_health_check_looks_for_the_whole_schema() {
        let store = SqlStore::in_memory().await.unwrap();
        let mut tables: Vec<String> = sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'",
        )
        .fetch_all(&store.reader)
        .await
        .unwrap();
        tables.sort();
        let mut known: Vec<String> = SCHEMA_TABLES.iter().map(|t| t.to_string()).collect();
        known.sort();
        assert_eq!(tables, known, "SCHEMA_TABLES lists the migrations' tables");
        store.ping().await.unwrap();
        sqlx::query("DROP TABLE used_assertions")
            .execute(&store.writer)
            .await
            .unwrap();
        assert!(store.ping().await.is_err());
    }

    /// A database error stays whole behind the store's error, and says what it is.
    #[tokio::test]
    async fn a_database_error_is_the_store_errors_source() {
        use std::error::Error as _;
        let store = SqlStore::in_memory().await.unwrap();
        let e = StoreError::from(
            sqlx::query("SELECT * FROM no_such_table")
                .execute(&store.reader)
                .await
                .unwrap_err(),
        );
        assert!(e.to_string().starts_with("database error: "), "{e}");
        assert!(e.source().is_some_and(|s| s.is::<sqlx::Error>()));
    }
}
