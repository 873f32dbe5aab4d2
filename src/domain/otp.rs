//! One-time codes: a connection's `totp` options (length, lifetime), how a code is drawn,
//! and how a presented code is judged against the stored one. Storage and atomicity are the
//! store's job; the rules are here.

use serde::{Deserialize, Serialize};

use super::crypto::ct_eq;
use super::model::{DeadCode, OtpRecord, OtpVerdict};
use super::validation::FieldError;
use super::{Random, UnixTime};

/// Auth0's fixed limit: the third wrong try kills a code.
pub const MAX_WRONG_TRIES: i64 = 3;

/// Code lengths we accept (Auth0's dashboard offers 4 to 10 digits).
pub const LENGTHS: std::ops::RangeInclusive<u32> = 4..=10;

/// `totp` options: code length and lifetime in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Totp {
    pub length: u32,
    pub time_step: i64,
}

impl Default for Totp {
    fn default() -> Self {
        Self {
            length: 6,
            time_step: 180,
        }
    }
}

impl Totp {
    /// Checks the length and the lifetime, as every connection's options do.
    pub fn validate(&self) -> Result<(), FieldError> {
        if !LENGTHS.contains(&self.length) {
            return Err(FieldError::new("totp.length", "must be between 4 and 10"));
        }
        if !(30..=86_400).contains(&self.time_step) {
            return Err(FieldError::new(
                "totp.time_step",
                "must be between 30 and 86400 seconds",
            ));
        }
        Ok(())
    }
}

/// A numeric code of `length` digits, uniform over all `10^length` values, leading zeros kept.
pub fn generate(random: &dyn Random, length: u32) -> String {
    let length = length.clamp(*LENGTHS.start(), *LENGTHS.end());
    let n = random.below(10u64.pow(length));
    format!("{n:0width$}", width = length as usize)
}

/// The verdict on `presented_hash` for the stored code at time `now`. The order matters:
/// a dead code stays dead even when the right code comes, and the right code is compared
/// in constant time.
pub fn judge(stored: &OtpRecord, presented_hash: &[u8], now: UnixTime) -> OtpVerdict {
    if stored.attempts >= MAX_WRONG_TRIES {
        return OtpVerdict::Dead(DeadCode::Exhausted);
    }
    if now >= stored.expires_at {
        return OtpVerdict::Dead(DeadCode::Expired);
    }
    if ct_eq(&stored.code_hash, presented_hash) {
        OtpVerdict::Accept
    } else {
        OtpVerdict::Wrong {
            tries_left: MAX_WRONG_TRIES - stored.attempts - 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::OsRandom;
    use proptest::prelude::*;

    fn record(attempts: i64, expires_at: i64) -> OtpRecord {
        OtpRecord {
            id: "x".into(),
            connection: "sms".into(),
            recipient: "+14155550100".into(),
            code_hash: vec![1, 2, 3],
            created_at: 0,
            expires_at,
            attempts,
            verify_provider: None,
        }
    }

    #[test]
    fn judging_follows_the_rules() {
        assert_eq!(judge(&record(0, 10), &[1, 2, 3], 9), OtpVerdict::Accept);
        assert_eq!(
            judge(&record(0, 10), &[1, 2, 4], 9),
            OtpVerdict::Wrong { tries_left: 2 }
        );
        assert_eq!(
            judge(&record(2, 10), &[1, 2, 4], 9),
            OtpVerdict::Wrong { tries_left: 0 }
        );
        assert_eq!(
            judge(&record(0, 10), &[1, 2, 3], 10),
            OtpVerdict::Dead(DeadCode::Expired)
        );
        assert_eq!(judge(&record(2, 10), &[1, 2, 3], 9), OtpVerdict::Accept);
        assert_eq!(
            judge(&record(3, 10), &[1, 2, 3], 9),
            OtpVerdict::Dead(DeadCode::Exhausted)
        );
    }

    #[test]
    fn a_dead_code_stays_dead_even_when_the_right_code_comes() {
        // exhausted wins over expired, and both win over a right code
        assert_eq!(
            judge(&record(3, 10), &[1, 2, 3], 10),
            OtpVerdict::Dead(DeadCode::Exhausted)
        );
        assert_eq!(
            judge(&record(5, 10), &[1, 2, 4], 0),
            OtpVerdict::Dead(DeadCode::Exhausted)
        );
        // an expired code is reported as expired, not as a wrong guess to count
        assert_eq!(
            judge(&record(0, 10), &[9], 11),
            OtpVerdict::Dead(DeadCode::Expired)
        );
        // a presented hash of another length is wrong, not a match of its prefix
        let wrong = OtpVerdict::Wrong { tries_left: 2 };
        assert_eq!(judge(&record(0, 10), &[1, 2], 9), wrong);
        assert_eq!(judge(&record(0, 10), &[], 9), wrong);
    }

    #[test]
    fn totp_options_are_checked_at_both_ends() {
        let ok = |length, time_step| Totp { length, time_step }.validate();
        assert!(ok(4, 30).is_ok());
        assert!(ok(10, 86_400).is_ok());
        assert_eq!(
            ok(3, 180).unwrap_err().to_string(),
            "totp.length must be between 4 and 10"
        );
        assert_eq!(ok(11, 180).unwrap_err().field, "totp.length");
        assert_eq!(
            ok(6, 29).unwrap_err().to_string(),
            "totp.time_step must be between 30 and 86400 seconds"
        );
        assert_eq!(ok(6, 86_401).unwrap_err().field, "totp.time_step");
    }

    /// A generator that always returns the largest or smallest allowed value.
    struct Edge(u64);
    impl Random for Edge {
        fn fill(&self, buf: &mut [u8]) {
            buf.fill(0)
        }
        fn below(&self, bound: u64) -> u64 {
            self.0.min(bound - 1)
        }
    }

    #[test]
    fn codes_keep_leading_zeros_and_reach_the_top() {
        assert_eq!(generate(&Edge(0), 6), "000000");
        assert_eq!(generate(&Edge(u64::MAX), 6), "999999");
        assert_eq!(generate(&Edge(42), 4), "0042");
    }

    proptest! {
        #[test]
        fn codes_are_numeric_with_the_configured_length(len in 4u32..=10) {
            let code = generate(&OsRandom, len);
            prop_assert_eq!(code.len(), len as usize);
            prop_assert!(code.bytes().all(|b| b.is_ascii_digit()));
        }
    }

    #[test]
    fn digits_are_roughly_uniform() {
        // 600 000 digits: each value is expected 60 000 times (sd about 230); a byte taken
        // modulo 10 would give 0-5 about 60 900 times and 6-9 about 58 600 times.
        let mut counts = [0u32; 10];
        for _ in 0..100_000 {
            for b in generate(&OsRandom, 6).bytes() {
                counts[(b - b'0') as usize] += 1;
            }
        }
        for c in counts {
            assert!((58_900..=61_100).contains(&c), "digit counts {counts:?}");
        }
    }
}
