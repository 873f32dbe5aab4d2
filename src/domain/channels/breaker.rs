//! The circuit breaker in front of each SMS provider: after [`THRESHOLD`] failed attempts in
//! a row, a provider is skipped for [`COOLDOWN`] seconds, so logins go straight to the next
//! one instead of waiting on a dead provider first; then one attempt probes it again (a
//! success closes the breaker, a failure opens it for another cooldown). When every
//! provider of a send is open, they are all tried anyway: a text late is better than none.
//! The state is per server process and per connection and provider name; it is not stored.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::domain::UnixTime;

/// Failed attempts in a row that open the breaker.
pub const THRESHOLD: u32 = 3;
/// Seconds a provider is skipped once its breaker opened.
pub const COOLDOWN: i64 = 30;

/// One provider's recent record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct State {
    pub failures_in_a_row: u32,
    /// Skipped until then, when open.
    pub open_until: Option<UnixTime>,
}

impl State {
    /// Whether an attempt may go to the provider now (closed, or open with its cooldown over:
    /// the probe).
    pub fn allows(&self, now: UnixTime) -> bool {
        self.open_until.is_none_or(|until| now >= until)
    }

    /// The state after a failed attempt at `now`.
    pub fn failed(self, now: UnixTime) -> Self {
        let failures_in_a_row = self.failures_in_a_row.saturating_add(1);
        Self {
            failures_in_a_row,
            open_until: (failures_in_a_row >= THRESHOLD).then_some(now + COOLDOWN),
        }
    }
}

/// The breakers of every provider this process has sent through.
#[derive(Default)]
pub struct Breakers {
    states: Mutex<HashMap<String, State>>,
}

fn key(connection: &str, provider: &str) -> String {
    format!("{connection}\u{0}{provider}")
}

impl Breakers {
    pub fn state(&self, connection: &str, provider: &str) -> State {
        self.states
            .lock()
            .ok()
            .and_then(|s| s.get(&key(connection, provider)).copied())
            .unwrap_or_default()
    }

    /// Records an attempt's outcome; the state after it.
    pub fn record(
        &self,
        connection: &str,
        provider: &str,
        succeeded: bool,
        now: UnixTime,
    ) -> State {
        let Ok(mut states) = self.states.lock() else {
            return State::default();
        };
        let key = key(connection, provider);
        let after = if succeeded {
            State::default()
        } else {
            states.get(&key).copied().unwrap_or_default().failed(now)
        };
        if after == State::default() {
            states.remove(&key);
        } else {
            // Keys are a connection's providers: a handful each. The cap only matters if
            // that ever stops being true.
            if states.len() >= 4096 {
                states.clear();
            }
            states.insert(key, after);
        }
        after
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_failures_in_a_row_open_it_for_the_cooldown_then_one_probe_goes_through() {
        let breakers = Breakers::default();
        let now = 1_000;
        for _ in 0..THRESHOLD - 1 {
            assert!(breakers.record("sms", "twilio", false, now).allows(now));
        }
        let open = breakers.record("sms", "twilio", false, now);
        assert!(!open.allows(now + COOLDOWN - 1));
        assert!(open.allows(now + COOLDOWN), "the probe");
        // The probe fails: open again for a whole cooldown from then.
        let later = now + COOLDOWN;
        let again = breakers.record("sms", "twilio", false, later);
        assert!(!again.allows(later + 1));
        // A success closes it and forgets the failures.
        assert_eq!(
            breakers.record("sms", "twilio", true, later + COOLDOWN),
            State::default()
        );
        assert_eq!(breakers.state("sms", "twilio"), State::default());
        assert_eq!(breakers.state("other", "twilio"), State::default());
    }

    #[test]
    fn a_success_in_between_starts_the_count_again() {
        let breakers = Breakers::default();
        breakers.record("sms", "gw", false, 0);
        breakers.record("sms", "gw", false, 0);
        breakers.record("sms", "gw", true, 0);
        assert!(breakers.record("sms", "gw", false, 0).allows(0));
    }
}
