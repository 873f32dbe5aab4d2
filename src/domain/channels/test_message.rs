//! The dashboard's test messages: one text through an SMS connection, rendered exactly as a
//! login's would be (template, sample code, origin-bound line), so an operator sees what
//! users will get.

use super::Channel;
use super::message::{Message, Outgoing};
use crate::domain::DomainError;
use crate::domain::connections::email::SendMode;
use crate::domain::core::Core;
use crate::domain::otp;

/// Sends one text through `connection` to `to` with a sample code, and returns the text.
/// No code is stored: the text cannot sign anyone in.
pub async fn send_test_sms(core: &Core, connection: &str, to: &str) -> Result<String, DomainError> {
    let options = core
        .connection_options(connection)
        .await?
        .filter(|o| o.strategy().is_phone())
        .ok_or_else(|| {
            DomainError::InvalidRequest(format!("{connection} is not an SMS connection"))
        })?;
    let channel = Channel::of(&options);
    let to = channel.recipient(to)?;
    let code = otp::generate(core.random.as_ref(), options.totp().length);
    let message = channel.render(
        core.tokens.issuer(),
        &Outgoing {
            recipient: &to,
            code: &code,
            application_name: "Latchkey test",
            request_language: None,
            send: SendMode::Code,
            link: "",
            request: Default::default(),
            tenant: Default::default(),
        },
    )?;
    let context = super::DeliveryContext {
        connection,
        ..Default::default()
    };
    channel.deliver(core, &message, context).await?;
    Ok(match message {
        Message::Sms(m) => m.body,
        Message::Email(m) => m.text,
    })
}
