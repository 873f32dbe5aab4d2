//! Emails: rendering one from the connection's templates, and delivery through the email
//! provider in use (the one set through the Management API, else the configuration's).

use super::message::Outgoing;
use crate::domain::DomainError;
use crate::domain::connections::EmailOptions;
use crate::domain::core::Core;
use crate::domain::ports::EmailMessage;

/// The email for `out`.
pub fn render(options: &EmailOptions, out: &Outgoing<'_>) -> Result<EmailMessage, DomainError> {
    let rendered = options.render(out)?;
    Ok(EmailMessage {
        to: out.recipient.to_string(),
        from: rendered.from,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
    })
}

pub async fn deliver(core: &Core, message: &EmailMessage) -> Result<(), DomainError> {
    let route = crate::domain::management::email_provider::email_route(core).await?;
    core.email
        .send(&route, message)
        .await
        .map_err(|e| DomainError::EmailDeliveryFailed(e.to_string()))
}
