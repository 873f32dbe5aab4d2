//! Randomness: the [`Random`] source flows draw from (the OS CSPRNG in production) and the
//! identifier and token shapes drawn from it.

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
