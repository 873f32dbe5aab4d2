//! Token signing keys as stored, and their life cycle (current, previous, retired).

use crate::domain::UnixTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyState {
    /// Signs new tokens.
    Current,
    /// Signed tokens that may still be alive; published in the JWKS.
    Previous,
    /// No longer published.
    Retired,
}

impl KeyState {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyState::Current => "current",
            KeyState::Previous => "previous",
            KeyState::Retired => "retired",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "current" => Some(Self::Current),
            "previous" => Some(Self::Previous),
            "retired" => Some(Self::Retired),
            _ => None,
        }
    }
}

/// A signing key as stored: the private half sealed under the server secret.
#[derive(Debug, Clone, PartialEq)]
pub struct SigningKeyRecord {
    pub kid: String,
    pub alg: String,
    pub sealed_private_key: String,
    pub created_at: UnixTime,
    pub state: KeyState,
}
