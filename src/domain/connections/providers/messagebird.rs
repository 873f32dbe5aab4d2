//! MessageBird's (Bird's) SMS API settings (ours): `messagebird.access_key` (sealed,
//! write-only), `messagebird.api_url`, and the connection's `from` as the `originator`,
//! held to the limits MessageBird publishes for `POST /messages`: an originator is a phone
//! number or at most 11 letters and digits.

use serde::{Deserialize, Serialize};

use super::{is_http_url, normalized_url};
use crate::domain::crypto::is_sealed;
use crate::domain::validation::FieldError;

pub const DEFAULT_MESSAGEBIRD_API_URL: &str = "https://rest.messagebird.com";

/// `messagebird` in a provider's options.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessageBirdSettings {
    /// Write-only, sealed at rest. Left out of an update, the stored one is kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_url: Option<String>,
}

impl MessageBirdSettings {
    /// The API's base URL, the default when none is set.
    pub fn url(&self) -> String {
        normalized_url(
            self.api_url
                .as_deref()
                .unwrap_or(DEFAULT_MESSAGEBIRD_API_URL),
        )
    }
}

/// Whether `from` is an originator MessageBird takes: a number (international, an optional
/// `+`), or an alphanumeric sender of at most 11 characters.
pub fn is_originator(from: &str) -> bool {
    let digits = from.strip_prefix('+').unwrap_or(from);
    let number = (1..=16).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
    let name = (1..=11).contains(&from.len())
        && from.bytes().all(|b| b.is_ascii_alphanumeric() || b == b' ')
        && !from.starts_with(' ');
    number || name
}

impl MessageBirdSettings {
    /// Checks the key and URL, and the sender `from` they go with; `at` prefixes field
    /// names (`failover[0].`).
    pub fn validate(&self, at: &str, from: Option<&str>) -> Result<(), FieldError> {
        let key = self.access_key.as_deref().unwrap_or_default();
        // A sealed key was checked when it was entered.
        let issued = is_sealed(key)
            || (!key.is_empty() && key.len() <= 128 && key.bytes().all(|b| b.is_ascii_graphic()));
        if self.access_key.is_none() {
            return Err(missing(at));
        }
        if !issued {
            return Err(FieldError::new(
                format!("{at}messagebird.access_key"),
                "must be the access key MessageBird issued (letters, digits, no spaces)",
            ));
        }
        if !from.is_some_and(is_originator) {
            return Err(FieldError::new(
                format!("{at}from"),
                "is required for the messagebird provider: a phone number or at most 11 \
                 letters and digits, as MessageBird takes it",
            ));
        }
        match self.api_url.as_deref() {
            Some(url) if !is_http_url(url) => Err(FieldError::new(
                format!("{at}messagebird.api_url"),
                "must be an http(s) URL",
            )),
            _ => Ok(()),
        }
    }
}

/// The refusal of a messagebird provider without its access key.
pub fn missing(at: &str) -> FieldError {
    FieldError::new(
        format!("{at}messagebird.access_key"),
        "is required for the messagebird provider",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(key: &str) -> MessageBirdSettings {
        MessageBirdSettings {
            access_key: Some(key.into()),
            api_url: None,
        }
    }

    #[test]
    fn the_key_and_originator_keep_to_messagebirds_limits() {
        let ok = settings("live_0123456789abcdefghijk");
        assert_eq!(ok.validate("", Some("Acme")), Ok(()));
        assert_eq!(ok.validate("", Some("+31612345678")), Ok(()));
        assert!(
            ok.validate("", Some("AcmeIncorporated"))
                .is_err_and(|e| e.field == "from" && e.message.contains("11"))
        );
        assert!(ok.validate("", None).is_err_and(|e| e.field == "from"));
        assert!(
            settings("has space")
                .validate("failover[1].", Some("Acme"))
                .is_err_and(|e| e.field == "failover[1].messagebird.access_key")
        );
        assert!(
            MessageBirdSettings::default()
                .validate("", Some("Acme"))
                .is_err_and(|e| e.field == "messagebird.access_key")
        );
        let bad_url = MessageBirdSettings {
            api_url: Some("ftp://x".into()),
            ..ok.clone()
        };
        assert!(
            bad_url
                .validate("", Some("Acme"))
                .is_err_and(|e| e.field == "messagebird.api_url")
        );
        assert_eq!(ok.url(), DEFAULT_MESSAGEBIRD_API_URL);
    }
}
