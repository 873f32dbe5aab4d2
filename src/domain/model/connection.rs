//! A connection as stored (its options are JSON; the typed view is
//! [`crate::domain::connections::ConnectionOptions`]) and the strategies a connection has.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Strategy {
    Sms,
    Email,
}

impl Strategy {
    pub fn as_str(self) -> &'static str {
        match self {
            Strategy::Sms => "sms",
            Strategy::Email => "email",
        }
    }
}

/// A connection as stored: its options are JSON with secrets sealed (see
/// [`crate::domain::connections::SmsOptions`] for the typed view).
#[derive(Debug, Clone, PartialEq)]
pub struct ConnectionRecord {
    pub name: String,
    pub strategy: Strategy,
    pub options: serde_json::Value,
}
