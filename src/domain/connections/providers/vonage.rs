//! Vonage's SMS API settings (ours, in Vonage's terms): `vonage_api_key`, `vonage_api_secret`
//! (sealed, write-only), `vonage_api_url` and the connection's `from`, held to the limits of
//! Vonage's published contract (the key 8 characters, the secret 6 to 32).

use super::is_http_url;
use crate::domain::crypto::is_sealed;
use crate::domain::validation::FieldError;

pub const DEFAULT_VONAGE_API_URL: &str = "https://rest.nexmo.com";

/// The Vonage fields of one provider's settings.
pub struct VonageFields<'a> {
    pub api_key: Option<&'a str>,
    pub api_secret: Option<&'a str>,
    pub api_url: Option<&'a str>,
    pub from: Option<&'a str>,
}

impl VonageFields<'_> {
    /// Checks them; `at` prefixes field names (`failover[0].`).
    pub fn validate(&self, at: &str) -> Result<(), FieldError> {
        let field = |name: &str| format!("{at}{name}");
        let required = "is required for the vonage provider";
        match self.api_key {
            None => return Err(FieldError::new(field("vonage_api_key"), required)),
            Some(k) if k.len() != 8 || !k.bytes().all(|b| b.is_ascii_alphanumeric()) => {
                return Err(FieldError::new(
                    field("vonage_api_key"),
                    "must be 8 letters or digits, as Vonage issues it",
                ));
            }
            Some(_) => {}
        }
        match self.api_secret {
            None => return Err(FieldError::new(field("vonage_api_secret"), required)),
            // A sealed secret was checked when it was entered.
            Some(s) if is_sealed(s) => {}
            Some(s) if !(6..=32).contains(&s.len()) || s.chars().any(char::is_whitespace) => {
                return Err(FieldError::new(
                    field("vonage_api_secret"),
                    "must be 6 to 32 characters without spaces, as Vonage issues it",
                ));
            }
            Some(_) => {}
        }
        match self.from {
            None => {
                return Err(FieldError::new(
                    field("from"),
                    "is required for the vonage provider (a number or a sender name)",
                ));
            }
            Some(f) if f.trim().is_empty() => {
                return Err(FieldError::new(field("from"), "must not be empty"));
            }
            Some(_) => {}
        }
        if let Some(url) = self.api_url
            && !is_http_url(url)
        {
            return Err(FieldError::new(
                field("vonage_api_url"),
                "must be an http(s) URL",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields<'a>(key: &'a str, secret: &'a str) -> VonageFields<'a> {
        VonageFields {
            api_key: Some(key),
            api_secret: Some(secret),
            api_url: None,
            from: Some("Acme"),
        }
    }

    #[test]
    fn the_key_and_secret_keep_to_vonages_lengths() {
        assert_eq!(fields("abcd1234", "abcdef0123456789").validate(""), Ok(()));
        assert!(
            fields("abcd123", "abcdef0123456789")
                .validate("")
                .is_err_and(|e| e.field == "vonage_api_key")
        );
        assert!(
            fields("abcd1234", "short")
                .validate("failover[0].")
                .is_err_and(|e| e.field == "failover[0].vonage_api_secret")
        );
        assert!(fields("abcd1234", &"x".repeat(33)).validate("").is_err());
        let mut no_from = fields("abcd1234", "abcdef0123456789");
        no_from.from = None;
        assert!(no_from.validate("").is_err_and(|e| e.field == "from"));
        let mut bad_url = fields("abcd1234", "abcdef0123456789");
        bad_url.api_url = Some("ftp://x");
        assert!(
            bad_url
                .validate("")
                .is_err_and(|e| e.field == "vonage_api_url")
        );
    }
}
