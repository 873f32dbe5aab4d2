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

/// The driver's error stays whole as the [`StoreError`]'s source, so `?` works on every
/// query.
impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        StoreError::Database(Box::new(e))
    }
}
