//! The cross-origin verification fallback (Auth0's `cross_origin_loc`): when a login ticket
//! reaches `/authorize` without the session cookie `/co/authenticate` set (the browser
//! blocked it as a third-party cookie), and the client names a fallback page, `/authorize`
//! answers this page instead of `access_denied`. It frames the app's page, asks it for the
//! ticket's verifier (auth0.js `crossOriginVerification`, in `/assets/co_verify.js`), and
//! posts it to `POST /co/verify`, which spends the ticket, signs this browser in (the page is
//! first-party here, so its cookie lands) and answers the app. Only the redirect modes: in a
//! hidden iframe (`web_message`) the app's page would be third-party too.

use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use axum_extra::extract::CookieJar;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

use super::{check, oauth_error};
use crate::domain::i18n::{Arg, Lang};
use crate::domain::login::cross_origin::{open_verify_state, seal_verify_state, verify};
use crate::domain::model::origin_of;
use crate::domain::oauth::redirect::AuthorizeParams;
use crate::http::AppState;
use crate::http::pages::brand::Brand;
use crate::http::pages::{
    CSRF_FIELD, Checked, LinkParams, csrf_ok, csrf_token, error_page_in, html, internal_in,
    redirect, start_again, visitor_texts, with_csrf, with_session,
};

#[derive(Template)]
#[template(path = "co_verify.html")]
struct CoVerifyPage {
    t: &'static Lang,
    /// The app's look, as on its login page.
    brand: Brand,
    /// "One moment: the app is confirming", and what to do without script.
    waiting: String,
    needs_script: String,
    csrf: String,
    /// The app's request and the ticket, sealed.
    state: String,
    co_id: String,
    /// `cross_origin_loc#origin=<our origin>`, as auth0.js's page reads it.
    page_src: String,
    /// The origin of `cross_origin_loc`: the only one this page talks to.
    page_origin: String,
}

/// The fallback page for `ticket` (its `co_id`), for the checked request `params`.
pub(super) async fn fallback_page(
    state: &AppState,
    jar: &CookieJar,
    t: &'static Lang,
    checked: &Checked,
    params: &AuthorizeParams,
    ticket: &str,
    co_id: String,
) -> Response {
    let denied = || {
        oauth_error(
            checked,
            t,
            "access_denied",
            "Invalid or expired login ticket",
        )
    };
    let Some(loc) = checked.client.cross_origin.cross_origin_loc.as_deref() else {
        return denied();
    };
    let Some(page_origin) = origin_of(loc) else {
        return denied();
    };
    let sealed = match seal_verify_state(&state.core, params, ticket) {
        Ok(s) => s,
        Err(e) => return internal_in(t, e),
    };
    let ours = state.core.tokens.issuer().trim_end_matches('/').to_string();
    let page_src = format!(
        "{}#origin={}",
        loc.split('#').next().unwrap_or(loc),
        utf8_percent_encode(&ours, NON_ALPHANUMERIC)
    );
    let csrf = csrf_token(state, jar);
    let app = [("app", Arg::Text(&checked.client.name))];
    let page = CoVerifyPage {
        t,
        brand: Brand::of(state, &checked.client).await,
        waiting: t.format("co-verify-wait", &app),
        needs_script: t.format("co-verify-needs-script", &app),
        csrf: csrf.clone(),
        state: sealed,
        co_id,
        page_src,
        page_origin: page_origin.clone(),
    };
    let mut r = html(
        StatusCode::OK,
        page.render(),
        Some(&checked.request.to.redirect_uri),
    );
    // The one frame it may show is the app's page; everything else as on every page.
    if let Some(csp) = r.headers().get(header::CONTENT_SECURITY_POLICY).cloned()
        && let Ok(csp) = csp.to_str()
        && let Ok(v) = HeaderValue::from_str(&format!("{csp}; frame-src {page_origin}"))
    {
        r.headers_mut().insert(header::CONTENT_SECURITY_POLICY, v);
    }
    with_csrf(state, jar, csrf, r)
}

/// `POST /co/verify`: `state` (sealed by the fallback page) and the app page's `verifier`.
pub async fn co_verify(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let t = visitor_texts(&headers);
    let fields = match LinkParams::from_form(&body, t) {
        Ok(f) => f.0,
        Err(r) => return r,
    };
    let field = |k: &str| fields.get(k).map(String::as_str).unwrap_or_default();
    if !csrf_ok(
        &state,
        &jar,
        &headers,
        fields.get(CSRF_FIELD).map(String::as_str),
    ) {
        return start_again(t, StatusCode::FORBIDDEN);
    }
    let Some(sealed) = open_verify_state(&state.core, field("state")) else {
        return error_page_in(
            t,
            StatusCode::BAD_REQUEST,
            &t.text("start-again-title"),
            t.text("sign-in-expired"),
        );
    };
    let checked = match check(&state, &sealed.params, t).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let core = &state.core;
    let proved = verify(
        core,
        &checked.client.client_id,
        &sealed.ticket,
        field("verifier"),
    )
    .await;
    let (user_id, auth_time) = match proved {
        Ok(Some(p)) => p,
        Ok(None) => {
            return oauth_error(
                &checked,
                t,
                "access_denied",
                "Invalid or expired login ticket",
            );
        }
        Err(e) => return internal_in(t, e),
    };
    let user = match core.store.user(&user_id).await {
        Ok(Some(u)) if !u.blocked => u,
        Ok(_) => {
            return oauth_error(
                &checked,
                t,
                "access_denied",
                "Invalid or expired login ticket",
            );
        }
        Err(e) => return internal_in(t, e.into()),
    };
    let answer = crate::domain::oauth::authorization_code::authorization_response(
        core,
        &checked.request,
        &user,
        auth_time,
    )
    .await;
    match answer {
        Ok(answer) => {
            let r = redirect(t, &answer, &checked.client, true);
            with_session(&state, &jar, &user, r).await
        }
        Err(e) => internal_in(t, e),
    }
}

/// `GET /assets/co_verify.js`: the fallback page's script.
pub async fn co_verify_script() -> Response {
    crate::http::pages::asset(
        include_str!("../../../assets/co_verify.js"),
        "text/javascript; charset=utf-8",
    )
}
