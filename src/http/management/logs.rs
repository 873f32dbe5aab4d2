//! `/api/v2/logs`: the event log, for operators; and one user's entries at
//! `/api/v2/users/{id}/logs`.

use axum::Json;
use axum::extract::Path;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::{Listing, Operator, ReadLogs, ReadUserLogs};
use super::error::{ErrorBody, MgmtError, Refusals};
use serde_json::Value;

use super::fields::Fields;
use super::paging::{CheckpointParams, Paging, list_answer};
use crate::domain::model::Slice;
use crate::domain::model::{LogEvent, LogQuery};
use crate::http::AppState;

mod search;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_logs))
        .routes(routes!(get_log))
        .routes(routes!(user_logs))
}

list_answer!(LogList, LogPage, LogEvent, logs);

/// The store's query for a page of the log: `sort` and the search (`q`, or `search` as
/// node `auth0` v7 names it), checked.
fn log_query(paging: &Paging) -> Result<LogQuery, MgmtError> {
    let oldest_first = match paging.sort.as_deref() {
        None | Some("date:-1") => false,
        Some("date:1") => true,
        Some(other) => {
            return Err(MgmtError::bad_query(format!(
                "Query validation error: sort {other:?} must be date:1 or date:-1"
            )));
        }
    };
    let mut query = LogQuery {
        slice: paging.slice()?,
        oldest_first,
        ..Default::default()
    };
    let search = paging
        .q
        .as_deref()
        .or(paging.search.as_deref())
        .unwrap_or("");
    search::read(search, &mut query).map_err(MgmtError::bad_query)?;
    Ok(query)
}

/// Checkpoint paging (`from`, `take`): the entries after `from`, oldest first, as a bare
/// array; Auth0 then ignores every other parameter, the search too.
fn checkpoint_query(paging: &Paging, take: i64) -> LogQuery {
    LogQuery {
        after: paging.from.clone(),
        oldest_first: true,
        slice: Slice {
            offset: 0,
            limit: take,
        },
        ..Default::default()
    }
}

/// `GET /api/v2/logs`: the event log, newest first, searched with Auth0's log search
/// syntax as far as our entries go (see [`search`]); or by checkpoint (`from`, `take`).
#[utoipa::path(get, path = "/api/v2/logs", tag = "logs", params(Paging, CheckpointParams, Fields, ("sort" = Option<String>, Query, description = "date:-1 (newest first, the default) or date:1"), ("q" = Option<String>, Query, description = "Auth0's log search: type, user_id, client_id, log_id, date (a day or a [from TO to] range), joined by AND"), ("search" = Option<String>, Query, description = "The same as q")), responses((status = 200, description = "Log entries, newest first", body = LogList), Refusals), security(("bearer" = [])))]
async fn list_logs(Listing { paging, op }: Listing<ReadLogs>) -> Result<Json<Value>, MgmtError> {
    // What this instance recorded is readable at once.
    op.core().events.flush().await;
    if let Some(take) = paging.checkpoint()? {
        let (events, _) = op
            .core()
            .store
            .events(&checkpoint_query(&paging, take))
            .await?;
        return paging.fields().answer_list(&events, "logs");
    }
    let query = log_query(&paging)?;
    let (events, total) = op.core().store.events(&query).await?;
    let answer: LogList = paging.answer(events, total)?.0;
    paging.fields().answer_list(&answer, "logs")
}

/// `GET /api/v2/users/{user_id}/logs`: one user's entries (paging and `sort` as for
/// `/logs`; no `q`), with `read:logs` or Auth0's `read:logs_users`.
#[utoipa::path(get, path = "/api/v2/users/{user_id}/logs", tag = "users", params(("user_id" = String, Path), Paging, ("sort" = Option<String>, Query, description = "date:-1 (newest first, the default) or date:1")), responses((status = 200, description = "The user's log entries", body = LogList), Refusals), security(("bearer" = [])))]
async fn user_logs(
    Path(user_id): Path<String>,
    Listing { paging, op }: Listing<ReadUserLogs>,
) -> Result<Json<LogList>, MgmtError> {
    if paging.q.is_some() || paging.search.is_some() {
        return Err(MgmtError::bad_query(
            "Query validation error: q is not allowed on a user's logs",
        ));
    }
    op.core().events.flush().await;
    let query = LogQuery {
        user_id: Some(user_id),
        ..log_query(&paging)?
    };
    let (events, total) = op.core().store.events(&query).await?;
    paging.answer(events, total)
}

/// `GET /api/v2/logs/{id}`: one entry.
#[utoipa::path(get, path = "/api/v2/logs/{id}", tag = "logs", params(("id" = String, Path)), responses((status = 200, description = "The entry", body = LogEvent), (status = 404, description = "No such entry", body = ErrorBody), Refusals), security(("bearer" = [])))]
async fn get_log(
    Path(id): Path<String>,
    op: Operator<ReadLogs>,
) -> Result<Json<LogEvent>, MgmtError> {
    op.core().events.flush().await;
    let query = LogQuery {
        id: Some(id),
        slice: Slice::first(),
        ..Default::default()
    };
    let (events, _) = op.core().store.events(&query).await?;
    events
        .into_iter()
        .next()
        .map(Json)
        .ok_or_else(|| MgmtError::not_found("inexistent_log", "log entry"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_log_search_reads_sort_and_terms() {
        let paging = Paging {
            q: Some(r#"type:"s" AND user_id:"sms|1""#.into()),
            sort: Some("date:1".into()),
            ..Default::default()
        };
        let q = log_query(&paging).ok();
        assert_eq!(q.as_ref().and_then(|q| q.kind.as_deref()), Some("s"));
        assert_eq!(q.as_ref().and_then(|q| q.user_id.as_deref()), Some("sms|1"));
        assert!(q.is_some_and(|q| q.oldest_first && q.slice.limit == 50));
        let refused = |paging: Paging| log_query(&paging).err().map(|e| e.to_string());
        assert_eq!(
            refused(Paging { sort: Some("date".into()), ..Default::default() }),
            Some("400 invalid_query_string Query validation error: sort \"date\" must be date:1 or date:-1".into())
        );
        assert_eq!(
            refused(Paging { q: Some("ip:1".into()), ..Default::default() }),
            Some("400 invalid_query_string searching logs by ip is not supported (type, user_id, client_id, log_id, date)".into())
        );
        // node `auth0` v7 sends the search as `search`
        let v7 = Paging {
            search: Some("type:fco".into()),
            ..Default::default()
        };
        assert_eq!(log_query(&v7).ok().and_then(|q| q.kind), Some("fco".into()));
    }

    #[test]
    fn a_checkpoint_reads_the_entries_after_from_oldest_first() {
        let paging = Paging {
            from: Some("log_1".into()),
            q: Some("type:s".into()),
            ..Default::default()
        };
        let q = checkpoint_query(&paging, 20);
        assert_eq!(
            (q.after.as_deref(), q.kind, q.oldest_first, q.slice.limit),
            (Some("log_1"), None, true, 20)
        );
    }
}
