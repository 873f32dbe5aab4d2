//! SMS connections: Auth0's options for them (provider, Twilio or SMS gateway settings,
//! template, code length and lifetime, pumping protection, test numbers, and ours: failover
//! providers and country routes, see [`super::sms_routes`]), their checks, and the stored
//! form with every provider secret sealed.

use serde::{Deserialize, Serialize};

use super::sms_routes::{
    self, CountryRoute, GatewayAuthentication, MessageBirdSettings, ProviderSettings,
    WhatsAppSettings, whatsapp_provider,
};
pub use super::sms_routes::{DEFAULT_TWILIO_API_URL, SmsProvider};
use crate::domain::DomainError;
use crate::domain::crypto::ServerKeys;
use crate::domain::model::{ConnectionRecord, Strategy};
use crate::domain::otp::Totp;
use crate::domain::pumping::{PumpingProtection, TestNumber, validate_test_numbers};
use crate::domain::template::{self, Syntax};
use crate::domain::validation::FieldError;

pub const DEFAULT_SMS_TEMPLATE: &str = "Your verification code is: @@password@@";
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
    /// Ours: Twilio reports each message's delivery to Latchkey (`StatusCallback`);
    /// default: on when the issuer is https.
    pub status_callback: Option<bool>,
    /// SMS pumping protection (ours; on by default).
    pub pumping_protection: PumpingProtection,
    /// Numbers with a fixed code that never get a text (ours; for app-store review).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub test_numbers: Vec<TestNumber>,
    /// Auth0 repeats the connection name inside its options; accepted and ignored.
    pub name: Option<String>,
    /// Auth0's custom SMS gateway: where texts are POSTed.
    pub gateway_url: Option<String>,
    pub gateway_authentication: Option<GatewayAuthentication>,
    /// Sends the gateway `req` (`ip`, `user-agent`) with each text.
    pub forward_req_info: bool,
    /// Ours: Vonage's SMS API key, secret (sealed, write-only) and base URL.
    pub vonage_api_key: Option<String>,
    pub vonage_api_secret: Option<String>,
    pub vonage_api_url: Option<String>,
    /// Ours: this provider's connect and request timeouts, in milliseconds.
    pub connect_timeout_ms: Option<u64>,
    pub timeout_ms: Option<u64>,
    /// Ours: providers tried after this one, in order, when it cannot have sent a text.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub failover: Vec<ProviderSettings>,
    /// Ours: WhatsApp through this connection's Twilio account, with SMS as the fallback.
    pub whatsapp: Option<WhatsAppSettings>,
    /// Ours: per-country provider lists, replacing the one above for those numbers.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub country_routes: Vec<CountryRoute>,
    /// Ends each text with the origin-bound line `@<issuer host> #<code>` that iOS and
    /// Android read to offer the code on the login page (ours). Default: on for the `log`
    /// provider, off for Twilio, where it lengthens every paid text.
    pub origin_bound_code: Option<bool>,
    /// Ours: MessageBird's access key (sealed, write-only) and base URL.
    pub messagebird: Option<MessageBirdSettings>,
    /// Ours, Twilio Verify: the Verify Service (`VA…`) and Verify's base URL.
    pub verify_service_sid: Option<String>,
    pub twilio_verify_api_url: Option<String>,
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
            status_callback: None,
            pumping_protection: PumpingProtection::default(),
            test_numbers: Vec::new(),
            name: None,
            gateway_url: None,
            gateway_authentication: None,
            forward_req_info: false,
            vonage_api_key: None,
            vonage_api_secret: None,
            vonage_api_url: None,
            connect_timeout_ms: None,
            timeout_ms: None,
            failover: Vec::new(),
            whatsapp: None,
            country_routes: Vec::new(),
            origin_bound_code: None,
            messagebird: None,
            verify_service_sid: None,
            twilio_verify_api_url: None,
        }
    }
}

impl std::fmt::Debug for SmsOptions {
    /// Its providers as [`ProviderSettings`] print them, secrets redacted.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmsOptions")
            .field("primary", &self.primary())
            .field("failover", &self.failover)
            .field("template", &self.template)
            .field("totp", &self.totp)
            .finish_non_exhaustive()
    }
}

/// The sealing context of connection `connection`'s own secrets (`…:twilio_token`, as
/// before failover providers existed), and of its failover provider `provider`'s.
fn secret_context(connection: &str, provider: Option<&str>) -> String {
    match provider {
        None => format!("connection:{connection}:"),
        Some(p) => format!("connection:{connection}:failover:{p}:"),
    }
}

impl SmsOptions {
    /// The development connection a first run creates.
    pub fn development() -> Self {
        Self {
            provider: SmsProvider::Log,
            ..Self::default()
        }
    }

    /// The connection's own provider, named after its `provider` value.
    pub fn primary(&self) -> ProviderSettings {
        ProviderSettings {
            name: self.provider.as_str().into(),
            provider: self.provider,
            twilio_sid: self.twilio_sid.clone(),
            twilio_token: self.twilio_token.clone(),
            from: self.from.clone(),
            messaging_service_sid: self.messaging_service_sid.clone(),
            twilio_api_url: self.twilio_api_url.clone(),
            status_callback: self.status_callback,
            gateway_url: self.gateway_url.clone(),
            gateway_authentication: self.gateway_authentication.clone(),
            forward_req_info: self.forward_req_info,
            vonage_api_key: self.vonage_api_key.clone(),
            vonage_api_secret: self.vonage_api_secret.clone(),
            vonage_api_url: self.vonage_api_url.clone(),
            connect_timeout_ms: self.connect_timeout_ms,
            timeout_ms: self.timeout_ms,
            whatsapp: None,
            messagebird: self.messagebird.clone(),
            verify_service_sid: self.verify_service_sid.clone(),
            twilio_verify_api_url: self.twilio_verify_api_url.clone(),
        }
    }

    /// Takes the secrets of `primary` (this connection's own provider, sealed, opened or
    /// kept from the stored connection) as its own.
    pub fn set_primary_secrets(&mut self, primary: ProviderSettings) {
        self.twilio_token = primary.twilio_token;
        self.gateway_authentication = primary.gateway_authentication;
        self.vonage_api_secret = primary.vonage_api_secret;
        self.messagebird = primary.messagebird;
    }

    /// The providers a text to `e164` goes through, in order (see [`sms_routes::providers_for`]);
    /// with `whatsapp`, WhatsApp first, then those as the fallback.
    pub fn providers_for(&self, e164: &str, whatsapp: bool) -> Vec<ProviderSettings> {
        let primary = self.primary();
        let first = self
            .whatsapp
            .as_ref()
            .filter(|_| whatsapp)
            .map(|w| whatsapp_provider(w, &primary));
        first
            .into_iter()
            .chain(
                sms_routes::providers_for(&primary, &self.failover, &self.country_routes, e164)
                    .into_iter()
                    .cloned(),
            )
            .collect()
    }

    /// The provider named `name` (the connection's own, or a failover provider).
    pub fn provider_named(&self, name: &str) -> Option<ProviderSettings> {
        let primary = self.primary();
        if primary.name == name {
            return Some(primary);
        }
        self.failover.iter().find(|p| p.name == name).cloned()
    }

    /// Checks every option; the error names the offending key.
    pub fn validate(&self) -> Result<(), FieldError> {
        self.totp.validate()?;
        template::validate(self.syntax, &self.template)
            .map_err(|e| FieldError::labelled("template", e.to_string()))?;
        self.pumping_protection.validate()?;
        validate_test_numbers(&self.test_numbers)?;
        let primary = self.primary();
        primary.validate("")?;
        sms_routes::validate_routes(&primary, &self.failover, &self.country_routes)?;
        if let Some(w) = &self.whatsapp {
            w.validate(primary.provider == SmsProvider::Twilio)?;
        }
        Ok(())
    }

    /// The stored form: validated, with every provider's secrets sealed.
    pub fn to_record(
        &self,
        name: &str,
        keys: &ServerKeys,
    ) -> Result<ConnectionRecord, DomainError> {
        self.validate()
            .map_err(|e| DomainError::invalid_field_of(format!("connection {name}"), e))?;
        let mut stored = self.clone();
        let mut primary = stored.primary();
        primary.seal_secrets(keys, &secret_context(name, None))?;
        stored.set_primary_secrets(primary);
        for p in &mut stored.failover {
            p.seal_secrets(keys, &secret_context(name, Some(&p.name.clone())))?;
        }
        Ok(ConnectionRecord {
            name: name.into(),
            strategy: Strategy::Sms,
            options: serde_json::to_value(&stored).map_err(DomainError::internal)?,
        })
    }

    /// Reads a stored connection back, opening its secrets.
    pub fn from_record(record: &ConnectionRecord, keys: &ServerKeys) -> Result<Self, DomainError> {
        let mut options: SmsOptions = serde_json::from_value(record.options.clone())
            .map_err(|e| DomainError::Internal(format!("connection {}: {e}", record.name)))?;
        let mut primary = options.primary();
        primary.open_secrets(keys, &secret_context(&record.name, None))?;
        options.set_primary_secrets(primary);
        for p in &mut options.failover {
            p.open_secrets(keys, &secret_context(&record.name, Some(&p.name.clone())))?;
        }
        Ok(options)
    }
}
