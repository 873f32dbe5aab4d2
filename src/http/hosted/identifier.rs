//! `POST /authorize/identifier`: the number or address typed on the login page; sends a
//! code by text or email, or a magic link.

use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use axum::response::Response;
use std::collections::BTreeMap;
use std::net::SocketAddr;

use super::request_pairs;
use super::step::StepParts;
use crate::domain::DomainError;
use crate::domain::i18n::{Arg, Lang};
use crate::domain::login::start::StartRequest;
use crate::domain::model::RecipientKind;
use crate::domain::phone;
use crate::http::AppState;
use crate::http::extract::{caller_ip, request_language};
use crate::http::pages::notice;

/// `POST /authorize/identifier`: sends a code by text or email, or a magic link.
pub async fn identifier(
    State(state): State<AppState>,
    ConnectInfo(socket): ConnectInfo<SocketAddr>,
    parts: StepParts,
) -> Response {
    let (state, headers) = (&state, &parts.headers);
    let ctx = parts.page(state);
    let (step, checked, t) = (&parts.step, &parts.checked, ctx.t);
    let (connection, strategy) = (parts.connection.clone(), parts.strategy);
    let (phone_value, email_value) = (step.get("phone"), step.get("email"));
    let send_link = strategy.is_email() && step.get("send") == "link";
    // The country chosen stays chosen on the page an error shows.
    let region = step.get("country");
    let country = (!region.is_empty()).then_some(region.as_str());
    let username = match strategy.recipient_kind() {
        RecipientKind::PhoneNumber => {
            // The resend form carries the number already in E.164.
            match phone::from_national(&region, &phone_value) {
                Some(n) => n,
                None => {
                    let message = t.text("invalid-phone");
                    return ctx
                        .login_page(
                            StatusCode::BAD_REQUEST,
                            Some(&message),
                            country,
                            &phone_value,
                            "",
                        )
                        .await;
                }
            }
        }
        RecipientKind::Email => email_value.clone(),
    };
    // A link carries the app's request on, all but the client, which the link names itself.
    let auth_params: BTreeMap<String, String> = if send_link {
        request_pairs(&step.tx.params)
            .into_iter()
            .filter(|(k, _)| *k != "client_id")
            .map(|(k, v)| (k.to_string(), v))
            .collect()
    } else {
        BTreeMap::new()
    };
    let request = StartRequest {
        client_id: Some(checked.client.client_id.clone()),
        client_secret: None,
        connection: Some(connection.clone()),
        phone_number: strategy.is_phone().then(|| username.clone()),
        email: strategy.is_email().then(|| username.clone()),
        send: Some(if send_link { "link" } else { "code" }.into()),
        delivery_method: None,
        auth_params,
        hosted: true,
        request_language: request_language(headers).or_else(|| step.tx.ui_locales.clone()),
        ip: Some(caller_ip(socket, headers, &state.trusted_proxies)),
        forwarded_for: None,

        user_agent: crate::http::extract::user_agent(headers),
    };
    match crate::domain::login::start::start(&state.core, request).await {
        Ok(_) if send_link => notice(
            t,
            &t.text("link-sent-title"),
            &t.format("link-sent", &[("email", Arg::Text(&username))]),
        ),
        Ok(answer) => {
            let shown = answer.contact.recipient().unwrap_or(&username);
            ctx.code_page(StatusCode::OK, &connection, strategy, shown, None)
        }
        Err(e) => {
            let (status, message) = start_failure(t, &e);
            if matches!(e, DomainError::Store(_) | DomainError::Internal(_)) {
                tracing::error!(error = %e, "hosted start failed");
            }
            // A resend from the code page stays on the code page.
            if step.get("step") == "resend" {
                return ctx.code_page(status, &connection, strategy, &username, Some(&message));
            }
            ctx.login_page(status, Some(&message), country, &phone_value, &email_value)
                .await
        }
    }
}

fn start_failure(t: &'static Lang, e: &DomainError) -> (StatusCode, String) {
    match e {
        DomainError::BadStartRequest {
            code: "bad.phone_number",
            ..
        } => (StatusCode::BAD_REQUEST, t.text("invalid-phone")),
        DomainError::BadStartRequest {
            code: "bad.email", ..
        } => (StatusCode::BAD_REQUEST, t.text("invalid-email")),
        DomainError::RateLimited(limited) => (
            StatusCode::TOO_MANY_REQUESTS,
            t.format(
                "rate-limited",
                &[("seconds", Arg::Number(limited.retry_after.max(1)))],
            ),
        ),
        DomainError::UserBlocked => (StatusCode::FORBIDDEN, t.text("blocked")),
        DomainError::SignupDisabled => (StatusCode::FORBIDDEN, t.text("signup-disabled")),
        _ => (StatusCode::BAD_GATEWAY, t.text("not-sent")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::i18n;

    fn bad(code: &'static str) -> DomainError {
        DomainError::BadStartRequest {
            code,
            description: String::new(),
        }
    }

    #[test]
    fn a_refused_number_or_address_is_named_on_the_page() {
        let t = i18n::english();
        let phone = start_failure(t, &bad("bad.phone_number"));
        assert_eq!(phone, (StatusCode::BAD_REQUEST, t.text("invalid-phone")));
        let email = start_failure(t, &bad("bad.email"));
        assert_eq!(email, (StatusCode::BAD_REQUEST, t.text("invalid-email")));
    }

    #[test]
    fn anything_else_that_stops_a_send_says_it_was_not_sent() {
        let t = i18n::english();
        assert_eq!(
            start_failure(t, &DomainError::UserBlocked),
            (StatusCode::FORBIDDEN, t.text("blocked"))
        );
        let other = start_failure(t, &bad("bad.connection"));
        assert_eq!(other, (StatusCode::BAD_GATEWAY, t.text("not-sent")));
    }
}
