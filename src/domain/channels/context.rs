//! Who asked for a message, carried with it through delivery: the failover's event log
//! entries and the delivery receipts' records name it.

/// Who asked for a message, for the event log's entries about its delivery.
#[derive(Debug, Clone, Copy, Default)]
pub struct DeliveryContext<'a> {
    pub connection: &'a str,
    pub client_id: Option<&'a str>,
    pub ip: Option<&'a str>,
    /// The start asked for WhatsApp (the connection's SMS providers are the fallback).
    pub whatsapp: bool,
    /// The stored code the message carries: set, a Twilio text asks for delivery receipts
    /// (see [`super::receipts`]).
    pub otp_id: Option<&'a str>,
}
