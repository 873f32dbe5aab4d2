//! Failover between a connection's SMS providers. The one rule: another provider (or another
//! attempt at the same one) is tried only after a failure that cannot have sent the text, so
//! one login never gets two texts. What "cannot have sent" means is each adapter's reading of
//! its provider's contract ([`DeliveryError::NotSent`]): the connection never opened (refused,
//! or no TCP and TLS handshake within the connect timeout, so no byte of the request left),
//! or the provider answered that it did not take the message. A request that went out and got
//! no answer in time may have been sent, so it ends the send with an error. Providers whose
//! circuit breaker is open ([`super::breaker`]) are left out. Every decision goes into the
//! event log with the provider's name.

use std::time::Duration;

use super::context::DeliveryContext;
use super::{breaker, receipts};
use crate::domain::DomainError;
use crate::domain::connections::sms_routes::ProviderSettings;
use crate::domain::core::Core;
use crate::domain::model::LogEvent;
use crate::domain::ports::{DeliveryError, SmsMessage};

/// The whole send, every provider and retry included, ends by then: inside the channel
/// deadline (20 s), so a start always answers itself.
pub const SMS_DEADLINE: Duration = Duration::from_secs(18);
/// Rounds through the list: a connection with one provider gets today's three attempts.
const ROUNDS: u32 = 3;
const BACKOFF: Duration = Duration::from_millis(200);

/// What follows a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// It cannot have been sent: try the next provider, or the list again.
    TryAnother,
    /// It may have been sent, or the provider refused this message: stop here.
    Stop,
}

/// The failover rule, on one failure. A WhatsApp refusal (no such WhatsApp user, a sender
/// not approved) sent nothing either, and SMS is the fallback for it.
pub fn next_after(error: &DeliveryError, whatsapp: bool) -> Next {
    match error {
        DeliveryError::NotSent(_) => Next::TryAnother,
        DeliveryError::Refused { .. } if whatsapp => Next::TryAnother,
        DeliveryError::Refused { .. } | DeliveryError::Unavailable(_) => Next::Stop,
    }
}

/// Sends `message` through the first of `providers` that takes it; the name of the one that
/// did.
pub async fn send(
    core: &Core,
    providers: &[ProviderSettings],
    message: &SmsMessage,
    context: DeliveryContext<'_>,
) -> Result<String, DomainError> {
    let deadline = tokio::time::Instant::now() + SMS_DEADLINE;
    let providers = usable(core, providers, context).await;
    let mut last = None;
    for round in 0..ROUNDS {
        if round > 0 {
            let pause = BACKOFF * 2u32.pow(round - 1);
            if tokio::time::Instant::now() + pause >= deadline {
                break;
            }
            tokio::time::sleep(pause).await;
        }
        for (i, provider) in providers.iter().enumerate() {
            let route =
                receipts::with_callback(core, provider, provider.route(core.clock.now()), context);
            let sent = tokio::time::timeout_at(deadline, core.sms.send(&route, message))
                .await
                .unwrap_or_else(|_| Err(route.timeout()));
            // A refusal is about this message: the provider itself answered, so it is up.
            let up = matches!(sent, Ok(_) | Err(DeliveryError::Refused { .. }));
            let breaker =
                core.breakers
                    .record(context.connection, &provider.name, up, core.clock.now());
            let error = match sent {
                Ok(sent) => {
                    receipts::record_sent(core, provider, &route, message, &sent, context).await;
                    return Ok(provider.name.clone());
                }
                Err(e) => e,
            };
            if let Some(until) = breaker.open_until
                && breaker.failures_in_a_row == breaker::THRESHOLD
            {
                tracing::warn!(connection = %context.connection, provider = %provider.name, until, "SMS provider's circuit breaker opened");
            }
            let next = next_after(&error, provider.whatsapp.is_some());
            let following = match (next, providers.get(i + 1)) {
                (Next::Stop, _) => None,
                (Next::TryAnother, Some(p)) => Some(p.name.as_str()),
                (Next::TryAnother, None) if round + 1 < ROUNDS => {
                    providers.first().map(|p| p.name.as_str())
                }
                (Next::TryAnother, None) => None,
            };
            log_failure(core, context, &provider.name, &error, next, following).await;
            if next == Next::Stop {
                return Err(DomainError::DeliveryFailed(error.to_string()));
            }
            last = Some(error);
        }
    }
    Err(DomainError::DeliveryFailed(last.map_or_else(
        || "No SMS provider is configured".into(),
        |e| e.to_string(),
    )))
}

/// The providers of this send: those whose breaker lets an attempt through, in order, or all
/// of them when none does. Each one left out is logged.
async fn usable<'p>(
    core: &Core,
    providers: &'p [ProviderSettings],
    context: DeliveryContext<'_>,
) -> Vec<&'p ProviderSettings> {
    let now = core.clock.now();
    let (open, closed): (Vec<_>, Vec<_>) = providers
        .iter()
        .partition(|p| !core.breakers.state(context.connection, &p.name).allows(now));
    if closed.is_empty() {
        return open;
    }
    for p in open {
        let state = core.breakers.state(context.connection, &p.name);
        let wait = state.open_until.map_or(0, |until| until - now);
        log_event(
            core,
            context,
            &p.name,
            format!(
                "SMS provider {} skipped: {} failed attempts in a row; tried again in {wait} s",
                p.name, state.failures_in_a_row
            ),
        )
        .await;
    }
    closed
}

/// The event log's line for a failed attempt: what failed, why, and what happens next.
pub fn failure_description(
    provider: &str,
    error: &DeliveryError,
    next: Next,
    following: Option<&str>,
) -> String {
    match (next, following) {
        (Next::TryAnother, Some(p)) => {
            format!("SMS provider {provider} did not send the text ({error}); trying {p}")
        }
        (Next::TryAnother, None) => {
            format!("SMS provider {provider} did not send the text ({error}); no provider left")
        }
        (Next::Stop, _) if matches!(error, DeliveryError::Refused { .. }) => {
            format!(
                "SMS provider {provider} refused the text ({error}); no other provider is tried"
            )
        }
        (Next::Stop, _) => format!(
            "SMS provider {provider} may have sent the text ({error}); no other provider is \
             tried, so the user cannot get two texts"
        ),
    }
}

async fn log_failure(
    core: &Core,
    context: DeliveryContext<'_>,
    provider: &str,
    error: &DeliveryError,
    next: Next,
    following: Option<&str>,
) {
    tracing::warn!(
        connection = %context.connection,
        provider,
        error = %error,
        failover = next == Next::TryAnother,
        "SMS provider failed"
    );
    log_event(
        core,
        context,
        provider,
        failure_description(provider, error, next, following),
    )
    .await;
}

async fn log_event(core: &Core, context: DeliveryContext<'_>, provider: &str, description: String) {
    core.events
        .log(LogEvent {
            client_id: context.client_id.map(str::to_string),
            ..super::failed_send(description, context.connection, context.ip, provider)
        })
        .await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_text_that_cannot_have_gone_out_moves_on() {
        let refused = DeliveryError::Refused {
            message: "bad number".into(),
            code: 21211,
        };
        for whatsapp in [false, true] {
            assert_eq!(
                next_after(
                    &DeliveryError::NotSent("Could not connect".into()),
                    whatsapp
                ),
                Next::TryAnother
            );
            assert_eq!(
                next_after(&DeliveryError::Unavailable("Timeout".into()), whatsapp),
                Next::Stop,
                "a timeout may have sent it, on WhatsApp too"
            );
        }
        assert_eq!(next_after(&refused, false), Next::Stop);
        assert_eq!(
            next_after(&refused, true),
            Next::TryAnother,
            "SMS after WhatsApp"
        );
    }

    #[test]
    fn each_decision_names_the_provider_and_what_follows() {
        let down = DeliveryError::NotSent("Could not connect to the SMS provider".into());
        assert_eq!(
            failure_description("twilio", &down, Next::TryAnother, Some("backup")),
            "SMS provider twilio did not send the text (Could not connect to the SMS provider); trying backup"
        );
        assert!(
            failure_description("backup", &down, Next::TryAnother, None)
                .ends_with("no provider left")
        );
        let slow =
            DeliveryError::Unavailable("Timeout while calling the SMS gateway: ETIMEDOUT".into());
        assert!(failure_description("gw", &slow, Next::Stop, None).contains("may have sent"));
    }
}
