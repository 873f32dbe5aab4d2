//! Twilio Verify v2 settings (ours; Auth0 has no Verify provider): the account's
//! `twilio_sid` and `twilio_token` (sealed, write-only, as for Twilio's Messages API), the
//! Verify Service `verify_service_sid` (`VA` and 32 hex digits) and `twilio_verify_api_url`.
//! Twilio makes the code and writes the text (the Service's template), so the connection's
//! `from`, `messaging_service_sid` and template are not used by this provider.

use super::twilio::TwilioAccount;
use super::{is_http_url, normalized_url, validate_required_sid};
use crate::domain::validation::FieldError;

pub const DEFAULT_TWILIO_VERIFY_API_URL: &str = "https://verify.twilio.com";

/// The Verify fields of one provider's settings.
pub struct VerifyFields<'a> {
    pub account: TwilioAccount<'a>,
    pub service_sid: Option<&'a str>,
    pub api_url: Option<&'a str>,
}

/// Verify's base URL, the default when none is set.
pub fn verify_url(api_url: Option<&str>) -> String {
    normalized_url(api_url.unwrap_or(DEFAULT_TWILIO_VERIFY_API_URL))
}

impl VerifyFields<'_> {
    /// Checks them; `at` prefixes field names (`failover[0].`).
    pub fn validate(&self, at: &str) -> Result<(), FieldError> {
        let field = |name: &str| format!("{at}{name}");
        let required = "is required for the twilio_verify provider";
        self.account.validate(at, required)?;
        validate_required_sid(
            field("verify_service_sid"),
            self.service_sid,
            "VA",
            required,
        )?;
        if let Some(url) = self.api_url
            && !is_http_url(url)
        {
            return Err(FieldError::new(
                field("twilio_verify_api_url"),
                "must be an http(s) URL",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AC: &str = "ACdeadbeefdeadbeefdeadbeefdeadbeef";
    const VA: &str = "VAdeadbeefdeadbeefdeadbeefdeadbeef";

    fn fields<'a>(service_sid: &'a str, api_url: Option<&'a str>) -> VerifyFields<'a> {
        VerifyFields {
            account: TwilioAccount {
                sid: Some(AC),
                token: Some("token"),
            },
            service_sid: Some(service_sid),
            api_url,
        }
    }

    #[test]
    fn a_verify_provider_needs_its_account_and_a_service_sid() {
        assert_eq!(fields(VA, None).validate(""), Ok(()));
        assert!(
            fields("MGdeadbeefdeadbeefdeadbeefdeadbeef", None)
                .validate("failover[0].")
                .is_err_and(|e| e.field == "failover[0].verify_service_sid")
        );
        assert!(
            fields(VA, Some("ftp://x"))
                .validate("")
                .is_err_and(|e| e.field == "twilio_verify_api_url")
        );
        let mut no_token = fields(VA, None);
        no_token.account.token = None;
        assert!(
            no_token
                .validate("")
                .is_err_and(|e| e.field == "twilio_token")
        );
        assert_eq!(verify_url(None), "https://verify.twilio.com");
        assert_eq!(verify_url(Some(" http://x:1/ ")), "http://x:1");
    }
}
