//! `POST /authorize/code`: the code typed on the page; a right one signs the browser in,
//! offers a passkey to a user without one, and answers the app.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

use super::page::{PageError, rate_limited};
use super::step::StepParts;
use crate::domain::DomainError;
use crate::domain::i18n::{Arg, Lang};
use crate::domain::oauth::redirect::ResponseMode;
use crate::http::AppState;
use crate::http::pages::{answer_now, internal_in, redirect, request_error, with_session};

#[derive(Template)]
#[template(path = "passkey_offer.html")]
struct PasskeyOfferPage {
    t: &'static Lang,
    csrf: String,
    continue_url: String,
}

/// What a wrong code is told: how many tries are left, and that the last one was the last,
/// so the third miss does not kill the code without warning.
fn wrong_code(t: &Lang, tries_left: Option<i64>) -> String {
    match tries_left {
        Some(0) => t.text("wrong-code-last"),
        Some(n) => t.format("wrong-code-tries-left", &[("tries", Arg::Number(n))]),
        None => t.text("wrong-code"),
    }
}

/// `POST /authorize/code`: the code typed on the page; a right one signs the browser in and
/// answers the app.
pub async fn code(State(state): State<AppState>, parts: StepParts) -> Response {
    let (state, jar) = (&state, &parts.jar);
    let ctx = parts.page(state);
    let (step, checked, t) = (&parts.step, &parts.checked, ctx.t);
    let (connection, strategy) = (parts.connection.clone(), parts.strategy);
    let username = step.get("username");
    let code: String = step
        .get("code")
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    // The dashboard's sign-in proves an address and makes no user: no session, no passkey.
    if crate::domain::login::dashboard::is_dashboard(&checked.client.client_id) {
        let signed_in = crate::domain::login::dashboard::sign_in(
            &state.core,
            &checked.request,
            &connection,
            &username,
            &code,
        )
        .await;
        return match signed_in {
            Ok(answer) => redirect(t, &answer, &checked.client, true),
            // A request the dashboard's sign-in does not take (not an email code flow).
            Err(DomainError::InvalidRequest(m)) => request_error(t, StatusCode::BAD_REQUEST, m),
            Err(e) => match refusal(t, e) {
                Ok((status, error)) => {
                    ctx.code_page(status, &connection, strategy, &username, Some(&error))
                }
                Err(r) => r,
            },
        };
    }
    let user = match crate::domain::login::code::login_on_page(
        &state.core,
        &checked.client.client_id,
        &connection,
        &username,
        &code,
    )
    .await
    {
        Ok(u) => u,
        Err(e) => {
            return match refusal(t, e) {
                Ok((status, error)) => {
                    ctx.code_page(status, &connection, strategy, &username, Some(&error))
                }
                Err(r) => r,
            };
        }
    };
    let answer = match answer_now(state, &checked.request, &user).await {
        Ok(a) => a,
        Err(e) => return internal_in(t, e),
    };
    // With passkeys on, a user without one is offered to add one before going on.
    let passkeys_on = match crate::domain::login::passkey::passkeys_enabled(&state.core).await {
        Ok(on) => on,
        Err(e) => return internal_in(t, e),
    };
    // The offer page goes on with a link, so only to an answer a link can carry.
    let offer = passkeys_on
        && matches!(answer.mode, ResponseMode::Query | ResponseMode::Fragment)
        && state
            .core
            .store
            .passkeys_of_user(&user.user_id)
            .await
            .is_ok_and(|p| p.is_empty());
    let r = if offer {
        let page = PasskeyOfferPage {
            t,
            csrf: ctx.csrf.clone(),
            continue_url: answer.location(),
        };
        ctx.finish(StatusCode::OK, page.render())
    } else {
        redirect(t, &answer, &checked.client, true)
    };
    with_session(state, jar, &user, r).await
}

/// What the code page says about a refused code, or the error page for a fault.
fn refusal(t: &'static Lang, e: DomainError) -> Result<(StatusCode, PageError), Response> {
    let refused = |message| PageError::new(message);
    Ok(match e {
        DomainError::WrongCode(_, tries_left) => {
            (StatusCode::BAD_REQUEST, refused(wrong_code(t, tries_left)))
        }
        DomainError::CodeExpired => (StatusCode::BAD_REQUEST, refused(t.text("expired-code"))),
        DomainError::TooManyAttempts => {
            (StatusCode::BAD_REQUEST, refused(t.text("too-many-tries")))
        }
        DomainError::RateLimited(limited) => (
            StatusCode::TOO_MANY_REQUESTS,
            rate_limited(t, limited.retry_after),
        ),
        DomainError::UserBlocked => (StatusCode::FORBIDDEN, refused(t.text("blocked"))),
        DomainError::SignupDisabled => (StatusCode::FORBIDDEN, refused(t.text("signup-disabled"))),
        // Twilio Verify gave no answer about the code; the try was given back.
        DomainError::CodeNotChecked(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            refused(t.text("code-not-checked")),
        ),
        other => return Err(internal_in(t, other)),
    })
}
