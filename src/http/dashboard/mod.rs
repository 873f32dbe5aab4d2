//! The dashboard (`/admin`): administrators sign in through our own hosted login with an
//! email code, as any app would (code flow with PKCE, redeemed server-side), then configure
//! connections and the email provider, manage applications, users and signing keys, and
//! read the event log. Pages are rendered on the server with no inline script; every change
//! is a form post checked against the CSRF cookie and written to the event log.

// Page checks return the finished page as their `Err` (see `pages`).
#![allow(clippy::result_large_err)]

mod applications;
mod connections;
mod keys;
mod logs;
mod users;

use std::collections::BTreeMap;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use base64::Engine;

use super::AppState;
use super::pages::{CSRF_FIELD, csrf_cookie, csrf_ok, csrf_token, error_page, html};
use crate::domain::model::{Strategy, User};
use crate::domain::{DomainError, random_token};

/// The client the dashboard signs in with (created when there is an administrator).
pub const DASHBOARD_CLIENT: &str = "latchkey-dashboard";
const ADMIN_COOKIE: &str = "latchkey_admin";
const LOGIN_COOKIE: &str = "latchkey_admin_login";
const LOGIN_CONTEXT: &str = "dashboard login v1";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin", get(home))
        .route("/admin/callback", get(callback))
        .route("/admin/logout", post(logout))
        .route(
            "/admin/connections",
            get(connections::list).post(connections::create),
        )
        .route(
            "/admin/connections/{name}",
            get(connections::edit).post(connections::save),
        )
        .route(
            "/admin/connections/{name}/test",
            post(connections::test_sms),
        )
        .route(
            "/admin/connections/{name}/delete",
            post(connections::delete),
        )
        .route(
            "/admin/email-provider",
            get(connections::email_provider).post(connections::save_email_provider),
        )
        .route("/admin/email-provider/test", post(connections::test_email))
        .route("/admin/passkeys", post(connections::switch_passkeys))
        .route("/admin/device-keys", post(connections::switch_device_keys))
        .route(
            "/admin/applications",
            get(applications::list).post(applications::create),
        )
        .route(
            "/admin/applications/{id}",
            get(applications::edit).post(applications::save),
        )
        .route(
            "/admin/applications/{id}/rotate-secret",
            post(applications::rotate_secret),
        )
        .route(
            "/admin/applications/{id}/delete",
            post(applications::delete),
        )
        .route("/admin/users", get(users::list))
        .route("/admin/users/{id}", get(users::detail))
        .route("/admin/users/{id}/block", post(users::block))
        .route("/admin/users/{id}/sign-out", post(users::sign_out))
        .route("/admin/users/{id}/delete", post(users::delete))
        .route("/admin/logs", get(logs::list))
        .route("/admin/keys", get(keys::list))
        .route("/admin/keys/rotate", post(keys::rotate))
        .route("/admin/keys/{kid}/revoke", post(keys::revoke))
        .route("/assets/admin.css", get(stylesheet))
        .route("/assets/admin.js", get(script))
}

/// What every dashboard page shows around its content.
pub(super) struct Chrome {
    pub admin: String,
    pub section: &'static str,
    pub notice: Option<String>,
    pub csrf: String,
}

impl Chrome {
    pub fn current(&self, section: &str) -> bool {
        self.section == section
    }
}

/// A form's or a query's fields; a repeated name keeps its last value.
pub(super) struct Fields(BTreeMap<String, String>);

impl Fields {
    fn parse(input: &[u8]) -> Self {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(input).unwrap_or_default();
        Self(pairs.into_iter().collect())
    }
    /// The trimmed value, empty if absent.
    pub fn text(&self, key: &str) -> String {
        self.0
            .get(key)
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    }
    /// The trimmed value, `None` if absent or empty.
    pub fn opt(&self, key: &str) -> Option<String> {
        Some(self.text(key)).filter(|v| !v.is_empty())
    }
    /// The value as typed (a template keeps its spacing and line breaks).
    pub fn raw(&self, key: &str) -> String {
        self.0
            .get(key)
            .map(|v| v.replace("\r\n", "\n"))
            .unwrap_or_default()
    }
    pub fn checked(&self, key: &str) -> bool {
        matches!(self.0.get(key).map(String::as_str), Some("on" | "true"))
    }
}

/// A page's query string as fields.
pub(super) fn query_fields(query: &Option<String>) -> Fields {
    Fields::parse(query.as_deref().unwrap_or("").as_bytes())
}

/// A field's error, shown next to it: the field's form name and the message.
pub(super) struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    /// Places a domain validation message ("connection sms: twilio_sid must be …",
    /// "totp.length must be …") at the field it names, if the form has one.
    pub fn place(message: &str, fields: &[&str]) -> Self {
        let message = match message.split_once(": ") {
            Some((head, rest)) if head.starts_with("connection ") => rest,
            _ => message,
        };
        let message = message.strip_prefix("credentials.").unwrap_or(message);
        let field = fields
            .iter()
            .copied()
            .filter(|f| {
                message.starts_with(f)
                    && message[f.len()..]
                        .chars()
                        .next()
                        .is_none_or(|c| c == ' ' || c == ':')
            })
            .max_by_key(|f| f.len())
            .unwrap_or("")
            .to_string();
        Self {
            field,
            message: message.to_string(),
        }
    }
}

/// A page with a form that may come back with a refused value.
pub(super) trait FormPage {
    fn refusal(&self) -> &Option<FieldError>;

    /// The message to show next to `field`, if it was the one refused.
    fn error(&self, field: &str) -> Option<&str> {
        self.refusal()
            .as_ref()
            .filter(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    /// A refusal that names no field of the form, shown above it.
    fn general(&self) -> Option<&str> {
        self.refusal()
            .as_ref()
            .filter(|e| e.field.is_empty())
            .map(|e| e.message.as_str())
    }

    /// 400 when a value was refused, else 200.
    fn status(&self) -> StatusCode {
        if self.refusal().is_some() {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::OK
        }
    }
}

fn secure(state: &AppState) -> bool {
    state.core.tokens.issuer().starts_with("https://")
}

pub(super) fn redirect_to(location: &str) -> Response {
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

/// Back to a page after a change, with a line saying what happened.
pub(super) fn done(path: &str, notice: &str) -> Response {
    let query = serde_urlencoded::to_string([("notice", notice)]).unwrap_or_default();
    let sep = if path.contains('?') { '&' } else { '?' };
    redirect_to(&format!("{path}{sep}{query}"))
}

pub(super) fn internal(e: DomainError) -> Response {
    tracing::error!(error = %e, "dashboard page failed");
    error_page(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Something went wrong",
        "Please try again in a moment.",
    )
}

pub(super) fn not_found(what: &str) -> Response {
    error_page(
        StatusCode::NOT_FOUND,
        "Not found",
        format!("No such {what}."),
    )
}

/// Whether `email` may use the dashboard: named in the configuration, or added with
/// `latchkey admins add`.
async fn is_admin(state: &AppState, email: &str) -> Result<bool, DomainError> {
    if state.admin_emails.iter().any(|a| a == email) {
        return Ok(true);
    }
    Ok(
        crate::domain::management::admins::stored_admins(state.core.store.as_ref())
            .await?
            .iter()
            .any(|a| a == email),
    )
}

/// The administrator this browser is signed in as, if any (and still an administrator).
async fn admin(state: &AppState, jar: &CookieJar) -> Result<Option<User>, DomainError> {
    let Some(cookie) = jar.get(ADMIN_COOKIE) else {
        return Ok(None);
    };
    let Some((user, _)) = state.core.session_user(cookie.value()).await? else {
        return Ok(None);
    };
    if user.strategy == Strategy::Email && is_admin(state, &user.recipient).await? {
        Ok(Some(user))
    } else {
        Ok(None)
    }
}

/// A page for a signed-in administrator: who they are and the page's chrome; otherwise the
/// way to sign in.
pub(super) async fn page(
    state: &AppState,
    jar: &CookieJar,
    section: &'static str,
    query: &Fields,
) -> Result<Chrome, Response> {
    match admin(state, jar).await {
        Ok(Some(who)) => Ok(Chrome {
            admin: who.recipient,
            section,
            notice: query.opt("notice"),
            csrf: csrf_token(state, jar),
        }),
        Ok(None) => Err(start_login(state, jar.clone()).await),
        Err(e) => Err(internal(e)),
    }
}

/// Renders a dashboard page and keeps the CSRF cookie its forms need.
pub(super) fn show(
    state: &AppState,
    jar: CookieJar,
    chrome: &Chrome,
    status: StatusCode,
    body: Result<String, askama::Error>,
) -> Response {
    (
        jar.add(csrf_cookie(state, chrome.csrf.clone())),
        html(status, body, None),
    )
        .into_response()
}

/// A dashboard form post: the administrator and the fields, once the CSRF check passed.
pub(super) async fn form(
    state: &AppState,
    jar: &CookieJar,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<(User, Fields), Response> {
    let who = match admin(state, jar).await {
        Ok(Some(u)) => u,
        Ok(None) => return Err(redirect_to("/admin")),
        Err(e) => return Err(internal(e)),
    };
    let fields = Fields::parse(body);
    if !csrf_ok(state, jar, headers, fields.opt(CSRF_FIELD).as_deref()) {
        return Err(error_page(
            StatusCode::FORBIDDEN,
            "Please try again",
            "This page expired. Go back, reload it and try again.",
        ));
    }
    Ok((who, fields))
}

/// Writes an administrator's change to the event log (`sapi`, as Auth0 logs Management API
/// operations), under the administrator's user id.
pub(super) async fn record(state: &AppState, who: &User, description: &str) {
    state
        .core
        .events
        .log(crate::domain::model::LogEvent {
            kind: crate::domain::audit::codes::API_OPERATION.into(),
            description: format!("{description} (dashboard, {})", who.recipient),
            user_id: Some(who.user_id.clone()),
            ..Default::default()
        })
        .await;
}

/// Sends the browser to the hosted login (email only), with PKCE; the verifier and state
/// wait in a sealed, short-lived cookie.
async fn start_login(state: &AppState, jar: CookieJar) -> Response {
    match state.core.find_client(DASHBOARD_CLIENT).await {
        Ok(Some(_)) => {}
        Ok(None) => {
            return error_page(
                StatusCode::NOT_FOUND,
                "No administrators yet",
                "Add one with `latchkey admins add you@example.com` (or name them under [admin] emails in the configuration), then open /admin again.",
            );
        }
        Err(e) => return internal(e),
    }
    let verifier = random_token(state.core.random.as_ref(), 32);
    let login_state = random_token(state.core.random.as_ref(), 16);
    let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(crate::domain::crypto::sha256(verifier.as_bytes()));
    let sealed = match state.core.keys.seal(
        LOGIN_CONTEXT,
        format!("{login_state} {verifier}").as_bytes(),
    ) {
        Ok(s) => s,
        Err(e) => return internal(e),
    };
    let issuer = state.core.tokens.issuer();
    let query = serde_urlencoded::to_string([
        ("client_id", DASHBOARD_CLIENT),
        ("redirect_uri", &format!("{issuer}admin/callback")),
        ("response_type", "code"),
        ("scope", "openid email"),
        ("connection", "email"),
        ("prompt", "login"),
        ("state", &login_state),
        ("code_challenge", &challenge),
        ("code_challenge_method", "S256"),
    ])
    .unwrap_or_default();
    let cookie = Cookie::build((LOGIN_COOKIE, sealed))
        .path("/admin")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure(state))
        .max_age(time::Duration::minutes(30))
        .build();
    (jar.add(cookie), redirect_to(&format!("/authorize?{query}"))).into_response()
}

/// `GET /admin`: the connections page, or the way to sign in.
async fn home(State(state): State<AppState>, jar: CookieJar) -> Response {
    match admin(&state, &jar).await {
        Ok(Some(_)) => redirect_to("/admin/connections"),
        Ok(None) => start_login(&state, jar).await,
        Err(e) => internal(e),
    }
}

/// `GET /admin/callback`: the hosted login's answer; the code is redeemed here, and only an
/// administrator's login opens the dashboard.
async fn callback(
    State(state): State<AppState>,
    jar: CookieJar,
    RawQuery(query): RawQuery,
) -> Response {
    let params = query_fields(&query);
    let expected = jar
        .get(LOGIN_COOKIE)
        .and_then(|c| state.core.keys.open(LOGIN_CONTEXT, c.value()).ok())
        .and_then(|b| String::from_utf8(b).ok());
    let Some((login_state, verifier)) = expected.as_deref().and_then(|e| e.split_once(' ')) else {
        return error_page(
            StatusCode::BAD_REQUEST,
            "Please sign in again",
            "The sign-in expired.",
        );
    };
    if params.opt("state").as_deref() != Some(login_state) {
        return error_page(
            StatusCode::BAD_REQUEST,
            "Please sign in again",
            "The sign-in does not match this browser.",
        );
    }
    let Some(code) = params.opt("code") else {
        return error_page(
            StatusCode::BAD_REQUEST,
            "Sign-in failed",
            params.text("error_description"),
        );
    };
    let client = match state.core.find_client(DASHBOARD_CLIENT).await {
        Ok(Some(c)) => c,
        Ok(None) => return not_found("dashboard client"),
        Err(e) => return internal(e),
    };
    let redirect_uri = format!("{}admin/callback", state.core.tokens.issuer());
    let tokens = match state
        .core
        .redeem_authorization_code(&client, &code, Some(&redirect_uri), Some(verifier))
        .await
    {
        Ok(t) => t,
        Err(e) => return error_page(StatusCode::BAD_REQUEST, "Sign-in failed", e.to_string()),
    };
    let user = match state.core.store.user(&tokens.subject).await {
        Ok(Some(u)) => u,
        Ok(None) => return not_found("user"),
        Err(e) => return internal(e.into()),
    };
    let allowed = match is_admin(&state, &user.recipient).await {
        Ok(a) => a && user.strategy == Strategy::Email,
        Err(e) => return internal(e),
    };
    if !allowed {
        tracing::warn!(user = %user.user_id, "dashboard sign-in by someone who is not an administrator");
        return error_page(
            StatusCode::FORBIDDEN,
            "Not an administrator",
            "This address may not use the dashboard.",
        );
    }
    let session = match state.core.create_session(&user).await {
        Ok(s) => s,
        Err(e) => return internal(e),
    };
    let cookie = Cookie::build((ADMIN_COOKIE, session))
        .path("/admin")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure(&state))
        .build();
    let jar = jar
        .remove(Cookie::build((LOGIN_COOKIE, "")).path("/admin").build())
        .add(cookie);
    // A page, not a redirect: a SameSite=Strict cookie set during a cross-site flow is sent
    // only from the next same-site navigation.
    (
        jar,
        html(StatusCode::OK, Ok(CONTINUE_PAGE.to_string()), None),
    )
        .into_response()
}

const CONTINUE_PAGE: &str = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Signed in · Latchkey</title><link rel=\"stylesheet\" href=\"/assets/latchkey.css\"></head><body><main><div class=\"card\"><h1>Signed in</h1><p><a id=\"continue\" href=\"/admin/connections\">Open the dashboard</a></p></div></main></body></html>";

/// `POST /admin/logout`: ends the administrator's dashboard session.
async fn logout(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(r) = form(&state, &jar, &headers, &body).await {
        return r;
    }
    if let Some(c) = jar.get(ADMIN_COOKIE)
        && let Err(e) = state.core.end_session(c.value()).await
    {
        return internal(e);
    }
    let jar = jar.remove(Cookie::build((ADMIN_COOKIE, "")).path("/admin").build());
    (
        jar,
        html(StatusCode::OK, Ok(SIGNED_OUT_PAGE.to_string()), None),
    )
        .into_response()
}

const SIGNED_OUT_PAGE: &str = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Signed out · Latchkey</title><link rel=\"stylesheet\" href=\"/assets/latchkey.css\"></head><body><main><div class=\"card\"><h1>Signed out</h1><p><a href=\"/admin\">Sign in again</a></p></div></main></body></html>";

fn asset(body: &'static str, content_type: &'static str) -> Response {
    let mut r = body.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

async fn stylesheet() -> Response {
    asset(
        include_str!("../../../assets/admin.css"),
        "text/css; charset=utf-8",
    )
}

async fn script() -> Response {
    asset(
        include_str!("../../../assets/admin.js"),
        "text/javascript; charset=utf-8",
    )
}

/// A Unix time as the dashboard shows it (UTC, to the second).
pub(super) fn when(t: i64) -> String {
    crate::domain::iso8601(t)
        .replace('T', " ")
        .replace(".000Z", " UTC")
        .replace('Z', " UTC")
}

#[cfg(test)]
mod tests {
    use super::FieldError;

    #[test]
    fn a_domain_message_lands_on_the_field_it_names() {
        let fields = ["twilio_sid", "totp.length", "template", "from"];
        let e = FieldError::place(
            "connection sms: twilio_sid must be AC followed by 32 hex digits",
            &fields,
        );
        assert_eq!(e.field, "twilio_sid");
        assert_eq!(e.message, "twilio_sid must be AC followed by 32 hex digits");
        let e = FieldError::place("totp.length must be between 4 and 10", &fields);
        assert_eq!(e.field, "totp.length");
        let e = FieldError::place("template: unknown variable", &fields);
        assert_eq!(e.field, "template");
        // A field whose name only starts the message's first word is not it.
        let e = FieldError::place("from_address is wrong", &fields);
        assert_eq!(e.field, "");
        let e = FieldError::place("credentials.smtp_host must not be empty", &["smtp_host"]);
        assert_eq!(
            (e.field.as_str(), e.message.as_str()),
            ("smtp_host", "smtp_host must not be empty")
        );
        let e = FieldError::place("something else went wrong", &fields);
        assert_eq!(e.field, "", "shown above the form");
    }
}
