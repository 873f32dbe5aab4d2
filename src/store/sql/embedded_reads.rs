//! SQLite's hot reads on connections of rusqlite's, run on the caller's thread: the point
//! lookups every login and refresh makes (a user by recipient or id, the waiting code, a
//! refresh token by hash). Each is one indexed `SELECT` of a few microseconds on a page cache
//! that the load keeps warm, so it runs where it is asked, with no hand-off: through sqlx it
//! was a trip to sqlx's worker thread and back, and those wake-ups cost more than the query.
//!
//! WAL lets a reader run beside the writer and see what was committed when its statement
//! began, so a read here sees every write the writer has acknowledged (the committer tells a
//! caller only after its group's `COMMIT`). Connections are opened read-only when none is
//! idle and kept up to [`MAX_IDLE`].

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use rusqlite::types::ToSql;
use rusqlite::{Connection, OpenFlags};

use super::EmbeddedRow;
use super::embedded::find;
use crate::domain::ports::StoreError;

/// Idle connections kept. A read never awaits, so no more read at once than there are
/// threads calling in (the runtime's workers, one per core).
const MAX_IDLE: usize = 4;

/// The database file's read-only connections, for [`EmbeddedReads::find`].
pub(super) struct EmbeddedReads {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

impl EmbeddedReads {
    /// Reads `path`, which the writer opened (WAL, migrated), with one connection ready.
    pub(super) fn open(path: &Path) -> Result<Self, StoreError> {
        let reads = Self {
            path: path.to_path_buf(),
            idle: Mutex::new(Vec::with_capacity(MAX_IDLE)),
        };
        let first = reads.connect()?;
        reads.put_back(first);
        Ok(reads)
    }

    fn connect(&self) -> Result<Connection, StoreError> {
        let connection = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        connection.execute_batch("PRAGMA busy_timeout = 5000")?;
        connection.set_prepared_statement_cache_capacity(16);
        Ok(connection)
    }

    fn put_back(&self, connection: Connection) {
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        if idle.len() < MAX_IDLE {
            idle.push(connection);
        }
    }

    /// The first row `sql` returns with `values` bound to `$1, $2, …`, as its record.
    pub(super) fn find<R: EmbeddedRow>(
        &self,
        sql: &str,
        values: &[&dyn ToSql],
    ) -> Result<Option<R::Record>, StoreError> {
        let idle = self
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        let connection = match idle {
            Some(connection) => connection,
            None => self.connect()?,
        };
        let found = find::<R>(&connection, sql, values);
        self.put_back(connection);
        found
    }
}
