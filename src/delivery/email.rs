//! The [`EmailSender`] adapter: SMTP through lettre (plain on a local relay, STARTTLS, or
//! implicit TLS), or the server log for development.

use std::time::Duration;

use async_trait::async_trait;
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::Deserialize;

use crate::domain::ports::{DeliveryError, EmailMessage, EmailSender};

/// Connecting, and each SMTP command, may take this long: a start call waits for the send.
pub const SMTP_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
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

/// A relay and how to reach it (Auth0's `credentials` of an `smtp` email provider).
#[derive(Clone)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub user: Option<String>,
    pub pass: Option<String>,
    pub tls: SmtpTls,
    /// Extra CA certificates (PEM) to trust besides the system's.
    pub ca_pem: Option<Vec<u8>>,
}

impl std::fmt::Debug for SmtpSettings {
    // The password must never reach a log line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("user", &self.user)
            .field("pass", &self.pass.as_ref().map(|_| "[redacted]"))
            .field("tls", &self.tls)
            .field("ca_pem", &self.ca_pem.as_ref().map(|_| "[set]"))
            .finish()
    }
}

/// Where a server's email goes.
pub enum EmailGateway {
    /// Development: messages are written to the log, not sent.
    Log,
    Smtp {
        transport: Box<AsyncSmtpTransport<Tokio1Executor>>,
        default_from: Mailbox,
        host: String,
    },
}

impl EmailGateway {
    pub fn smtp(settings: &SmtpSettings, default_from: &str) -> Result<Self, DeliveryError> {
        let default_from: Mailbox = default_from.parse().map_err(|e| {
            DeliveryError::Unavailable(format!("default_from_address {default_from:?}: {e}"))
        })?;
        let host = settings.host.as_str();
        let builder = match settings.tls {
            SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
            SmtpTls::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)
                .map_err(|e| DeliveryError::Unavailable(format!("smtp_host {host:?}: {e}")))?,
            SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host)
                .map_err(|e| DeliveryError::Unavailable(format!("smtp_host {host:?}: {e}")))?,
        };
        let mut builder = builder.port(settings.port).timeout(Some(SMTP_TIMEOUT));
        if let Some(pem) = &settings.ca_pem {
            let unusable = |e: lettre::transport::smtp::Error| {
                DeliveryError::Unavailable(format!("smtp_ca_file: {e}"))
            };
            let params = TlsParameters::builder(host.to_string())
                .add_root_certificate(Certificate::from_pem(pem).map_err(unusable)?)
                .build()
                .map_err(unusable)?;
            builder = builder.tls(match settings.tls {
                SmtpTls::Tls => Tls::Wrapper(params),
                _ => Tls::Required(params),
            });
        }
        if let (Some(user), Some(pass)) = (&settings.user, &settings.pass) {
            builder = builder.credentials(Credentials::new(user.clone(), pass.clone()));
        }
        Ok(Self::Smtp {
            transport: Box::new(builder.build()),
            default_from,
            host: settings.host.clone(),
        })
    }
}

fn build_message(message: &EmailMessage, default_from: &Mailbox) -> Result<Message, DeliveryError> {
    let from = match &message.from {
        Some(f) => f.parse::<Mailbox>().map_err(|e| DeliveryError::Refused {
            message: format!("the sender {f:?} is not a valid address: {e}"),
            code: 0,
        })?,
        None => default_from.clone(),
    };
    let to = message
        .to
        .parse::<Mailbox>()
        .map_err(|e| DeliveryError::Refused {
            message: format!("the recipient is not a valid address: {e}"),
            code: 0,
        })?;
    Message::builder()
        .from(from)
        .to(to)
        .subject(message.subject.clone())
        .message_id(None)
        .multipart(MultiPart::alternative_plain_html(
            message.text.clone(),
            message.html.clone(),
        ))
        .map_err(|e| DeliveryError::Unavailable(format!("cannot build the message: {e}")))
}

#[async_trait]
impl EmailSender for EmailGateway {
    async fn send(&self, message: &EmailMessage) -> Result<(), DeliveryError> {
        match self {
            EmailGateway::Log => {
                // The one place a code or link reaches the log, on purpose: a development
                // server has no mail relay.
                tracing::warn!(
                    to = %message.to,
                    subject = %message.subject,
                    text = %message.text,
                    "DEVELOPMENT DELIVERY (email provider = \"log\"): this email was NOT sent"
                );
                Ok(())
            }
            EmailGateway::Smtp {
                transport,
                default_from,
                host,
            } => {
                let email = build_message(message, default_from)?;
                match transport.send(email).await {
                    Ok(_) => Ok(()),
                    Err(e) => {
                        tracing::error!(smtp_host = %host, error = %e, "email not sent");
                        Err(match e.status() {
                            Some(code) if e.is_permanent() => DeliveryError::Refused {
                                message: "the mail server refused the message".into(),
                                code: code.to_string().parse().unwrap_or(0),
                            },
                            Some(code) => DeliveryError::Unavailable(format!(
                                "the mail server is temporarily unavailable (Code: {code})"
                            )),
                            None if e.is_timeout() => DeliveryError::Unavailable(
                                "the mail server did not answer in time".into(),
                            ),
                            None => DeliveryError::Unavailable(
                                "the mail server could not be reached".into(),
                            ),
                        })
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(from: Option<&str>) -> EmailMessage {
        EmailMessage {
            to: "ana@example.com".into(),
            from: from.map(str::to_string),
            subject: "Votre code".into(),
            text: "Code: 123456".into(),
            html: "<p>Code: <b>123456</b></p>".into(),
        }
    }

    #[test]
    fn messages_are_multipart_alternative_with_an_id() {
        let default_from: Mailbox = "Latchkey <login@example.com>".parse().unwrap();
        let m = build_message(&message(None), &default_from).unwrap();
        let raw = String::from_utf8(m.formatted()).unwrap();
        assert!(raw.contains("From: Latchkey <login@example.com>"), "{raw}");
        assert!(raw.contains("Message-ID: <"), "{raw}");
        assert!(raw.contains("multipart/alternative"), "{raw}");
        assert!(
            raw.contains("text/plain") && raw.contains("text/html"),
            "{raw}"
        );
        let m = build_message(&message(Some("Acme <hello@acme.example>")), &default_from).unwrap();
        let raw = String::from_utf8(m.formatted()).unwrap();
        assert!(raw.contains("From: Acme <hello@acme.example>"), "{raw}");
        assert!(build_message(&message(Some("nope")), &default_from).is_err());
    }
}
