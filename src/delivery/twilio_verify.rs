//! Twilio Verify v2 (ours): `POST /v2/Services/{sid}/Verifications` (form-encoded `To`,
//! `Channel=sms`, and `Locale` from the start's `request_language`) makes Twilio create and
//! send a code; `POST /v2/Services/{sid}/VerificationCheck` (`To`, `Code`) asks whether a
//! code is it. HTTP Basic auth with the account SID and auth token, as for Messages.
//!
//! A start's failure reads as the Messages API's does for failover: never connected, 429 or
//! 5xx (Twilio created no verification) is not sent; a timeout may have sent; another 4xx is
//! Twilio's refusal with its code. A Locale Twilio does not support gets a 404: as Twilio's
//! documentation advises, the start is made once more without it.

use serde::Deserialize;

use super::twilio::{TwilioError, created};
use super::{request_failure, unexpected};
use crate::domain::ports::{
    DeliveryError, PROVIDER_TIMEOUT, Sent, SmsMessage, TwilioVerifyRoute, VerifyAnswer,
};

/// The verification (or check) resource Twilio answers with.
#[derive(Deserialize)]
struct Verification {
    sid: Option<String>,
    status: Option<String>,
}

/// Twilio's error for too many checks of one verification: it is an answer (this code
/// will never be approved), not an outage.
const MAX_CHECK_ATTEMPTS: i64 = 60202;

/// The first language of a `request_language` (`fr-CA,fr;q=0.9` → `fr-CA`), if it is a
/// well-formed language tag: Twilio's `Locale` is one.
pub fn locale(language: Option<&str>) -> Option<String> {
    let first = language?.split([',', ';']).next()?.trim().replace('_', "-");
    let mut parts = first.split('-');
    let primary = parts.next()?;
    let well_formed = (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && parts
            .all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    well_formed.then_some(first)
}

async fn post(
    http: &reqwest::Client,
    route: &TwilioVerifyRoute,
    operation: &str,
    form: &[(&str, String)],
) -> Result<reqwest::Response, DeliveryError> {
    let url = format!(
        "{}/v2/Services/{}/{operation}",
        route.api_url, route.service_sid
    );
    http.post(&url)
        .timeout(route.timeouts.request)
        .basic_auth(&route.account_sid, Some(&route.auth_token.0))
        .form(form)
        .send()
        .await
        .map_err(|e| request_failure(&e, "SMS provider", PROVIDER_TIMEOUT))
}

/// Starts a verification: Twilio sends its code to `message.to`. The verification's `sid`
/// (`VE…`) is the message id.
pub async fn start(
    http: &reqwest::Client,
    route: &TwilioVerifyRoute,
    message: &SmsMessage,
) -> Result<Sent, DeliveryError> {
    let mut form = vec![("To", message.to.clone()), ("Channel", "sms".into())];
    let locale = locale(message.language.as_deref());
    if let Some(l) = &locale {
        form.push(("Locale", l.clone()));
    }
    let mut response = post(http, route, "Verifications", &form).await?;
    if response.status() == reqwest::StatusCode::NOT_FOUND && locale.is_some() {
        // Twilio's answer to a Locale it has no translation for; nothing was created.
        form.retain(|(k, _)| *k != "Locale");
        response = post(http, route, "Verifications", &form).await?;
    }
    created(response, |v: Verification| v.sid).await
}

/// Asks Twilio whether `code` is the one it sent to `to`. Only an answer about the code is
/// `Ok`: `approved`, or wrong (another status, no pending verification (404), too many
/// checks (60202), a code Twilio calls malformed (400)). Anything else (no connection, a
/// timeout, 5xx, our credentials refused, Twilio's own rate limit) is an error: Twilio said
/// nothing about the code.
pub async fn check(
    http: &reqwest::Client,
    route: &TwilioVerifyRoute,
    to: &str,
    code: &str,
) -> Result<VerifyAnswer, DeliveryError> {
    let form = [("To", to.to_string()), ("Code", code.to_string())];
    let response = post(http, route, "VerificationCheck", &form).await?;
    let status = response.status();
    let body = response.bytes().await.unwrap_or_default();
    if status.is_success() {
        let status_text = serde_json::from_slice::<Verification>(&body)
            .ok()
            .and_then(|v| v.status);
        return match status_text.as_deref() {
            Some("approved") => Ok(VerifyAnswer::Approved),
            Some(_) => Ok(VerifyAnswer::Wrong),
            None => Err(DeliveryError::Unavailable(unexpected(status.as_u16()))),
        };
    }
    let error = serde_json::from_slice::<TwilioError>(&body).ok();
    match (status.as_u16(), error) {
        (404 | 400, _) => Ok(VerifyAnswer::Wrong),
        (429, Some(e)) if e.code == MAX_CHECK_ATTEMPTS => Ok(VerifyAnswer::Wrong),
        (_, Some(e)) => Err(DeliveryError::Refused {
            message: e.message,
            code: e.code,
        }),
        (_, None) => Err(DeliveryError::Unavailable(unexpected(status.as_u16()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_locale_is_the_first_well_formed_language() {
        assert_eq!(locale(Some("fr-CA,fr;q=0.9")).as_deref(), Some("fr-CA"));
        assert_eq!(locale(Some("pt_BR")).as_deref(), Some("pt-BR"));
        assert_eq!(locale(Some("es")).as_deref(), Some("es"));
        assert_eq!(locale(Some("*")), None);
        assert_eq!(locale(Some("en-<script>")), None);
        assert_eq!(locale(None), None);
    }
}
