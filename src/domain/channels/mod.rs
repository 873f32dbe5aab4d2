//! Ways a code reaches a person: one [`Channel`] per connection strategy, each with the same
//! four steps. The recipient is parsed to its stored form; admission applies the
//! per-recipient limits (and, for SMS, pumping protection); the message is rendered from the
//! connection's template; delivery goes through the connection's provider. A login and the
//! dashboard's test message share these steps, so what an operator tests is what users get.
//! A new channel is one more variant here and one more file beside [`sms`] and [`email`].

pub mod breaker;
pub mod context;
pub mod email;
pub mod failover;
pub mod message;
pub mod receipts;
pub mod sms;
pub mod status_callback;
pub mod test_message;

pub use context::DeliveryContext;
pub use message::{Message, Outgoing};

use super::connections::{ConnectionOptions, EmailOptions, SmsOptions};
use super::core::Core;
use super::email_address::parse_address;
use super::limits::{self, LimitKind, Limited, RateLimits};
use super::model::CounterCell;
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

    /// The channel's name, as the metrics label it.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Sms(_) => "sms",
            Self::Email(_) => "email",
        }
    }

    /// The stored form of a login identifier: E.164, or a lower-cased address.
    pub fn recipient(&self, input: &str) -> Result<String, DomainError> {
        match self {
            Self::Sms(_) => phone::parse_e164(input),
            Self::Email(_) => parse_address(input),
        }
    }

    /// Decides whether a message may go to `recipient` now, counting it if so: the minimum
    /// gap and the window per recipient (across connections: a second connection sends to
    /// the same person), and for SMS pumping protection. All of them are judged and counted
    /// in one store operation, so racing starts cannot pass a limit between them. `source`
    /// is the client's address (the end user's, for a backend that passed it on).
    pub async fn admit(
        &self,
        core: &Core,
        connection: &str,
        recipient: &str,
        source: Option<std::net::IpAddr>,
        now: UnixTime,
    ) -> Result<(), DomainError> {
        let limits = core.limits.enabled.then_some(&core.limits);
        let mut cells = limits.map_or_else(Vec::new, |l| recipient_cells(l, recipient, now));
        let recipient_count = cells.len();
        let pumping = match self {
            Self::Sms(options) => {
                let source = source.map(limits::address_key);
                let guard = &options.pumping_protection;
                let screened = guard.screen(connection, recipient, source.as_deref(), now);
                if screened.is_err() {
                    let why = "the number, its kind or its country is not accepted";
                    log_refused(core, connection, recipient, source.as_deref(), why).await;
                }
                screened?.map(|c| {
                    cells.extend(c);
                    guard
                })
            }
            Self::Email(_) => None,
        };
        if cells.is_empty() {
            return Ok(());
        }
        let decide = |values: &[i64]| {
            let (mine, pumped) = values.split_at(recipient_count.min(values.len()));
            let mut after = match limits {
                Some(l) => recipient_rule(l, mine, now).map_err(|l| (l, None))?,
                None => Vec::new(),
            };
            if let Some(guard) = pumping {
                let pumped = guard
                    .decide(pumped, now)
                    .map_err(|r| (r.limited, Some((r.rule, r.reason))))?;
                after.extend(pumped);
            }
            Ok::<_, (Limited, Option<(&'static str, &'static str)>)>(after)
        };
        let tallied = core
            .store
            .tally(&cells, &|values: &[i64]| decide(values).ok())
            .await?;
        if tallied.counted {
            return Ok(());
        }
        match decide(&tallied.before) {
            Err((limited, pumping)) => {
                match pumping {
                    Some((rule, reason)) => {
                        tracing::warn!(%connection, reason, "text refused by pumping protection");
                        super::measures::pumping_refused(rule);
                        let source = source.map(limits::address_key);
                        log_refused(core, connection, recipient, source.as_deref(), reason).await;
                    }
                    None => super::measures::rate_limited(limits::RECIPIENT_BUCKET),
                }
                Err(DomainError::RateLimited(limited))
            }
            Ok(_) => Err(DomainError::internal(
                "a send was refused by a rule that now admits it",
            )),
        }
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
        // A used code ends its gap: the gap keeps a waiting code from being resent too soon,
        // and once the code is used nothing is waiting, so a new login may start at once.
        if core.limits.enabled {
            core.store.clear_counter(GAP_BUCKET, recipient).await?;
        }
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
    /// whatever the provider does (each adapter has a shorter bound of its own). The name of
    /// the SMS provider that took it, if it was a text.
    pub async fn deliver(
        &self,
        core: &Core,
        message: &Message,
        context: DeliveryContext<'_>,
    ) -> Result<Option<String>, DomainError> {
        let sending = async {
            match (self, message) {
                (Self::Sms(options), Message::Sms(m)) => {
                    sms::deliver(core, options, m, context).await.map(Some)
                }
                (Self::Email(_), Message::Email(m)) => email::deliver(core, m).await.map(|()| None),
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

/// The counter of the minimum gap between two codes to one recipient.
const GAP_BUCKET: &str = "gap:recipient";

/// The counters of the per-recipient limits: the time of the last code to `recipient`
/// (for the minimum gap) and its window count. Both key on the recipient alone, so they hold
/// across connections.
fn recipient_cells(limits: &RateLimits, recipient: &str, now: UnixTime) -> Vec<CounterCell> {
    vec![
        limits::gap_cell(GAP_BUCKET, recipient, limits.start_min_gap, now),
        limits::window_cell(
            limits::RECIPIENT_BUCKET,
            recipient,
            limits.start_per_recipient,
            now,
        ),
    ]
}

/// The per-recipient rule on the values of [`recipient_cells`]: their values with this
/// send, or the refusal.
fn recipient_rule(limits: &RateLimits, values: &[i64], now: UnixTime) -> Result<Vec<i64>, Limited> {
    let &[last, count] = values else {
        return Err(limits::refusal(
            LimitKind::Requests,
            limits.start_per_recipient,
            now,
        ));
    };
    let last = limits::after_gap(limits.start_min_gap, last, now)?;
    let count =
        limits::count_in_window(LimitKind::Requests, limits.start_per_recipient, count, now)?;
    Ok(vec![last, count])
}

/// A text pumping protection refused, in the event log with its country (the overview
/// counts refusals by country); `source` is the client's address key.
async fn log_refused(
    core: &Core,
    connection: &str,
    recipient: &str,
    source: Option<&str>,
    why: &str,
) {
    core.events
        .log(super::model::LogEvent {
            country: Some(super::measures::region_of(recipient)),
            ..failed_send(
                format!("Text refused by pumping protection: {why}"),
                connection,
                source,
                "pumping",
            )
        })
        .await;
}

/// The event log's entry for a text to `connection` (asked for from `ip`) that was not
/// sent; `reason` is the provider that failed, or `pumping`.
fn failed_send(
    description: String,
    connection: &str,
    ip: Option<&str>,
    reason: &str,
) -> super::model::LogEvent {
    super::model::LogEvent {
        kind: super::audit::codes::FAILED_SEND.into(),
        description,
        connection: Some(connection.to_string()),
        ip: ip.map(str::to_string),
        reason: Some(reason.to_string()),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_recipient_rule_applies_the_gap_then_the_window() {
        let limits = RateLimits::default();
        let now = 1_800_000_000;
        assert_eq!(recipient_rule(&limits, &[0, 0], now), Ok(vec![now, 1]));
        // a code 10 s ago: the gap refuses until 30 s have passed
        let refused = recipient_rule(&limits, &[now - 10, 1], now).unwrap_err();
        assert_eq!(refused.retry_after, 20);
        assert_eq!(
            recipient_rule(&limits, &[now - 30, 1], now),
            Ok(vec![now, 2])
        );
        // a full window refuses even after the gap
        let full = limits.start_per_recipient.limit;
        assert!(recipient_rule(&limits, &[now - 60, full], now).is_err());
        let cells = recipient_cells(&limits, "+14155550100", now);
        assert!(cells.iter().all(|c| c.key == "+14155550100"), "{cells:?}");
    }
}
