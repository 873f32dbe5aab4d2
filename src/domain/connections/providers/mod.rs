//! Each SMS provider's own settings: what it needs to be valid and how the delivery port
//! reaches it ([`twilio`], [`gateway`], [`vonage`], [`messagebird`]). The flat, Auth0-named option set that
//! holds them all is [`super::sms_routes::ProviderSettings`]; it hands each provider a view
//! of its fields, so these files know nothing of the others.

pub mod gateway;
pub mod twilio;
pub mod vonage;
// Twilio Verify
pub mod twilio_verify;

pub mod messagebird;

use crate::domain::validation::FieldError;

/// `prefix` and 32 hex digits: Twilio's SIDs (`AC…`, `MG…`, `HX…`).
pub fn is_sid(value: &str, prefix: &str) -> bool {
    value.len() == 34
        && value.starts_with(prefix)
        && value[2..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// A SID the provider cannot work without: `field` must hold `prefix` and 32 hex digits;
/// `required` is the refusal when it is missing.
pub fn validate_required_sid(
    field: String,
    sid: Option<&str>,
    prefix: &str,
    required: &str,
) -> Result<(), FieldError> {
    match sid {
        Some(sid) if is_sid(sid, prefix) => Ok(()),
        Some(_) => Err(FieldError::new(
            field,
            format!("must be {prefix} followed by 32 hex digits"),
        )),
        None => Err(FieldError::new(field, required)),
    }
}

pub fn is_http_url(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

/// A URL as a destination is compared and called: trimmed, without a trailing slash.
pub fn normalized_url(url: &str) -> String {
    url.trim().trim_end_matches('/').to_string()
}
