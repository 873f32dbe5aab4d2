//! Which providers an SMS connection sends through, in which order: the provider its Auth0
//! options name (`provider`, the Twilio or `sms_gateway` settings), the `failover` providers
//! after it (ours), and per-country overrides (`country_routes`, ours) that replace that list
//! for numbers of a country. Each provider's settings are held here in one flat, Auth0-named
//! set, checked by the provider's own file under [`super::providers`], and turned into the
//! delivery port's [`SmsRoute`]; their secrets are sealed and opened here too.

use std::time::Duration;

use serde::{Deserialize, Serialize};

pub use super::providers::gateway::GatewayAuthentication;
use super::providers::gateway::{self, gateway_key};
use super::providers::messagebird;
pub use super::providers::messagebird::MessageBirdSettings;
use super::providers::normalized_url;
pub use super::providers::twilio::{DEFAULT_TWILIO_API_URL, WhatsAppSettings};
use super::providers::twilio::{TwilioAccount, TwilioFields};
use super::providers::vonage::{self, DEFAULT_VONAGE_API_URL};
// Twilio Verify
use super::providers::twilio_verify::{VerifyFields, verify_url};
use crate::domain::DomainError;
use crate::domain::crypto::{ServerKeys, is_sealed};
use crate::domain::ports::MessageBirdRoute;
use crate::domain::ports::{
    Credential, GatewayAuth, GatewayRoute, KeyBytes, SmsRoute, Timeouts, TwilioRoute, VonageRoute,
    WhatsAppTemplate,
};
// Twilio Verify
use crate::domain::ports::TwilioVerifyRoute;
use crate::domain::validation::FieldError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum SmsProvider {
    #[default]
    Twilio,
    /// Development only: texts are written to the server log.
    Log,
    /// Auth0's custom SMS gateway (`gateway_url`, `gateway_authentication`).
    SmsGateway,
    /// Vonage's SMS API (ours: `vonage_api_key`, `vonage_api_secret`, `vonage_api_url`).
    Vonage,
    /// MessageBird's SMS API (ours: `messagebird.access_key`, `messagebird.api_url`).
    #[serde(rename = "messagebird")]
    MessageBird,
    /// Twilio Verify v2 (ours: `twilio_sid`, `twilio_token`, `verify_service_sid`,
    /// `twilio_verify_api_url`): Twilio makes, sends and checks the code.
    TwilioVerify,
}

impl SmsProvider {
    /// Its name in the options, which also names the connection's own provider.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Twilio => "twilio",
            Self::Log => "log",
            Self::SmsGateway => "sms_gateway",
            Self::Vonage => "vonage",
            Self::MessageBird => "messagebird",
            Self::TwilioVerify => "twilio_verify",
        }
    }
}

/// Twilio's limits before this feature, kept as every provider's defaults.
pub const DEFAULT_CONNECT_TIMEOUT_MS: u64 = 5_000;
pub const DEFAULT_TIMEOUT_MS: u64 = 10_000;
/// Bounds of the two timeouts: an attempt must fit in the SMS deadline with room for another.
const TIMEOUT_RANGE_MS: std::ops::RangeInclusive<u64> = 50..=15_000;

/// One provider's settings, with Auth0's names where it has them. A `failover` entry is one
/// of these; the connection's own (top-level) settings make another, named after its
/// `provider` (see [`super::SmsOptions::primary`]). `Default` is for building one in code:
/// its `twilio_api_url` is empty, where a missing one is read as Twilio's.
#[serde_with::skip_serializing_none]
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ProviderSettings {
    /// How the event log and `country_routes` name it; unique in its connection.
    pub name: String,
    pub provider: SmsProvider,
    pub twilio_sid: Option<String>,
    pub twilio_token: Option<String>,
    pub from: Option<String>,
    pub messaging_service_sid: Option<String>,
    #[serde(default = "default_twilio_api_url")]
    pub twilio_api_url: String,
    /// Ours: Twilio reports each message's delivery to Latchkey (`StatusCallback`);
    /// default: on when the issuer is https.
    pub status_callback: Option<bool>,
    pub gateway_url: Option<String>,
    pub gateway_authentication: Option<GatewayAuthentication>,
    pub forward_req_info: bool,
    /// Ours: Vonage's SMS API key, secret (sealed, write-only) and base URL.
    pub vonage_api_key: Option<String>,
    pub vonage_api_secret: Option<String>,
    pub vonage_api_url: Option<String>,
    /// Ours: the time to open the connection (TCP and TLS), in milliseconds.
    pub connect_timeout_ms: Option<u64>,
    /// Ours: the time for the whole request, in milliseconds.
    pub timeout_ms: Option<u64>,
    /// Set on the provider [`WhatsAppSettings::provider`] makes; never read or written.
    #[serde(skip)]
    pub whatsapp: Option<WhatsAppTemplate>,
    /// Ours: MessageBird's access key (sealed, write-only) and base URL.
    pub messagebird: Option<MessageBirdSettings>,
    /// Ours, Twilio Verify: the Verify Service (`VA…`) and Verify's base URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verify_service_sid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub twilio_verify_api_url: Option<String>,
}

/// Every provider secret, by the name its sealing context ends in, which is also its path
/// in the options (`gateway_authentication.secret` is `secret` in `gateway_authentication`).
pub const SECRETS: &[&str] = &[
    "twilio_token",
    "gateway_authentication.secret",
    "vonage_api_secret",
    "messagebird.access_key",
];

impl std::fmt::Debug for ProviderSettings {
    /// The settings as JSON with every secret `[redacted]`, so a new field shows without a
    /// line here and a secret cannot.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut shown = self.clone();
        for name in SECRETS {
            if let Some(Some(secret)) = shown.secret_mut(name) {
                *secret = "[redacted]".into();
            }
        }
        let json = serde_json::to_string(&shown).map_err(|_| std::fmt::Error)?;
        write!(f, "ProviderSettings {json}")
    }
}

pub(super) fn default_twilio_api_url() -> String {
    DEFAULT_TWILIO_API_URL.into()
}

/// The connection's own Twilio settings, sending through WhatsApp, named `whatsapp`.
pub fn whatsapp_provider(
    settings: &WhatsAppSettings,
    primary: &ProviderSettings,
) -> ProviderSettings {
    ProviderSettings {
        name: "whatsapp".into(),
        whatsapp: Some(settings.template()),
        ..primary.clone()
    }
}

/// A per-country override: numbers of these countries go through these providers, in order,
/// instead of the connection's list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountryRoute {
    /// ISO 3166 region codes, as libphonenumber assigns numbers to them (`US`, `IN`).
    pub countries: Vec<String>,
    /// Provider names: the connection's own provider is named by its `provider` value.
    pub providers: Vec<String>,
}

impl ProviderSettings {
    /// Checks the settings its provider needs; `at` prefixes field names (`failover[0].`).
    pub fn validate(&self, at: &str) -> Result<(), FieldError> {
        let field = |name: &str| format!("{at}{name}");
        for (name, value) in [
            ("connect_timeout_ms", self.connect_timeout_ms),
            ("timeout_ms", self.timeout_ms),
        ] {
            if let Some(ms) = value
                && !TIMEOUT_RANGE_MS.contains(&ms)
            {
                return Err(FieldError::new(field(name), "must be 50 to 15000"));
            }
        }
        if self.status_callback == Some(true) && self.provider != SmsProvider::Twilio {
            return Err(FieldError::new(
                field("status_callback"),
                "is for the twilio provider: only Twilio's receipts are read",
            ));
        }
        match self.provider {
            SmsProvider::Log => Ok(()),
            SmsProvider::Twilio => self.twilio_fields().validate(at),
            SmsProvider::SmsGateway => gateway::validate(
                at,
                self.gateway_url.as_deref(),
                self.gateway_authentication.as_ref(),
            ),
            SmsProvider::Vonage => vonage::validate(
                at,
                self.vonage_api_key.as_deref(),
                self.vonage_api_secret.as_deref(),
                self.vonage_api_url.as_deref(),
                self.from.as_deref(),
            ),
            SmsProvider::MessageBird => match &self.messagebird {
                Some(m) => m.validate(at, self.from.as_deref()),
                None => Err(messagebird::missing(at)),
            },
            SmsProvider::TwilioVerify => self.verify_fields().validate(at),
        }
    }

    fn verify_fields(&self) -> VerifyFields<'_> {
        VerifyFields {
            account: self.twilio_account(),
            service_sid: self.verify_service_sid.as_deref(),
            api_url: self.twilio_verify_api_url.as_deref(),
        }
    }

    /// Twilio Verify's base URL, the default when none is set.
    pub fn verify_url(&self) -> String {
        verify_url(self.twilio_verify_api_url.as_deref())
    }

    /// Whether it sends Twilio Verify's code rather than Latchkey's.
    pub fn is_verify(&self) -> bool {
        self.provider == SmsProvider::TwilioVerify
    }

    fn twilio_account(&self) -> TwilioAccount<'_> {
        TwilioAccount {
            sid: self.twilio_sid.as_deref(),
            token: self.twilio_token.as_deref(),
        }
    }

    fn twilio_fields(&self) -> TwilioFields<'_> {
        TwilioFields {
            account: self.twilio_account(),
            from: self.from.as_deref(),
            messaging_service_sid: self.messaging_service_sid.as_deref(),
            api_url: &self.twilio_api_url,
        }
    }

    /// Vonage's base URL, the default when none is set.
    pub fn vonage_url(&self) -> String {
        normalized_url(
            self.vonage_api_url
                .as_deref()
                .unwrap_or(DEFAULT_VONAGE_API_URL),
        )
    }

    fn timeouts(&self) -> Timeouts {
        Timeouts {
            connect: Duration::from_millis(
                self.connect_timeout_ms
                    .unwrap_or(DEFAULT_CONNECT_TIMEOUT_MS),
            ),
            request: Duration::from_millis(self.timeout_ms.unwrap_or(DEFAULT_TIMEOUT_MS)),
        }
    }

    /// How the delivery port reaches this provider; `now` dates a gateway's token.
    pub fn route(&self, now: i64) -> SmsRoute {
        match self.provider {
            SmsProvider::Log => SmsRoute::Log,
            SmsProvider::Twilio => SmsRoute::Twilio(TwilioRoute {
                api_url: self.twilio_api_url.trim_end_matches('/').to_string(),
                account_sid: self.twilio_sid.clone().unwrap_or_default(),
                auth_token: Credential(self.twilio_token.clone().unwrap_or_default()),
                from: self.from.clone(),
                messaging_service_sid: self.messaging_service_sid.clone(),
                timeouts: self.timeouts(),
                whatsapp: self.whatsapp.clone(),
                status_callback: None,
            }),
            SmsProvider::SmsGateway => SmsRoute::Gateway(GatewayRoute {
                url: self.gateway_url.clone().unwrap_or_default(),
                sender: self.from.clone(),
                auth: self.gateway_authentication.as_ref().map(|a| GatewayAuth {
                    subject: a.subject.clone(),
                    audience: a.audience.clone(),
                    secret: KeyBytes(gateway_key(a).unwrap_or_default()),
                    issued_at: now,
                }),
                forward_req_info: self.forward_req_info,
                timeouts: self.timeouts(),
            }),
            SmsProvider::Vonage => SmsRoute::Vonage(VonageRoute {
                api_url: self.vonage_url(),
                api_key: self.vonage_api_key.clone().unwrap_or_default(),
                api_secret: Credential(self.vonage_api_secret.clone().unwrap_or_default()),
                from: self.from.clone().unwrap_or_default(),
                timeouts: self.timeouts(),
            }),
            SmsProvider::MessageBird => {
                let settings = self.messagebird.clone().unwrap_or_default();
                SmsRoute::MessageBird(MessageBirdRoute {
                    api_url: settings.url(),
                    access_key: Credential(settings.access_key.unwrap_or_default()),
                    originator: self.from.clone().unwrap_or_default(),
                    timeouts: self.timeouts(),
                })
            }
            SmsProvider::TwilioVerify => SmsRoute::TwilioVerify(self.verify_route()),
        }
    }

    /// How the delivery port reaches this provider as Twilio Verify (its start and its
    /// check of a code).
    pub fn verify_route(&self) -> TwilioVerifyRoute {
        TwilioVerifyRoute {
            api_url: self.verify_url(),
            account_sid: self.twilio_sid.clone().unwrap_or_default(),
            auth_token: Credential(self.twilio_token.clone().unwrap_or_default()),
            service_sid: self.verify_service_sid.clone().unwrap_or_default(),
            timeouts: self.timeouts(),
        }
    }

    /// Where secret `name` (one of [`SECRETS`]) is held: `None` when the settings it belongs
    /// to are absent (no `gateway_authentication`, no `messagebird`).
    pub fn secret_mut(&mut self, name: &str) -> Option<&mut Option<String>> {
        match name {
            "twilio_token" => Some(&mut self.twilio_token),
            "gateway_authentication.secret" => {
                self.gateway_authentication.as_mut().map(|g| &mut g.secret)
            }
            "vonage_api_secret" => Some(&mut self.vonage_api_secret),
            "messagebird.access_key" => self.messagebird.as_mut().map(|m| &mut m.access_key),
            _ => None,
        }
    }

    /// Secret `name`, if set.
    pub fn secret(&self, name: &str) -> Option<String> {
        self.clone().secret_mut(name).and_then(Option::take)
    }

    /// The settings that say where secret `name` is sent, each by its option name, as they
    /// are compared (URLs without a trailing slash).
    pub fn secret_destination(&self, name: &str) -> Vec<(&'static str, String)> {
        let or_empty = |v: &Option<String>| v.clone().unwrap_or_default();
        match name {
            // A Verify provider's token is Twilio's too, but goes to Verify's API.
            "twilio_token" if self.is_verify() => vec![
                ("twilio_verify_api_url", self.verify_url()),
                ("twilio_sid", or_empty(&self.twilio_sid)),
            ],
            "twilio_token" => vec![
                ("twilio_api_url", normalized_url(&self.twilio_api_url)),
                ("twilio_sid", or_empty(&self.twilio_sid)),
            ],
            "gateway_authentication.secret" => vec![(
                "gateway_url",
                normalized_url(self.gateway_url.as_deref().unwrap_or_default()),
            )],
            "vonage_api_secret" => vec![
                ("vonage_api_url", self.vonage_url()),
                ("vonage_api_key", or_empty(&self.vonage_api_key)),
            ],
            "messagebird.access_key" => vec![(
                "messagebird.api_url",
                self.messagebird.clone().unwrap_or_default().url(),
            )],
            _ => Vec::new(),
        }
    }

    /// Runs `f` on each secret that is set, with its name.
    fn each_secret(
        &mut self,
        mut f: impl FnMut(&str, &mut String) -> Result<(), DomainError>,
    ) -> Result<(), DomainError> {
        for name in SECRETS {
            if let Some(Some(secret)) = self.secret_mut(name) {
                f(name, secret)?;
            }
        }
        Ok(())
    }

    /// Seals its secrets (those not sealed yet) under `context` (`connection:<name>:` and,
    /// for a failover provider, `failover:<provider name>:`).
    pub fn seal_secrets(&mut self, keys: &ServerKeys, context: &str) -> Result<(), DomainError> {
        self.each_secret(|name, secret| {
            if !is_sealed(secret) {
                *secret = keys.seal(&format!("{context}{name}"), secret.as_bytes())?;
            }
            Ok(())
        })
    }

    pub fn open_secrets(&mut self, keys: &ServerKeys, context: &str) -> Result<(), DomainError> {
        self.each_secret(|name, secret| {
            let plain = keys.open(&format!("{context}{name}"), secret)?;
            *secret = String::from_utf8(plain).map_err(DomainError::internal)?;
            Ok(())
        })
    }
}

/// Removes every secret from a stored connection's options, for an answer: secrets are
/// write-only, sealed or not.
pub fn strip_secrets(options: &mut serde_json::Value) {
    fn strip(provider: &mut serde_json::Value) {
        for path in SECRETS {
            let (within, key) = match path.split_once('.') {
                Some((outer, key)) => (provider.get_mut(outer), key),
                None => (Some(&mut *provider), *path),
            };
            if let Some(o) = within.and_then(|v| v.as_object_mut()) {
                o.remove(key);
            }
        }
    }
    strip(options);
    if let Some(list) = options.get_mut("failover").and_then(|f| f.as_array_mut()) {
        list.iter_mut().for_each(strip);
    }
}

/// Checks a connection's provider list and overrides: `failover` names are unique and not
/// the primary's, every name a route gives exists, and a country has one route at most.
pub fn validate_routes(
    primary: &ProviderSettings,
    failover: &[ProviderSettings],
    routes: &[CountryRoute],
) -> Result<(), FieldError> {
    let mut names = vec![primary.name.as_str()];
    for (i, p) in failover.iter().enumerate() {
        let at = format!("failover[{i}].");
        if p.name.trim().is_empty() || names.contains(&p.name.as_str()) {
            return Err(FieldError::new(
                format!("{at}name"),
                format!(
                    "must be a name of its own (not empty, not {})",
                    names.join(", ")
                ),
            ));
        }
        names.push(&p.name);
        p.validate(&at)?;
    }
    let mut countries: Vec<&str> = Vec::new();
    for (i, route) in routes.iter().enumerate() {
        let at = format!("country_routes[{i}].");
        if route.providers.is_empty() {
            return Err(FieldError::new(
                format!("{at}providers"),
                "must name a provider",
            ));
        }
        if let Some(unknown) = route
            .providers
            .iter()
            .find(|n| !names.contains(&n.as_str()))
        {
            return Err(FieldError::new(
                format!("{at}providers"),
                format!(
                    "names {unknown:?}, which is not one of {}",
                    names.join(", ")
                ),
            ));
        }
        if route.countries.is_empty() {
            return Err(FieldError::new(
                format!("{at}countries"),
                "must name a country",
            ));
        }
        for c in &route.countries {
            if c.parse::<phonenumber::country::Id>().is_err() {
                return Err(FieldError::new(
                    format!("{at}countries"),
                    format!("{c:?} is not an ISO 3166 region code (such as US, IN)"),
                ));
            }
            if countries.contains(&c.as_str()) {
                return Err(FieldError::new(
                    format!("{at}countries"),
                    format!("{c} already has a route"),
                ));
            }
            countries.push(c);
        }
    }
    Ok(())
}

/// The providers to try for `e164`, in order: a country route's, or all of them.
pub fn providers_for<'a>(
    primary: &'a ProviderSettings,
    failover: &'a [ProviderSettings],
    routes: &[CountryRoute],
    e164: &str,
) -> Vec<&'a ProviderSettings> {
    // No routes, no need to place the number.
    let region = (!routes.is_empty())
        .then(|| crate::domain::phone::region_of(e164))
        .flatten();
    let route = region.as_deref().and_then(|r| {
        routes
            .iter()
            .find(|route| route.countries.iter().any(|c| c == r))
    });
    let all = std::iter::once(primary).chain(failover);
    match route {
        None => all.collect(),
        Some(route) => route
            .providers
            .iter()
            .filter_map(|name| {
                std::iter::once(primary)
                    .chain(failover)
                    .find(|p| &p.name == name)
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gateway(name: &str) -> ProviderSettings {
        ProviderSettings {
            name: name.into(),
            provider: SmsProvider::SmsGateway,
            gateway_url: Some("https://sms.example.com/send".into()),
            ..ProviderSettings::default()
        }
    }

    fn route(countries: &[&str], providers: &[&str]) -> CountryRoute {
        CountryRoute {
            countries: countries.iter().map(|c| c.to_string()).collect(),
            providers: providers.iter().map(|c| c.to_string()).collect(),
        }
    }

    #[test]
    fn a_country_route_replaces_the_list_for_its_numbers_only() {
        let primary = gateway("sms_gateway");
        let failover = vec![gateway("in-local"), gateway("backup")];
        let routes = vec![route(&["IN"], &["in-local", "sms_gateway"])];
        let names = |e164: &str| {
            providers_for(&primary, &failover, &routes, e164)
                .iter()
                .map(|p| p.name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names("+919876543210"), ["in-local", "sms_gateway"]);
        assert_eq!(names("+14155550100"), ["sms_gateway", "in-local", "backup"]);
    }

    #[test]
    fn routes_must_name_known_providers_and_real_countries_once() {
        let primary = gateway("sms_gateway");
        let failover = vec![gateway("backup")];
        let check = |routes: &[CountryRoute]| {
            validate_routes(&primary, &failover, routes).map_err(|e| e.to_string())
        };
        assert_eq!(check(&[route(&["US", "CA"], &["backup"])]), Ok(()));
        assert!(check(&[route(&["US"], &["nope"])]).is_err_and(|e| e.contains("\"nope\"")));
        assert!(check(&[route(&["XX"], &["backup"])]).is_err_and(|e| e.contains("ISO 3166")));
        assert!(
            check(&[
                route(&["US"], &["backup"]),
                route(&["US"], &["sms_gateway"])
            ])
            .is_err_and(|e| e.contains("US already has a route"))
        );
        let twice = vec![gateway("sms_gateway")];
        assert!(
            validate_routes(&primary, &twice, &[]).is_err_and(|e| e.field == "failover[0].name")
        );
    }

    #[test]
    fn a_gateway_needs_its_url_and_a_whole_bearer() {
        let mut g = gateway("g");
        assert_eq!(g.validate(""), Ok(()));
        g.gateway_authentication = Some(GatewayAuthentication {
            method: "bearer".into(),
            subject: "urn:Auth0".into(),
            audience: "urn:gw".into(),
            secret: Some("not base64!".into()),
            secret_base64_encoded: true,
        });
        assert!(
            g.validate("")
                .is_err_and(|e| e.field == "gateway_authentication.secret")
        );
        if let Some(a) = g.gateway_authentication.as_mut() {
            a.secret = Some("c2VjcmV0".into());
        }
        assert_eq!(g.validate(""), Ok(()));
        match g.route(7) {
            SmsRoute::Gateway(r) => {
                let auth = r.auth.unwrap();
                assert_eq!(auth.secret, KeyBytes(b"secret".to_vec()));
                assert_eq!(auth.issued_at, 7);
            }
            other => panic!("{other:?}"),
        }
        g.gateway_url = None;
        assert!(
            g.validate("failover[1].")
                .is_err_and(|e| e.field == "failover[1].gateway_url")
        );
        g.gateway_url = Some("https://x".into());
        g.status_callback = Some(true);
        assert!(g.validate("").is_err_and(|e| e.field == "status_callback"));
        g.status_callback = None;
        g.timeout_ms = Some(20);
        assert!(g.validate("").is_err_and(|e| e.field == "timeout_ms"));
    }
}
