//! Users: find by phone number or email address (or page through them), and per user the
//! profile, identity, device keys, passkeys and refresh tokens; block or unblock, sign out
//! everywhere, delete.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};

use super::chrome::{Chrome, Page, done, internal, not_found, page, show, when};
use super::field_error::{CONFIRM, FieldError};
use super::form::{Admin, AdminForm, AdminPage};
use crate::domain::i18n::{Arg, Lang};
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
    /// How many users, around the search (`q`, set apart in the page).
    total_before: String,
    total_after: String,
    users: Vec<UserRow>,
    page: i64,
    pages: i64,
    /// "Page 2 of 5".
    page_line: String,
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
    /// The confirmation's hint, around the login (shown in bold).
    confirm_before: String,
    confirm_after: String,
    error: Option<FieldError>,
}

page!(ListPage);
page!(
    UserPage,
    fields: &[CONFIRM],
    labels: &[(CONFIRM, "confirm-delete", "dash-users-confirm-label")]
);

/// A time, or "never" in `t`'s words.
fn when_or_never(t: &Lang, time: Option<i64>) -> String {
    time.map(when).unwrap_or_else(|| t.text("dash-users-never"))
}

fn row(t: &Lang, u: User) -> UserRow {
    UserRow {
        path: user_path(&u.user_id),
        login: u.recipient,
        user_id: u.user_id,
        connection: u.connection,
        logins: u.logins_count,
        last_login: when_or_never(t, u.last_login),
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
    let t = admin.t;
    let pages = (total + PER_PAGE - 1) / PER_PAGE;
    let (total_before, total_after) = if q.is_empty() {
        (t.count("dash-users-total", total), String::new())
    } else {
        let count = [("count", Arg::Number(total))];
        t.around_with("dash-users-total-matching", &count, "q", &q)
    };
    let body = ListPage {
        chrome: admin.chrome("users"),
        q,
        total_before,
        total_after,
        users: users.into_iter().map(|u| row(t, u)).collect(),
        page: page_no,
        pages,
        page_line: t.format(
            "dash-users-page",
            &[
                ("page", Arg::Text(&(page_no + 1).to_string())),
                ("pages", Arg::Text(&pages.to_string())),
            ],
        ),
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
    let t = admin.t;
    let (confirm_before, confirm_after) =
        t.around("dash-users-confirm-hint", "login", &user.recipient);
    Ok(UserPage {
        chrome: admin.chrome("users"),
        strategy: user.strategy.as_str().to_string(),
        identity: user.identity_id().to_string(),
        created: when(user.created_at),
        user: row(t, user),
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
                last_used: when_or_never(t, p.last_used_at),
            })
            .collect(),
        live_refresh_tokens,
        confirm_before,
        confirm_after,
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
        ("Block the user", "dash-users-blocked-notice")
    } else {
        ("Unblock the user", "dash-users-unblocked-notice")
    };
    form.record(&state, &format!("{what} {id}")).await;
    done(&user_path(&id), &form.t.text(notice))
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
    let notice = signed_out(form.t, sessions, tokens);
    done(&user_path(&id), &notice)
}

/// The notice after signing a user out everywhere: the sessions ended, the tokens revoked.
fn signed_out(t: &Lang, sessions: u64, tokens: u64) -> String {
    let count = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    let sessions = t.count("dash-users-sessions-ended", count(sessions));
    let tokens = t.count("dash-users-tokens-revoked", count(tokens));
    t.format(
        "dash-users-signed-out",
        &[
            ("sessions", Arg::Text(&sessions)),
            ("tokens", Arg::Text(&tokens)),
        ],
    )
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
        let message = form.t.with("dash-users-confirm-mismatch", "login", &login);
        page.error = Some(FieldError::at(CONFIRM, message));
        return show(&state, form.jar, &page);
    }
    match state.core.store.delete_user(&id).await {
        Ok(true) => form.record(&state, &format!("Delete the user {id}")).await,
        Ok(false) => return not_found("user"),
        Err(e) => return internal(e),
    }
    done("/admin/users", &form.t.text("dash-users-deleted"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::i18n::{by_tag, english};

    #[test]
    fn counts_read_as_before_in_english_and_set_the_search_apart() {
        let en = english();
        assert_eq!(en.count("dash-users-total", 1), "1 user");
        assert_eq!(en.count("dash-users-total", 0), "0 users");
        let two = [("count", Arg::Number(2))];
        let matching = en.around_with("dash-users-total-matching", &two, "q", "+1415");
        assert_eq!(matching, ("2 users matching ".into(), String::new()));
        let ja = by_tag("ja")
            .unwrap()
            .around_with("dash-users-total-matching", &two, "q", "+1415");
        assert!(ja.0.is_empty() && ja.1.contains('2'), "{ja:?}");
        assert_eq!(
            signed_out(en, 0, 1),
            "Signed out: 0 sessions ended, 1 refresh token revoked"
        );
        assert_eq!(when_or_never(en, None), "never");
    }
}
