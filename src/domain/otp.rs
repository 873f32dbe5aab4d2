//! One-time codes: how they are drawn and how a presented code is judged against the stored
//! one. Storage and atomicity are the store's job; the rules are here.

use super::crypto::ct_eq;
use super::model::{DeadCode, OtpRecord, OtpVerdict};
use super::{Random, UnixTime};

/// Auth0's fixed limit: the third wrong try kills a code.
pub const MAX_WRONG_TRIES: i64 = 3;

/// Code lengths we accept (Auth0's dashboard offers 4 to 10 digits).
pub const LENGTHS: std::ops::RangeInclusive<u32> = 4..=10;

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
        OtpVerdict::Wrong
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
        }
    }

    #[test]
    fn judging_follows_the_rules() {
        assert_eq!(judge(&record(0, 10), &[1, 2, 3], 9), OtpVerdict::Accept);
        assert_eq!(judge(&record(0, 10), &[1, 2, 4], 9), OtpVerdict::Wrong);
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
