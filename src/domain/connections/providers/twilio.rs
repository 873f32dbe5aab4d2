//! Twilio's Messages API settings (`twilio_sid`, `twilio_token`, `from` or
//! `messaging_service_sid`, `twilio_api_url`, and ours: `status_callback`) and WhatsApp
//! through the same account (ours: `whatsapp`).

use serde::{Deserialize, Serialize};

use super::{is_http_url, is_sid, validate_required_sid};
use crate::domain::ports::WhatsAppTemplate;
use crate::domain::validation::FieldError;

pub const DEFAULT_TWILIO_API_URL: &str = "https://api.twilio.com";

/// A Twilio account's SID (`AC…`) and auth token (`twilio_sid`, `twilio_token`), which the
/// Messages API and Verify both sign in with.
pub struct TwilioAccount<'a> {
    pub sid: Option<&'a str>,
    pub token: Option<&'a str>,
}

impl TwilioAccount<'_> {
    /// Both are required (`required` says for which provider); `at` prefixes field names.
    pub fn validate(&self, at: &str, required: &str) -> Result<(), FieldError> {
        validate_required_sid(format!("{at}twilio_sid"), self.sid, "AC", required)?;
        if self.token.unwrap_or("").is_empty() {
            return Err(FieldError::new(format!("{at}twilio_token"), required));
        }
        Ok(())
    }
}

/// The Twilio fields of one provider's settings.
pub struct TwilioFields<'a> {
    pub account: TwilioAccount<'a>,
    pub from: Option<&'a str>,
    pub messaging_service_sid: Option<&'a str>,
    pub api_url: &'a str,
}

impl TwilioFields<'_> {
    /// Checks them; `at` prefixes field names (`failover[0].`).
    pub fn validate(&self, at: &str) -> Result<(), FieldError> {
        let field = |name: &str| format!("{at}{name}");
        let twilio_only = "is required for the twilio provider";
        self.account.validate(at, twilio_only)?;
        match (self.from, self.messaging_service_sid) {
            (None, None) => {
                return Err(FieldError::new(
                    field("from"),
                    format!("or messaging_service_sid {twilio_only}"),
                ));
            }
            (_, Some(mg)) if !is_sid(mg, "MG") => {
                return Err(FieldError::new(
                    field("messaging_service_sid"),
                    "must be MG followed by 32 hex digits",
                ));
            }
            (Some(from), _) if from.trim().is_empty() => {
                return Err(FieldError::new(field("from"), "must not be empty"));
            }
            _ => {}
        }
        if !is_http_url(self.api_url) {
            return Err(FieldError::new(
                field("twilio_api_url"),
                "must be an http(s) URL",
            ));
        }
        Ok(())
    }
}

/// WhatsApp through the connection's Twilio account (ours): asked for at the start with
/// `send: "whatsapp"` or `delivery_method: "whatsapp"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WhatsAppSettings {
    /// The WhatsApp sender's number, E.164.
    pub from: String,
    /// The approved Content Template (`HX` and 32 hex digits) whose variable is the code.
    pub content_sid: String,
    /// Which variable holds the code (default `1`, for `{{1}}`).
    #[serde(default = "first_variable")]
    pub code_variable: String,
}

fn first_variable() -> String {
    "1".into()
}

impl WhatsAppSettings {
    /// `twilio`: whether the connection's own provider is Twilio, whose account it uses.
    pub fn validate(&self, twilio: bool) -> Result<(), FieldError> {
        if !twilio {
            return Err(FieldError::new(
                "whatsapp",
                "needs provider = \"twilio\": it sends through the connection's Twilio account",
            ));
        }
        let digits = self.from.strip_prefix('+').unwrap_or("");
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldError::new("whatsapp.from", "must be an E.164 number"));
        }
        if !is_sid(&self.content_sid, "HX") {
            return Err(FieldError::new(
                "whatsapp.content_sid",
                "must be HX followed by 32 hex digits",
            ));
        }
        if self.code_variable.is_empty() {
            return Err(FieldError::new(
                "whatsapp.code_variable",
                "must not be empty",
            ));
        }
        Ok(())
    }

    pub fn template(&self) -> WhatsAppTemplate {
        WhatsAppTemplate {
            from: self.from.clone(),
            content_sid: self.content_sid.clone(),
            code_variable: self.code_variable.clone(),
        }
    }
}
