//! Storage adapters behind the domain's [`Store`](crate::domain::ports::Store) port. Only
//! the modules in here touch SQL. `connect` picks the backend from the URL scheme.

pub mod sqlite;

use std::sync::Arc;

use crate::domain::ports::{Store, StoreError};

/// Opens (creating and migrating as needed) the database at `url`.
pub async fn connect(url: &str) -> Result<Arc<dyn Store>, StoreError> {
    if url.starts_with("sqlite:") {
        Ok(Arc::new(sqlite::SqliteStore::open(url).await?))
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        Err(StoreError::Database(
            "PostgreSQL is not supported yet; use a sqlite:// database_url".into(),
        ))
    } else {
        Err(StoreError::Database(format!(
            "database_url must start with sqlite:// (got {})",
            url.split(':').next().unwrap_or("")
        )))
    }
}

pub(crate) fn db_err(e: sqlx::Error) -> StoreError {
    StoreError::Database(e.to_string())
}
