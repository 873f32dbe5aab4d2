//! Outbound message delivery: the [`SmsSender`](crate::domain::ports::SmsSender) adapter that
//! routes each text to Twilio or, for development connections, to the server log; every
//! hand-over, by text or email, is timed and its failures counted for the metrics.

pub mod email;
pub mod twilio;

use async_trait::async_trait;

use crate::domain::ports::{DeliveryError, SmsMessage, SmsRoute, SmsSender};

/// Sends texts along whichever route a connection names. One per server: it holds the HTTP
/// client (and so its connection pool) that every Twilio request shares.
pub struct SmsGateway {
    twilio: twilio::TwilioClient,
}

impl SmsGateway {
    pub fn new() -> Result<Self, DeliveryError> {
        Ok(Self {
            twilio: twilio::TwilioClient::new()?,
        })
    }
}

/// The provider a route sends through, for the metrics and the `delivery.sms` span (the one
/// field it has: the message, its recipient and the route's credentials stay out of traces).
fn sms_provider(route: &SmsRoute) -> &'static str {
    match route {
        SmsRoute::Log => "log",
        SmsRoute::Twilio(_) => "twilio",
    }
}

/// Times one hand-over of a message to `provider` and counts its failure, for the metrics.
async fn measured(
    provider: &'static str,
    sending: impl Future<Output = Result<(), DeliveryError>>,
) -> Result<(), DeliveryError> {
    let started = std::time::Instant::now();
    let sent = sending.await;
    let error = sent.as_ref().err().map(|e| match e {
        DeliveryError::Refused { .. } => "refused",
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
    async fn send(&self, route: &SmsRoute, message: &SmsMessage) -> Result<(), DeliveryError> {
        measured(sms_provider(route), self.send_along(route, message)).await
    }
}

impl SmsGateway {
    async fn send_along(
        &self,
        route: &SmsRoute,
        message: &SmsMessage,
    ) -> Result<(), DeliveryError> {
        match route {
            SmsRoute::Log => {
                // The one place a code reaches the log, on purpose: a development connection
                // has no phone to send to.
                tracing::warn!(
                    to = %message.to,
                    body = %message.body,
                    "DEVELOPMENT DELIVERY (provider = \"log\"): this text was NOT sent to a phone"
                );
                Ok(())
            }
            SmsRoute::Twilio(twilio) => self.twilio.send(twilio, message).await,
        }
    }
}
