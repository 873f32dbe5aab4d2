//! The schema's version: which of this binary's migrations a database has, which it lacks,
//! and whether it has some this binary does not know (it was migrated by a newer Latchkey).
//! `latchkey migrate status` reports it; opening a store refuses a newer database before
//! touching it, with a message that says so instead of sqlx's "previously applied but is
//! missing".

use sqlx::AnyConnection;
use sqlx::migrate::Migrator;

use super::Backend;
use crate::domain::ports::StoreError;

/// This binary's migrations for the backend at `url`.
pub fn migrator(backend: Backend) -> Migrator {
    match backend {
        Backend::Sqlite => sqlx::migrate!("migrations/sqlite"),
        Backend::Postgres => sqlx::migrate!("migrations/postgres"),
    }
}

/// One migration: its version and description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub version: i64,
    pub description: String,
}

/// Where a database stands against this binary's migrations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SchemaStatus {
    pub applied: Vec<Step>,
    /// This binary's migrations the database does not have yet (`migrate apply` or the next
    /// `serve` runs them).
    pub pending: Vec<Step>,
    /// Versions the database has that this binary does not know.
    pub unknown: Vec<i64>,
}

impl SchemaStatus {
    /// The refusal for a database newer than this binary, if it is one.
    pub fn newer_than_binary(&self) -> Option<String> {
        let newest = self.unknown.iter().max()?;
        let known = self.applied.iter().map(|s| s.version).max().unwrap_or(0);
        Some(format!(
            "the database's schema is at migration {newest}, newer than this Latchkey knows \
             (its last is {known}): a newer release migrated it. Run that release (or newer), \
             or restore the backup taken before the upgrade"
        ))
    }
}

/// Reads the applied migrations through `conn` and compares them with `migrator`'s.
pub async fn status_of(
    conn: &mut AnyConnection,
    backend: Backend,
    migrator: &Migrator,
) -> Result<SchemaStatus, StoreError> {
    let exists = match backend {
        Backend::Sqlite => {
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'"
        }
        Backend::Postgres => {
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = '_sqlx_migrations' \
             AND table_schema = current_schema()"
        }
    };
    let applied_versions: Vec<i64> = if sqlx::query_scalar::<_, i64>(exists)
        .fetch_one(&mut *conn)
        .await?
        > 0
    {
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
            .fetch_all(&mut *conn)
            .await?
    } else {
        Vec::new()
    };
    let mut status = SchemaStatus::default();
    for m in migrator.iter() {
        let step = Step {
            version: m.version,
            description: m.description.to_string(),
        };
        if applied_versions.contains(&m.version) {
            status.applied.push(step);
        } else {
            status.pending.push(step);
        }
    }
    status.unknown = applied_versions
        .into_iter()
        .filter(|v| !migrator.iter().any(|m| m.version == *v))
        .collect();
    Ok(status)
}

/// Runs the pending migrations through `pool`, after refusing a database newer than this
/// binary.
pub async fn migrate(pool: &sqlx::AnyPool, backend: Backend) -> Result<(), StoreError> {
    let migrator = migrator(backend);
    let mut conn = pool.acquire().await?;
    if let Some(refusal) = status_of(&mut conn, backend, &migrator)
        .await?
        .newer_than_binary()
    {
        return Err(StoreError::Database(refusal.into()));
    }
    drop(conn);
    migrator.run(pool).await?;
    Ok(())
}

/// Where the database at `url` stands, changing nothing; `None` for a SQLite file that does
/// not exist yet.
pub async fn status(url: &str) -> Result<Option<SchemaStatus>, StoreError> {
    sqlx::any::install_default_drivers();
    let backend = Backend::of(url).ok_or_else(|| {
        StoreError::Database("database_url must be sqlite:// or postgres://".into())
    })?;
    let url = match backend {
        Backend::Sqlite => match super::sqlite_file::path_of(url) {
            Some(path) if !path.exists() => return Ok(None),
            _ => {
                let sep = if url.contains('?') { '&' } else { '?' };
                format!("{url}{sep}mode=ro")
            }
        },
        Backend::Postgres => {
            super::reach_postgres(url).await?;
            url.to_string()
        }
    };
    let mut conn = <AnyConnection as sqlx::Connection>::connect(&url).await?;
    let status = status_of(&mut conn, backend, &migrator(backend)).await?;
    let _ = sqlx::Connection::close(conn).await;
    Ok(Some(status))
}
