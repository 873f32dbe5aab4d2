//! The browser's two cookies: the CSRF token every form of ours carries back (and the check
//! of a post against it), and the hosted login's session, set when a page login succeeds.

use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};

use crate::domain::crypto::ct_eq;
use crate::domain::model::User;
use crate::domain::random_hex;
use crate::http::AppState;

const CSRF_COOKIE: &str = "latchkey_csrf";
pub(in crate::http) const CSRF_FIELD: &str = "csrf";
/// The hosted login's session cookie (see `crate::domain::hosted`).
pub(in crate::http) const SESSION_COOKIE: &str = "latchkey_session";
/// A confirm page may sit in a tab this long before its button stops working.
const CSRF_MAX_AGE: i64 = 30 * 60;

pub(in crate::http) fn csrf_cookie(state: &AppState, token: String) -> Cookie<'static> {
    let lifetime = time::Duration::seconds(CSRF_MAX_AGE);
    cookie(
        state,
        "/",
        (CSRF_COOKIE, token),
        SameSite::Strict,
        Some(lifetime),
    )
}

/// The session cookie for a browser that just logged in: sent on top-level navigations from
/// other sites (`Lax`), so an app's next `/authorize` finds it. It is kept for the tenant's
/// whole `session_lifetime`; the server ends an idle session sooner.
pub(in crate::http) async fn session_cookie(state: &AppState, token: String) -> Cookie<'static> {
    let seconds = match crate::domain::login::hosted::session_lifetimes(&state.core).await {
        Ok(l) => l.absolute,
        Err(e) => {
            tracing::error!(error = %e, "cannot read the session lifetimes");
            crate::domain::login::hosted::SESSION_LIFETIME
        }
    };
    let lifetime = time::Duration::seconds(seconds);
    cookie(
        state,
        "/",
        (SESSION_COOKIE, token),
        SameSite::Lax,
        Some(lifetime),
    )
}

/// One of our cookies, for the paths below `path`, kept `max_age` (else until the browser
/// closes): never readable by script, and `Secure` whenever we are served over HTTPS.
pub(in crate::http) fn cookie(
    state: &AppState,
    path: &'static str,
    (name, value): (&'static str, String),
    same_site: SameSite,
    max_age: Option<time::Duration>,
) -> Cookie<'static> {
    let mut c = Cookie::build((name, value))
        .path(path)
        .http_only(true)
        .same_site(same_site)
        .secure(state.core.tokens.issuer().starts_with("https://"))
        .build();
    c.set_max_age(max_age);
    c
}

/// `r` with the CSRF cookie its form's `token` must match.
pub(in crate::http) fn with_csrf(
    state: &AppState,
    jar: &CookieJar,
    token: String,
    r: Response,
) -> Response {
    (jar.clone().add(csrf_cookie(state, token)), r).into_response()
}

/// `r` with a new session for `user`. The login itself has succeeded by now, so a session
/// that cannot be created costs only its convenience, not the answer.
pub(in crate::http) async fn with_session(
    state: &AppState,
    jar: &CookieJar,
    user: &User,
    r: Response,
) -> Response {
    match crate::domain::login::hosted::create_session(&state.core, user).await {
        Ok(token) => (jar.clone().add(session_cookie(state, token).await), r).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "cannot create a session");
            r
        }
    }
}

/// The CSRF token for a form on this page: the browser's cookie if it has one, else new.
pub(in crate::http) fn csrf_token(state: &AppState, jar: &CookieJar) -> String {
    jar.get(CSRF_COOKIE)
        .map(|c| c.value().to_string())
        .filter(|v| v.len() == 32)
        .unwrap_or_else(|| random_hex(state.core.random.as_ref(), 16))
}

/// A form post is ours if it carries the token that matches this browser's cookie (set on
/// our page, `SameSite=Strict`, so no other site's form can send it), and no foreign
/// `Origin`. `Origin: null` is allowed: browsers send it under `no-referrer`.
pub(in crate::http) fn csrf_ok(
    state: &AppState,
    jar: &CookieJar,
    headers: &HeaderMap,
    presented: Option<&str>,
) -> bool {
    let issuer_origin = state.core.tokens.issuer().trim_end_matches('/');
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let cookie = jar.get(CSRF_COOKIE).map(|c| c.value().to_string());
    same_form(issuer_origin, origin, cookie.as_deref(), presented)
}

/// The rule of `csrf_ok`, on the values it reads.
fn same_form(
    issuer_origin: &str,
    origin: Option<&str>,
    cookie: Option<&str>,
    presented: Option<&str>,
) -> bool {
    let origin_ok = match origin {
        None | Some("null") => true,
        Some(o) => o == issuer_origin,
    };
    let token_ok = match (cookie, presented) {
        (Some(cookie), Some(field)) => {
            !field.is_empty() && ct_eq(cookie.as_bytes(), field.as_bytes())
        }
        _ => false,
    };
    origin_ok && token_ok
}

#[cfg(test)]
mod tests {
    use super::same_form;

    const US: &str = "https://login.example";

    #[test]
    fn a_form_with_the_cookies_token_is_ours() {
        assert!(same_form(US, None, Some("abc"), Some("abc")));
        assert!(same_form(US, Some("null"), Some("abc"), Some("abc")));
        assert!(same_form(US, Some(US), Some("abc"), Some("abc")));
    }

    #[test]
    fn a_foreign_origin_or_a_missing_or_other_token_is_refused() {
        assert!(!same_form(
            US,
            Some("https://evil.example"),
            Some("abc"),
            Some("abc")
        ));
        assert!(!same_form(US, None, None, Some("abc")));
        assert!(!same_form(US, None, Some("abc"), None));
        assert!(!same_form(US, None, Some("abc"), Some("abd")));
        assert!(!same_form(US, None, Some(""), Some("")));
    }
}
