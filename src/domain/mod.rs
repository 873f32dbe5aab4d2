//! The domain core: passwordless login rules, codes, users and tokens.
//!
//! Nothing in here knows about HTTP, SQL or outbound HTTP clients. The outside world is
//! reached through the ports in [`ports`]; time and randomness come in through
//! [`Clock`] and [`Random`] so tests can drive expiry and rotation without sleeping.

pub mod audit;
pub mod core;
pub mod crypto;
pub mod email;
pub mod error;
pub mod hosted;
pub mod keys;
pub mod limits;
pub mod login;
pub mod management;
pub mod model;
pub mod otp;
pub mod passwordless;
pub mod phone;
pub mod ports;
pub mod pumping;
pub mod redirect;
pub mod template;
pub mod tokens;
pub mod validation;

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

pub use error::DomainError;

/// Seconds since the Unix epoch; all stored times use it.
pub type UnixTime = i64;

/// Where the current time comes from.
pub trait Clock: Send + Sync {
    fn now(&self) -> UnixTime;
}

/// The real wall clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> UnixTime {
        time::OffsetDateTime::now_utc().unix_timestamp()
    }
}

/// A clock that only moves when told to; shared between a test and the app it drives.
#[derive(Debug, Clone)]
pub struct ManualClock(Arc<AtomicI64>);

impl ManualClock {
    pub fn new(start: UnixTime) -> Self {
        Self(Arc::new(AtomicI64::new(start)))
    }
    pub fn advance(&self, seconds: i64) {
        self.0.fetch_add(seconds, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> UnixTime {
        self.0.load(Ordering::SeqCst)
    }
}

/// Where randomness comes from: always a CSPRNG in production.
pub trait Random: Send + Sync {
    /// Fills `buf` with random bytes.
    fn fill(&self, buf: &mut [u8]);
    /// A uniformly distributed integer in `0..bound` (no modulo bias); `bound` must be > 0.
    fn below(&self, bound: u64) -> u64;
}

/// The operating system's CSPRNG, through rand's thread-local ChaCha generator that
/// reseeds from it.
#[derive(Debug, Default, Clone, Copy)]
pub struct OsRandom;

impl Random for OsRandom {
    fn fill(&self, buf: &mut [u8]) {
        use rand::Rng;
        rand::rng().fill_bytes(buf);
    }
    fn below(&self, bound: u64) -> u64 {
        use rand::RngExt;
        rand::rng().random_range(0..bound.max(1))
    }
}

/// `n` random bytes as lower-case hex (user ids, client ids).
pub fn random_hex(random: &dyn Random, n: usize) -> String {
    let mut buf = vec![0u8; n];
    random.fill(&mut buf);
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

/// `n` random bytes, base64url without padding (tokens).
pub fn random_token(random: &dyn Random, n: usize) -> String {
    use base64::Engine;
    let mut buf = vec![0u8; n];
    random.fill(&mut buf);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf)
}

/// RFC 3339 with milliseconds, as Auth0 writes timestamps (`2015-10-08T18:35:18.102Z`).
pub fn iso8601(t: UnixTime) -> String {
    let format =
        time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].000Z");
    time::OffsetDateTime::from_unix_timestamp(t)
        .ok()
        .and_then(|d| d.format(&format).ok())
        .unwrap_or_default()
}
