//! Users: find by phone number or email address (or page through them), and per user the
//! profile, identity, device keys, passkeys and refresh tokens; block or unblock, sign out
//! everywhere, delete.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};

use super::chrome::{Chrome, Page, done, internal, not_found, page, show, when, when_or_never};
use super::field_error::{CONFIRM, FieldError, not_confirmed};
use super::form::{Admin, AdminForm, AdminPage};
use crate::domain::model::Slice;
use crate::domain::model::{User, UserQuery};
use crate::http::AppState;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/users", get(list))
        .route("/admin/users/{id}", get(detail))
        .route("/admin/users/{id}/block", post(block))
        .route("/admin/users/{id}/sign-out", post(sign_out))
        .route("/admin/users/{id}/delete", post(delete))
}

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
    error: Option<FieldError>,
}

page!(ListPage);
page!(
    UserPage,
    fields: &[CONFIRM],
    labels: &[(CONFIRM, "confirm-delete", "User's login")]
);

fn row(u: User) -> UserRow {
    UserRow {
        path: user_path(&u.user_id),
        login: u.recipient,
        user_id: u.user_id,
        connection: u.connection,
        logins: u.logins_count,
        last_login: when_or_never(u.last_login),
        blocked: u.blocked,
    }
}

/// `GET /admin/users?q=…&page=…`.
async fn list(State(state): State<AppState>, AdminPage(admin): AdminPage) -> Response {
    let q = admin.fields.text("q");
    let page_no = admin.fields.page();
    let query = UserQuery {
        connection: None,
        recipient: None,
        recipient_contains: Some(q.clone()).filter(|q| !q.is_empty()),
        recipient_prefix: None,
        search: None,
        sort: crate::domain::model::UserSort::CreatedDesc,
        slice: Slice::page(page_no, PER_PAGE),
    };
    let (users, total) =
        match crate::domain::management::users::find_users(&state.core, query).await {
            Ok(v) => v,
            Err(e) => return internal(e),
        };
    let body = ListPage {
        chrome: admin.chrome("users"),
        q,
        users: users.into_iter().map(row).collect(),
        total,
        page: page_no,
        pages: (total + PER_PAGE - 1) / PER_PAGE,
    };
    show(&state, admin.jar, &body)
}

/// The user's page, with what they can sign in with.
async fn user_page(state: &AppState, admin: &Admin, user_id: &str) -> Result<UserPage, Response> {
    let store = &state.core.store;
    let user = store
        .user(user_id)
        .await
        .map_err(internal)?
        .ok_or_else(|| not_found("user"))?;
    let devices = store.device_credentials(user_id).await.map_err(internal)?;
    let passkeys = store.passkeys_of_user(user_id).await.map_err(internal)?;
    let now = crate::domain::Clock::now(state.core.clock.as_ref());
    let live_refresh_tokens = store
        .refresh_tokens_of_user(user_id)
        .await
        .map_err(internal)?
        .iter()
        .filter(|t| {
            t.revoked_at.is_none()
                && t.rotated_at.is_none()
                && t.family_expires_at.is_none_or(|e| e > now)
        })
        .count();
    Ok(UserPage {
        chrome: admin.chrome("users"),
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
                last_used: when_or_never(p.last_used_at),
            })
            .collect(),
        live_refresh_tokens,
        error: None,
    })
}

/// `GET /admin/users/{id}`.
async fn detail(
    State(state): State<AppState>,
    Path(id): Path<String>,
    AdminPage(admin): AdminPage,
) -> Response {
    match user_page(&state, &admin, &id).await {
        Ok(body) => show(&state, admin.jar, &body),
        Err(r) => r,
    }
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
async fn block(
    State(state): State<AppState>,
    Path(id): Path<String>,
    AdminForm(form): AdminForm,
) -> Response {
    let blocked = form.fields.text("blocked") == "true";
    let now = crate::domain::Clock::now(state.core.clock.as_ref());
    match state.core.store.set_user_blocked(&id, blocked, now).await {
        Ok(true) => {}
        Ok(false) => return not_found("user"),
        Err(e) => return internal(e),
    }
    let (what, notice) = if blocked {
        ("Block the user", "User blocked: their logins now fail")
    } else {
        ("Unblock the user", "User unblocked")
    };
    form.record(&state, &format!("{what} {id}")).await;
    done(&user_path(&id), notice)
}

/// `POST /admin/users/{id}/sign-out`: ends their sessions and revokes their refresh tokens.
async fn sign_out(
    State(state): State<AppState>,
    Path(id): Path<String>,
    AdminForm(form): AdminForm,
) -> Response {
    let (sessions, tokens) =
        match crate::domain::management::checks::sign_out_everywhere(&state.core, &id).await {
            Ok(counts) => counts,
            Err(e) => return internal(e),
        };
    form.record(&state, &format!("Sign out the user {id} everywhere"))
        .await;
    let notice = format!("Signed out: {sessions} sessions ended, {tokens} refresh tokens revoked");
    done(&user_path(&id), &notice)
}

/// `POST /admin/users/{id}/delete`.
async fn delete(
    State(state): State<AppState>,
    Path(id): Path<String>,
    AdminForm(form): AdminForm,
) -> Response {
    let login = match state.core.store.user(&id).await {
        Ok(Some(u)) => u.recipient,
        Ok(None) => return not_found("user"),
        Err(e) => return internal(e),
    };
    if form.fields.text(CONFIRM) != login {
        let mut page = match user_page(&state, &form, &id).await {
            Ok(p) => p,
            Err(r) => return r,
        };
        page.error = Some(not_confirmed(&login, "the user"));
        return show(&state, form.jar, &page);
    }
    match state.core.store.delete_user(&id).await {
        Ok(true) => form.record(&state, &format!("Delete the user {id}")).await,
        Ok(false) => return not_found("user"),
        Err(e) => return internal(e),
    }
    done("/admin/users", "User deleted")
}
