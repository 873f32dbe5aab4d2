//! Who may use the dashboard, and the administrator's session: the sign-in through our own
//! hosted login with an email code (code flow with PKCE, redeemed server-side), the
//! callback that opens a session only for an administrator, and signing out. The code and
//! the session name the administrator's address, never a tenant user
//! (`crate::domain::login::dashboard`): signing in creates and touches no user.

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use base64::Engine;

use super::DASHBOARD_CLIENT;
use super::chrome::{internal, not_found, redirect_to};
use super::form::{AdminForm, Fields, language};
use crate::domain::connections::email_template::html_escape;
use crate::domain::i18n::Lang;
use crate::domain::login::dashboard::{self, DashboardIdentity};
use crate::domain::login::hosted::SessionKind;
use crate::domain::{DomainError, audit, random_token};
use crate::http::AppState;
use crate::http::pages::{error_page_in, html};

const ADMIN_COOKIE: &str = "latchkey_admin";
const LOGIN_COOKIE: &str = "latchkey_admin_login";
const LOGIN_CONTEXT: &str = "dashboard login v1";

/// One of the dashboard's cookies: only for `/admin`, never readable by script.
fn cookie(
    state: &AppState,
    (name, value): (&'static str, String),
    same_site: SameSite,
) -> Cookie<'static> {
    crate::http::pages::cookie(state, "/admin", (name, value), same_site, None)
}

fn removal(name: &'static str) -> Cookie<'static> {
    Cookie::build((name, "")).path("/admin").build()
}

/// Whether `email` may use the dashboard: named in the configuration, or added with
/// `latchkey admins add` or from the dashboard.
async fn is_admin(state: &AppState, email: &str) -> Result<bool, DomainError> {
    crate::domain::management::admins::is_admin(
        state.core.store.as_ref(),
        &state.admin_emails,
        email,
    )
    .await
}

/// The administrator this browser is signed in as, if any (and still an administrator: a
/// removed one's open session stops working at its next request).
pub(super) async fn signed_in(
    state: &AppState,
    jar: &CookieJar,
) -> Result<Option<DashboardIdentity>, DomainError> {
    let Some(cookie) = jar.get(ADMIN_COOKIE) else {
        return Ok(None);
    };
    let Some(who) =
        crate::domain::login::hosted::dashboard_session(&state.core, cookie.value()).await?
    else {
        return Ok(None);
    };
    if is_admin(state, &who.email).await? {
        Ok(Some(who))
    } else {
        Ok(None)
    }
}

/// Sends the browser to the hosted login (email only), with PKCE; the verifier and state
/// wait in a sealed, short-lived cookie.
pub(super) async fn start_login(state: &AppState, jar: CookieJar, t: &'static Lang) -> Response {
    match state.core.client(DASHBOARD_CLIENT).await {
        Ok(Some(_)) => {}
        Ok(None) => {
            return error_page_in(
                t,
                StatusCode::NOT_FOUND,
                &t.text("dash-no-admins-title"),
                t.text("dash-no-admins"),
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
    let mut login = cookie(state, (LOGIN_COOKIE, sealed), SameSite::Lax);
    login.set_max_age(time::Duration::minutes(30));
    (jar.add(login), redirect_to(&format!("/authorize?{query}"))).into_response()
}

/// `GET /admin`: the overview, or the way to sign in.
pub(super) async fn home(
    State(state): State<AppState>,
    headers: HeaderMap,
    jar: CookieJar,
) -> Response {
    match signed_in(&state, &jar).await {
        Ok(Some(_)) => redirect_to(OVERVIEW),
        Ok(None) => start_login(&state, jar, language(&headers)).await,
        Err(e) => internal(e),
    }
}

fn sign_in_failed(t: &'static Lang, title: &str, message: impl Into<String>) -> Response {
    error_page_in(t, StatusCode::BAD_REQUEST, &t.text(title), message)
}

/// `GET /admin/callback`: the hosted login's answer; the code is redeemed here, and only an
/// administrator's login opens the dashboard.
pub(super) async fn callback(
    State(state): State<AppState>,
    headers: HeaderMap,
    jar: CookieJar,
    RawQuery(query): RawQuery,
) -> Response {
    let t = language(&headers);
    let params = Fields::parse(query.as_deref().unwrap_or("").as_bytes());
    let expected = jar
        .get(LOGIN_COOKIE)
        .and_then(|c| state.core.keys.open(LOGIN_CONTEXT, c.value()).ok())
        .and_then(|b| String::from_utf8(b).ok());
    let Some((login_state, verifier)) = expected.as_deref().and_then(|e| e.split_once(' ')) else {
        return sign_in_failed(
            t,
            "dash-sign-in-again-title",
            t.text("dash-sign-in-expired"),
        );
    };
    if params.opt("state").as_deref() != Some(login_state) {
        return sign_in_failed(
            t,
            "dash-sign-in-again-title",
            t.text("dash-sign-in-elsewhere"),
        );
    }
    let Some(code) = params.opt("code") else {
        return sign_in_failed(t, "dash-sign-in-failed", params.text("error_description"));
    };
    let client = match state.core.client(DASHBOARD_CLIENT).await {
        Ok(Some(c)) => c,
        Ok(None) => return not_found("dashboard client"),
        Err(e) => return internal(e),
    };
    let redirect_uri = format!("{}admin/callback", state.core.tokens.issuer());
    let who = match dashboard::redeem(&state.core, &client, &code, &redirect_uri, verifier).await {
        Ok(w) => w,
        Err(e @ (DomainError::Store(_) | DomainError::Internal(_))) => return internal(e),
        Err(e) => return sign_in_failed(t, "dash-sign-in-failed", e.to_string()),
    };
    let allowed = match is_admin(&state, &who.email).await {
        Ok(a) => a,
        Err(e) => return internal(e),
    };
    if !allowed {
        tracing::warn!("dashboard sign-in by someone who is not an administrator");
        dashboard::log(
            &state.core,
            audit::codes::FAILED_DASHBOARD_LOGIN,
            format!("Not an administrator ({})", who.email),
            Some("access_denied"),
        )
        .await;
        return error_page_in(
            t,
            StatusCode::FORBIDDEN,
            &t.text("dash-not-admin-title"),
            t.text("dash-not-admin"),
        );
    }
    let session =
        match crate::domain::login::hosted::create_dashboard_session(&state.core, &who).await {
            Ok(s) => s,
            Err(e) => return internal(e),
        };
    dashboard::log(
        &state.core,
        audit::codes::DASHBOARD_LOGIN,
        format!("Dashboard sign-in ({})", who.email),
        None,
    )
    .await;
    let admin = cookie(&state, (ADMIN_COOKIE, session), SameSite::Strict);
    let jar = jar.remove(removal(LOGIN_COOKIE)).add(admin);
    // Straight on to the overview: the callback is reached from the hosted login's own
    // page (the code is typed there), a same-site navigation, so the SameSite=Strict
    // cookie goes with the redirect.
    (jar, redirect_to(OVERVIEW)).into_response()
}

/// `POST /admin/logout`: ends the administrator's dashboard session.
pub(super) async fn logout(State(state): State<AppState>, AdminForm(form): AdminForm) -> Response {
    if let Some(c) = form.jar.get(ADMIN_COOKIE)
        && let Err(e) = crate::domain::login::hosted::end_session_of(
            &state.core,
            SessionKind::Dashboard,
            c.value(),
        )
        .await
    {
        return internal(e);
    }
    let jar = form.jar.remove(removal(ADMIN_COOKIE));
    (jar, signed_out(form.t)).into_response()
}

/// Where the dashboard opens.
const OVERVIEW: &str = "/admin/overview";

/// A small page on the hosted login's style, with the way back in.
fn signed_out(t: &'static Lang) -> Response {
    let title = html_escape(&t.text("dash-signed-out"));
    let link = format!(
        "<a href=\"/admin\">{}</a>",
        html_escape(&t.text("dash-sign-in-again"))
    );
    let (lang, dir) = (t.tag, if t.rtl() { " dir=\"rtl\"" } else { "" });
    let page = format!(
        "<!DOCTYPE html><html lang=\"{lang}\"{dir}><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title} · Latchkey</title><link rel=\"stylesheet\" href=\"/assets/latchkey.css\"></head><body><main><div class=\"card\"><h1>{title}</h1><p>{link}</p></div></main></body></html>"
    );
    html(StatusCode::OK, Ok(page), None)
}
