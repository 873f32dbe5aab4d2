//! Users: find by phone number or email address (or page through them), and per user the
//! profile, identity, device keys, passkeys and refresh tokens; block or unblock, sign out
//! everywhere, delete.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum_extra::extract::CookieJar;

use super::{Chrome, done, form, internal, not_found, page, query_fields, record, show, when};
use crate::domain::model::{User, UserQuery};
use crate::http::AppState;

const PER_PAGE: i64 = 25;

struct UserRow {
    user_id: String,
    /// The user's dashboard page.
    path: String,
    login: String,
    connection: String,
    logins: i64,
    last_login: String,
    blocked: bool,
}

#[derive(Template)]
#[template(path = "admin/users.html")]
struct ListPage {
    chrome: Chrome,
    q: String,
    users: Vec<UserRow>,
    total: i64,
    page: i64,
    pages: i64,
}

struct Device {
    name: String,
    client_id: String,
    alg: String,
    created: String,
}

struct Passkey {
    name: String,
    created: String,
    last_used: String,
}

#[derive(Template)]
#[template(path = "admin/user.html")]
struct UserPage {
    chrome: Chrome,
    user: UserRow,
    strategy: String,
    identity: String,
    created: String,
    devices: Vec<Device>,
    passkeys: Vec<Passkey>,
    live_refresh_tokens: usize,
}

fn row(u: User) -> UserRow {
    UserRow {
        path: user_path(&u.user_id),
        login: u.recipient,
        user_id: u.user_id,
        connection: u.connection,
        logins: u.logins_count,
        last_login: u.last_login.map(when).unwrap_or_else(|| "never".into()),
        blocked: u.blocked,
    }
}

/// `GET /admin/users?q=…&page=…`.
pub async fn list(
    State(state): State<AppState>,
    jar: CookieJar,
    RawQuery(query): RawQuery,
) -> Response {
    let fields = query_fields(&query);
    let chrome = match page(&state, &jar, "users", &fields).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let q = fields.text("q");
    let page_no = fields
        .text("page")
        .parse::<i64>()
        .unwrap_or(0)
        .clamp(0, 10_000);
    let (users, total) = match crate::domain::management::users::find_users(
        &state.core,
        UserQuery {
            connection: None,
            recipient: None,
            recipient_contains: Some(q.clone()).filter(|q| !q.is_empty()),
            recipient_prefix: None,
            sort: crate::domain::model::UserSort::CreatedDesc,
            offset: page_no * PER_PAGE,
            limit: PER_PAGE,
        },
    )
    .await
    {
        Ok(v) => v,
        Err(e) => return internal(e),
    };
    let body = ListPage {
        chrome,
        q,
        users: users.into_iter().map(row).collect(),
        total,
        page: page_no,
        pages: (total + PER_PAGE - 1) / PER_PAGE,
    };
    let rendered = body.render();
    show(&state, jar, &body.chrome, StatusCode::OK, rendered)
}

/// `GET /admin/users/{id}`.
async fn show_user(state: &AppState, jar: CookieJar, chrome: Chrome, user_id: &str) -> Response {
    let store = &state.core.store;
    let user = match store.user(user_id).await {
        Ok(Some(u)) => u,
        Ok(None) => return not_found("user"),
        Err(e) => return internal(e.into()),
    };
    let devices = match store.device_credentials(user_id).await {
        Ok(d) => d,
        Err(e) => return internal(e.into()),
    };
    let passkeys = match store.passkeys_of_user(user_id).await {
        Ok(p) => p,
        Err(e) => return internal(e.into()),
    };
    let now = crate::domain::Clock::now(state.core.clock.as_ref());
    let live_refresh_tokens = match store.refresh_tokens_of_user(user_id).await {
        Ok(t) => t
            .iter()
            .filter(|t| {
                t.revoked_at.is_none()
                    && t.rotated_at.is_none()
                    && t.family_expires_at.is_none_or(|e| e > now)
            })
            .count(),
        Err(e) => return internal(e.into()),
    };
    let body = UserPage {
        chrome,
        strategy: user.strategy.as_str().to_string(),
        identity: user.identity_id().to_string(),
        created: when(user.created_at),
        user: row(user),
        devices: devices
            .into_iter()
            .map(|d| Device {
                name: d.device_name,
                client_id: d.client_id,
                alg: d.alg,
                created: when(d.created_at),
            })
            .collect(),
        passkeys: passkeys
            .into_iter()
            .map(|p| Passkey {
                name: p.name,
                created: when(p.created_at),
                last_used: p.last_used_at.map(when).unwrap_or_else(|| "never".into()),
            })
            .collect(),
        live_refresh_tokens,
    };
    let rendered = body.render();
    show(state, jar, &body.chrome, StatusCode::OK, rendered)
}

pub async fn detail(
    State(state): State<AppState>,
    jar: CookieJar,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let chrome = match page(&state, &jar, "users", &query_fields(&query)).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    show_user(&state, jar, chrome, &id).await
}

fn user_path(id: &str) -> String {
    format!("/admin/users/{}", url_segment(id))
}

/// A user id (`sms|…`) as one path segment.
fn url_segment(id: &str) -> String {
    id.replace('%', "%25")
        .replace('|', "%7C")
        .replace('/', "%2F")
}

/// `POST /admin/users/{id}/block` with `blocked=true|false`.
pub async fn block(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let (who, fields) = match form(&state, &jar, &headers, &body).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let blocked = fields.text("blocked") == "true";
    let now = crate::domain::Clock::now(state.core.clock.as_ref());
    match state.core.store.set_user_blocked(&id, blocked, now).await {
        Ok(true) => {}
        Ok(false) => return not_found("user"),
        Err(e) => return internal(e.into()),
    }
    let (what, notice) = if blocked {
        ("Block the user", "User blocked: their logins now fail")
    } else {
        ("Unblock the user", "User unblocked")
    };
    record(&state, &who, &format!("{what} {id}")).await;
    done(&user_path(&id), notice)
}

/// `POST /admin/users/{id}/sign-out`: ends their sessions and revokes their refresh tokens.
pub async fn sign_out(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let (who, _) = match form(&state, &jar, &headers, &body).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    match crate::domain::management::checks::sign_out_everywhere(&state.core, &id).await {
        Ok((sessions, tokens)) => {
            record(&state, &who, &format!("Sign out the user {id} everywhere")).await;
            done(
                &user_path(&id),
                &format!("Signed out: {sessions} sessions ended, {tokens} refresh tokens revoked"),
            )
        }
        Err(e) => internal(e),
    }
}

/// `POST /admin/users/{id}/delete`.
pub async fn delete(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let (who, _) = match form(&state, &jar, &headers, &body).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    match state.core.store.delete_user(&id).await {
        Ok(true) => {
            record(&state, &who, &format!("Delete the user {id}")).await;
            done("/admin/users", "User deleted")
        }
        Ok(false) => not_found("user"),
        Err(e) => internal(e.into()),
    }
}
