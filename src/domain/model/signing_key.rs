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
/// are signed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct JwtConfiguration {
    pub alg: SigningAlg,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn algorithms_go_by_auth0s_names() {
        for alg in SigningAlg::ALL {
            assert_eq!(SigningAlg::parse(alg.as_str()), Some(alg));
            let json = serde_json::to_string(&JwtConfiguration { alg }).unwrap();
            assert_eq!(json, format!("{{\"alg\":\"{alg}\"}}"));
            let back: JwtConfiguration = serde_json::from_str(&json).unwrap();
            assert_eq!(back.alg, alg);
        }
        assert_eq!(SigningAlg::parse("rs256"), None);
        assert_eq!(SigningAlg::parse("HS256"), None);
        let empty: JwtConfiguration = serde_json::from_str("{}").unwrap();
        assert_eq!(empty.alg, SigningAlg::Rs256);
        assert!(serde_json::from_str::<JwtConfiguration>(r#"{"alg":"none"}"#).is_err());
    }
}
