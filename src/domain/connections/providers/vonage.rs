//! Vonage's SMS API settings (ours, in Vonage's terms): `vonage_api_key`, `vonage_api_secret`
//! (sealed, write-only), `vonage_api_url` and the connection's `from`, held to the limits of
//! Vonage's published contract (the key 8 characters, the secret 6 to 32).

use super::is_http_url;
use crate::domain::crypto::is_sealed;
use crate::domain::validation::FieldError;

pub const DEFAULT_VONAGE_API_URL: &str = "https://rest.nexmo.com";

/// Checks a provider's Vonage key, secret, base URL and sender; `at` prefixes field names
/// (`failover[0].`).
pub fn validate(
    at: &str,
    api_key: Option<&str>,
    api_secret: Option<&str>,
    api_url: Option<&str>,
    from: Option<&str>,
) -> Result<(), FieldError> {
    let field = |name: &str| format!("{at}{name}");
    let required = "is required for the vonage provider";
    match api_key {
        None => return Err(FieldError::new(field("vonage_api_key"), required)),
        Some(k) if k.len() != 8 || !k.bytes().all(|b| b.is_ascii_alphanumeric()) => {
            return Err(FieldError::new(
                field("vonage_api_key"),
                "must be 8 letters or digits, as Vonage issues it",
            ));
        }
        Some(_) => {}
    }
    match api_secret {
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
    match from {
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
    if let Some(url) = api_url
        && !is_http_url(url)
    {
        return Err(FieldError::new(
            field("vonage_api_url"),
            "must be an http(s) URL",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(key: &str, secret: &str, url: Option<&str>, at: &str) -> Result<(), FieldError> {
        validate(at, Some(key), Some(secret), url, Some("Acme"))
    }

    #[test]
    fn the_key_and_secret_keep_to_vonages_lengths() {
        assert_eq!(check("abcd1234", "abcdef0123456789", None, ""), Ok(()));
        assert!(
            check("abcd123", "abcdef0123456789", None, "")
                .is_err_and(|e| e.field == "vonage_api_key")
        );
        assert!(
            check("abcd1234", "short", None, "failover[0].")
                .is_err_and(|e| e.field == "failover[0].vonage_api_secret")
        );
        assert!(check("abcd1234", &"x".repeat(33), None, "").is_err());
        assert!(
            validate("", Some("abcd1234"), Some("abcdef0123456789"), None, None)
                .is_err_and(|e| e.field == "from")
        );
        assert!(
            check("abcd1234", "abcdef0123456789", Some("ftp://x"), "")
                .is_err_and(|e| e.field == "vonage_api_url")
        );
    }
}
