//! `GET /authorize`: checks the app's request, answers at once for a browser with a session
//! (or `prompt=none`, or a cross-origin login's `login_ticket`), else shows the identifier
//! page with the request sealed in it.

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum_extra::extract::CookieJar;

use super::page::PageContext;
use super::{accept_language, check, oauth_error};
use crate::domain::i18n;
use crate::domain::login::dashboard::is_dashboard;
use crate::domain::login::hosted::{LoginTransaction, Prompt, TRANSACTION_LIFETIME};
use crate::domain::oauth::redirect::ResponseMode;
use crate::http::AppState;
use crate::http::pages::{
    LinkParams, SESSION_COOKIE, csrf_token, internal_in, query_language, redirect,
};

/// `GET /authorize`.
pub async fn authorize(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    // The language of a page before the login page (a mistake in the request, an OAuth
    // error's form_post) or instead of it (an answer passed on at once, the cross-origin
    // fallback); the login page itself also weighs the tenant's enabled languages.
    let passing = query_language(query.as_deref(), &headers);
    let params = match LinkParams::from_query(query.as_deref(), passing) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let authorize = params.authorize();
    let checked = match check(&state, &authorize, passing).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let prompt = match Prompt::parse(params.get("prompt").as_deref()) {
        Ok(p) => p,
        Err(m) => return oauth_error(&checked, passing, "invalid_request", &m),
    };
    // The dashboard's administrators are not users: no end user's session or cross-origin
    // ticket answers for them, and each sign-in shows the page.
    let dashboard = is_dashboard(&checked.client.client_id);
    let prompt = match prompt {
        Prompt::None if dashboard => {
            return oauth_error(&checked, passing, "login_required", "Login required");
        }
        _ if dashboard => Prompt::Login,
        p => p,
    };
    let max_age = match params.get("max_age").map(|m| m.parse::<i64>()) {
        None => None,
        Some(Ok(m)) if m >= 0 => Some(m),
        Some(_) => {
            return oauth_error(
                &checked,
                passing,
                "invalid_request",
                "max_age must be a number of seconds",
            );
        }
    };
    let only = params.get("connection");
    if let Some(name) = &only {
        match state.core.connection_options(name).await {
            Ok(Some(_)) => {}
            Ok(None) => {
                return oauth_error(
                    &checked,
                    passing,
                    "invalid_request",
                    &format!("the connection was not found: {name}"),
                );
            }
            Err(e) => return internal_in(passing, e),
        }
    }

    // A cross-origin login's ticket, from the browser it was issued to: its answer at once.
    if let Some(ticket) = params.get("login_ticket") {
        if dashboard {
            return oauth_error(
                &checked,
                passing,
                "access_denied",
                "Invalid or expired login ticket",
            );
        }
        return redeem_ticket(&state, &jar, passing, &checked, &authorize, &ticket).await;
    }

    // A browser that is signed in gets its answer at once, unless the app asks for a login.
    let session = match jar.get(SESSION_COOKIE) {
        Some(c) if prompt != Prompt::Login => {
            match crate::domain::login::hosted::session_user(&state.core, c.value()).await {
                Ok(s) => s,
                Err(e) => return internal_in(passing, e),
            }
        }
        _ => None,
    };
    let now = crate::domain::Clock::now(state.core.clock.as_ref());
    if let Some((user, session)) = session
        && max_age.is_none_or(|m| now - session.created_at <= m)
    {
        return answer_for(&state, passing, &checked, &user, session.created_at).await;
    }
    if prompt == Prompt::None {
        return oauth_error(&checked, passing, "login_required", "Login required");
    }

    let tx = LoginTransaction {
        params: authorize,
        connection: only,
        login_hint: params.get("login_hint"),
        ui_locales: params.get("ui_locales"),
        expires_at: now + TRANSACTION_LIFETIME,
    };
    let sealed = match crate::domain::login::hosted::seal_transaction(&state.core, &tx) {
        Ok(s) => s,
        Err(e) => return internal_in(passing, e),
    };
    let accept = accept_language(&headers);
    let tenant = match crate::domain::management::tenant_settings::tenant(&state.core).await {
        Ok(t) => t,
        Err(e) => return internal_in(passing, e),
    };
    let ctx = PageContext {
        state: &state,
        jar: &jar,
        t: i18n::pick_enabled(
            tx.ui_locales.as_deref(),
            accept.as_deref(),
            &tenant.enabled_locales(),
        ),
        tenant,
        checked: &checked,
        tx: &tx,
        sealed,
        csrf: csrf_token(&state, &jar),
        accept_language: accept,
    };
    ctx.login_page(StatusCode::OK, None, None, "", "").await
}

/// `/authorize?login_ticket=…` after `/co/authenticate`: answers at once for the session
/// cookie the ticket was issued with. Without it, a client with a fallback page gets that
/// page (`co_verify`), and any other gets `access_denied` (Auth0's answer for a ticket
/// without its session), its ticket spent.
async fn redeem_ticket(
    state: &AppState,
    jar: &CookieJar,
    t: &'static i18n::Lang,
    checked: &super::Checked,
    params: &crate::domain::oauth::redirect::AuthorizeParams,
    ticket: &str,
) -> Response {
    use crate::domain::login::cross_origin::{Presented, present};
    let core = &state.core;
    let cookie = jar.get(SESSION_COOKIE).map(|c| c.value().to_string());
    let denied = || {
        oauth_error(
            checked,
            t,
            "access_denied",
            "Invalid or expired login ticket",
        )
    };
    let redirect_mode = checked.request.to.response_mode != ResponseMode::WebMessage;
    let user_id = match present(core, &checked.client, ticket, cookie.as_deref()).await {
        Ok(Presented::Bound { user_id }) => user_id,
        Ok(Presented::AskVerifier { co_id }) if redirect_mode => {
            return super::co_verify::fallback_page(state, jar, t, checked, params, ticket, co_id)
                .await;
        }
        Ok(_) => return denied(),
        Err(e) => return internal_in(t, e),
    };
    let session = match cookie {
        Some(c) => crate::domain::login::hosted::session_user(core, &c).await,
        None => Ok(None),
    };
    match session {
        Ok(Some((user, session))) if user.user_id == user_id => {
            answer_for(state, t, checked, &user, session.created_at).await
        }
        Ok(_) => denied(),
        Err(e) => internal_in(t, e),
    }
}

/// The app's answer for `user`, signed in since `auth_time`, with no page shown.
async fn answer_for(
    state: &AppState,
    t: &'static i18n::Lang,
    checked: &super::Checked,
    user: &crate::domain::model::User,
    auth_time: i64,
) -> Response {
    let answer = crate::domain::oauth::authorization_code::authorization_response(
        &state.core,
        &checked.request,
        user,
        auth_time,
    )
    .await;
    match answer {
        Ok(answer) => redirect(t, &answer, &checked.client, false),
        Err(e) => internal_in(t, e),
    }
}
