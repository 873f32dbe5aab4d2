//! The delivery ports: how a rendered text message or email leaves the server, and the
//! routes (log, Twilio, an Auth0-style SMS gateway, Vonage, MessageBird, SMTP) a connection chooses between.
//! Adapters live in `crate::delivery`; which provider to try next is the domain's choice
//! (`crate::domain::channels::failover`), so an SMS adapter makes exactly one attempt.

use async_trait::async_trait;

/// One text message, rendered and ready to go.
#[derive(Debug, Clone)]
pub struct SmsMessage {
    pub to: String,
    pub body: String,
    /// The code alone, for a template message (WhatsApp) that carries it as a variable.
    pub code: String,
    /// The end user's request, for a gateway that asks for it (`forward_req_info`).
    pub request: RequestInfo,
    /// The start's `request_language`, for a provider that writes the text itself (Twilio
    /// Verify's `Locale`).
    pub language: Option<String>,
}

/// What a gateway with `forward_req_info` is told about the request that asked for a code.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RequestInfo {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// How one provider sends a text.
#[derive(Debug, Clone, PartialEq)]
pub enum SmsRoute {
    /// Development: the message goes to the server's log, not to a phone.
    Log,
    Twilio(TwilioRoute),
    Gateway(GatewayRoute),
    Vonage(VonageRoute),
    MessageBird(MessageBirdRoute),
    // Twilio Verify
    TwilioVerify(TwilioVerifyRoute),
}

/// Auth0's text for a gateway that did not answer in time; Auth0 ends it with a code it does
/// not document: ours is Node's name for a timeout.
pub const GATEWAY_TIMEOUT: &str = "Timeout while calling the SMS gateway: ETIMEDOUT";
pub const PROVIDER_TIMEOUT: &str = "Timeout while calling the SMS provider";

impl SmsRoute {
    /// The error for a request that went out and got no answer in time: it may have been
    /// sent, so nothing is tried after it.
    pub fn timeout(&self) -> DeliveryError {
        DeliveryError::Unavailable(match self {
            Self::Gateway(_) => GATEWAY_TIMEOUT.into(),
            Self::Log
            | Self::Twilio(_)
            | Self::Vonage(_)
            | Self::MessageBird(_)
            | Self::TwilioVerify(_) => PROVIDER_TIMEOUT.into(),
        })
    }
}

/// How long one attempt at a provider may take: to connect (TCP and TLS, before any byte of
/// the request is written), and in all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    pub connect: std::time::Duration,
    pub request: std::time::Duration,
}

/// Auth0's custom SMS gateway: a JSON POST to `url`, with a JWT bearer when `auth` is set.
#[derive(Debug, Clone, PartialEq)]
pub struct GatewayRoute {
    pub url: String,
    /// The connection's `from`, sent as `sender`.
    pub sender: Option<String>,
    pub auth: Option<GatewayAuth>,
    pub forward_req_info: bool,
    pub timeouts: Timeouts,
}

/// The HS256 bearer token's claims and key (`gateway_authentication`).
#[derive(Debug, Clone, PartialEq)]
pub struct GatewayAuth {
    pub subject: String,
    pub audience: String,
    /// The key's bytes (already base64-decoded where `secret_base64_encoded` says so).
    pub secret: KeyBytes,
    /// `iat` of the token, from the server's clock.
    pub issued_at: i64,
}

/// A credential on its way to a provider. Its `Debug` is `[redacted]`, so a route can be
/// printed whole without the credential reaching a log line.
#[derive(Clone, PartialEq, Eq)]
pub struct Credential(pub String);

/// Key bytes on their way to a provider, printed as `[redacted]` like [`Credential`].
#[derive(Clone, PartialEq, Eq)]
pub struct KeyBytes(pub Vec<u8>);

impl std::fmt::Debug for KeyBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TwilioRoute {
    pub api_url: String,
    pub account_sid: String,
    pub auth_token: Credential,
    pub from: Option<String>,
    pub messaging_service_sid: Option<String>,
    pub timeouts: Timeouts,
    /// Sends through WhatsApp instead: `whatsapp:` addresses and an approved template.
    pub whatsapp: Option<WhatsAppTemplate>,
    /// Where Twilio reports the message's delivery (`StatusCallback`), if anywhere.
    pub status_callback: Option<String>,
}

/// Vonage's SMS API: a form POST to `{api_url}/sms/json` with the key and secret.
#[derive(Debug, Clone, PartialEq)]
pub struct VonageRoute {
    pub api_url: String,
    pub api_key: String,
    pub api_secret: Credential,
    /// A number or an alphanumeric sender name.
    pub from: String,
    pub timeouts: Timeouts,
}

/// MessageBird's SMS API: a JSON POST to `{api_url}/messages`, `Authorization: AccessKey`.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageBirdRoute {
    pub api_url: String,
    pub access_key: Credential,
    /// The connection's `from`: a number or a sender name of up to 11 characters.
    pub originator: String,
    pub timeouts: Timeouts,
}

/// Twilio Verify v2 (ours): `POST {api_url}/v2/Services/{service_sid}/Verifications` starts a
/// verification (Twilio makes and sends the code), `…/VerificationCheck` checks one; HTTP
/// Basic auth with the account SID and auth token.
#[derive(Debug, Clone, PartialEq)]
pub struct TwilioVerifyRoute {
    pub api_url: String,
    pub account_sid: String,
    pub auth_token: Credential,
    /// `VA…`, the Verify Service.
    pub service_sid: String,
    pub timeouts: Timeouts,
}

/// What Twilio Verify said about a code (`VerificationCheck`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerifyAnswer {
    /// `status: approved`: the code is Twilio's for this number.
    Approved,
    /// Any other status, or no pending verification (404, 60202 too many checks, a code
    /// Twilio refuses as malformed): this try was wrong.
    Wrong,
}

/// A WhatsApp sender and the approved Content Template the code is sent with.
#[derive(Debug, Clone, PartialEq)]
pub struct WhatsAppTemplate {
    /// The WhatsApp sender's number, E.164 (sent as `whatsapp:<from>`).
    pub from: String,
    /// `HX…`, Twilio's Content Template SID.
    pub content_sid: String,
    /// The template variable that holds the code (`"1"` for `{{1}}`).
    pub code_variable: String,
}

/// One email, rendered and ready to go: a plain-text and an HTML alternative.
#[derive(Debug, Clone)]
pub struct EmailMessage {
    pub to: String,
    /// The connection's `from`, or `None` for the provider's default sender.
    pub from: Option<String>,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// How a relay is reached: `starttls` (refuse to send in clear), implicit `tls`, or `none`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    /// Plain SMTP: only for a relay on the same host or a private network.
    None,
    /// Upgrade with STARTTLS, and refuse to send if the server cannot (port 587).
    #[default]
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
}

/// An SMTP relay and the sender used when a connection names none.
#[derive(Clone, PartialEq)]
pub struct SmtpRoute {
    pub host: String,
    pub port: u16,
    pub login: Option<SmtpLogin>,
    pub tls: SmtpTls,
    /// Extra CA certificates (PEM) to trust besides the system's.
    pub ca_pem: Option<Vec<u8>>,
    pub default_from: String,
}

impl std::fmt::Debug for SmtpRoute {
    // Written out to leave the CA bytes out.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpRoute")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("login", &self.login)
            .field("tls", &self.tls)
            .field("default_from", &self.default_from)
            .finish_non_exhaustive()
    }
}

/// The relay's user name and password: both or neither.
#[derive(Debug, Clone, PartialEq)]
pub struct SmtpLogin {
    pub user: String,
    pub pass: Credential,
}

/// Where the server's email goes.
#[derive(Debug, Clone, PartialEq)]
pub enum EmailRoute {
    /// Development: messages are written to the log, not sent.
    Log,
    Smtp(Box<SmtpRoute>),
}

#[async_trait]
pub trait EmailSender: Send + Sync {
    async fn send(&self, route: &EmailRoute, message: &EmailMessage) -> Result<(), DeliveryError>;
}

/// Why a provider did not take a message. What the domain does next depends on one question:
/// could the text have gone out anyway? Only [`DeliveryError::NotSent`] says it cannot, and
/// only then is another provider (or another attempt) tried, so one login never gets two texts.
#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    /// The provider answered and refused the message (e.g. Twilio 21211, invalid number).
    #[error("{message} (Code: {code})")]
    Refused { message: String, code: i64 },
    /// The provider cannot have sent it: the connection (TCP and TLS) never opened, so no
    /// byte of the request left, or the provider answered that it did not take the message
    /// (by its contract: Twilio's 401, 429 and 5xx, a gateway's non-2xx).
    #[error("{0}")]
    NotSent(String),
    /// It may have been sent: the request went out and no answer came in time, or the
    /// answer broke off. Not retried anywhere.
    #[error("{0}")]
    Unavailable(String),
}

/// What a provider answered when it took a text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sent {
    /// The provider's id of the message (Twilio's `sid`, Vonage's `message-id`), which its
    /// delivery receipts name.
    pub message_id: Option<String>,
}

#[async_trait]
pub trait SmsSender: Send + Sync {
    async fn send(&self, route: &SmsRoute, message: &SmsMessage) -> Result<Sent, DeliveryError>;

    /// Twilio Verify: asks whether `code` is the one Twilio sent to `to`. An error is no
    /// answer about the code (Twilio down, a timeout, our credentials refused).
    async fn check(
        &self,
        route: &TwilioVerifyRoute,
        to: &str,
        code: &str,
    ) -> Result<VerifyAnswer, DeliveryError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_print_without_their_credentials() {
        let twilio = TwilioRoute {
            api_url: "https://api.twilio.com".into(),
            account_sid: "AC0123".into(),
            auth_token: Credential("twilio-token-value".into()),
            from: None,
            messaging_service_sid: None,
            whatsapp: None,
            status_callback: None,
            timeouts: Timeouts {
                connect: std::time::Duration::from_secs(5),
                request: std::time::Duration::from_secs(10),
            },
        };
        let gateway = GatewayRoute {
            url: "https://sms.example.com/send".into(),
            sender: None,
            auth: Some(GatewayAuth {
                subject: "urn:Auth0".into(),
                audience: "urn:gw".into(),
                secret: KeyBytes(b"gateway-secret-value".to_vec()),
                issued_at: 0,
            }),
            forward_req_info: false,
            timeouts: twilio.timeouts,
        };
        let smtp = SmtpRoute {
            host: "smtp.example.com".into(),
            port: 587,
            login: Some(SmtpLogin {
                user: "mailer".into(),
                pass: Credential("smtp-pass-value".into()),
            }),
            tls: SmtpTls::Starttls,
            ca_pem: None,
            default_from: "login@example.com".into(),
        };
        let printed = format!("{twilio:?} {smtp:?} {gateway:?}");
        assert!(
            printed.contains("AC0123") && printed.contains("mailer"),
            "{printed}"
        );
        assert!(!printed.contains("twilio-token-value"), "{printed}");
        assert!(!printed.contains("smtp-pass-value"), "{printed}");
        assert!(!printed.contains("103, 97, 116"), "{printed}");
        assert!(printed.contains("urn:gw"), "{printed}");
    }
}
