//! What every channel sends: the parts of a message ([`Outgoing`]) and the rendered message
//! in its channel's shape ([`Message`]).

use crate::domain::connections::email::SendMode;
use crate::domain::ports::{EmailMessage, RequestInfo, SmsMessage};

/// What a message tells its recipient, whatever the channel.
#[derive(Debug, Clone)]
pub struct Outgoing<'a> {
    /// In stored form (see [`Channel::recipient`]).
    pub recipient: &'a str,
    pub code: &'a str,
    pub application_name: &'a str,
    pub request_language: Option<&'a str>,
    /// What the start asked for; texts always carry a code.
    pub send: SendMode,
    /// The magic link, or empty when a code was asked for.
    pub link: &'a str,
    /// The end user's request, for an SMS gateway that is sent it.
    pub request: RequestInfo,
}

/// A rendered message, ready for its channel's provider.
#[derive(Debug, Clone)]
pub enum Message {
    Sms(SmsMessage),
    Email(EmailMessage),
}
