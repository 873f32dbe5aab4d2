//! Twilio's Messages API: `POST /2010-04-01/Accounts/{sid}/Messages.json`, form-encoded
//! `To`, `From` or `MessagingServiceSid`, `Body`, HTTP Basic auth with the account SID and
//! auth token. One attempt; what the failure means for failover is in the error's kind:
//! Twilio did not take the message when the connection never opened, or on 429 and 5xx
//! (Twilio creates no message resource then); any other answer is final, and a request that
//! got no answer in time may have been sent.

use serde::Deserialize;

use crate::domain::ports::{DeliveryError, PROVIDER_TIMEOUT, Sent, SmsMessage, TwilioRoute};

/// Twilio's error body, e.g. `{"code":21211,"message":"The 'To' number … is not a valid phone number.","more_info":…,"status":400}`.
#[derive(Deserialize)]
pub(super) struct TwilioError {
    pub code: i64,
    pub message: String,
}

/// The message resource Twilio answers with; its `sid` is what status callbacks name.
#[derive(Deserialize)]
struct Created {
    sid: Option<String>,
}

pub async fn send(
    http: &reqwest::Client,
    route: &TwilioRoute,
    message: &SmsMessage,
) -> Result<Sent, DeliveryError> {
    let url = format!(
        "{}/2010-04-01/Accounts/{}/Messages.json",
        route.api_url, route.account_sid
    );
    let mut form: Vec<(&str, String)> = match &route.whatsapp {
        // WhatsApp outside a conversation the user opened takes an approved template; the
        // code is its variable.
        Some(w) => vec![
            ("To", format!("whatsapp:{}", message.to)),
            ("From", format!("whatsapp:{}", w.from)),
            ("ContentSid", w.content_sid.clone()),
            (
                "ContentVariables",
                serde_json::json!({ w.code_variable.as_str(): message.code }).to_string(),
            ),
        ],
        None => {
            let mut form = vec![("To", message.to.clone())];
            if let Some(from) = &route.from {
                form.push(("From", from.clone()));
            }
            if let Some(mg) = &route.messaging_service_sid {
                form.push(("MessagingServiceSid", mg.clone()));
            }
            form.push(("Body", message.body.clone()));
            form
        }
    };
    if let Some(callback) = &route.status_callback {
        form.push(("StatusCallback", callback.clone()));
    }
    let request = http
        .post(&url)
        .timeout(route.timeouts.request)
        .basic_auth(&route.account_sid, Some(&route.auth_token.0))
        .form(&form);
    let response = super::attempt(request, "SMS provider", PROVIDER_TIMEOUT).await?;
    created(response, |c: Created| c.sid).await
}

/// Twilio's answer to a request that creates a resource (a message, a verification): taken,
/// with the resource's sid (`sid` reads it); not taken on 429 and 5xx; else refused.
pub(super) async fn created<T: serde::de::DeserializeOwned>(
    response: reqwest::Response,
    sid: impl FnOnce(T) -> Option<String>,
) -> Result<Sent, DeliveryError> {
    let status = response.status();
    if status.is_success() {
        let body = response.bytes().await.unwrap_or_default();
        return Ok(super::sent(&body, sid));
    }
    if status.as_u16() == 429 || status.is_server_error() {
        return Err(DeliveryError::NotSent(super::unexpected(status.as_u16())));
    }
    let body = response.bytes().await.unwrap_or_default();
    Err(match serde_json::from_slice::<TwilioError>(&body) {
        Ok(e) => DeliveryError::Refused {
            message: e.message,
            code: e.code,
        },
        Err(_) => DeliveryError::Unavailable(super::unexpected(status.as_u16())),
    })
}
