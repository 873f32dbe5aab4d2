//! MessageBird's (Bird's) SMS API: `POST {api_url}/messages` with `Authorization: AccessKey
//! <key>` and a JSON body of `originator`, `recipients` (one msisdn: the E.164 digits
//! without the `+`), `body` and `datacoding: "auto"` (MessageBird picks GSM 7-bit or
//! Unicode). A `201 Created` with the message's `id` means it took the text. An error
//! answer creates no message; [`classify`] reads it as the failover rule needs it: a
//! refusal of this number or text is final, anything about the account, the request or
//! the platform lets the next provider send.

use serde::{Deserialize, Serialize};

use crate::domain::ports::{DeliveryError, MessageBirdRoute, PROVIDER_TIMEOUT, Sent, SmsMessage};

#[derive(Serialize)]
struct NewMessage<'a> {
    originator: &'a str,
    recipients: [&'a str; 1],
    body: &'a str,
    datacoding: &'static str,
}

/// The message resource MessageBird answers with.
#[derive(Deserialize)]
struct Created {
    id: Option<String>,
}

/// MessageBird's error body: `{"errors":[{"code":10,"description":"…","parameter":"recipients"}]}`.
#[derive(Deserialize)]
struct Errors {
    #[serde(default)]
    errors: Vec<ApiError>,
}

#[derive(Deserialize)]
pub struct ApiError {
    pub code: i64,
    pub description: String,
    pub parameter: Option<String>,
}

/// What an error answer (`status`, and its first error, if the body had one) means for the
/// failover rule (MessageBird's "Errors" and "HTTP status codes" tables).
pub fn classify(status: u16, error: Option<&ApiError>) -> DeliveryError {
    match (status, error) {
        // Invalid parameters (10) about the recipient or the text: this message, final.
        (_, Some(e))
            if e.code == 10 && matches!(e.parameter.as_deref(), Some("recipients" | "body")) =>
        {
            DeliveryError::Refused {
                message: e.description.clone(),
                code: e.code,
            }
        }
        // The access key (2, 401), the account's balance (25), the request's other
        // parameters (9, 10: e.g. the originator), throttling (429), the platform (5xx) or
        // a wrong `api_url` (404, 405): MessageBird made no message, another provider may.
        (401 | 403 | 404 | 405 | 422 | 429 | 500..=599, Some(e)) => {
            DeliveryError::NotSent(format!("{} (MessageBird code {})", e.description, e.code))
        }
        (401 | 403 | 404 | 405 | 422 | 429 | 500..=599, None) => {
            DeliveryError::NotSent(super::unexpected(status))
        }
        // Anything else is not in the contract: it may have been taken.
        _ => DeliveryError::Unavailable(super::unexpected(status)),
    }
}

pub async fn send(
    http: &reqwest::Client,
    route: &MessageBirdRoute,
    message: &SmsMessage,
) -> Result<Sent, DeliveryError> {
    let body = NewMessage {
        originator: &route.originator,
        recipients: [message.to.trim_start_matches('+')],
        body: &message.body,
        datacoding: "auto",
    };
    let request = http
        .post(format!("{}/messages", route.api_url))
        .timeout(route.timeouts.request)
        .header(
            reqwest::header::AUTHORIZATION,
            format!("AccessKey {}", route.access_key.0),
        )
        .json(&body);
    let response = super::attempt(request, "SMS provider", PROVIDER_TIMEOUT).await?;
    let status = response.status();
    // Taken or not, a body that breaks off loses only what it says, not the outcome.
    let answer = response.bytes().await.unwrap_or_default();
    if status.is_success() {
        return Ok(super::sent(&answer, |c: Created| c.id));
    }
    let errors = serde_json::from_slice::<Errors>(&answer).ok();
    Err(classify(
        status.as_u16(),
        errors.as_ref().and_then(|e| e.errors.first()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(code: i64, parameter: Option<&str>) -> ApiError {
        ApiError {
            code,
            description: "x".into(),
            parameter: parameter.map(str::to_string),
        }
    }

    #[test]
    fn a_refused_number_is_final_and_account_trouble_moves_on() {
        assert!(matches!(
            classify(422, Some(&error(10, Some("recipients")))),
            DeliveryError::Refused { code: 10, .. }
        ));
        for (status, e) in [
            (401, Some(error(2, Some("access_key")))),
            (422, Some(error(25, None))),
            (422, Some(error(10, Some("originator")))),
            (429, None),
            (503, None),
        ] {
            assert!(
                matches!(classify(status, e.as_ref()), DeliveryError::NotSent(_)),
                "{status}"
            );
        }
        assert!(matches!(classify(302, None), DeliveryError::Unavailable(_)));
    }
}
