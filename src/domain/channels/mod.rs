//! Ways a code reaches a person: one [`Channel`] per connection strategy, each with the same
//! four steps. The recipient is parsed to its stored form; admission applies the
//! per-recipient limits (and, for SMS, pumping protection); the message is rendered from the
//! connection's template; delivery goes through the connection's provider. A login and the
//! dashboard's test message share these steps, so what an operator tests is what users get.
//! A new channel is one more variant here and one more file beside [`sms`] and [`email`].

pub mod email;
pub mod message;
pub mod sms;
pub mod test_message;

pub use message::{Message, Outgoing};

use super::connections::{ConnectionOptions, EmailOptions, SmsOptions};
use super::core::Core;
use super::email_address::parse_address;
use super::limits::{self, LimitKind};
use super::{DomainError, UnixTime, phone};

/// A delivery ends by then, sent or failed: shorter than the HTTP request timeout (30 s), so
/// a start always answers itself and cleans up after a failed send.
pub const DELIVERY_DEADLINE: std::time::Duration = std::time::Duration::from_secs(20);

/// A connection's way of sending, borrowed from its options.
#[derive(Debug, Clone, Copy)]
pub enum Channel<'a> {
    Sms(&'a SmsOptions),
    Email(&'a EmailOptions),
}

impl<'a> Channel<'a> {
    pub fn of(options: &'a ConnectionOptions) -> Self {
        match options {
            ConnectionOptions::Sms(o) => Self::Sms(o),
            ConnectionOptions::Email(o) => Self::Email(o),
        }
    }

    /// The stored form of a login identifier: E.164, or a lower-cased address.
    pub fn recipient(&self, input: &str) -> Result<String, DomainError> {
        match self {
            Self::Sms(_) => phone::parse_e164(input),
            Self::Email(_) => parse_address(input),
        }
    }

    /// Decides whether a message may go to `recipient` now, counting it if so.
    pub async fn admit(
        &self,
        core: &Core,
        connection: &str,
        recipient: &str,
        now: UnixTime,
    ) -> Result<(), DomainError> {
        limit_recipient(core, connection, recipient, now).await?;
        if let Self::Sms(options) = self {
            options
                .pumping_protection
                .admit(core.store.as_ref(), connection, recipient, now)
                .await?;
        }
        Ok(())
    }

    /// Counts a code that was used: SMS pumping protection judges a country by how many of
    /// the codes sent there come back.
    pub async fn record_used(
        &self,
        core: &Core,
        connection: &str,
        recipient: &str,
        now: UnixTime,
    ) -> Result<(), DomainError> {
        match self {
            Self::Sms(options) => {
                options
                    .pumping_protection
                    .record_verified(core.store.as_ref(), connection, recipient, now)
                    .await
            }
            Self::Email(_) => Ok(()),
        }
    }

    /// The message, from the connection's template; `issuer` names the site the code is for.
    pub fn render(&self, issuer: &str, out: &Outgoing<'_>) -> Result<Message, DomainError> {
        Ok(match self {
            Self::Sms(options) => Message::Sms(sms::render(options, issuer, out)?),
            Self::Email(options) => Message::Email(email::render(options, out)?),
        })
    }

    /// Sends `message` through the connection's provider, within [`DELIVERY_DEADLINE`]
    /// whatever the provider does (each adapter has a shorter bound of its own).
    pub async fn deliver(&self, core: &Core, message: &Message) -> Result<(), DomainError> {
        let sending = async {
            match (self, message) {
                (Self::Sms(options), Message::Sms(m)) => sms::deliver(core, options, m).await,
                (Self::Email(_), Message::Email(m)) => email::deliver(core, m).await,
                _ => Err(DomainError::internal(
                    "a message was rendered for another channel",
                )),
            }
        };
        match tokio::time::timeout(DELIVERY_DEADLINE, sending).await {
            Ok(sent) => sent,
            Err(_) => Err(match self {
                Self::Sms(_) => {
                    DomainError::DeliveryFailed("Timeout while calling the SMS provider".into())
                }
                Self::Email(_) => DomainError::EmailDeliveryFailed(
                    "the mail server did not answer in time".into(),
                ),
            }),
        }
    }
}

/// The minimum gap between two codes to one recipient, and the recipient's window.
async fn limit_recipient(
    core: &Core,
    connection: &str,
    recipient: &str,
    now: UnixTime,
) -> Result<(), DomainError> {
    if !core.limits.enabled {
        return Ok(());
    }
    let gap = core.limits.start_min_gap;
    if let Some(last) = core.store.latest_otp(connection, recipient).await?
        && now - last.created_at < gap
    {
        return Err(DomainError::RateLimited(limits::Limited {
            kind: LimitKind::Requests,
            limit: 1,
            reset_at: last.created_at + gap,
            retry_after: last.created_at + gap - now,
        }));
    }
    let key = format!("{connection}:{recipient}");
    core.limit(
        LimitKind::Requests,
        "start:recipient",
        &key,
        core.limits.start_per_recipient,
    )
    .await
}
