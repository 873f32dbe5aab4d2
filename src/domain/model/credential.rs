//! A user's credentials beyond codes: device keys, passkeys, and WebAuthn ceremonies
//! between their start and finish.

use crate::domain::UnixTime;

/// A device's public key, registered for a user and an app (`type: public_key`).
#[derive(Debug, Clone, PartialEq)]
pub struct DeviceCredentialRecord {
    /// `dcr_<hex>`.
    pub id: String,
    pub user_id: String,
    pub client_id: String,
    pub device_name: String,
    pub device_id: String,
    /// `RS256` or `ES256`.
    pub alg: String,
    /// SubjectPublicKeyInfo, PEM.
    pub public_key: String,
    pub created_at: UnixTime,
}

/// A passkey as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct PasskeyRecord {
    /// The credential id, base64url.
    pub id: String,
    pub user_id: String,
    /// The WebAuthn user id (a UUID) the authenticator keeps with the credential.
    pub user_handle: String,
    pub name: String,
    /// The verifier's credential record (public key, sign counter), JSON.
    pub credential: String,
    pub created_at: UnixTime,
    pub last_used_at: Option<UnixTime>,
}

/// A WebAuthn ceremony between its start and its finish.
#[derive(Debug, Clone, PartialEq)]
pub struct CeremonyRecord {
    pub id: String,
    /// `register` or `authenticate`.
    pub kind: String,
    /// Whose passkey is being registered, or whose passkeys may answer.
    pub user_id: Option<String>,
    pub client_id: Option<String>,
    pub state: String,
    pub expires_at: UnixTime,
}
