//! What the dashboard's overview shows: totals over a window of the event log and of the
//! delivery receipts, as the store's aggregate queries return them.

use crate::domain::UnixTime;

/// Logins on one day (UTC) through one connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DailyLogins {
    /// Days since the Unix epoch.
    pub day: i64,
    pub connection: String,
    pub count: i64,
}

/// Texts to one country (ISO region, `unknown` when libphonenumber cannot place the
/// number): sent, logins they led to, and texts pumping protection refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountryTexts {
    pub country: String,
    pub sent: i64,
    pub logins: i64,
    pub refused: i64,
}

/// How many log entries carry one reason (or provider).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReasonCount {
    pub reason: String,
    pub count: i64,
}

/// One SMS provider's texts with a delivery receipt: how many, how many failed, and how
/// long the delivered ones took from hand-over to the last receipt (seconds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderDeliveries {
    pub provider: String,
    pub sent: i64,
    pub failed: i64,
    pub delivered: i64,
    /// Summed over the delivered texts (the mean is this over `delivered`).
    pub total_latency: i64,
    pub max_latency: Option<i64>,
}

/// Everything the overview shows, since a time.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Overview {
    pub since: UnixTime,
    /// By day, then connection.
    pub logins: Vec<DailyLogins>,
    /// Most texts first.
    pub countries: Vec<CountryTexts>,
    /// Failed logins by reason, most first.
    pub failures: Vec<ReasonCount>,
    /// Failed sends by provider, most first (pumping refusals are in `countries`).
    pub send_errors: Vec<ReasonCount>,
    pub deliveries: Vec<ProviderDeliveries>,
}
