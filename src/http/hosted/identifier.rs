//! `POST /authorize/identifier`: the number or address typed on the login page; sends a
//! code by text or email, or a magic link.

use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use axum::response::Response;
use std::collections::BTreeMap;
use std::net::SocketAddr;

use super::page::{PageError, rate_limited};
use super::request_pairs;
use super::step::StepParts;
use crate::domain::DomainError;
use crate::domain::i18n::Lang;
use crate::domain::login::start::StartRequest;
use crate::domain::model::RecipientKind;
use crate::domain::phone;
use crate::http::AppState;
use crate::http::extract::{caller_ip, request_language};

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
    // The dashboard's administrators sign in with a code only (`login::dashboard`).
    let send_link = strategy.is_email()
        && step.get("send") == "link"
        && !crate::domain::login::dashboard::is_dashboard(&checked.client.client_id);
    // The country chosen stays chosen on the page an error shows.
    let region = step.get("country");
    let country = (!region.is_empty()).then_some(region.as_str());
    let username = match strategy.recipient_kind() {
        RecipientKind::PhoneNumber => {
            // The resend form carries the number already in E.164.
            match phone::from_national(&region, &phone_value) {
                Some(n) => n,
                None => {
                    let error = PageError::new(t.text("invalid-phone"));
                    return ctx
                        .login_page(
                            StatusCode::BAD_REQUEST,
                            Some(&error),
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
        Ok(_) if send_link => ctx.link_sent_page(StatusCode::OK, &connection, &username, None),
        Ok(answer) => {
            let shown = answer.contact.recipient().unwrap_or(&username);
            ctx.code_page(StatusCode::OK, &connection, strategy, shown, None)
        }
        Err(e) => {
            let (status, error) = start_failure(t, &e);
            if matches!(e, DomainError::Store(_) | DomainError::Internal(_)) {
                tracing::error!(error = %e, "hosted start failed");
            }
            // A resend from the code page, or from "check your email", stays there.
            if step.get("step") == "resend" {
                if send_link {
                    return ctx.link_sent_page(status, &connection, &username, Some(&error));
                }
                return ctx.code_page(status, &connection, strategy, &username, Some(&error));
            }
            ctx.login_page(status, Some(&error), country, &phone_value, &email_value)
                .await
        }
    }
}

fn start_failure(t: &'static Lang, e: &DomainError) -> (StatusCode, PageError) {
    let (status, key) = match e {
        DomainError::BadStartRequest {
            code: "bad.phone_number",
            ..
        } => (StatusCode::BAD_REQUEST, "invalid-phone"),
        DomainError::BadStartRequest {
            code: "bad.email", ..
        } => (StatusCode::BAD_REQUEST, "invalid-email"),
        DomainError::RateLimited(limited) => {
            return (
                StatusCode::TOO_MANY_REQUESTS,
                rate_limited(t, limited.retry_after),
            );
        }
        DomainError::UserBlocked => (StatusCode::FORBIDDEN, "blocked"),
        DomainError::SignupDisabled => (StatusCode::FORBIDDEN, "signup-disabled"),
        _ => (StatusCode::BAD_GATEWAY, "not-sent"),
    };
    (status, PageError::new(t.text(key)))
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
        assert_eq!(
            phone,
            (
                StatusCode::BAD_REQUEST,
                PageError::new(t.text("invalid-phone"))
            )
        );
        let email = start_failure(t, &bad("bad.email"));
        assert_eq!(
            email,
            (
                StatusCode::BAD_REQUEST,
                PageError::new(t.text("invalid-email"))
            )
        );
    }

    #[test]
    fn anything_else_that_stops_a_send_says_it_was_not_sent() {
        let t = i18n::english();
        assert_eq!(
            start_failure(t, &DomainError::UserBlocked),
            (StatusCode::FORBIDDEN, PageError::new(t.text("blocked")))
        );
        let other = start_failure(t, &bad("bad.connection"));
        assert_eq!(
            other,
            (StatusCode::BAD_GATEWAY, PageError::new(t.text("not-sent")))
        );
    }

    #[test]
    fn a_rate_limit_says_how_long_and_counts_it_down() {
        let t = i18n::english();
        use crate::domain::limits::{LimitKind, Rule, refusal};
        let rule = Rule {
            limit: 3,
            window: 60,
        };
        // 18 s into a 60 s window: 42 s to wait
        let limited = DomainError::RateLimited(refusal(LimitKind::Attempts, rule, 60 * 1000 + 18));
        let (status, error) = start_failure(t, &limited);
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        assert!(error.message.contains("42 seconds"), "{}", error.message);
        let Some(countdown) = error.countdown else {
            panic!("a wait is counted down");
        };
        assert_eq!(countdown.seconds, 42);
        assert_eq!(countdown.now, "You can try again in 42 s.");
        assert_eq!(countdown.text, "You can try again in {s} s.");
        assert_eq!(countdown.done, "You can try again now.");
    }
}
