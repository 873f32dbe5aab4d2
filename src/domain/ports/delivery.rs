//! The delivery ports: how a rendered text message or email leaves the server, and the
//! routes (log, Twilio, SMTP) a connection chooses between. Adapters live in
//! `crate::delivery`.

use async_trait::async_trait;

/// One text message, rendered and ready to go.
#[derive(Debug, Clone)]
pub struct SmsMessage {
    pub to: String,
    pub body: String,
}

/// How a connection sends its texts.
#[derive(Debug, Clone, PartialEq)]
pub enum SmsRoute {
    /// Development: the message goes to the server's log, not to a phone.
    Log,
    Twilio(TwilioRoute),
}

/// A credential on its way to a provider. Its `Debug` is `[redacted]`, so a route can be
/// printed whole without the credential reaching a log line.
#[derive(Clone, PartialEq, Eq)]
pub struct Credential(pub String);

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

#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    /// The provider answered and refused the message (e.g. Twilio 21211, invalid number).
    #[error("{message} (Code: {code})")]
    Refused { message: String, code: i64 },
    /// The provider could not be reached in time, or kept failing.
    #[error("{0}")]
    Unavailable(String),
}

#[async_trait]
pub trait SmsSender: Send + Sync {
    async fn send(&self, route: &SmsRoute, message: &SmsMessage) -> Result<(), DeliveryError>;
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
        let printed = format!("{twilio:?} {smtp:?}");
        assert!(
            printed.contains("AC0123") && printed.contains("mailer"),
            "{printed}"
        );
        assert!(!printed.contains("twilio-token-value"), "{printed}");
        assert!(!printed.contains("smtp-pass-value"), "{printed}");
    }
}
