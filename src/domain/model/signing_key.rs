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
    pub alg: SigningAlg,
    pub sealed_private_key: String,
    pub created_at: UnixTime,
    pub state: KeyState,
    /// Its self-signed certificate (PEM), made with the key; `None` only for a key made
    /// before certificates were, until the next start gives it one.
    pub cert: Option<String>,
    /// When it was retired (revoked by an operator, or rotated out twice).
    pub revoked_at: Option<UnixTime>,
}

/// What a token is signed with (Auth0's names): RSA with PKCS#1 v1.5 (Auth0's default) or
/// PSS, ECDSA on P-256, or Ed25519. Each has its own key, published with its `alg`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub enum SigningAlg {
    #[default]
    Rs256,
    Ps256,
    Es256,
    EdDsa,
}

impl SigningAlg {
    pub const ALL: [SigningAlg; 4] = [Self::Rs256, Self::Ps256, Self::Es256, Self::EdDsa];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Rs256 => "RS256",
            Self::Ps256 => "PS256",
            Self::Es256 => "ES256",
            Self::EdDsa => "EdDSA",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

impl std::fmt::Display for SigningAlg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for SigningAlg {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for SigningAlg {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Self::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown signing algorithm {text:?} (RS256, PS256, ES256 or EdDSA)"
            ))
        })
    }
}

/// A client's token settings (Auth0's `jwt_configuration`): the algorithm its `id_token`s
/// are signed with and how long they live; `secret_encoded` (Auth0's flag for HS256
/// secrets, which Latchkey does not sign with) is kept and shown, so an export re-imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct JwtConfiguration {
    pub alg: SigningAlg,
    /// Seconds an `id_token` is valid (Auth0's default: 36,000, ten hours; at most 30 days).
    #[serde(deserialize_with = "lifetime")]
    pub lifetime_in_seconds: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_encoded: Option<bool>,
}

/// Auth0's default `id_token` lifetime: ten hours.
pub const ID_TOKEN_LIFETIME: i64 = 36_000;
/// Auth0's longest `id_token` lifetime.
pub const ID_TOKEN_LIFETIME_MAX: i64 = 30 * 86_400;

impl Default for JwtConfiguration {
    fn default() -> Self {
        Self {
            alg: SigningAlg::default(),
            lifetime_in_seconds: ID_TOKEN_LIFETIME,
            secret_encoded: None,
        }
    }
}

fn lifetime<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    let seconds = <i64 as serde::Deserialize>::deserialize(d)?;
    if !(1..=ID_TOKEN_LIFETIME_MAX).contains(&seconds) {
        return Err(serde::de::Error::custom(format!(
            "lifetime_in_seconds must be 1 to {ID_TOKEN_LIFETIME_MAX} (got {seconds})"
        )));
    }
    Ok(seconds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn algorithms_go_by_auth0s_names() {
        for alg in SigningAlg::ALL {
            assert_eq!(SigningAlg::parse(alg.as_str()), Some(alg));
            let config = JwtConfiguration {
                alg,
                ..JwtConfiguration::default()
            };
            let json = serde_json::to_string(&config).unwrap();
            assert_eq!(
                json,
                format!("{{\"alg\":\"{alg}\",\"lifetime_in_seconds\":36000}}")
            );
            let back: JwtConfiguration = serde_json::from_str(&json).unwrap();
            assert_eq!(back.alg, alg);
        }
        assert_eq!(SigningAlg::parse("rs256"), None);
        assert_eq!(SigningAlg::parse("HS256"), None);
        let empty: JwtConfiguration = serde_json::from_str("{}").unwrap();
        assert_eq!(empty.alg, SigningAlg::Rs256);
        assert!(serde_json::from_str::<JwtConfiguration>(r#"{"alg":"none"}"#).is_err());
    }

    #[test]
    fn auth0s_lifetime_and_secret_encoded_are_read_and_checked() {
        let c: JwtConfiguration = serde_json::from_str(
            r#"{"alg":"RS256","lifetime_in_seconds":600,"secret_encoded":false}"#,
        )
        .unwrap();
        assert_eq!(
            (c.lifetime_in_seconds, c.secret_encoded),
            (600, Some(false))
        );
        for bad in [0, -1, ID_TOKEN_LIFETIME_MAX + 1] {
            let json = format!(r#"{{"lifetime_in_seconds":{bad}}}"#);
            assert!(
                serde_json::from_str::<JwtConfiguration>(&json).is_err(),
                "{bad}"
            );
        }
        let empty: JwtConfiguration = serde_json::from_str("{}").unwrap();
        assert_eq!(empty.lifetime_in_seconds, 36_000);
    }
}
