//! The magic link: its landing (`GET /passwordless/verify_redirect`), which looks at the
//! code first so a link that cannot work says so at once, the confirm step that keeps mail
//! scanners from using links, and the "send me a new link" form shown when a link is used
//! up, all in the app's look. The same landing serves SMS codes, where auth0.js
//! `passwordlessVerify` sends the browser after checking the code: those log in at once,
//! with no confirm step.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::Response;
use axum_extra::extract::CookieJar;
use std::net::SocketAddr;

use super::{
    Brand, CSRF_FIELD, Checked, ErrorPage, LinkParams, ResendForm, check_authorization, csrf_ok,
    csrf_token, error_page_branded, error_page_in, html, internal_branded, internal_in,
    notice_branded, redirect, with_csrf, with_session,
};
use crate::domain::DomainError;
use crate::domain::connections::ConnectionOptions;
use crate::domain::i18n::{self, Lang};
use crate::domain::login::link::{Landing, LinkLogin};
use crate::domain::login::start::StartRequest;
use crate::domain::oauth::redirect::AuthorizationRequest;
use crate::http::AppState;
use crate::http::extract::{caller_ip, request_language};

const VERIFY_PATH: &str = "/passwordless/verify_redirect";
const RESEND_PATH: &str = "/passwordless/verify_redirect/resend";

#[derive(Template)]
#[template(path = "link_confirm.html")]
struct LinkConfirmPage {
    t: &'static Lang,
    brand: Brand,
    title: String,
    /// "Continue as", before and after the address.
    as_before: String,
    as_after: String,
    email: String,
    action: String,
    fields: Vec<(String, String)>,
}

/// The visitor's language for the link pages: the browser's `Accept-Language` (a link may
/// open in another browser than the one that asked for it).
pub(in crate::http) fn visitor_texts(headers: &HeaderMap) -> &'static Lang {
    i18n::pick(None, request_language(headers).as_deref())
}

/// A form post that does not carry this browser's CSRF token: it asks to reopen the link.
fn refused_form(
    state: &AppState,
    jar: &CookieJar,
    headers: &HeaderMap,
    params: &LinkParams,
) -> Option<Response> {
    if csrf_ok(state, jar, headers, params.get(CSRF_FIELD).as_deref()) {
        return None;
    }
    let t = visitor_texts(headers);
    Some(error_page_in(
        t,
        StatusCode::FORBIDDEN,
        &t.text("reopen-title"),
        t.text("reopen"),
    ))
}

/// A link whose request checks out: who it is for and what the app asked for.
struct CheckedLink {
    request: AuthorizationRequest,
    login: LinkLogin,
    /// Show the confirm page before using the code: email links (which mail scanners
    /// fetch) unless `confirm_magic_link` is off; never for SMS, whose code the user typed
    /// into the page that sent the browser here.
    confirm: bool,
    /// An email link (a used one offers a new link); else an SMS code.
    email: bool,
    /// The app's look, for every page the link leads to.
    brand: Brand,
}

/// Checks a link before anything is shown or used. Until the redirect URI is trusted,
/// problems are shown here; after, they go back to the app as OAuth errors.
async fn check_link(
    state: &AppState,
    t: &'static Lang,
    params: &LinkParams,
) -> Result<CheckedLink, Response> {
    let Checked { request, client } = check_authorization(state, &params.authorize(), t).await?;
    let brand = Brand::of(state, &client).await;
    let invalid = |key: &str| {
        error_page_branded(
            t,
            brand.clone(),
            StatusCode::BAD_REQUEST,
            &t.text("link-invalid-title"),
            t.text(key),
        )
    };
    let connection = params
        .get("connection")
        .ok_or_else(|| invalid("link-no-connection"))?;
    let (confirm, email, username) =
        match crate::domain::login::link::code_connection(&state.core, &connection).await {
            Ok(Some(ConnectionOptions::Email(o))) => (
                o.confirm_magic_link,
                true,
                params
                    .get("email")
                    .ok_or_else(|| invalid("link-no-email"))?,
            ),
            Ok(Some(ConnectionOptions::Sms(_))) => (
                false,
                false,
                params
                    .get("phone_number")
                    .ok_or_else(|| invalid("link-no-phone"))?,
            ),
            Ok(None) => return Err(invalid("link-unknown-connection")),
            Err(e) => return Err(internal_branded(t, brand, e)),
        };
    let verification_code = params
        .get("verification_code")
        .ok_or_else(|| invalid("link-no-code"))?;
    Ok(CheckedLink {
        request,
        login: LinkLogin {
            connection,
            username,
            verification_code,
        },
        confirm,
        email,
        brand,
    })
}

/// `GET` (and `HEAD`) of a magic link. By default this shows the confirm page, so a scanner
/// that fetches the link does not use it; with `confirm_magic_link = false` a GET logs in
/// at once, as Auth0 does. A GET first looks at the code without using it (a wrong one is a
/// counted try, as at the button), so a used, expired or edited link shows at once that it
/// no longer works, with its "send me a new link" form. A HEAD never uses a link nor counts
/// a try. A Twilio Verify code cannot be looked at (only Twilio judges it): its link shows
/// the confirm page, and the button judges it; email links never carry one today.
pub async fn link_landing(
    State(state): State<AppState>,
    method: Method,
    jar: CookieJar,
    headers: HeaderMap,
    params: LinkParams,
) -> Response {
    let t = visitor_texts(&headers);
    let link = match check_link(&state, t, &params).await {
        Ok(l) => l,
        Err(r) => return r,
    };
    match crate::domain::login::link::landing(link.confirm, method == Method::HEAD) {
        Landing::UseNow => return use_link(&state, &jar, t, &params, link, false).await,
        Landing::Check => {
            let client_id = &link.request.client.client_id;
            let looked =
                crate::domain::login::link::check_link_code(&state.core, client_id, &link.login);
            if let Err(e) = looked.await {
                return refused(&state, &jar, t, &params, &link, e);
            }
        }
        Landing::Confirm => {}
    }
    let token = csrf_token(&state, &jar);
    let mut fields = params.link_fields();
    fields.push((CSRF_FIELD.into(), token.clone()));
    let (as_before, as_after) = t.around("continue-as", "email", &link.login.username);
    let page = LinkConfirmPage {
        t,
        brand: link.brand.clone(),
        title: t.format(
            "sign-in-to",
            &[("app", i18n::Arg::Text(&link.request.client.name))],
        ),
        as_before,
        as_after,
        email: link.login.username.clone(),
        action: VERIFY_PATH.into(),
        fields,
    };
    let r = html(
        StatusCode::OK,
        page.render(),
        Some(&link.request.to.redirect_uri),
    );
    with_csrf(&state, &jar, token, r)
}

/// The confirm page's button: uses the link and sends the browser on to the app.
pub async fn link_confirm(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let t = visitor_texts(&headers);
    let pairs: Vec<(String, String)> = match serde_urlencoded::from_bytes(&body) {
        Ok(p) => p,
        Err(_) => {
            return error_page_in(
                t,
                StatusCode::BAD_REQUEST,
                &t.text("link-invalid-title"),
                t.text("form-unreadable"),
            );
        }
    };
    let params = match LinkParams::parse(pairs, t) {
        Ok(p) => p,
        Err(r) => return r,
    };
    if let Some(r) = refused_form(&state, &jar, &headers, &params) {
        return r;
    }
    let link = match check_link(&state, t, &params).await {
        Ok(l) => l,
        Err(r) => return r,
    };
    use_link(&state, &jar, t, &params, link, true).await
}

async fn use_link(
    state: &AppState,
    jar: &CookieJar,
    t: &'static Lang,
    params: &LinkParams,
    link: CheckedLink,
    after_post: bool,
) -> Response {
    match crate::domain::login::link::complete_link_login(&state.core, &link.request, &link.login)
        .await
    {
        Ok((answer, user)) => {
            let r = redirect(t, &answer, &link.request.client, after_post);
            with_session(state, jar, &user, r).await
        }
        Err(e) => refused(state, jar, t, params, &link, e),
    }
}

/// The page for a link that cannot log in, whether found at its use or at a look before.
fn refused(
    state: &AppState,
    jar: &CookieJar,
    t: &'static Lang,
    params: &LinkParams,
    link: &CheckedLink,
    e: DomainError,
) -> Response {
    let brand = link.brand.clone();
    match e {
        DomainError::WrongCode(..) | DomainError::CodeExpired | DomainError::TooManyAttempts
            if !link.email =>
        {
            error_page_branded(
                t,
                brand,
                StatusCode::BAD_REQUEST,
                &t.text("code-used-title"),
                t.text("expired-code"),
            )
        }
        DomainError::WrongCode(..) | DomainError::CodeExpired | DomainError::TooManyAttempts => {
            let (form, token) = resend_form(state, jar, params);
            let page = ErrorPage {
                t,
                brand,
                resend_label: t.text("send-new-link"),
                title: t.text("link-used-title"),
                message: t.text("link-used"),
                detail: None,
                resend: Some(form),
            };
            let r = html(StatusCode::BAD_REQUEST, page.render(), None);
            with_csrf(state, jar, token, r)
        }
        DomainError::UserBlocked => blocked(t, brand),
        DomainError::SignupDisabled => error_page_branded(
            t,
            brand,
            StatusCode::FORBIDDEN,
            &t.text("signup-closed-title"),
            t.text("signup-disabled"),
        ),
        DomainError::RateLimited(limited) => error_page_branded(
            t,
            brand,
            StatusCode::TOO_MANY_REQUESTS,
            &t.text("too-many-title"),
            t.format(
                "too-many-link",
                &[("minutes", i18n::Arg::Number(minutes(limited.retry_after)))],
            ),
        ),
        e => internal_branded(t, brand, e),
    }
}

/// A form that asks for a new link with the same parameters. Like the hosted login page,
/// it sends for any client whose redirect URI checked out, secret or not.
fn resend_form(state: &AppState, jar: &CookieJar, params: &LinkParams) -> (ResendForm, String) {
    let token = csrf_token(state, jar);
    let mut fields: Vec<(String, String)> = params
        .link_fields()
        .into_iter()
        .filter(|(k, _)| k != "verification_code")
        .collect();
    fields.push((CSRF_FIELD.into(), token.clone()));
    (
        ResendForm {
            action: RESEND_PATH.into(),
            fields,
        },
        token,
    )
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
    let params = match LinkParams::from_form(&body, visitor_texts(&headers)) {
        Ok(p) => p,
        Err(r) => return r,
    };
    if let Some(r) = refused_form(&state, &jar, &headers, &params) {
        return r;
    }
    let t = visitor_texts(&headers);
    let invalid = |key: &str| {
        error_page_in(
            t,
            StatusCode::BAD_REQUEST,
            &t.text("link-invalid-title"),
            t.text(key),
        )
    };
    let client = match params.get("client_id") {
        Some(id) => match state.core.client(&id).await {
            Ok(Some(c)) => c,
            Ok(None) => return invalid("link-unknown-app"),
            Err(e) => return internal_in(t, e),
        },
        None => return invalid("form-no-app"),
    };
    let brand = Brand::of(&state, &client).await;
    let auth_params = params.auth_params();
    let request = StartRequest {
        client_id: Some(client.client_id.clone()),
        client_secret: None,
        connection: params.get("connection"),
        phone_number: None,
        email: params.get("email"),
        send: Some("link".into()),
        delivery_method: None,
        auth_params,
        hosted: true,
        request_language: request_language(&headers),
        ip: Some(caller_ip(socket, &headers, &state.trusted_proxies)),
        forwarded_for: None,
        user_agent: None,
    };
    match crate::domain::login::start::start(&state.core, request).await {
        Ok(_) => notice_branded(t, brand, &t.text("resent-title"), &t.text("resent")),
        Err(DomainError::RateLimited(limited)) => error_page_branded(
            t,
            brand,
            StatusCode::TOO_MANY_REQUESTS,
            &t.text("wait-title"),
            t.format(
                "wait-link",
                &[("seconds", i18n::Arg::Number(limited.retry_after.max(1)))],
            ),
        ),
        Err(DomainError::UserBlocked) => blocked(t, brand),
        Err(e @ (DomainError::BadStartRequest { .. } | DomainError::EmailDeliveryFailed(_))) => {
            // The server log has the detail; the visitor gets what they can do about it.
            tracing::info!(error = %e, "a link page's new link was not sent");
            let why = match e {
                DomainError::EmailDeliveryFailed(_) => "not-sent",
                _ => "link-request-refused",
            };
            error_page_branded(
                t,
                brand,
                StatusCode::BAD_REQUEST,
                &t.text("link-not-sent-title"),
                t.text(why),
            )
        }
        Err(DomainError::SignupDisabled) => error_page_branded(
            t,
            brand,
            StatusCode::BAD_REQUEST,
            &t.text("link-not-sent-title"),
            t.text("signup-disabled"),
        ),
        Err(e) => internal_branded(t, brand, e),
    }
}

fn blocked(t: &'static Lang, brand: Brand) -> Response {
    error_page_branded(
        t,
        brand,
        StatusCode::FORBIDDEN,
        &t.text("blocked-title"),
        t.text("blocked-help"),
    )
}

/// A wait in whole minutes, rounded up: a limit's window is minutes long.
fn minutes(seconds: i64) -> i64 {
    (seconds.max(1) + 59) / 60
}
