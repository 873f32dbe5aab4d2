//! Token signing keys: generation, the in-memory key ring that signs (each key parsed once,
//! because parsing an RSA key costs a quarter of a signature), and the public JWKS view.

use std::collections::HashMap;
use std::sync::Arc;

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::KeySize;
use aws_lc_rs::signature::{KeyPair, RSA_PKCS1_SHA256, RsaKeyPair};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;

use crate::domain::crypto::ServerKeys;
use crate::domain::model::{KeyState, SigningKeyRecord};
use crate::domain::{DomainError, Random, UnixTime, random_token};

pub const ALG_RS256: &str = "RS256";

fn sealing_context(kid: &str) -> String {
    format!("signing_key:{kid}")
}

/// Makes a new RS256 key, sealed for storage.
pub fn generate_signing_key(
    keys: &ServerKeys,
    random: &dyn Random,
    now: UnixTime,
) -> Result<SigningKeyRecord, DomainError> {
    use aws_lc_rs::encoding::AsDer;
    let pair = RsaKeyPair::generate(KeySize::Rsa2048)
        .map_err(|_| DomainError::internal("RSA key generation failed"))?;
    let pkcs8 = pair
        .as_der()
        .map_err(|_| DomainError::internal("RSA key export failed"))?;
    let kid = random_token(random, 16);
    Ok(SigningKeyRecord {
        sealed_private_key: keys.seal(&sealing_context(&kid), pkcs8.as_ref())?,
        kid,
        alg: ALG_RS256.into(),
        created_at: now,
        state: KeyState::Current,
    })
}

/// One public key as the JWKS lists it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PublicJwk {
    pub kty: &'static str,
    #[serde(rename = "use")]
    pub use_: &'static str,
    pub alg: &'static str,
    pub kid: String,
    pub n: String,
    pub e: String,
}

/// A key ready to sign: parsed once, shared by every request.
pub struct SigningKey {
    pub kid: String,
    pair: RsaKeyPair,
    rng: SystemRandom,
    /// `{"alg":"RS256","typ":"JWT","kid":…}` already base64url-encoded.
    header_b64: String,
}

impl SigningKey {
    fn open(record: &SigningKeyRecord, keys: &ServerKeys) -> Result<Self, DomainError> {
        if record.alg != ALG_RS256 {
            return Err(DomainError::Internal(format!(
                "signing key {} has unsupported alg {}",
                record.kid, record.alg
            )));
        }
        let der = keys.open(&sealing_context(&record.kid), &record.sealed_private_key)?;
        let pair = RsaKeyPair::from_pkcs8(&der)
            .map_err(|e| DomainError::Internal(format!("signing key {}: {e}", record.kid)))?;
        let header = serde_json::json!({"alg": ALG_RS256, "typ": "JWT", "kid": record.kid});
        Ok(Self {
            kid: record.kid.clone(),
            pair,
            rng: SystemRandom::new(),
            header_b64: URL_SAFE_NO_PAD.encode(header.to_string()),
        })
    }

    pub fn public_jwk(&self) -> PublicJwk {
        let public = self.pair.public_key();
        PublicJwk {
            kty: "RSA",
            use_: "sig",
            alg: ALG_RS256,
            kid: self.kid.clone(),
            n: URL_SAFE_NO_PAD.encode(public.modulus().big_endian_without_leading_zero()),
            e: URL_SAFE_NO_PAD.encode(public.exponent().big_endian_without_leading_zero()),
        }
    }

    /// A compact JWS (RS256) of `claims`. Tests verify these with an independent JOSE
    /// library against the published JWKS.
    pub fn sign(&self, claims: &impl Serialize) -> Result<String, DomainError> {
        let payload = serde_json::to_vec(claims).map_err(DomainError::internal)?;
        let mut jwt = String::with_capacity(self.header_b64.len() + payload.len() * 2 + 350);
        jwt.push_str(&self.header_b64);
        jwt.push('.');
        URL_SAFE_NO_PAD.encode_string(payload, &mut jwt);
        let mut signature = vec![0u8; self.pair.public_modulus_len()];
        self.pair
            .sign(&RSA_PKCS1_SHA256, &self.rng, jwt.as_bytes(), &mut signature)
            .map_err(|_| DomainError::internal("RS256 signing failed"))?;
        jwt.push('.');
        URL_SAFE_NO_PAD.encode_string(signature, &mut jwt);
        Ok(jwt)
    }
}

/// Whether `keys` are the ones the stored signing keys were sealed with (told by the first:
/// every key is sealed with the same secret). True when there is none yet.
pub fn sealed_with(records: &[SigningKeyRecord], keys: &ServerKeys) -> bool {
    records.first().is_none_or(|r| {
        keys.open(&sealing_context(&r.kid), &r.sealed_private_key)
            .is_ok()
    })
}

/// The keys in force: one signs, all listed verify (current and previous).
pub struct KeyRing {
    pub current: Arc<SigningKey>,
    pub published: Vec<PublicJwk>,
    by_kid: HashMap<String, jsonwebtoken::DecodingKey>,
}

impl KeyRing {
    /// Builds the ring from stored keys; fails when no key is current.
    pub fn load(records: &[SigningKeyRecord], keys: &ServerKeys) -> Result<Self, DomainError> {
        let mut current = None;
        let mut published = Vec::new();
        let mut by_kid = HashMap::new();
        for record in records.iter().filter(|r| r.state != KeyState::Retired) {
            let key = SigningKey::open(record, keys)?;
            let jwk = key.public_jwk();
            let decoding = jsonwebtoken::DecodingKey::from_rsa_components(&jwk.n, &jwk.e)
                .map_err(DomainError::internal)?;
            by_kid.insert(jwk.kid.clone(), decoding);
            published.push(jwk);
            if record.state == KeyState::Current {
                current = Some(Arc::new(key));
            }
        }
        let current = current.ok_or_else(|| DomainError::internal("no current signing key"))?;
        // The signing key first: clients that take the first key find the right one.
        published.sort_by_key(|k| k.kid != current.kid);
        Ok(Self {
            current,
            published,
            by_kid,
        })
    }

    pub fn decoding_key(&self, kid: &str) -> Option<&jsonwebtoken::DecodingKey> {
        self.by_kid.get(kid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::OsRandom;

    #[test]
    fn signatures_verify_with_jsonwebtoken_against_the_published_jwk() {
        let keys = ServerKeys::derive(&[9u8; 32]).unwrap();
        let record = generate_signing_key(&keys, &OsRandom, 0).unwrap();
        assert!(!record.sealed_private_key.contains("MII"));
        let ring = KeyRing::load(std::slice::from_ref(&record), &keys).unwrap();
        let claims =
            serde_json::json!({"sub": "x", "aud": "a", "iss": "i", "exp": 4_000_000_000u64});
        let jwt = ring.current.sign(&claims).unwrap();

        let jwk_json = serde_json::to_value(&ring.published[0]).unwrap();
        let jwk: jsonwebtoken::jwk::Jwk = serde_json::from_value(jwk_json).unwrap();
        let key = jsonwebtoken::DecodingKey::from_jwk(&jwk).unwrap();
        let mut v = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
        v.set_audience(&["a"]);
        v.set_issuer(&["i"]);
        let data = jsonwebtoken::decode::<serde_json::Value>(&jwt, &key, &v).unwrap();
        assert_eq!(data.claims["sub"], "x");
        assert_eq!(data.header.kid.as_deref(), Some(record.kid.as_str()));

        // a flipped payload byte breaks the signature
        let mut parts: Vec<&str> = jwt.split('.').collect();
        let tampered =
            URL_SAFE_NO_PAD.encode(br#"{"sub":"y","aud":"a","iss":"i","exp":4000000000}"#);
        parts[1] = &tampered;
        assert!(jsonwebtoken::decode::<serde_json::Value>(&parts.join("."), &key, &v).is_err());
    }

    #[test]
    fn a_ring_needs_a_current_key_and_skips_retired_ones() {
        let keys = ServerKeys::derive(&[9u8; 32]).unwrap();
        let mut old = generate_signing_key(&keys, &OsRandom, 0).unwrap();
        old.state = KeyState::Retired;
        assert!(KeyRing::load(std::slice::from_ref(&old), &keys).is_err());
        let new = generate_signing_key(&keys, &OsRandom, 1).unwrap();
        let ring = KeyRing::load(&[old.clone(), new.clone()], &keys).unwrap();
        assert_eq!(ring.published.len(), 1);
        assert!(ring.decoding_key(&old.kid).is_none());
        assert!(ring.decoding_key(&new.kid).is_some());
    }
}
