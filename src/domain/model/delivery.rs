//! A text a provider took, as its delivery receipts find it: the provider's message id, the
//! code it carried, and the last status the provider reported.

use super::counter::CounterCell;
use crate::domain::UnixTime;

/// One sent message whose provider reports its delivery (Twilio's `StatusCallback`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryRecord {
    /// The provider's id (Twilio's `SM…`/`MM…` sid); receipts name it.
    pub message_id: String,
    pub connection: String,
    /// The provider's name in its connection (`twilio`, a failover name, `whatsapp`).
    pub provider: String,
    /// The code it carried (`otp_codes.id`).
    pub otp_id: String,
    pub recipient: String,
    /// Sent through WhatsApp: a failure is followed by one text through SMS.
    pub whatsapp: bool,
    /// The last status reported (`queued` when sent): Twilio's `MessageStatus` values.
    pub status: String,
    /// The provider's error code with a failure (Twilio's `ErrorCode`, e.g. 63003).
    pub error_code: Option<i64>,
    /// For a WhatsApp message only: the SMS fallback's text, sealed, until it is sent or no
    /// longer needed.
    pub fallback_text: Option<String>,
    pub created_at: UnixTime,
    pub updated_at: UnixTime,
}

/// What a receipt changes, as the domain's rule decides it from the stored record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryChange {
    pub status: String,
    pub error_code: Option<i64>,
    /// A counter to add one to with the change (the country's undelivered texts).
    pub count: Option<CounterCell>,
}
