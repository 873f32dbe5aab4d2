//! Vonage's SMS API: `POST {api_url}/sms/json`, form-encoded `api_key`, `api_secret`,
//! `from`, `to` (E.164 digits without the `+`), `text`, and `type=unicode` when the text
//! leaves the GSM 7-bit alphabet. Vonage answers 200 to failures too: each part of the
//! message has a `status`, `"0"` when it was accepted, else a code with its `error-text`.
//! [`classify`] reads a failure code as the failover rule needs it: the provider's own
//! trouble (nothing sent, another provider may send) or a refusal of this message (final).

use serde::Deserialize;

use crate::domain::ports::{DeliveryError, PROVIDER_TIMEOUT, Sent, SmsMessage, VonageRoute};

#[derive(Deserialize)]
struct Answer {
    #[serde(default)]
    messages: Vec<Part>,
}

#[derive(Deserialize)]
struct Part {
    status: String,
    #[serde(rename = "message-id")]
    message_id: Option<String>,
    #[serde(rename = "error-text")]
    error_text: Option<String>,
}

/// What a non-zero `status` means for the failover rule (Vonage's "SMS API error codes").
pub fn classify(status: i64, text: &str) -> DeliveryError {
    match status {
        // The account or the platform, not this message: throttled (1), missing parameters
        // (2: our request, e.g. no sender), bad credentials (4), internal error (5), account
        // barred (8), no credit (9), too many binds (10), communication failure (13),
        // signature problems (14, 32), a sender this account may not use (15), an invalid
        // callback URL (23), and a demo account's non-whitelisted destination (29). Vonage
        // accepted nothing, and another provider may well send it.
        1 | 2 | 4 | 5 | 8 | 9 | 10 | 13 | 14 | 15 | 23 | 29 | 32 => {
            DeliveryError::NotSent(format!("{text} (Vonage status {status})"))
        }
        // This message or number: invalid parameters (3, e.g. the number), invalid message
        // (6: an unrecognised prefix), number barred (7), message class (11), too long (12),
        // network code (22), number de-activated (33), and any code not documented: final.
        _ => DeliveryError::Refused {
            message: text.to_string(),
            code: status,
        },
    }
}

/// The GSM 03.38 alphabet, basic set and extension table: a text of these goes as `text`.
fn is_gsm7(text: &str) -> bool {
    const BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
                         ¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    const EXTENSION: &str = "\u{c}^{}\\[~]|€";
    text.chars()
        .all(|c| BASIC.contains(c) || EXTENSION.contains(c))
}

/// The form Vonage is sent, in its field names.
fn form<'a>(route: &'a VonageRoute, message: &'a SmsMessage) -> Vec<(&'static str, &'a str)> {
    let mut form = vec![
        ("api_key", route.api_key.as_str()),
        ("api_secret", route.api_secret.0.as_str()),
        ("from", route.from.as_str()),
        ("to", message.to.trim_start_matches('+')),
        ("text", message.body.as_str()),
    ];
    if !is_gsm7(&message.body) {
        form.push(("type", "unicode"));
    }
    form
}

/// The outcome Vonage's answer gives: every part accepted, or the first failure. A
/// message whose parts went partly out may have reached the phone: not sent again.
fn outcome(answer: Answer) -> Result<Sent, DeliveryError> {
    let failed = answer.messages.iter().find(|p| p.status != "0");
    let accepted = answer.messages.iter().find(|p| p.status == "0");
    match (failed, accepted) {
        (None, Some(first)) => Ok(Sent {
            message_id: first.message_id.clone(),
        }),
        (None, None) => Err(DeliveryError::Unavailable(
            "Unexpected response while calling the SMS provider: no message status".into(),
        )),
        (Some(part), Some(_)) => Err(DeliveryError::Unavailable(format!(
            "Vonage accepted part of the text only: {}",
            part.error_text.as_deref().unwrap_or("no error text")
        ))),
        (Some(part), None) => {
            let text = part
                .error_text
                .as_deref()
                .unwrap_or("Vonage refused the text");
            Err(match part.status.parse::<i64>() {
                Ok(status) => classify(status, text),
                Err(_) => DeliveryError::Unavailable(format!(
                    "Unexpected response while calling the SMS provider: status {:?}",
                    part.status
                )),
            })
        }
    }
}

pub async fn send(
    http: &reqwest::Client,
    route: &VonageRoute,
    message: &SmsMessage,
) -> Result<Sent, DeliveryError> {
    let request = http
        .post(format!("{}/sms/json", route.api_url))
        .timeout(route.timeouts.request)
        .form(&form(route, message));
    let response = super::attempt(request, "SMS provider", PROVIDER_TIMEOUT).await?;
    let status = response.status();
    let unexpected = || format!("Unexpected response while calling the SMS provider: {status}");
    if status.as_u16() == 429 || status.is_server_error() {
        return Err(DeliveryError::NotSent(unexpected()));
    }
    if !status.is_success() {
        return Err(DeliveryError::Unavailable(unexpected()));
    }
    let body = response
        .bytes()
        .await
        .map_err(|_| DeliveryError::Unavailable(unexpected()))?;
    let answer: Answer =
        serde_json::from_slice(&body).map_err(|_| DeliveryError::Unavailable(unexpected()))?;
    outcome(answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(parts: &[(&str, Option<&str>)]) -> Answer {
        Answer {
            messages: parts
                .iter()
                .map(|(status, text)| Part {
                    status: status.to_string(),
                    message_id: Some("0A0000000123ABCD1".into()),
                    error_text: text.map(str::to_string),
                })
                .collect(),
        }
    }

    #[test]
    fn provider_trouble_moves_on_and_a_refusal_of_the_message_is_final() {
        for status in [1, 4, 5, 9] {
            assert!(
                matches!(classify(status, "x"), DeliveryError::NotSent(_)),
                "{status}"
            );
        }
        for status in [3, 6, 7, 12, 99] {
            assert!(
                matches!(classify(status, "x"), DeliveryError::Refused { code, .. } if code == status),
                "{status}"
            );
        }
    }

    #[test]
    fn every_part_must_be_accepted_and_a_partial_send_is_not_repeated() {
        assert_eq!(
            outcome(answer(&[("0", None), ("0", None)]))
                .unwrap()
                .message_id
                .as_deref(),
            Some("0A0000000123ABCD1")
        );
        assert!(matches!(
            outcome(answer(&[("0", None), ("1", Some("Throttled"))])),
            Err(DeliveryError::Unavailable(_))
        ));
        assert!(matches!(
            outcome(answer(&[("7", Some("Number barred"))])),
            Err(DeliveryError::Refused { code: 7, .. })
        ));
        assert!(matches!(
            outcome(answer(&[])),
            Err(DeliveryError::Unavailable(_))
        ));
    }

    #[test]
    fn a_text_outside_the_gsm_alphabet_goes_as_unicode() {
        assert!(is_gsm7(
            "Your code: 123456 {ok} €5 à bientôt"
                .replace('ô', "o")
                .as_str()
        ));
        assert!(!is_gsm7("Ваш код: 123456"));
        assert!(!is_gsm7("code 🔑"));
    }
}
