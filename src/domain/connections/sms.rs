//! SMS connections: Auth0's options for them (provider, Twilio credentials, template, code
//! length and lifetime, pumping protection, test numbers), their checks, and the stored form
//! with the Twilio token sealed.

use serde::{Deserialize, Serialize};

use crate::domain::DomainError;
use crate::domain::crypto::{ServerKeys, is_sealed};
use crate::domain::model::{ConnectionRecord, Strategy};
use crate::domain::otp::Totp;
use crate::domain::ports::{Credential, SmsRoute, TwilioRoute};
use crate::domain::pumping::{PumpingProtection, TestNumber, validate_test_numbers};
use crate::domain::template::{self, Syntax};
use crate::domain::validation::FieldError;

pub const DEFAULT_SMS_TEMPLATE: &str = "Your verification code is: @@password@@";
pub const DEFAULT_TWILIO_API_URL: &str = "https://api.twilio.com";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum SmsProvider {
    #[default]
    Twilio,
    /// Development only: texts are written to the server log.
    Log,
}

/// An SMS connection's options, with Auth0's names (plus `provider` and `twilio_api_url`).
/// The same shape is read from the config file and stored (with `twilio_token` sealed).
/// Absent keys take [`SmsOptions::default`]'s values.
#[serde_with::skip_serializing_none]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SmsOptions {
    pub provider: SmsProvider,
    pub twilio_sid: Option<String>,
    pub twilio_token: Option<String>,
    pub from: Option<String>,
    pub messaging_service_sid: Option<String>,
    pub syntax: Syntax,
    pub template: String,
    pub totp: Totp,
    pub disable_signup: bool,
    pub brute_force_protection: bool,
    pub twilio_api_url: String,
    /// SMS pumping protection (ours; on by default).
    pub pumping_protection: PumpingProtection,
    /// Numbers with a fixed code that never get a text (ours; for app-store review).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub test_numbers: Vec<TestNumber>,
    /// Auth0 repeats the connection name inside its options; accepted and ignored.
    pub name: Option<String>,
    /// Ends each text with the origin-bound line `@<issuer host> #<code>` that iOS and
    /// Android read to offer the code on the login page (ours). Default: on for the `log`
    /// provider, off for Twilio, where it lengthens every paid text.
    pub origin_bound_code: Option<bool>,
}

impl Default for SmsOptions {
    fn default() -> Self {
        Self {
            provider: SmsProvider::default(),
            twilio_sid: None,
            twilio_token: None,
            from: None,
            messaging_service_sid: None,
            syntax: Syntax::MdWithMacros,
            template: DEFAULT_SMS_TEMPLATE.into(),
            totp: Totp::default(),
            disable_signup: false,
            brute_force_protection: true,
            twilio_api_url: DEFAULT_TWILIO_API_URL.into(),
            pumping_protection: PumpingProtection::default(),
            test_numbers: Vec::new(),
            name: None,
            origin_bound_code: None,
        }
    }
}

impl std::fmt::Debug for SmsOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmsOptions")
            .field("provider", &self.provider)
            .field("twilio_sid", &self.twilio_sid)
            .field(
                "twilio_token",
                &self.twilio_token.as_ref().map(|_| "[redacted]"),
            )
            .field("from", &self.from)
            .field("messaging_service_sid", &self.messaging_service_sid)
            .field("template", &self.template)
            .field("totp", &self.totp)
            .finish_non_exhaustive()
    }
}

fn is_sid(value: &str, prefix: &str) -> bool {
    value.len() == 34
        && value.starts_with(prefix)
        && value[2..].bytes().all(|b| b.is_ascii_hexdigit())
}

fn token_context(connection: &str) -> String {
    format!("connection:{connection}:twilio_token")
}

impl SmsOptions {
    /// The development connection a first run creates.
    pub fn development() -> Self {
        Self {
            provider: SmsProvider::Log,
            ..Self::default()
        }
    }

    /// Checks every option; the error names the offending key.
    pub fn validate(&self) -> Result<(), FieldError> {
        self.totp.validate()?;
        template::validate(self.syntax, &self.template)
            .map_err(|e| FieldError::labelled("template", e.to_string()))?;
        self.pumping_protection.validate()?;
        validate_test_numbers(&self.test_numbers)?;
        if self.provider == SmsProvider::Twilio {
            let twilio_only = "is required for the twilio provider";
            match &self.twilio_sid {
                Some(sid) if is_sid(sid, "AC") => {}
                Some(_) => {
                    return Err(FieldError::new(
                        "twilio_sid",
                        "must be AC followed by 32 hex digits",
                    ));
                }
                None => return Err(FieldError::new("twilio_sid", twilio_only)),
            }
            if self.twilio_token.as_deref().unwrap_or("").is_empty() {
                return Err(FieldError::new("twilio_token", twilio_only));
            }
            match (&self.from, &self.messaging_service_sid) {
                (None, None) => {
                    return Err(FieldError::new(
                        "from",
                        format!("or messaging_service_sid {twilio_only}"),
                    ));
                }
                (_, Some(mg)) if !is_sid(mg, "MG") => {
                    return Err(FieldError::new(
                        "messaging_service_sid",
                        "must be MG followed by 32 hex digits",
                    ));
                }
                (Some(from), _) if from.trim().is_empty() => {
                    return Err(FieldError::new("from", "must not be empty"));
                }
                _ => {}
            }
            let url = self.twilio_api_url.as_str();
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                return Err(FieldError::new("twilio_api_url", "must be an http(s) URL"));
            }
        }
        Ok(())
    }

    /// The stored form: validated, with the Twilio token sealed.
    pub fn to_record(
        &self,
        name: &str,
        keys: &ServerKeys,
    ) -> Result<ConnectionRecord, DomainError> {
        self.validate()
            .map_err(|e| DomainError::invalid_field_of(format!("connection {name}"), e))?;
        let mut stored = self.clone();
        if let Some(token) = &self.twilio_token
            && !is_sealed(token)
        {
            stored.twilio_token = Some(keys.seal(&token_context(name), token.as_bytes())?);
        }
        Ok(ConnectionRecord {
            name: name.into(),
            strategy: Strategy::Sms,
            options: serde_json::to_value(&stored).map_err(DomainError::internal)?,
        })
    }

    /// Reads a stored connection back, opening the Twilio token.
    pub fn from_record(record: &ConnectionRecord, keys: &ServerKeys) -> Result<Self, DomainError> {
        let mut options: SmsOptions = serde_json::from_value(record.options.clone())
            .map_err(|e| DomainError::Internal(format!("connection {}: {e}", record.name)))?;
        if let Some(sealed) = &options.twilio_token {
            let plain = keys.open(&token_context(&record.name), sealed)?;
            options.twilio_token = Some(String::from_utf8(plain).map_err(DomainError::internal)?);
        }
        Ok(options)
    }

    pub(crate) fn route(&self) -> SmsRoute {
        match self.provider {
            SmsProvider::Log => SmsRoute::Log,
            SmsProvider::Twilio => SmsRoute::Twilio(TwilioRoute {
                api_url: self.twilio_api_url.trim_end_matches('/').to_string(),
                account_sid: self.twilio_sid.clone().unwrap_or_default(),
                auth_token: Credential(self.twilio_token.clone().unwrap_or_default()),
                from: self.from.clone(),
                messaging_service_sid: self.messaging_service_sid.clone(),
            }),
        }
    }
}
