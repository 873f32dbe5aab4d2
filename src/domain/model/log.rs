//! The event log's entries (Auth0's logs) and how listings ask for them.

use serde::Serialize;

use crate::domain::UnixTime;

/// One entry of the event log, with Auth0's event codes in `kind`; served as it is by the
/// Management API's `/api/v2/logs` (as Auth0's `LogEntry`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, utoipa::ToSchema)]
#[schema(as = LogEntry)]
pub struct LogEvent {
    #[serde(rename = "log_id")]
    pub id: String,
    #[serde(serialize_with = "iso8601")]
    #[schema(value_type = String)]
    pub date: UnixTime,
    /// Auth0's event code (`s`, `f`, `cs`, `sapi`, …).
    #[serde(rename = "type")]
    pub kind: String,
    pub description: String,
    pub client_id: Option<String>,
    pub connection: Option<String>,
    pub user_id: Option<String>,
    pub ip: Option<String>,
    /// A text's country (ISO region, `unknown` when it cannot be placed), on the entries
    /// about an SMS code: sent, logged in with, failed, refused by pumping protection.
    /// Not one of Auth0's fields: the overview counts by it.
    #[serde(skip)]
    pub country: Option<String>,
    /// A fixed word: on a failed login, why (`wrong_code`, …); on a failed send, the
    /// provider that failed, or `pumping` for a text pumping protection refused. Not one of
    /// Auth0's fields.
    #[serde(skip)]
    pub reason: Option<String>,
}

/// A time as Auth0 writes it (`2015-10-08T18:35:18.102Z`).
fn iso8601<S: serde::Serializer>(t: &UnixTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&crate::domain::iso8601(*t))
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
    /// Entries logged after this one (checkpoint paging: ids grow with time).
    pub after: Option<String>,
    /// Oldest first (Auth0's `sort=date:1`) instead of newest first.
    pub oldest_first: bool,
    pub slice: super::Slice,
}
