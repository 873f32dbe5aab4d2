//! Outbound message delivery: the [`SmsSender`](crate::domain::ports::SmsSender) adapter that
//! routes each text to Twilio or, for development connections, to the server log.

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

#[async_trait]
impl SmsSender for SmsGateway {
    async fn send(&self, route: &SmsRoute, message: &SmsMessage) -> Result<(), DeliveryError> {
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
