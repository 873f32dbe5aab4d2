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

#[derive(Clone, PartialEq)]
pub struct TwilioRoute {
    pub api_url: String,
    pub account_sid: String,
    pub auth_token: String,
    pub from: Option<String>,
    pub messaging_service_sid: Option<String>,
}

impl std::fmt::Debug for TwilioRoute {
    // The auth token must never reach a log line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TwilioRoute")
            .field("api_url", &self.api_url)
            .field("account_sid", &self.account_sid)
            .field("auth_token", &"[redacted]")
            .field("from", &self.from)
            .field("messaging_service_sid", &self.messaging_service_sid)
            .finish()
    }
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
    // The password must never reach a log line.
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
#[derive(Clone, PartialEq)]
pub struct SmtpLogin {
    pub user: String,
    pub pass: String,
}

impl std::fmt::Debug for SmtpLogin {
    // The password must never reach a log line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpLogin")
            .field("user", &self.user)
            .field("pass", &"[redacted]")
            .finish()
    }
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
