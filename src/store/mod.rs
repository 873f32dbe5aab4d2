//! Storage adapters behind the domain's [`Store`](crate::domain::ports::Store) port. Only
//! the modules in here touch SQL. `connect` picks the backend from the URL scheme.

pub mod sql;

use std::sync::Arc;

use crate::domain::ports::{Store, StoreError};

/// Opens (creating and migrating as needed) the database at `url`: `sqlite://…` or
/// `postgres://…`.
pub async fn connect(url: &str) -> Result<Arc<dyn Store>, StoreError> {
    Ok(Arc::new(sql::SqlStore::open(url).await?))
}

pub(crate) fn db_err(e: sqlx::Error) -> StoreError {
    StoreError::Database(e.to_string())
}
