//! The lane SQLite's write transactions run in: a thread of their own with a small tokio
//! runtime, so a transaction's statements follow one another at the speed of the two threads
//! that pass them (this one and sqlx's worker for the one writer connection), not at the
//! speed of the request handlers' runtime.
//!
//! Why: SQLite has one writer, so the time a transaction holds it caps logins per second. A
//! transaction is several trips to sqlx's worker thread, and each answer wakes the task
//! that waits for it. On the handlers' runtime that task waits its turn behind requests being
//! parsed and tokens being signed, all the while holding the writer: under load most of the
//! writer's time went to waiting for its own transaction's next statement. Here nothing else
//! runs, so the next statement goes at once. PostgreSQL, with real concurrent writers, has
//! no lane.

use std::future::Future;

use crate::domain::ports::StoreError;

/// The thread and its runtime; they stop when the lane is dropped (work still under way is
/// dropped with them, which rolls its transaction back).
pub(super) struct WriterLane {
    runtime: tokio::runtime::Handle,
    _stop: tokio::sync::oneshot::Sender<()>,
}

/// Why the lane could not take work, said as a store error.
#[derive(Debug, thiserror::Error)]
enum LaneError {
    #[error("cannot start SQLite's writer thread")]
    Start(#[source] std::io::Error),
    #[error("a write on SQLite's writer thread did not finish")]
    Lost(#[source] tokio::task::JoinError),
}

impl From<LaneError> for StoreError {
    fn from(e: LaneError) -> Self {
        StoreError::Database(Box::new(e))
    }
}

impl WriterLane {
    pub(super) fn start() -> Result<Self, StoreError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(LaneError::Start)?;
        let handle = runtime.handle().clone();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || {
                // Ends when the sender is dropped; the runtime is then dropped on this
                // thread, where blocking is allowed.
                let _ = runtime.block_on(stopped);
            })
            .map_err(LaneError::Start)?;
        Ok(Self {
            runtime: handle,
            _stop: stop,
        })
    }

    /// Starts `task` in the lane, to run until it ends or the lane stops.
    pub(super) fn spawn(&self, task: impl Future<Output = ()> + Send + 'static) {
        self.runtime.spawn(task);
    }

    /// Runs `work` in the lane and waits for it. If the caller stops waiting, `work` still
    /// runs to its end (its transaction commits or rolls back whole).
    pub(super) async fn run<T, F>(&self, work: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: Future<Output = Result<T, StoreError>> + Send + 'static,
    {
        self.runtime
            .spawn(work)
            .await
            .map_err(|e| StoreError::from(LaneError::Lost(e)))?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Work runs on the lane's thread, not the caller's, and its result comes back.
    #[tokio::test]
    async fn work_runs_on_the_writer_thread() {
        let lane = WriterLane::start().unwrap();
        let name = lane
            .run(async { Ok(std::thread::current().name().map(str::to_owned)) })
            .await
            .unwrap();
        assert_eq!(name.as_deref(), Some("sqlite-writer"));
    }

    /// A failing write's error reaches the caller as it was.
    #[tokio::test]
    async fn errors_come_back() {
        let lane = WriterLane::start().unwrap();
        let err = lane
            .run(async { Err::<(), _>(StoreError::Corrupt("x".into())) })
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Corrupt(m) if m == "x"));
    }

    /// Dropping the lane ends its thread.
    #[test]
    fn the_thread_ends_with_the_lane() {
        let lane = WriterLane::start().unwrap();
        let (done, finished) = std::sync::mpsc::channel::<()>();
        lane.runtime.spawn(async move {
            // Held until the runtime drops this task, when the thread ends.
            let _done = done;
            std::future::pending::<()>().await;
        });
        drop(lane);
        let ended = finished.recv_timeout(std::time::Duration::from_secs(10));
        assert_eq!(ended, Err(std::sync::mpsc::RecvTimeoutError::Disconnected));
    }
}
