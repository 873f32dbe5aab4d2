//! The event log's entries (Auth0's logs) and how listings ask for them.

use crate::domain::UnixTime;

/// One entry of the event log, with Auth0's event codes in `kind`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LogEvent {
    pub id: String,
    pub date: UnixTime,
    pub kind: String,
    pub description: String,
    pub client_id: Option<String>,
    pub connection: Option<String>,
    pub user_id: Option<String>,
    pub ip: Option<String>,
}

/// Which log entries a listing asks for (newest first).
#[derive(Debug, Clone, Default)]
pub struct LogQuery {
    /// One entry, by its `log_id`.
    pub id: Option<String>,
    pub kind: Option<String>,
    pub user_id: Option<String>,
    pub client_id: Option<String>,
    /// Entries at or after this time.
    pub since: Option<UnixTime>,
    /// Entries before this time.
    pub until: Option<UnixTime>,
    /// Oldest first (Auth0's `sort=date:1`) instead of newest first.
    pub oldest_first: bool,
    pub offset: i64,
    pub limit: i64,
}
