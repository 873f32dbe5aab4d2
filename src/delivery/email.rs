//! The [`EmailSender`] adapter: SMTP through lettre (plain on a local relay, STARTTLS, or
//! implicit TLS), or the server log for development.

use std::time::Duration;

use async_trait::async_trait;
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::sync::{Arc, Mutex};

use crate::domain::ports::{
    DeliveryError, EmailMessage, EmailRoute, EmailSender, SmtpRoute, SmtpTls,
};

/// Connecting, and each SMTP command, may take this long: a start call waits for the send.
pub const SMTP_TIMEOUT: Duration = Duration::from_secs(10);
/// The whole send (connect, greeting, TLS, AUTH, the message) ends by then, whatever the
/// relay does: a relay that accepts the connection and never speaks must not hold a start
/// until the request timeout (30 s).
pub const SMTP_DEADLINE: Duration = Duration::from_secs(10);

/// Sends each email along the route it is given, keeping one SMTP transport for the route
/// last used (routes change only when an operator changes the provider).
#[derive(Default)]
pub struct EmailGateway {
    transport: Mutex<Option<(SmtpRoute, Arc<AsyncSmtpTransport<Tokio1Executor>>)>>,
}

fn transport_for(route: &SmtpRoute) -> Result<AsyncSmtpTransport<Tokio1Executor>, DeliveryError> {
    let host = route.host.as_str();
    let builder = match route.tls {
        SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
        SmtpTls::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)
            .map_err(|e| DeliveryError::Unavailable(format!("smtp_host {host:?}: {e}")))?,
        SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host)
            .map_err(|e| DeliveryError::Unavailable(format!("smtp_host {host:?}: {e}")))?,
    };
    let mut builder = builder.port(route.port).timeout(Some(SMTP_TIMEOUT));
    if let Some(pem) = &route.ca_pem {
        let unusable = |e: lettre::transport::smtp::Error| {
            DeliveryError::Unavailable(format!("smtp_ca_file: {e}"))
        };
        let params = TlsParameters::builder(host.to_string())
            .add_root_certificate(Certificate::from_pem(pem).map_err(unusable)?)
            .build()
            .map_err(unusable)?;
        builder = builder.tls(match route.tls {
            SmtpTls::Tls => Tls::Wrapper(params),
            _ => Tls::Required(params),
        });
    }
    if let Some(login) = &route.login {
        builder = builder.credentials(Credentials::new(login.user.clone(), login.pass.0.clone()));
    }
    Ok(builder.build())
}

impl EmailGateway {
    fn transport(
        &self,
        route: &SmtpRoute,
    ) -> Result<Arc<AsyncSmtpTransport<Tokio1Executor>>, DeliveryError> {
        let mut cached = self
            .transport
            .lock()
            .map_err(|_| DeliveryError::Unavailable("the mail transport is unusable".into()))?;
        if let Some((r, t)) = cached.as_ref()
            && r == route
        {
            return Ok(t.clone());
        }
        let fresh = Arc::new(transport_for(route)?);
        *cached = Some((route.clone(), fresh.clone()));
        Ok(fresh)
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

/// The provider a route sends through, for the `delivery.email` span (its one field) and
/// the delivery metrics.
fn email_provider(route: &EmailRoute) -> &'static str {
    match route {
        EmailRoute::Log => "log",
        EmailRoute::Smtp(_) => "smtp",
    }
}

#[async_trait]
impl EmailSender for EmailGateway {
    async fn send(&self, route: &EmailRoute, message: &EmailMessage) -> Result<(), DeliveryError> {
        let provider = email_provider(route);
        let span = tracing::debug_span!("delivery.email", provider);
        super::measured(span, provider, self.send_along(route, message)).await
    }
}

impl EmailGateway {
    async fn send_along(
        &self,
        route: &EmailRoute,
        message: &EmailMessage,
    ) -> Result<(), DeliveryError> {
        match route {
            EmailRoute::Log => {
                // The one place a code or link reaches the log, on purpose: a development
                // server has no mail relay.
                tracing::warn!(
                    to = %message.to,
                    subject = %message.subject,
                    // Debug keeps the message on one log line.
                    text = ?message.text,
                    "DEVELOPMENT DELIVERY (email provider = \"log\"): this email was NOT sent"
                );
                Ok(())
            }
            EmailRoute::Smtp(route) => {
                let default_from: Mailbox = route.default_from.parse().map_err(|e| {
                    DeliveryError::Unavailable(format!(
                        "default_from_address {:?}: {e}",
                        route.default_from
                    ))
                })?;
                let email = build_message(message, &default_from)?;
                let transport = self.transport(route)?;
                let host = &route.host;
                let sent = match tokio::time::timeout(SMTP_DEADLINE, transport.send(email)).await {
                    Ok(sent) => sent,
                    Err(_) => {
                        tracing::error!(smtp_host = %host, "email not sent: the mail server did not answer within {SMTP_DEADLINE:?}");
                        return Err(DeliveryError::Unavailable(
                            "the mail server did not answer in time".into(),
                        ));
                    }
                };
                match sent {
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
