//! Logs: the event log, newest first, filtered by type, user and time (UTC); with "follow"
//! on, the page's script reloads the rows every few seconds.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;

use super::chrome::{Chrome, Page, internal, page, show, when};
use super::field_error::FieldError;
use super::form::AdminPage;
use crate::domain::audit::CODES;
use crate::domain::i18n::Lang;
use crate::domain::model::LogQuery;
use crate::domain::model::Slice;
use crate::http::AppState;

const PER_PAGE: i64 = 50;

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/admin/logs", get(list))
}

struct TypeOption {
    code: &'static str,
    label: &'static str,
    selected: bool,
}

struct Entry {
    date: String,
    kind: String,
    label: &'static str,
    description: String,
    user_id: String,
    client_id: String,
    /// The application's name (its client id if it is gone).
    application: String,
    connection: String,
    ip: String,
}

#[derive(Template)]
#[template(path = "admin/logs.html")]
struct LogsPage {
    chrome: Chrome,
    types: Vec<TypeOption>,
    user_id: String,
    since: String,
    until: String,
    follow: bool,
    entries: Vec<Entry>,
    total: i64,
    /// Newer and older pages of the same filter.
    newer: Option<String>,
    older: Option<String>,
    error: Option<FieldError>,
}

page!(
    LogsPage,
    fields: &["since", "until"],
    labels: &[("since", "since", "dash-logs-from"), ("until", "until", "dash-logs-to")]
);

/// A `datetime-local` value ("2026-11-29T14:05"), read as UTC; refused in `t`'s words,
/// naming the field by `label` (a message key).
fn parse_time(t: &Lang, key: &str, label: &str, value: &str) -> Result<Option<i64>, FieldError> {
    if value.is_empty() {
        return Ok(None);
    }
    let format = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    let short = value.get(..16).unwrap_or(value);
    time::PrimitiveDateTime::parse(short, &format)
        .map(|t| Some(t.assume_utc().unix_timestamp()))
        .map_err(|_| {
            FieldError::at(
                key,
                t.with("dash-logs-time-invalid", "field", &t.text(label)),
            )
        })
}

/// `GET /admin/logs?type=…&user_id=…&since=…&until=…&follow=on`.
async fn list(State(state): State<AppState>, AdminPage(admin): AdminPage) -> Response {
    let fields = &admin.fields;
    let kind = fields
        .opt("type")
        .filter(|k| CODES.iter().any(|(c, _)| c == k));
    let user_id = fields.text("user_id");
    let page_no = fields.page();
    let since_text = fields.text("since");
    let until_text = fields.text("until");
    let t = admin.t;
    let window = parse_time(t, "since", "dash-logs-from", &since_text)
        .and_then(|s| parse_time(t, "until", "dash-logs-to", &until_text).map(|u| (s, u)));
    let (entries, total, error) = match window {
        Ok((since, until)) => {
            // What this instance recorded is readable at once.
            state.core.events.flush().await;
            match state
                .core
                .store
                .events(&LogQuery {
                    id: None,
                    kind: kind.clone(),
                    user_id: Some(user_id.clone()).filter(|u| !u.is_empty()),
                    client_id: None,
                    since,
                    until,
                    after: None,
                    oldest_first: false,
                    slice: Slice::page(page_no, PER_PAGE),
                })
                .await
            {
                Ok((entries, total)) => (entries, total, None),
                Err(e) => return internal(e),
            }
        }
        Err(e) => (Vec::new(), 0, Some(e)),
    };
    // The same filter on another page.
    let link = |page: i64| {
        let mut pairs = vec![
            ("type", kind.clone().unwrap_or_default()),
            ("user_id", user_id.clone()),
            ("since", since_text.clone()),
            ("until", until_text.clone()),
            ("page", page.to_string()),
        ];
        if fields.checked("follow") {
            pairs.push(("follow", "on".into()));
        }
        pairs.retain(|(_, v)| !v.is_empty());
        format!(
            "/admin/logs?{}",
            serde_urlencoded::to_string(pairs).unwrap_or_default()
        )
    };
    let names: std::collections::HashMap<String, String> = match state.core.store.clients().await {
        Ok(clients) => clients.into_iter().map(|c| (c.client_id, c.name)).collect(),
        Err(e) => return internal(e),
    };
    let application = |id: &str| match id {
        super::DASHBOARD_CLIENT => t.text("dash-logs-dashboard-app"),
        _ => names.get(id).cloned().unwrap_or_else(|| id.to_string()),
    };
    let newer = (page_no > 0).then(|| link(page_no - 1));
    let older = ((page_no + 1) * PER_PAGE < total).then(|| link(page_no + 1));
    let body = LogsPage {
        chrome: admin.chrome("logs"),
        types: CODES
            .iter()
            .map(|(code, label)| TypeOption {
                code,
                label,
                selected: kind.as_deref() == Some(*code),
            })
            .collect(),
        user_id,
        since: since_text,
        until: until_text,
        follow: fields.checked("follow"),
        entries: entries
            .into_iter()
            .map(|e| Entry {
                date: when(e.date),
                label: CODES
                    .iter()
                    .find(|(c, _)| *c == e.kind)
                    .map(|(_, l)| *l)
                    .unwrap_or(""),
                kind: e.kind,
                description: e.description,
                user_id: e.user_id.unwrap_or_default(),
                application: e.client_id.as_deref().map(application).unwrap_or_default(),
                client_id: e.client_id.unwrap_or_default(),
                connection: e.connection.unwrap_or_default(),
                ip: e.ip.unwrap_or_default(),
            })
            .collect(),
        total,
        newer,
        older,
        error,
    };
    show(&state, admin.jar, &body)
}
