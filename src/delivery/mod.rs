//! Outbound message delivery: the [`SmsSender`](crate::domain::ports::SmsSender) adapter that
//! hands each text to Twilio, Vonage, an Auth0-style SMS gateway or, for development connections, the
//! server log, one attempt per call (the domain decides about failover and retries); every
//! hand-over, by text or email, is timed and its failures counted for the metrics.

pub mod email;
pub mod gateway;
pub mod twilio;
pub mod vonage;
// Twilio Verify
pub mod twilio_verify;

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use async_trait::async_trait;

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
        SmsRoute::TwilioVerify(_) => "twilio_verify",
    }
}

/// Times one hand-over of a message to `provider` and counts its failure, for the metrics.
async fn measured<T>(
    provider: &'static str,
    sending: impl Future<Output = Result<T, DeliveryError>>,
) -> Result<T, DeliveryError> {
    let started = std::time::Instant::now();
    let sent = sending.await;
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
    #[tracing::instrument(
        level = "debug",
        skip_all,
        name = "delivery.sms",
        fields(provider = sms_provider(route))
    )]
    async fn send(&self, route: &SmsRoute, message: &SmsMessage) -> Result<Sent, DeliveryError> {
        measured(sms_provider(route), self.send_along(route, message)).await
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
            SmsRoute::TwilioVerify(verify) => {
                let http = self.http.client(verify.timeouts.connect)?;
                twilio_verify::start(&http, verify, message).await
            }
        }
    }
}
