//! Twilio's Messages API: `POST /2010-04-01/Accounts/{sid}/Messages.json`, form-encoded
//! `To`, `From` or `MessagingServiceSid`, `Body`, HTTP Basic auth with the account SID and
//! auth token. Timeouts are bounded; only failures where Twilio cannot have accepted the
//! message are retried, so a slow answer never turns into two texts.

use std::time::Duration;

use serde::Deserialize;

use crate::domain::ports::{DeliveryError, SmsMessage, TwilioRoute};

const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
const ATTEMPTS: u32 = 3;
const BACKOFF: Duration = Duration::from_millis(200);
/// The whole send, retries included, ends by then: within the request timeout (30 s), with
/// room for the answer. Three attempts of 10 s each would not be.
pub const TWILIO_DEADLINE: Duration = Duration::from_secs(18);

pub struct TwilioClient {
    http: reqwest::Client,
}

/// Twilio's error body, e.g. `{"code":21211,"message":"The 'To' number … is not a valid phone number.","more_info":…,"status":400}`.
#[derive(Deserialize)]
struct TwilioError {
    code: i64,
    message: String,
}

impl TwilioClient {
    pub fn new() -> Result<Self, DeliveryError> {
        let http = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("latchkey/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| {
                DeliveryError::Unavailable(format!("cannot build the HTTP client: {e}"))
            })?;
        Ok(Self { http })
    }

    /// Sends `message`, retrying only where Twilio cannot have taken it, all within
    /// [`TWILIO_DEADLINE`].
    pub async fn send(
        &self,
        route: &TwilioRoute,
        message: &SmsMessage,
    ) -> Result<(), DeliveryError> {
        tokio::time::timeout(TWILIO_DEADLINE, self.send_with_retries(route, message))
            .await
            .unwrap_or_else(|_| {
                Err(DeliveryError::Unavailable(
                    "Timeout while calling the SMS provider".into(),
                ))
            })
    }

    async fn send_with_retries(
        &self,
        route: &TwilioRoute,
        message: &SmsMessage,
    ) -> Result<(), DeliveryError> {
        let url = format!(
            "{}/2010-04-01/Accounts/{}/Messages.json",
            route.api_url, route.account_sid
        );
        let mut form: Vec<(&str, &str)> = vec![("To", &message.to)];
        if let Some(from) = &route.from {
            form.push(("From", from));
        }
        if let Some(mg) = &route.messaging_service_sid {
            form.push(("MessagingServiceSid", mg));
        }
        form.push(("Body", &message.body));

        let mut last_failure = String::new();
        for attempt in 0..ATTEMPTS {
            if attempt > 0 {
                tokio::time::sleep(BACKOFF * 2u32.pow(attempt - 1)).await;
            }
            let sent = self
                .http
                .post(&url)
                .basic_auth(&route.account_sid, Some(&route.auth_token.0))
                .form(&form)
                .send()
                .await;
            let response = match sent {
                Ok(r) => r,
                // A failed connect means Twilio never saw the request: safe to try again.
                Err(e) if e.is_connect() => {
                    last_failure = "Could not connect to the SMS provider".into();
                    continue;
                }
                Err(e) if e.is_timeout() => {
                    return Err(DeliveryError::Unavailable(
                        "Timeout while calling the SMS provider".into(),
                    ));
                }
                Err(e) => {
                    tracing::warn!(error = %e, "twilio request failed");
                    return Err(DeliveryError::Unavailable(
                        "Unexpected error while calling the SMS provider".into(),
                    ));
                }
            };
            let status = response.status();
            if status.is_success() {
                return Ok(());
            }
            if status.as_u16() == 429 || status.is_server_error() {
                last_failure = format!(
                    "Unexpected response while calling the SMS provider: {}",
                    status.as_u16()
                );
                continue;
            }
            let body = response.bytes().await.unwrap_or_default();
            return Err(match serde_json::from_slice::<TwilioError>(&body) {
                Ok(e) => DeliveryError::Refused {
                    message: e.message,
                    code: e.code,
                },
                Err(_) => DeliveryError::Unavailable(format!(
                    "Unexpected response while calling the SMS provider: {}",
                    status.as_u16()
                )),
            });
        }
        Err(DeliveryError::Unavailable(last_failure))
    }
}
