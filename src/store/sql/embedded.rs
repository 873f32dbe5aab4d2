//! SQLite's login writes as one call each: a connection of rusqlite's, on the writer lane's
//! thread, that runs a whole unit of work (a code stored; a code judged, spent, its user
//! created or counted, its refresh token stored; a rate limit's hit or clearing; a batch of
//! log entries) with cached prepared statements and no trip between threads per statement,
//! and commits the units waiting together in one transaction (group commit). Its
//! checkpoints run on a thread of their own (`start_checkpointer`).
//!
//! Why beside sqlx: a login's transaction through sqlx is one trip to sqlx's worker thread
//! and back per statement, and those thread switches were a quarter of the server's CPU under
//! load; and each commit writes its pages to the WAL, where a group writes a page the units
//! share once. The SQL is the text the sqlx path runs (shared constants), so PostgreSQL and
//! the in-memory store keep that path, and the one conformance suite runs both.
//!
//! Each unit runs in a savepoint of the group's transaction, so it commits or rolls back as
//! its own transaction would; a caller hears of its unit only after the group's `COMMIT`, so
//! nothing is acknowledged that a crash could lose. One writer still: the group first takes
//! sqlx's one writer connection from its pool and holds it, idle, until it commits, so no
//! sqlx write runs meanwhile and neither waits on SQLite's lock for the other.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::types::ToSql;
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use sqlx::AnyPool;
use tokio::sync::{mpsc, oneshot};

use super::embedded_reads::EmbeddedReads;
use super::writer_lane::WriterLane;
use super::{EmbeddedRow, Finish, SQLITE_PRAGMAS};
use crate::domain::measures;
use crate::domain::ports::StoreError;

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Database(Box::new(e))
    }
}

/// The most units committed together.
const MAX_GROUP: usize = 64;

/// Units committed between two nudges to the checkpointer (a few pages each).
const UNITS_PER_CHECKPOINT: usize = 256;

/// Tells a unit's caller how it ended, once its group did: `None` if the group committed,
/// else why it did not.
type Deliver = Box<dyn FnOnce(Option<&str>) + Send>;
/// A unit of work: run in its savepoint (`None`: its group could not start).
type Unit = Box<dyn FnOnce(Option<&Connection>) -> Deliver + Send>;

/// Where units are sent to the committer on the writer lane.
#[derive(Clone)]
pub(super) struct Embedded {
    units: mpsc::UnboundedSender<Unit>,
    /// The hot point reads, on the caller's thread (see `embedded_reads`).
    reads: Arc<EmbeddedReads>,
}

impl Embedded {
    /// Opens the database file the sqlx pools opened (already in WAL mode and migrated),
    /// with the writer's settings, and starts its committer on `lane`. The committer stops
    /// when the last `Embedded` is dropped.
    pub(super) fn open(
        path: &Path,
        writer: AnyPool,
        lane: &WriterLane,
    ) -> Result<Self, StoreError> {
        let connection = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        // Checkpoints are the checkpointer's (see `start_checkpointer`), never a commit's.
        connection.execute_batch(SQLITE_PRAGMAS)?;
        connection.execute_batch("PRAGMA wal_autocheckpoint = 0")?;
        connection.set_prepared_statement_cache_capacity(64);
        let checkpoints = start_checkpointer(path)?;
        let (units, waiting) = mpsc::unbounded_channel();
        lane.spawn(commit_in_groups(connection, writer, waiting, checkpoints));
        Ok(Self {
            units,
            reads: Arc::new(EmbeddedReads::open(path)?),
        })
    }

    /// The file's read-only connections, for the reads a login makes.
    pub(super) fn reads(&self) -> &EmbeddedReads {
        &self.reads
    }

    /// Runs `work` as one unit (committed or rolled back as it says; an error rolls it
    /// back) and returns once its group has committed.
    pub(super) async fn transact<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Connection) -> Result<(T, Finish), StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let (tell, told) = oneshot::channel();
        let unit: Unit = Box::new(move |connection| {
            let done = match connection {
                Some(connection) => in_savepoint(connection, work),
                None => Err(StoreError::Database(
                    "SQLite's writer could not start a transaction".into(),
                )),
            };
            Box::new(move |group_failed| {
                let _ = tell.send(match (done, group_failed) {
                    (Ok(value), None) => Ok(value),
                    (Err(e), _) => Err(e),
                    (Ok(_), Some(why)) => Err(StoreError::Database(
                        format!("SQLite's writer could not commit: {why}").into(),
                    )),
                });
            })
        });
        let stopped = || StoreError::Database("SQLite's writer has stopped".into());
        self.units.send(unit).map_err(|_| stopped())?;
        told.await.map_err(|_| stopped())?
    }
}

/// Runs `work` in a savepoint of the group's transaction, kept or undone as it says.
fn in_savepoint<T>(
    connection: &Connection,
    work: impl FnOnce(&Connection) -> Result<(T, Finish), StoreError>,
) -> Result<T, StoreError> {
    connection.execute_batch("SAVEPOINT unit")?;
    match work(connection) {
        Ok((value, Finish::Commit)) => {
            connection.execute_batch("RELEASE unit")?;
            Ok(value)
        }
        Ok((value, Finish::Rollback)) => {
            connection.execute_batch("ROLLBACK TO unit; RELEASE unit")?;
            Ok(value)
        }
        Err(e) => {
            connection.execute_batch("ROLLBACK TO unit; RELEASE unit")?;
            Err(e)
        }
    }
}

/// The committer: takes the units waiting (at least one, at most [`MAX_GROUP`]), runs them
/// in one transaction, commits, then tells each caller.
async fn commit_in_groups(
    mut connection: Connection,
    writer: AnyPool,
    mut waiting: mpsc::UnboundedReceiver<Unit>,
    checkpoints: Checkpoints,
) {
    let mut group = Vec::with_capacity(MAX_GROUP);
    let mut since_checkpoint = 0;
    while let Some(first) = waiting.recv().await {
        if checkpoints.done.swap(false, Ordering::AcqRel) {
            // The checkpointer copied the WAL up to where it started; this copies the few
            // pages written since, so the next write can start the WAL over from its
            // beginning (a WAL that is never all copied is never reused, and grows).
            if let Err(e) = connection.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
                tracing::warn!(error = %e, "SQLite's writer could not finish a checkpoint");
            }
        }
        group.push(first);
        while group.len() < MAX_GROUP {
            match waiting.try_recv() {
                Ok(unit) => group.push(unit),
                Err(_) => break,
            }
        }
        let one_writer = writer.acquire().await;
        let delivered = match &one_writer {
            Ok(_) => run_group(&mut connection, &mut group),
            Err(e) => fail_group(&mut group, &e.to_string()),
        };
        drop(one_writer);
        since_checkpoint += delivered.len();
        for (deliver, why) in delivered {
            deliver(why.as_deref());
        }
        if since_checkpoint >= UNITS_PER_CHECKPOINT {
            // Full: a checkpoint is under way, and it takes these pages too.
            let _ = checkpoints.nudge.try_send(());
            since_checkpoint = 0;
        }
    }
}

/// The checkpointer's side of the committer: a nudge to checkpoint, and whether one has
/// finished since the committer last looked.
struct Checkpoints {
    nudge: std::sync::mpsc::SyncSender<()>,
    done: Arc<AtomicBool>,
}

/// The checkpointer: a thread with a connection of its own that copies the WAL back into
/// the database file each time the committer nudges it. SQLite's own checkpoints run in the
/// commit that crosses `wal_autocheckpoint`, and while they copy and sync (tens of
/// milliseconds) every write waits behind them; a `PASSIVE` checkpoint on another connection
/// runs beside the writer. The thread ends when the committer does.
fn start_checkpointer(path: &Path) -> Result<Checkpoints, StoreError> {
    let connection = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let (nudge, nudged) = std::sync::mpsc::sync_channel::<()>(1);
    let done = Arc::new(AtomicBool::new(false));
    let finished = done.clone();
    std::thread::Builder::new()
        .name("sqlite-checkpoint".into())
        .spawn(move || {
            while nudged.recv().is_ok() {
                match connection.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
                    Ok(()) => {
                        finished.store(true, Ordering::Release);
                        measures::sqlite_checkpointed();
                    }
                    Err(e) => tracing::warn!(error = %e, "SQLite's checkpoint failed; the next one retries"),
                }
            }
        })
        .map_err(|e| StoreError::Database(Box::new(e)))?;
    Ok(Checkpoints { nudge, done })
}

/// Each unit's delivery, and what to tell it (`None`: committed).
type Delivered = Vec<(Deliver, Option<String>)>;

fn run_group(connection: &mut Connection, group: &mut Vec<Unit>) -> Delivered {
    let tx = match connection.transaction_with_behavior(TransactionBehavior::Immediate) {
        Ok(tx) => tx,
        Err(e) => return fail_group(group, &e.to_string()),
    };
    let delivers: Vec<Deliver> = group.drain(..).map(|unit| unit(Some(&tx))).collect();
    let why = match tx.commit() {
        Ok(()) => {
            measures::sqlite_group_committed(delivers.len());
            None
        }
        Err(e) => {
            tracing::error!(error = %e, "SQLite's writer could not commit a group of writes");
            Some(e.to_string())
        }
    };
    delivers.into_iter().map(|d| (d, why.clone())).collect()
}

fn fail_group(group: &mut Vec<Unit>, why: &str) -> Delivered {
    tracing::error!(error = %why, "SQLite's writer could not start a group of writes");
    group
        .drain(..)
        .map(|unit| (unit(None), Some(why.to_string())))
        .collect()
}

/// The `$1, $2, …` names the shared SQL uses. SQLite numbers `$name` parameters in the order
/// they first appear, so they are bound by name, not by position.
const NAMES: [&str; 20] = [
    "$1", "$2", "$3", "$4", "$5", "$6", "$7", "$8", "$9", "$10", "$11", "$12", "$13", "$14", "$15",
    "$16", "$17", "$18", "$19", "$20",
];

/// The cached statement for `sql`, with `values` bound to `$1, $2, …`.
fn prepared<'c>(
    connection: &'c Connection,
    sql: &str,
    values: &[&dyn ToSql],
) -> Result<rusqlite::CachedStatement<'c>, StoreError> {
    let mut statement = connection.prepare_cached(sql)?;
    for (name, value) in NAMES.iter().zip(values) {
        if let Some(index) = statement.parameter_index(name)? {
            statement.raw_bind_parameter(index, value)?;
        }
    }
    Ok(statement)
}

/// Runs a write; how many rows it touched.
pub(super) fn write(
    connection: &Connection,
    sql: &str,
    values: &[&dyn ToSql],
) -> Result<usize, StoreError> {
    Ok(prepared(connection, sql, values)?.raw_execute()?)
}

/// The first row a statement returns, if any, as its record.
pub(super) fn find<R: EmbeddedRow>(
    connection: &Connection,
    sql: &str,
    values: &[&dyn ToSql],
) -> Result<Option<R::Record>, StoreError> {
    let mut statement = prepared(connection, sql, values)?;
    let mut rows = statement.raw_query();
    match rows.next()? {
        Some(row) => Ok(Some(R::from_embedded(row)?.into_record()?)),
        None => Ok(None),
    }
}

/// The first column of the first row a statement returns.
pub(super) fn scalar<T: rusqlite::types::FromSql>(
    connection: &Connection,
    sql: &str,
    values: &[&dyn ToSql],
) -> Result<Option<T>, StoreError> {
    let mut statement = prepared(connection, sql, values)?;
    let mut rows = statement.raw_query();
    match rows.next()? {
        Some(row) => Ok(Some(row.get(0)?)),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::model::LogEvent;
    use crate::domain::ports::EventStore;
    use crate::store::sql::SqlStore;

    /// The writer never checkpoints (`wal_autocheckpoint = 0`), so what reaches the database
    /// file past its schema was copied there by the checkpointer thread.
    #[tokio::test]
    async fn the_checkpointer_copies_the_wal_into_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c.sqlite");
        let store = SqlStore::open(&format!("sqlite://{}", file.display()))
            .await
            .unwrap();
        let before = std::fs::metadata(&file).unwrap().len();
        let entry = |i: usize| LogEvent {
            id: format!("log_{i:04}"),
            kind: "s".into(),
            description: "x".repeat(2_000),
            ..Default::default()
        };
        // One unit each, so the committer counts past the nudge.
        for i in 0..super::UNITS_PER_CHECKPOINT + 1 {
            store.record_events(&[entry(i)]).await.unwrap();
        }
        let written = (super::UNITS_PER_CHECKPOINT * 2_000) as u64;
        // Bounded poll of the file: the checkpoint runs on its own thread.
        let grown = (0..1_000).any(|_| {
            let grown = std::fs::metadata(&file).unwrap().len() >= before + written;
            if !grown {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            grown
        });
        assert!(grown, "the database file stayed at {before} bytes");
    }
}
