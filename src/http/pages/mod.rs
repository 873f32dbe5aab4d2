//! What every server-rendered page and served file shares: the HTML answer with its security
//! headers, the error and notice pages, the redirect (or `form_post` page) back to an app,
//! static files with their cache headers, one-value-per-name link parameters, and the check
//! of an authorization request's client and redirect URI. The flows live beside it: the
//! magic link (`magic_link`), the native-app link page (`native_link`), the browser's
//! cookies (`cookies`), and an app's look on its pages (`brand`).
//!
//! Pages are rendered on the server (askama, escaped), carry no inline script or style, and
//! are never cached or framed (but for the `web_message` answer, by its app's origin only).

// Page checks return the finished error page as their `Err`: it is built once per failed
// request, so its size on the stack costs nothing worth boxing for.
#![allow(clippy::result_large_err)]

pub(in crate::http) mod brand;
mod cookies;
mod magic_link;
mod native_link;
mod params;
mod web_message;

use askama::Template;
use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::AppState;
use crate::domain::DomainError;
use crate::domain::i18n::{self, Lang};
use crate::domain::model::{Client, User};
use crate::domain::oauth::redirect::{
    AuthorizationRequest, AuthorizationResponse, AuthorizeParams, ResponseMode, TrustedRedirect,
    check_request, response_mode, trusted_redirect_uri,
};
pub(in crate::http) use brand::Brand;

pub(in crate::http) use cookies::{
    CSRF_FIELD, SESSION_COOKIE, cookie, csrf_cookie, csrf_ok, csrf_token, session_cookie,
    with_csrf, with_session,
};
pub(in crate::http) use magic_link::visitor_texts;
pub use magic_link::{link_confirm, link_landing, link_resend};
pub use native_link::native_link;
pub use params::LinkParams;
pub(in crate::http) use params::query_language;
pub use web_message::web_message_script;

/// How long browsers may keep our own files: they change only with a release.
pub(crate) const CACHE_HOUR: &str = "public, max-age=3600";
/// How long browsers may keep what an operator can change (an app's colour or connections).
pub(crate) const CACHE_MINUTE: &str = "public, max-age=60";

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    t: &'static Lang,
    brand: Brand,
    title: String,
    message: String,
    /// What the app's developer needs to know, in English as Auth0's error descriptions are,
    /// shown apart from the visitor's words.
    detail: Option<String>,
    resend: Option<ResendForm>,
    resend_label: String,
}

/// A form on the error page that asks for a new magic link.
struct ResendForm {
    action: String,
    fields: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "notice.html")]
struct NoticePage {
    t: &'static Lang,
    brand: Brand,
    title: String,
    message: String,
}

#[derive(Template)]
#[template(path = "form_post.html")]
struct FormPostPage {
    t: &'static Lang,
    /// The app's colour and logo (its name is in the title).
    brand: Brand,
    /// "You are signed in" for a login (a code or tokens), else "Returning to the app".
    title: String,
    message: String,
    action: String,
    fields: Vec<(String, String)>,
}

impl FormPostPage {
    fn new(t: &'static Lang, client: &Client, answer: &AuthorizationResponse) -> Self {
        let app_arg = [("app", i18n::Arg::Text(&client.name))];
        let (title, message) = if carries_error(&answer.params) {
            (
                t.format("form-post-returning-title", &app_arg),
                t.format("form-post-returning", &app_arg),
            )
        } else {
            (
                t.text("form-post-signed-in-title"),
                t.format("form-post-signed-in", &app_arg),
            )
        };
        Self {
            t,
            brand: Brand {
                css: brand::stylesheet(client),
                logo: client.branding.logo_uri.clone(),
                ..Brand::NONE
            },
            title,
            message,
            action: answer.redirect_uri.clone(),
            fields: answer.params.clone(),
        }
    }
}

/// A file served as it is, with its type and how long it may be cached (`CACHE_HOUR`,
/// `CACHE_MINUTE`).
pub(crate) fn served(
    body: impl Into<Body>,
    content_type: &'static str,
    cache_control: &'static str,
) -> Response {
    let headers = [
        (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
        (
            header::CACHE_CONTROL,
            HeaderValue::from_static(cache_control),
        ),
    ];
    (headers, body.into()).into_response()
}

/// One of our stylesheets or scripts: cached for an hour, and never sniffed as another type.
pub(crate) fn asset(body: &'static str, content_type: &'static str) -> Response {
    let nosniff = [(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    )];
    (nosniff, served(body, content_type, CACHE_HOUR)).into_response()
}

/// `GET /assets/latchkey.css`.
pub async fn stylesheet() -> Response {
    asset(
        include_str!("../../../assets/latchkey.css"),
        "text/css; charset=utf-8",
    )
}

/// The origin part of a redirect URI, as a CSP source: a browser applies `form-action` to
/// where a form's response redirects too, so the app's callback must be allowed.
pub(super) fn csp_source(uri: &str) -> Option<String> {
    let (scheme, rest) = uri.split_once("://")?;
    if scheme == "http" || scheme == "https" {
        let host = rest.split(['/', '?', '#']).next()?;
        Some(format!("{scheme}://{host}"))
    } else {
        Some(format!("{scheme}:"))
    }
}

/// An HTML answer with the headers every page carries.
pub(in crate::http) fn html(
    status: StatusCode,
    body: Result<String, askama::Error>,
    form_target: Option<&str>,
) -> Response {
    let body = match body {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(error = %e, "page did not render");
            return (StatusCode::INTERNAL_SERVER_ERROR, "Internal server error").into_response();
        }
    };
    let mut r = (status, body).into_response();
    let targets = form_target.and_then(csp_source).unwrap_or_default();
    let csp = format!(
        "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' https:; form-action 'self' {targets}; frame-ancestors 'none'; base-uri 'none'"
    );
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(csp.trim()) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    // The URL of a link page holds a live code: keep it out of caches and referrers.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

/// A page that only tells the visitor something ("link sent", "logged out").
pub(in crate::http) fn notice(t: &'static Lang, title: &str, message: &str) -> Response {
    notice_branded(t, Brand::NONE, title, message)
}

/// [`notice`] in an app's look.
pub(in crate::http) fn notice_branded(
    t: &'static Lang,
    brand: Brand,
    title: &str,
    message: &str,
) -> Response {
    let page = NoticePage {
        t,
        brand,
        title: title.into(),
        message: message.into(),
    };
    html(StatusCode::OK, page.render(), None)
}

pub(in crate::http) fn error_page(
    status: StatusCode,
    title: &str,
    message: impl Into<String>,
) -> Response {
    error_page_in(i18n::english(), status, title, message)
}

/// An error page in the visitor's language (`t`): for what a user meets, not what a
/// developer's malformed link gets.
pub(in crate::http) fn error_page_in(
    t: &'static Lang,
    status: StatusCode,
    title: &str,
    message: impl Into<String>,
) -> Response {
    error_page_branded(t, Brand::NONE, status, title, message)
}

/// [`error_page_in`] in an app's look.
pub(in crate::http) fn error_page_branded(
    t: &'static Lang,
    brand: Brand,
    status: StatusCode,
    title: &str,
    message: impl Into<String>,
) -> Response {
    let page = ErrorPage {
        t,
        brand,
        title: title.into(),
        message: message.into(),
        detail: None,
        resend: None,
        resend_label: t.text("send-new-link"),
    };
    html(status, page.render(), None)
}

/// A mistake in the app's request (its client, its redirect URI, a repeated parameter, a
/// form no page of ours made): the visitor reads what happened and what to do in their
/// language, and the developer's `detail` stays in English beside it, marked as English.
pub(in crate::http) fn request_error(
    t: &'static Lang,
    status: StatusCode,
    detail: impl Into<String>,
) -> Response {
    request_error_titled(
        t,
        status,
        &t.text("request-invalid-title"),
        &t.text("request-invalid"),
        detail,
    )
}

/// [`request_error`] with its own title and words (a logout that cannot return).
pub(in crate::http) fn request_error_titled(
    t: &'static Lang,
    status: StatusCode,
    title: &str,
    message: &str,
    detail: impl Into<String>,
) -> Response {
    let page = ErrorPage {
        t,
        brand: Brand::NONE,
        title: title.into(),
        message: message.into(),
        detail: Some(detail.into()),
        resend: None,
        resend_label: t.text("send-new-link"),
    };
    html(status, page.render(), None)
}

pub(in crate::http) fn internal(e: DomainError) -> Response {
    internal_in(i18n::english(), e)
}

/// [`internal`], in the visitor's language.
pub(in crate::http) fn internal_in(t: &'static Lang, e: DomainError) -> Response {
    internal_branded(t, Brand::NONE, e)
}

/// [`internal_in`] in an app's look.
pub(in crate::http) fn internal_branded(
    t: &'static Lang,
    brand: Brand,
    e: DomainError,
) -> Response {
    tracing::error!(error = %e, "link page failed");
    error_page_branded(
        t,
        brand,
        StatusCode::INTERNAL_SERVER_ERROR,
        &t.text("went-wrong-title"),
        t.text("went-wrong"),
    )
}

/// "Please start again": a step's form that this browser did not open, or that expired.
pub(in crate::http) fn start_again(t: &'static Lang, status: StatusCode) -> Response {
    error_page_in(
        t,
        status,
        &t.text("start-again-title"),
        t.text("start-again"),
    )
}

/// A bare redirect to `location` (left out if it is no valid header value).
pub(in crate::http) fn redirect_to(status: StatusCode, location: &str) -> Response {
    let mut r = status.into_response();
    if let Ok(v) = HeaderValue::from_str(location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

/// Sends the browser on to the app: a redirect, for `form_post` a page in `t`'s language
/// whose button posts the answer (no script, so the page needs no `unsafe-inline`), for
/// `web_message` the page that posts it to the app's window.
pub(in crate::http) fn redirect(
    t: &'static Lang,
    answer: &AuthorizationResponse,
    client: &Client,
    after_post: bool,
) -> Response {
    if answer.mode == ResponseMode::WebMessage {
        return web_message::answer_page(t, answer, client);
    }
    if answer.mode == ResponseMode::FormPost {
        let page = FormPostPage::new(t, client, answer);
        return html(StatusCode::OK, page.render(), Some(&answer.redirect_uri));
    }
    let status = if after_post {
        StatusCode::SEE_OTHER
    } else {
        StatusCode::FOUND
    };
    // The answer carries a code or tokens: keep it out of caches and referrers.
    let private = [
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ),
    ];
    (private, redirect_to(status, &answer.location())).into_response()
}

/// Whether an answer's parameters send an OAuth error back (RFC 6749 §4.1.2.1), not a login.
fn carries_error(params: &[(String, String)]) -> bool {
    params.iter().any(|(name, _)| name == "error")
}

/// The app's answer for a user who has logged in just now (so `auth_time` is now).
pub(in crate::http) async fn answer_now(
    state: &AppState,
    request: &AuthorizationRequest,
    user: &User,
) -> Result<AuthorizationResponse, DomainError> {
    let now = crate::domain::Clock::now(state.core.clock.as_ref());
    crate::domain::oauth::authorization_code::authorization_response(
        &state.core,
        request,
        user,
        now,
    )
    .await
}

/// A request's client and checked authorization parameters, and where its errors may go.
pub(in crate::http) struct Checked {
    pub(in crate::http) client: Client,
    pub(in crate::http) request: AuthorizationRequest,
}

/// Checks the client and the exact redirect URI, then the rest of the request. Until the
/// redirect URI is trusted, problems are a page in the visitor's language `t` (with the
/// developer's detail in English); after, they go back to the app as OAuth errors, a
/// `form_post` app's through a page in `t`. The hosted login checks again at every step: a
/// client's callbacks may have changed since its page was shown.
pub(in crate::http) async fn check_authorization(
    state: &AppState,
    p: &AuthorizeParams,
    t: &'static Lang,
) -> Result<Checked, Response> {
    let invalid = |m: &str| request_error(t, StatusCode::BAD_REQUEST, m);
    let client_id = p
        .client_id
        .clone()
        .ok_or_else(|| invalid("Missing required parameter: client_id"))?;
    let client = match state.core.client(&client_id).await {
        Ok(Some(c)) => c,
        Ok(None) => return Err(invalid(&format!("Unknown client: {client_id}"))),
        Err(e) => return Err(internal_in(t, e)),
    };
    let redirect_uri = trusted_redirect_uri(&client, p).map_err(|m| invalid(&m))?;
    // Before anything else goes back: a web_message answer may go only to a registered origin.
    if response_mode(p) == ResponseMode::WebMessage {
        web_message::target_origin(t, &client, &redirect_uri)?;
    }
    let trusted = TrustedRedirect {
        redirect_uri: redirect_uri.clone(),
        response_mode: response_mode(p),
        state: p.state.clone(),
    };
    let audiences =
        crate::domain::tokens::api_access::known_audiences(&state.core, p.audience.as_deref())
            .await
            .map_err(|e| internal_in(t, e))?;
    let mut request = check_request(&client, redirect_uri, p, &audiences).map_err(|e| {
        let answer = AuthorizationResponse::error(&trusted, &e);
        redirect(t, &answer, &client, false)
    })?;
    // Auth0's rule: a request that names no audience is for the tenant's default audience.
    if request.audience.is_none() {
        request.audience =
            crate::domain::management::tenant_settings::audience_or_default(&state.core, None)
                .await
                .map_err(|e| internal_in(t, e))?;
    }
    Ok(Checked { client, request })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csp_source_keeps_the_origin_of_web_uris() {
        assert_eq!(
            csp_source("https://app.example.com:8443/cb?x=1#f").as_deref(),
            Some("https://app.example.com:8443")
        );
        assert_eq!(
            csp_source("http://localhost/cb").as_deref(),
            Some("http://localhost")
        );
    }

    #[test]
    fn csp_source_names_only_the_scheme_of_app_uris() {
        assert_eq!(
            csp_source("com.example.app://callback").as_deref(),
            Some("com.example.app:")
        );
        assert_eq!(csp_source("not a uri"), None);
    }

    #[test]
    fn served_files_carry_their_type_and_cache() {
        let r = served("x", "text/css; charset=utf-8", CACHE_MINUTE);
        assert_eq!(r.headers()[header::CONTENT_TYPE], "text/css; charset=utf-8");
        assert_eq!(r.headers()[header::CACHE_CONTROL], "public, max-age=60");
        assert!(r.headers().get(header::X_CONTENT_TYPE_OPTIONS).is_none());
        let r = asset("x", "text/javascript; charset=utf-8");
        assert_eq!(r.headers()[header::CACHE_CONTROL], "public, max-age=3600");
        assert_eq!(r.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    }

    #[test]
    fn redirect_to_leaves_out_a_location_that_is_no_header() {
        let r = redirect_to(StatusCode::FOUND, "https://app.example/cb?state=a");
        assert_eq!(r.status(), StatusCode::FOUND);
        assert_eq!(
            r.headers()[header::LOCATION],
            "https://app.example/cb?state=a"
        );
        let r = redirect_to(StatusCode::FOUND, "bad\nvalue");
        assert!(r.headers().get(header::LOCATION).is_none());
    }

    #[test]
    fn a_form_post_carrying_an_error_is_no_sign_in() {
        let error = [
            ("error".to_string(), "login_required".to_string()),
            ("state".to_string(), "st".to_string()),
        ];
        assert!(carries_error(&error));
        let code = [("code".to_string(), "abc".to_string())];
        assert!(!carries_error(&code));
        let render = |t, fields: &[(String, String)]| {
            let answer = AuthorizationResponse {
                mode: ResponseMode::FormPost,
                redirect_uri: "https://acme.example/cb".into(),
                params: fields.to_vec(),
            };
            let mut client = Client::sample();
            client.name = "Acme".into();
            FormPostPage::new(t, &client, &answer)
                .render()
                .unwrap_or_default()
        };
        let en = i18n::english();
        assert!(!render(en, &error).contains("You are signed in"));
        assert!(render(en, &error).contains("Returning to Acme"));
        assert!(render(en, &code).contains("You are signed in"));
        let Some(ja) = i18n::by_tag("ja") else {
            panic!("Japanese ships");
        };
        let page = render(ja, &code);
        assert!(page.contains("<html lang=\"ja\">"), "{page}");
        assert!(
            page.contains(&ja.text("form-post-signed-in-title")),
            "{page}"
        );
    }
}
