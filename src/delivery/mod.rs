//! Outbound message delivery: the [`SmsSender`](crate::domain::ports::SmsSender) adapter that
//! hands each text to Twilio, Vonage, MessageBird, an Auth0-style SMS gateway or, for
//! development connections, the server log, one attempt per call (the domain decides about failover and retries); every
//! hand-over, by text or email, is timed and its failures counted for the metrics.

pub mod email;
pub mod gateway;
pub mod twilio;
pub mod vonage;

pub mod messagebird;
// Twilio Verify
pub mod twilio_verify;

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use async_trait::async_trait;
use tracing::Instrument;

use crate::domain::ports::{DeliveryError, Sent, SmsMessage, SmsRoute, SmsSender};
// Twilio Verify
use crate::domain::ports::{TwilioVerifyRoute, VerifyAnswer};

/// Sends texts along whichever route a connection names. One per server: it holds the HTTP
/// clients (and so the connection pools) that every provider request shares.
pub struct SmsGateway {
    http: HttpClients,
}

impl SmsGateway {
    pub fn new() -> Result<Self, DeliveryError> {
        let http = HttpClients::default();
        // Built once up front, so a server that cannot build one fails at start, not at a login.
        http.client(Duration::from_millis(
            crate::domain::connections::sms_routes::DEFAULT_CONNECT_TIMEOUT_MS,
        ))?;
        Ok(Self { http })
    }
}

/// One HTTP client per connect timeout in use: reqwest sets that timeout per client (it
/// covers the TCP and TLS handshakes), while the request timeout is set per request.
#[derive(Default)]
pub struct HttpClients {
    by_connect_timeout: Mutex<HashMap<Duration, reqwest::Client>>,
}

impl HttpClients {
    pub fn client(&self, connect_timeout: Duration) -> Result<reqwest::Client, DeliveryError> {
        let mut clients = self
            .by_connect_timeout
            .lock()
            .map_err(|_| DeliveryError::NotSent("the HTTP client pool is unusable".into()))?;
        if let Some(client) = clients.get(&connect_timeout) {
            return Ok(client.clone());
        }
        let client = reqwest::Client::builder()
            .connect_timeout(connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("latchkey/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| DeliveryError::NotSent(format!("cannot build the HTTP client: {e}")))?;
        clients.insert(connect_timeout, client.clone());
        Ok(client)
    }
}

/// The provider a route sends through, for the `delivery.sms` span and the metrics (the one
/// field they have: the message, its recipient and the route's credentials stay out of traces).
fn sms_provider(route: &SmsRoute) -> &'static str {
    match route {
        SmsRoute::Log => "log",
        SmsRoute::Twilio(_) => "twilio",
        SmsRoute::Gateway(_) => "sms_gateway",
        SmsRoute::Vonage(_) => "vonage",
        SmsRoute::MessageBird(_) => "messagebird",
        SmsRoute::TwilioVerify(_) => "twilio_verify",
    }
}

/// What a failed request to a provider means: never connected (not sent), or timed out or
/// broke off after the request went out (perhaps sent). `what` is how the texts name the
/// provider, `timeout` its own text for a timeout.
pub fn request_failure(e: &reqwest::Error, what: &str, timeout: &str) -> DeliveryError {
    // A failed connect, its timeout included, means the TCP or TLS handshake did not finish:
    // no byte of the request was written.
    if e.is_connect() {
        return DeliveryError::NotSent(format!("Could not connect to the {what}"));
    }
    if e.is_timeout() {
        return DeliveryError::Unavailable(timeout.into());
    }
    tracing::warn!(error = %e, "SMS provider request failed");
    DeliveryError::Unavailable(format!("Unexpected error while calling the {what}"))
}

/// Sends one request to an SMS provider (`what`, as [`request_failure`] names it); a
/// request that got no answer is the error the failover rule reads.
async fn attempt(
    request: reqwest::RequestBuilder,
    what: &str,
    timeout: &str,
) -> Result<reqwest::Response, DeliveryError> {
    request
        .send()
        .await
        .map_err(|e| request_failure(&e, what, timeout))
}

/// The text of an answer a provider's contract does not name, by its status code.
fn unexpected(status: u16) -> String {
    format!("Unexpected response while calling the SMS provider: {status}")
}

/// A provider's answer that it took the text: the message id `id` reads from the `body` it
/// parses as. A body that does not parse loses only the receipts' link, not the outcome.
fn sent<T: serde::de::DeserializeOwned>(body: &[u8], id: impl FnOnce(T) -> Option<String>) -> Sent {
    Sent {
        message_id: serde_json::from_slice::<T>(body).ok().and_then(id),
    }
}

/// Times one hand-over of a message to `provider` inside `span` (the `delivery.*` span
/// with the provider, its one field) and counts its failure, for the metrics.
async fn measured<T>(
    span: tracing::Span,
    provider: &'static str,
    sending: impl Future<Output = Result<T, DeliveryError>>,
) -> Result<T, DeliveryError> {
    let started = std::time::Instant::now();
    let sent = sending.instrument(span).await;
    let error = sent.as_ref().err().map(|e| match e {
        DeliveryError::Refused { .. } => "refused",
        DeliveryError::NotSent(_) => "not_sent",
        DeliveryError::Unavailable(_) => "unavailable",
    });
    crate::domain::measures::delivery(provider, started.elapsed(), error);
    sent
}

#[async_trait]
impl SmsSender for SmsGateway {
    async fn send(&self, route: &SmsRoute, message: &SmsMessage) -> Result<Sent, DeliveryError> {
        let provider = sms_provider(route);
        let span = tracing::debug_span!("delivery.sms", provider);
        measured(span, provider, self.send_along(route, message)).await
    }

    #[tracing::instrument(
        level = "debug",
        skip_all,
        name = "delivery.verify_check",
        fields(provider = "twilio_verify")
    )]
    async fn check(
        &self,
        route: &TwilioVerifyRoute,
        to: &str,
        code: &str,
    ) -> Result<VerifyAnswer, DeliveryError> {
        let http = self.http.client(route.timeouts.connect)?;
        twilio_verify::check(&http, route, to, code).await
    }
}

impl SmsGateway {
    async fn send_along(
        &self,
        route: &SmsRoute,
        message: &SmsMessage,
    ) -> Result<Sent, DeliveryError> {
        match route {
            SmsRoute::Log => {
                // The one place a code reaches the log, on purpose: a development connection
                // has no phone to send to.
                tracing::warn!(
                    to = %message.to,
                    body = %message.body,
                    "DEVELOPMENT DELIVERY (provider = \"log\"): this text was NOT sent to a phone"
                );
                Ok(Sent::default())
            }
            SmsRoute::Twilio(twilio) => {
                let http = self.http.client(twilio.timeouts.connect)?;
                twilio::send(&http, twilio, message).await
            }
            SmsRoute::Gateway(gateway) => {
                let http = self.http.client(gateway.timeouts.connect)?;
                gateway::send(&http, gateway, message)
                    .await
                    .map(|()| Sent::default())
            }
            SmsRoute::Vonage(vonage) => {
                let http = self.http.client(vonage.timeouts.connect)?;
                vonage::send(&http, vonage, message).await
            }
            SmsRoute::MessageBird(route) => {
                let http = self.http.client(route.timeouts.connect)?;
                messagebird::send(&http, route, message).await
            }
            SmsRoute::TwilioVerify(verify) => {
                let http = self.http.client(verify.timeouts.connect)?;
                twilio_verify::start(&http, verify, message).await
            }
        }
    }
}
