//! Rate-limit counters as the store keeps them, for limits that must be checked and counted
//! in one step (see [`crate::domain::ports::CounterStore::tally`]).

use crate::domain::UnixTime;

/// One counter in one window: `(bucket, key)` counted from `window_start`, kept until
/// `expires_at` (then it may be purged, and reads as 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CounterCell {
    pub bucket: String,
    pub key: String,
    pub window_start: UnixTime,
    pub expires_at: UnixTime,
}

/// What a tally found: each counter's value before it (in the order asked), and whether
/// the rule let the event through, so the new values were written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tallied {
    pub before: Vec<i64>,
    pub counted: bool,
}

/// The per-recipient wrong-code lockout, applied by the store inside the transaction that
/// judges a code: at `limit` wrong codes in the cell's window, no code is judged; a wrong
/// code adds one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lockout {
    pub cell: CounterCell,
    pub limit: i64,
}

impl Lockout {
    /// Whether `wrong` wrong codes so far lock the recipient out.
    pub fn locks(&self, wrong: i64) -> bool {
        wrong >= self.limit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lockout_closes_at_its_limit() {
        let lockout = Lockout {
            cell: CounterCell {
                bucket: "wrong:recipient".into(),
                key: "sms:+14155550100".into(),
                window_start: 0,
                expires_at: 3600,
            },
            limit: 10,
        };
        assert!(!lockout.locks(0));
        assert!(!lockout.locks(9));
        assert!(lockout.locks(10));
        assert!(lockout.locks(11));
    }
}
