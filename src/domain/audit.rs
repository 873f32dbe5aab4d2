//! The event log that operators read (Auth0's logs): logins and failed logins, codes and
//! links sent, token exchanges, logouts and Management API changes, with Auth0's event codes.

use super::model::LogEvent;
use super::passwordless::Authenticator;
use super::random_hex;

/// Auth0's event codes used here.
pub mod codes {
    pub const LOGIN: &str = "s";
    pub const FAILED_LOGIN: &str = "f";
    pub const CODE_SENT: &str = "cs";
    pub const LINK_SENT: &str = "cls";
    pub const CODE_EXCHANGE: &str = "seacft";
    pub const FAILED_CODE_EXCHANGE: &str = "feacft";
    pub const REFRESH: &str = "sertft";
    pub const FAILED_REFRESH: &str = "fertft";
    pub const CLIENT_CREDENTIALS: &str = "seccft";
    pub const FAILED_CLIENT_CREDENTIALS: &str = "feccft";
    pub const API_OPERATION: &str = "sapi";
    pub const LOGOUT: &str = "slo";
}

impl Authenticator {
    /// Records an event (its id and date are filled in here). A failure to record is logged
    /// and never fails the request it describes.
    pub async fn log_event(&self, mut event: LogEvent) {
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
        if let Err(e) = self.store.record_event(&event).await {
            tracing::error!(error = %e, kind = %event.kind, "cannot record a log event");
        }
    }

    /// An operator's change through the Management API.
    pub async fn log_api_operation(&self, caller: &str, description: &str) {
        self.log_event(LogEvent {
            kind: codes::API_OPERATION.into(),
            description: description.into(),
            client_id: caller.strip_suffix("@clients").map(str::to_string),
            ..Default::default()
        })
        .await;
    }
}
