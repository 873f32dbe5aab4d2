//! What a connection is configured to do, by strategy: SMS options in [`sms`], email
//! options in [`email`] (their templates render in [`email_template`]), and
//! [`ConnectionOptions`], the typed view of a stored connection that the core's cache holds.
//! Sending through a connection is [`crate::domain::channels`]'s job.

pub mod email;
pub mod email_template;
pub mod providers;
pub mod sms;
pub mod sms_routes;

pub use email::EmailOptions;
pub use sms::{SmsOptions, SmsProvider};

use super::crypto::ServerKeys;
use super::email_address::parse_address;
use super::model::{ConnectionRecord, RecipientKind, Strategy};
use super::otp::Totp;
use super::validation::FieldError;
use super::{DomainError, phone};

/// A connection's options, typed by strategy.
#[derive(Debug, Clone)]
pub enum ConnectionOptions {
    Sms(Box<SmsOptions>),
    Email(Box<EmailOptions>),
}

impl ConnectionOptions {
    /// Reads the options of a `strategy` connection in Auth0's names, as the config file (a
    /// TOML table), the Management API and the dashboard (JSON) give them. Not yet checked:
    /// see [`ConnectionOptions::validate`], which [`ConnectionOptions::to_record`] calls.
    pub fn parse<'de, D: serde::Deserializer<'de>>(
        strategy: Strategy,
        options: D,
    ) -> Result<Self, D::Error> {
        use serde::Deserialize;
        Ok(match strategy {
            Strategy::Sms => Self::Sms(Box::new(SmsOptions::deserialize(options)?)),
            Strategy::Email => Self::Email(Box::new(EmailOptions::deserialize(options)?)),
        })
    }

    /// Checks every option; the error names the offending key.
    pub fn validate(&self) -> Result<(), FieldError> {
        match self {
            Self::Sms(o) => o.validate(),
            Self::Email(o) => o.validate(),
        }
    }

    /// The stored form of connection `name`: checked, its secrets sealed, under this
    /// strategy (also when two strategies share one kind of options).
    pub fn to_record(
        &self,
        name: &str,
        keys: &ServerKeys,
    ) -> Result<ConnectionRecord, DomainError> {
        let record = match self {
            Self::Sms(o) => o.to_record(name, keys)?,
            Self::Email(o) => o.to_record(name)?,
        };
        Ok(ConnectionRecord {
            strategy: self.strategy(),
            ..record
        })
    }

    /// Reads a stored connection, opening its sealed secrets.
    pub fn from_record(record: &ConnectionRecord, keys: &ServerKeys) -> Result<Self, DomainError> {
        Ok(match record.strategy {
            Strategy::Sms => Self::Sms(Box::new(SmsOptions::from_record(record, keys)?)),
            Strategy::Email => Self::Email(Box::new(EmailOptions::from_record(record, keys)?)),
        })
    }

    pub fn strategy(&self) -> Strategy {
        match self {
            Self::Sms(_) => Strategy::Sms,
            Self::Email(_) => Strategy::Email,
        }
    }

    /// How its codes are made: length and lifetime.
    pub fn totp(&self) -> &Totp {
        match self {
            Self::Sms(o) => &o.totp,
            Self::Email(o) => &o.totp,
        }
    }

    pub fn disable_signup(&self) -> bool {
        match self {
            Self::Sms(o) => o.disable_signup,
            Self::Email(o) => o.disable_signup,
        }
    }

    pub fn recipient_kind(&self) -> RecipientKind {
        self.strategy().recipient_kind()
    }

    /// The stored form of a login identifier, or `None` if it cannot be one.
    pub fn recipient(&self, username: &str) -> Option<String> {
        match self.recipient_kind() {
            RecipientKind::PhoneNumber => phone::parse_e164(username).ok(),
            RecipientKind::Email => parse_address(username).ok(),
        }
    }

    /// The strategy and the stored form of a login identifier.
    pub fn strategy_and_recipient(&self, username: &str) -> Option<(Strategy, String)> {
        self.recipient(username).map(|r| (self.strategy(), r))
    }
}
