//! The event log that operators read (Auth0's logs): logins and failed logins, codes and
//! links sent, token exchanges, logouts and Management API changes, with Auth0's event codes.

use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};

use super::model::LogEvent;
use super::ports::Store;
use super::{Clock, Random, random_hex};

/// Entries waiting to be written; when full, recording waits (the log is never dropped).
const QUEUE: usize = 4096;
/// At most this many entries go into one transaction.
const BATCH: usize = 256;

enum Command {
    // Boxed: an entry is large next to a flush.
    Record(Box<LogEvent>),
    /// Answered once everything queued before it is written.
    Flush(oneshot::Sender<()>),
}

/// The event log's writer. Requests queue their entries and go on; one task writes them in
/// batches, one transaction each, so a login does not wait for (or queue behind) its log
/// lines on SQLite's single writer. Entries still queued when the process dies are lost;
/// the database stays consistent.
#[derive(Clone)]
pub struct EventLog {
    tx: mpsc::Sender<Command>,
    /// Date and id randomness for the entries, as the rest of the server sees them.
    clock: Arc<dyn Clock>,
    random: Arc<dyn Random>,
}

impl EventLog {
    /// The log and the task that writes it (for the caller to spawn).
    pub fn new(
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        random: Arc<dyn Random>,
    ) -> (Self, impl std::future::Future<Output = ()> + Send) {
        let (tx, mut rx) = mpsc::channel::<Command>(QUEUE);
        let writer = async move {
            while let Some(first) = rx.recv().await {
                let mut batch = Vec::new();
                let mut flushes = Vec::new();
                let mut next = Some(first);
                while let Some(command) = next.take() {
                    match command {
                        Command::Record(e) => batch.push(*e),
                        Command::Flush(done) => flushes.push(done),
                    }
                    if batch.len() < BATCH {
                        next = rx.try_recv().ok();
                    }
                }
                if !batch.is_empty()
                    && let Err(e) = store.record_events(&batch).await
                {
                    tracing::error!(error = %e, lost = batch.len(), "cannot write log entries");
                }
                for done in flushes {
                    let _ = done.send(());
                }
            }
        };
        (Self { tx, clock, random }, writer)
    }

    async fn record(&self, event: LogEvent) {
        if self
            .tx
            .send(Command::Record(Box::new(event)))
            .await
            .is_err()
        {
            tracing::error!("the event log writer has stopped; an entry is lost");
        }
    }

    /// Waits until every entry recorded so far is in the database.
    pub async fn flush(&self) {
        let (done, wait) = oneshot::channel();
        if self.tx.send(Command::Flush(done)).await.is_ok() {
            let _ = wait.await;
        }
    }
}

/// Declares Auth0's event codes used here, each with what it means to an operator: the
/// constants in [`codes`] and the table [`CODES`] (in this order, as the dashboard offers them).
macro_rules! event_codes {
    ($($name:ident = $code:literal, $label:literal;)+) => {
        /// Auth0's event codes used here.
        pub mod codes {
            $(pub const $name: &str = $code;)+
        }

        /// Every event code with its meaning, as operators filter by them.
        pub const CODES: &[(&str, &str)] = &[$((codes::$name, $label)),+];
    };
}

event_codes! {
    LOGIN = "s", "Successful login";
    FAILED_LOGIN = "f", "Failed login";
    CODE_SENT = "cs", "Code sent";
    LINK_SENT = "cls", "Link sent";
    FAILED_SEND = "fn", "Failed sending a code";
    CODE_EXCHANGE = "seacft", "Authorization code exchanged";
    FAILED_CODE_EXCHANGE = "feacft", "Failed code exchange";
    REFRESH = "sertft", "Refresh token exchanged";
    FAILED_REFRESH = "fertft", "Failed refresh";
    CLIENT_CREDENTIALS = "seccft", "Machine token issued";
    FAILED_CLIENT_CREDENTIALS = "feccft", "Failed machine token";
    LOGOUT = "slo", "Logout";
    API_OPERATION = "sapi", "Admin change";
    // Not Auth0's (its dashboard's sign-ins are not in a tenant's logs): an administrator's
    // sign-in to the dashboard, and a refused one, apart from end users' `s` and `f`.
    DASHBOARD_LOGIN = "sdash", "Dashboard sign-in";
    FAILED_DASHBOARD_LOGIN = "fdash", "Failed dashboard sign-in";
    FAILED_CORS = "fco", "Failed by CORS";
}

impl EventLog {
    /// Records an event (its id and date are filled in here); it is written shortly after,
    /// with others. A failure to write is logged and never fails the request it describes.
    pub async fn log(&self, mut event: LogEvent) {
        // Ids sort by time, then by order of recording in this process, so "newest first"
        // holds within one second too.
        static SEQUENCE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = SEQUENCE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        event.date = self.clock.now();
        event.id = format!(
            "log_{:012x}{:010x}{}",
            event.date.max(0),
            n,
            random_hex(self.random.as_ref(), 4)
        );
        self.record(event).await;
    }

    /// An operator's change through the Management API.
    pub async fn api_operation(&self, caller: &str, description: &str) {
        self.log(LogEvent {
            kind: codes::API_OPERATION.into(),
            description: description.into(),
            client_id: caller.strip_suffix("@clients").map(str::to_string),
            ..Default::default()
        })
        .await;
    }
}
