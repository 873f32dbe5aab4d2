//! Hosted pages: the magic-link landing (`GET /passwordless/verify_redirect`), the confirm
//! step that keeps mail scanners from using links, the "send me a new link" form, and the
//! page a native-app link shows when it opens in a browser. Pages are rendered on the
//! server (askama, escaped), carry no inline script or style, and are never cached or framed.

// Page checks return the finished error page as their `Err`: it is built once per failed
// request, so its size on the stack costs nothing worth boxing for.
#![allow(clippy::result_large_err)]

use askama::Template;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use std::collections::BTreeMap;
use std::net::SocketAddr;

use super::AppState;
use super::extract::{caller_ip, request_language};
use super::texts::{ENGLISH, Texts};
use crate::domain::connections::email::{EmailOptions, LINK_PARAMS};
use crate::domain::crypto::ct_eq;
use crate::domain::login;
use crate::domain::login::link::LinkLogin;
use crate::domain::login::start::StartRequest;
use crate::domain::model::Client;
use crate::domain::oauth::redirect::{
    AuthorizationRequest, AuthorizationResponse, AuthorizeParams, ResponseMode, TrustedRedirect,
    check_request, response_mode, trusted_redirect_uri,
};
use crate::domain::{DomainError, random_hex};

const CSRF_COOKIE: &str = "latchkey_csrf";
pub(super) const CSRF_FIELD: &str = "csrf";
/// The hosted login's session cookie (see `crate::domain::login::hosted`).
pub(super) const SESSION_COOKIE: &str = "latchkey_session";
/// A confirm page may sit in a tab this long before its button stops working.
const CSRF_MAX_AGE: i64 = 30 * 60;
const VERIFY_PATH: &str = "/passwordless/verify_redirect";
const RESEND_PATH: &str = "/passwordless/verify_redirect/resend";

#[derive(Template)]
#[template(path = "link_confirm.html")]
struct LinkConfirmPage {
    t: &'static Texts,
    app_name: String,
    email: String,
    action: String,
    fields: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    lang: &'static str,
    title: String,
    message: String,
    resend: Option<ResendForm>,
    resend_label: &'static str,
}

struct ResendForm {
    action: String,
    fields: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "notice.html")]
pub(super) struct NoticePage {
    pub(super) lang: &'static str,
    pub(super) title: String,
    pub(super) message: String,
}

#[derive(Template)]
#[template(path = "native_link.html")]
struct NativeLinkPage {
    t: &'static Texts,
    app_name: String,
    code: String,
}

#[derive(Template)]
#[template(path = "form_post.html")]
struct FormPostPage {
    app_name: String,
    action: String,
    fields: Vec<(String, String)>,
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
pub(super) fn html(
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

/// The visitor's language for the link pages: the browser's `Accept-Language` (a link may
/// open in another browser than the one that asked for it).
fn visitor_texts(headers: &HeaderMap) -> &'static Texts {
    super::texts::pick(None, request_language(headers).as_deref())
}

pub(super) fn error_page(status: StatusCode, title: &str, message: impl Into<String>) -> Response {
    error_page_in(&ENGLISH, status, title, message)
}

/// An error page in the visitor's language (`t`): for what a user meets, not what a
/// developer's malformed link gets.
pub(super) fn error_page_in(
    t: &'static Texts,
    status: StatusCode,
    title: &str,
    message: impl Into<String>,
) -> Response {
    let page = ErrorPage {
        lang: t.lang,
        title: title.into(),
        message: message.into(),
        resend: None,
        resend_label: t.send_new_link,
    };
    html(status, page.render(), None)
}

/// The parameters of a link, one value per name: a repeated name is refused rather than
/// guessed at (parameter pollution).
pub(super) struct LinkParams(pub(super) BTreeMap<String, String>);

impl LinkParams {
    pub(super) fn parse(pairs: Vec<(String, String)>) -> Result<Self, Response> {
        let mut map = BTreeMap::new();
        for (k, v) in pairs {
            if map.insert(k.clone(), v).is_some() {
                return Err(error_page(
                    StatusCode::BAD_REQUEST,
                    "This link is not valid",
                    format!("The parameter {k} appears more than once."),
                ));
            }
        }
        Ok(Self(map))
    }

    pub(super) fn get(&self, key: &str) -> Option<String> {
        self.0.get(key).filter(|v| !v.is_empty()).cloned()
    }

    pub(super) fn authorize(&self) -> AuthorizeParams {
        AuthorizeParams {
            client_id: self.get("client_id"),
            redirect_uri: self.get("redirect_uri"),
            response_type: self.get("response_type"),
            response_mode: self.get("response_mode"),
            scope: self.get("scope"),
            state: self.get("state"),
            nonce: self.get("nonce"),
            audience: self.get("audience"),
            code_challenge: self.get("code_challenge"),
            code_challenge_method: self.get("code_challenge_method"),
        }
    }

    /// The parameters a link form carries on: the link's own, nothing else.
    fn link_fields(&self) -> Vec<(String, String)> {
        self.0
            .iter()
            .filter(|(k, _)| {
                matches!(
                    k.as_str(),
                    "client_id" | "connection" | "email" | "verification_code"
                ) || LINK_PARAMS.contains(&k.as_str())
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }
}

/// A request's client and checked authorization parameters, and where its errors may go.
pub(super) struct Checked {
    pub(super) client: Client,
    pub(super) request: AuthorizationRequest,
    pub(super) trusted: TrustedRedirect,
}

/// Checks the client and the exact redirect URI, then the rest of the request. Until the
/// redirect URI is trusted, problems are a page titled `title`; after, they go back to the
/// app as OAuth errors. The hosted login checks again at every step: a client's callbacks
/// may have changed since its page was shown.
pub(super) async fn check_authorization(
    state: &AppState,
    p: &AuthorizeParams,
    title: &str,
) -> Result<Checked, Response> {
    let invalid = |m: &str| error_page(StatusCode::BAD_REQUEST, title, m.to_string());
    let client_id = p
        .client_id
        .clone()
        .ok_or_else(|| invalid("Missing required parameter: client_id"))?;
    let client = match state.core.client(&client_id).await {
        Ok(Some(c)) => c,
        Ok(None) => return Err(invalid(&format!("Unknown client: {client_id}"))),
        Err(e) => return Err(internal(e)),
    };
    let redirect_uri = trusted_redirect_uri(&client, p).map_err(|m| invalid(&m))?;
    let trusted = TrustedRedirect {
        redirect_uri: redirect_uri.clone(),
        response_mode: response_mode(p),
        state: p.state.clone(),
    };
    let request = check_request(&client, redirect_uri, p, &state.core.audiences)
        .map_err(|e| redirect(&AuthorizationResponse::error(&trusted, &e), &client, false))?;
    Ok(Checked {
        client,
        request,
        trusted,
    })
}

/// A link whose request checks out: who it is for and what the app asked for.
struct CheckedLink {
    request: AuthorizationRequest,
    login: LinkLogin,
    options: EmailOptions,
}

/// Checks a link before anything is shown or used. Until the redirect URI is trusted,
/// problems are shown here; after, they go back to the app as OAuth errors.
async fn check_link(state: &AppState, params: &LinkParams) -> Result<CheckedLink, Response> {
    let invalid = |message: &str| {
        error_page(
            StatusCode::BAD_REQUEST,
            "This link is not valid",
            message.to_string(),
        )
    };
    let Checked { request, .. } =
        check_authorization(state, &params.authorize(), "This link is not valid").await?;
    let connection = params
        .get("connection")
        .ok_or_else(|| invalid("The link names no connection."))?;
    let options = match login::link::email_connection(&state.core, &connection).await {
        Ok(Some(o)) => o,
        Ok(None) => {
            return Err(invalid(
                "The link names no email connection of this server.",
            ));
        }
        Err(e) => return Err(internal(e)),
    };
    let email = params
        .get("email")
        .ok_or_else(|| invalid("The link names no email address."))?;
    let verification_code = params
        .get("verification_code")
        .ok_or_else(|| invalid("The link carries no verification code."))?;
    Ok(CheckedLink {
        request,
        login: LinkLogin {
            connection,
            email,
            verification_code,
        },
        options,
    })
}

pub(super) fn internal(e: DomainError) -> Response {
    tracing::error!(error = %e, "link page failed");
    error_page(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Something went wrong",
        "Please try again in a moment.",
    )
}

/// Sends the browser on to the app: a redirect, or for `form_post` a page whose button
/// posts the answer (no script, so the page needs no `unsafe-inline`).
pub(super) fn redirect(
    answer: &AuthorizationResponse,
    client: &Client,
    after_post: bool,
) -> Response {
    if answer.mode == ResponseMode::FormPost {
        let page = FormPostPage {
            app_name: client.name.clone(),
            action: answer.redirect_uri.clone(),
            fields: answer.params.clone(),
        };
        return html(StatusCode::OK, page.render(), Some(&answer.redirect_uri));
    }
    let status = if after_post {
        StatusCode::SEE_OTHER
    } else {
        StatusCode::FOUND
    };
    let mut r = status.into_response();
    if let Ok(v) = HeaderValue::from_str(&answer.location()) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r.headers_mut().insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    r
}

pub(super) fn csrf_cookie(state: &AppState, token: String) -> Cookie<'static> {
    Cookie::build((CSRF_COOKIE, token))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.core.tokens.issuer().starts_with("https://"))
        .max_age(time::Duration::seconds(CSRF_MAX_AGE))
        .build()
}

/// The session cookie for a browser that just logged in: sent on top-level navigations from
/// other sites (`Lax`), so an app's next `/authorize` finds it.
pub(super) fn session_cookie(state: &AppState, token: String) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, token))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.core.tokens.issuer().starts_with("https://"))
        .max_age(time::Duration::seconds(
            crate::domain::login::hosted::SESSION_LIFETIME,
        ))
        .build()
}

/// The CSRF token for a form on this page: the browser's cookie if it has one, else new.
pub(super) fn csrf_token(state: &AppState, jar: &CookieJar) -> String {
    jar.get(CSRF_COOKIE)
        .map(|c| c.value().to_string())
        .filter(|v| v.len() == 32)
        .unwrap_or_else(|| random_hex(state.core.random.as_ref(), 16))
}

/// A form post is ours if it carries the token that matches this browser's cookie (set on
/// our page, `SameSite=Strict`, so no other site's form can send it), and no foreign
/// `Origin`. `Origin: null` is allowed: browsers send it under `no-referrer`.
pub(super) fn csrf_ok(
    state: &AppState,
    jar: &CookieJar,
    headers: &HeaderMap,
    presented: Option<&str>,
) -> bool {
    let issuer_origin = state.core.tokens.issuer().trim_end_matches('/');
    let origin_ok = match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        None | Some("null") => true,
        Some(o) => o == issuer_origin,
    };
    let token_ok = match (jar.get(CSRF_COOKIE), presented) {
        (Some(cookie), Some(field)) => {
            !field.is_empty() && ct_eq(cookie.value().as_bytes(), field.as_bytes())
        }
        _ => false,
    };
    origin_ok && token_ok
}

/// `GET` (and `HEAD`) of a magic link. By default this only shows the confirm page, so a
/// scanner that fetches the link does not use it; with `confirm_magic_link = false` a GET
/// logs in at once, as Auth0 does. A HEAD never uses a link.
pub async fn link_landing(
    State(state): State<AppState>,
    method: Method,
    jar: CookieJar,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let t = visitor_texts(&headers);
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.as_deref().unwrap_or("")).unwrap_or_default();
    let params = match LinkParams::parse(pairs) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let link = match check_link(&state, &params).await {
        Ok(l) => l,
        Err(r) => return r,
    };
    if !link.options.confirm_magic_link && method == Method::GET {
        return use_link(&state, &jar, t, &params, link, false).await;
    }
    let token = csrf_token(&state, &jar);
    let mut fields = params.link_fields();
    fields.push((CSRF_FIELD.into(), token.clone()));
    let page = LinkConfirmPage {
        t,
        app_name: link.request.client.name.clone(),
        email: link.login.email.clone(),
        action: VERIFY_PATH.into(),
        fields,
    };
    let r = html(
        StatusCode::OK,
        page.render(),
        Some(&link.request.redirect_uri),
    );
    (jar.add(csrf_cookie(&state, token)), r).into_response()
}

/// The confirm page's button: uses the link and sends the browser on to the app.
pub async fn link_confirm(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let pairs: Vec<(String, String)> = match serde_urlencoded::from_bytes(&body) {
        Ok(p) => p,
        Err(_) => {
            return error_page(
                StatusCode::BAD_REQUEST,
                "This link is not valid",
                "The form could not be read.",
            );
        }
    };
    let params = match LinkParams::parse(pairs) {
        Ok(p) => p,
        Err(r) => return r,
    };
    if !csrf_ok(&state, &jar, &headers, params.get(CSRF_FIELD).as_deref()) {
        let t = visitor_texts(&headers);
        return error_page_in(t, StatusCode::FORBIDDEN, t.reopen_title, t.reopen);
    }
    let link = match check_link(&state, &params).await {
        Ok(l) => l,
        Err(r) => return r,
    };
    use_link(&state, &jar, visitor_texts(&headers), &params, link, true).await
}

async fn use_link(
    state: &AppState,
    jar: &CookieJar,
    t: &'static Texts,
    params: &LinkParams,
    link: CheckedLink,
    after_post: bool,
) -> Response {
    match login::link::complete_link_login(&state.core, &link.request, &link.login).await {
        Ok((answer, user)) => {
            let r = redirect(&answer, &link.request.client, after_post);
            match login::hosted::create_session(&state.core, &user).await {
                Ok(token) => (jar.clone().add(session_cookie(state, token)), r).into_response(),
                Err(e) => {
                    // The login itself succeeded; only the convenience of a session is lost.
                    tracing::error!(error = %e, "cannot create a session");
                    r
                }
            }
        }
        Err(
            DomainError::WrongCode(_) | DomainError::CodeExpired | DomainError::TooManyAttempts,
        ) => {
            let resend = resend_form(state, jar, params);
            let page = ErrorPage {
                lang: t.lang,
                resend_label: t.send_new_link,
                title: t.link_used_title.into(),
                message: t.link_used.into(),
                resend: resend.as_ref().map(|(form, _)| ResendForm {
                    action: form.action.clone(),
                    fields: form.fields.clone(),
                }),
            };
            let r = html(StatusCode::BAD_REQUEST, page.render(), None);
            match resend {
                Some((_, token)) => (jar.clone().add(csrf_cookie(state, token)), r).into_response(),
                None => r,
            }
        }
        Err(DomainError::UserBlocked) => {
            error_page_in(t, StatusCode::FORBIDDEN, t.blocked_title, t.blocked_help)
        }
        Err(DomainError::SignupDisabled) => error_page_in(
            t,
            StatusCode::FORBIDDEN,
            t.signup_closed_title,
            t.signup_disabled,
        ),
        Err(DomainError::RateLimited(_)) => error_page_in(
            t,
            StatusCode::TOO_MANY_REQUESTS,
            t.too_many_title,
            t.too_many_link,
        ),
        Err(e) => internal(e),
    }
}

/// A form that asks for a new link with the same parameters. Like the hosted login page,
/// it sends for any client whose redirect URI checked out, secret or not.
fn resend_form(
    state: &AppState,
    jar: &CookieJar,
    params: &LinkParams,
) -> Option<(ResendForm, String)> {
    let token = csrf_token(state, jar);
    let mut fields: Vec<(String, String)> = params
        .link_fields()
        .into_iter()
        .filter(|(k, _)| k != "verification_code")
        .collect();
    fields.push((CSRF_FIELD.into(), token.clone()));
    Some((
        ResendForm {
            action: RESEND_PATH.into(),
            fields,
        },
        token,
    ))
}

/// "Send me a new link": a start with the expired link's parameters, under the same rate
/// limits as any start.
pub async fn link_resend(
    State(state): State<AppState>,
    ConnectInfo(socket): ConnectInfo<SocketAddr>,
    jar: CookieJar,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let params = match LinkParams::parse(pairs) {
        Ok(p) => p,
        Err(r) => return r,
    };
    if !csrf_ok(&state, &jar, &headers, params.get(CSRF_FIELD).as_deref()) {
        let t = visitor_texts(&headers);
        return error_page_in(t, StatusCode::FORBIDDEN, t.reopen_title, t.reopen);
    }
    let client = match params.get("client_id") {
        Some(id) => match state.core.client(&id).await {
            Ok(Some(c)) => c,
            Ok(None) => {
                return error_page(
                    StatusCode::BAD_REQUEST,
                    "This link is not valid",
                    "The link names an application this server does not know.",
                );
            }
            Err(e) => return internal(e),
        },
        None => {
            return error_page(
                StatusCode::BAD_REQUEST,
                "This link is not valid",
                "The form names no application.",
            );
        }
    };
    let auth_params: BTreeMap<String, String> = params
        .0
        .iter()
        .filter(|(k, _)| LINK_PARAMS.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let request = StartRequest {
        client_id: Some(client.client_id.clone()),
        client_secret: None,
        connection: params.get("connection"),
        phone_number: None,
        email: params.get("email"),
        send: Some("link".into()),
        auth_params,
        hosted: true,
        request_language: request_language(&headers),
        ip: Some(caller_ip(socket, &headers, &state.trusted_proxies)),
        forwarded_for: None,
    };
    let t = visitor_texts(&headers);
    match login::start::start(&state.core, request).await {
        Ok(_) => {
            let page = NoticePage {
                lang: t.lang,
                title: t.resent_title.into(),
                message: t.resent.into(),
            };
            html(StatusCode::OK, page.render(), None)
        }
        Err(DomainError::RateLimited(_)) => {
            error_page_in(t, StatusCode::TOO_MANY_REQUESTS, t.wait_title, t.wait_link)
        }
        Err(DomainError::UserBlocked) => {
            error_page_in(t, StatusCode::FORBIDDEN, t.blocked_title, t.blocked_help)
        }
        Err(
            e @ (DomainError::BadStartRequest { .. }
            | DomainError::EmailDeliveryFailed(_)
            | DomainError::SignupDisabled),
        ) => error_page(StatusCode::BAD_REQUEST, "No link was sent", e.to_string()),
        Err(e) => internal(e),
    }
}

/// What `link_ios` / `link_android` links show when they open in a browser instead of the
/// app: where to open them, and the code to type if the app did not take over.
pub async fn native_link(
    State(state): State<AppState>,
    Path((platform, app_id)): Path<(String, String)>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    if platform != "ios" && platform != "android" {
        return error_page(StatusCode::NOT_FOUND, "Not found", "There is no page here.");
    }
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.as_deref().unwrap_or("")).unwrap_or_default();
    let params = match LinkParams::parse(pairs) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Some(code) = params
        .get("code")
        .filter(|c| c.len() <= 10 && c.bytes().all(|b| b.is_ascii_digit()))
    else {
        return error_page(
            StatusCode::BAD_REQUEST,
            "This link is not valid",
            "The link carries no code.",
        );
    };
    let app_name = match params.get("client_id") {
        Some(id) => match state.core.client(&id).await {
            Ok(Some(c)) => c.name,
            _ => app_id,
        },
        None => app_id,
    };
    html(
        StatusCode::OK,
        NativeLinkPage {
            t: visitor_texts(&headers),
            app_name,
            code,
        }
        .render(),
        None,
    )
}

pub async fn stylesheet() -> Response {
    let mut r = include_str!("../../assets/latchkey.css").into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/css; charset=utf-8"),
    );
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
