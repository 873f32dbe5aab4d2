//! Token signing keys: generation (one key per algorithm: RS256, PS256, ES256, EdDSA), the
//! in-memory key ring that signs (each key parsed once, because parsing an RSA key costs a
//! quarter of a signature) and checks, and the public JWKS view.

use std::collections::HashMap;
use std::sync::Arc;

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::KeySize;
use aws_lc_rs::signature::{
    ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, Ed25519KeyPair, KeyPair, RSA_PKCS1_SHA256,
    RSA_PSS_SHA256, RsaKeyPair,
};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;

use super::keys_cert::certificate_pem;
use crate::domain::crypto::ServerKeys;
use crate::domain::model::{KeyState, SigningAlg, SigningKeyRecord};
use crate::domain::{DomainError, Random, UnixTime, random_token};

fn sealing_context(kid: &str) -> String {
    format!("signing_key:{kid}")
}

/// jsonwebtoken's name for one of our algorithms (to check tokens with it).
pub fn jose_alg(alg: SigningAlg) -> jsonwebtoken::Algorithm {
    match alg {
        SigningAlg::Rs256 => jsonwebtoken::Algorithm::RS256,
        SigningAlg::Ps256 => jsonwebtoken::Algorithm::PS256,
        SigningAlg::Es256 => jsonwebtoken::Algorithm::ES256,
        SigningAlg::EdDsa => jsonwebtoken::Algorithm::EdDSA,
    }
}

/// A new private key for `alg` as PKCS#8 DER (RSA keys are 2048 bits, as Auth0's).
fn new_pkcs8(alg: SigningAlg) -> Result<Vec<u8>, DomainError> {
    let failed = || DomainError::Internal(format!("{alg} key generation failed"));
    match alg {
        SigningAlg::Rs256 | SigningAlg::Ps256 => {
            let pair = RsaKeyPair::generate(KeySize::Rsa2048).map_err(|_| failed())?;
            Ok(pair.as_der().map_err(|_| failed())?.as_ref().to_vec())
        }
        SigningAlg::Es256 => {
            let doc = EcdsaKeyPair::generate_pkcs8(
                &ECDSA_P256_SHA256_FIXED_SIGNING,
                &SystemRandom::new(),
            )
            .map_err(|_| failed())?;
            Ok(doc.as_ref().to_vec())
        }
        SigningAlg::EdDsa => {
            let doc = Ed25519KeyPair::generate_pkcs8(&SystemRandom::new()).map_err(|_| failed())?;
            Ok(doc.as_ref().to_vec())
        }
    }
}

/// Makes a new key for `alg`, sealed for storage.
pub fn generate_signing_key(
    keys: &ServerKeys,
    random: &dyn Random,
    now: UnixTime,
    alg: SigningAlg,
) -> Result<SigningKeyRecord, DomainError> {
    let pkcs8 = new_pkcs8(alg)?;
    let kid = random_token(random, 16);
    Ok(SigningKeyRecord {
        sealed_private_key: keys.seal(&sealing_context(&kid), &pkcs8)?,
        cert: Some(certificate_pem(&pkcs8, &kid, now)?),
        kid,
        alg,
        created_at: now,
        state: KeyState::Current,
        revoked_at: None,
    })
}

/// A certificate for a stored key that has none (made before certificates were).
pub fn certify_stored_key(
    record: &SigningKeyRecord,
    keys: &ServerKeys,
) -> Result<String, DomainError> {
    let pkcs8 = keys.open(&sealing_context(&record.kid), &record.sealed_private_key)?;
    certificate_pem(&pkcs8, &record.kid, record.created_at)
}

/// One public key as the JWKS lists it (RFC 7517/7518/8037): `n`/`e` for RSA, `crv`/`x`/`y`
/// for P-256, `crv`/`x` for Ed25519.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PublicJwk {
    pub kty: &'static str,
    #[serde(rename = "use")]
    pub use_: &'static str,
    pub alg: &'static str,
    pub kid: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crv: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub n: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub e: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub y: Option<String>,
}

impl PublicJwk {
    /// The key jsonwebtoken checks signatures with.
    fn decoding_key(&self) -> Result<jsonwebtoken::DecodingKey, DomainError> {
        let part = |p: &Option<String>| p.clone().unwrap_or_default();
        match self.kty {
            "RSA" => jsonwebtoken::DecodingKey::from_rsa_components(&part(&self.n), &part(&self.e)),
            "EC" => jsonwebtoken::DecodingKey::from_ec_components(&part(&self.x), &part(&self.y)),
            _ => jsonwebtoken::DecodingKey::from_ed_components(&part(&self.x)),
        }
        .map_err(DomainError::internal)
    }
}

/// The parsed private half, with what it signs with.
enum Pair {
    Rsa(RsaKeyPair),
    Ec(EcdsaKeyPair),
    Ed(Ed25519KeyPair),
}

/// A key ready to sign: parsed once, shared by every request.
pub struct SigningKey {
    pub kid: String,
    pub alg: SigningAlg,
    pair: Pair,
    rng: SystemRandom,
    /// `{"alg":…,"typ":"JWT","kid":…}` already base64url-encoded.
    header_b64: String,
}

impl SigningKey {
    fn open(record: &SigningKeyRecord, keys: &ServerKeys) -> Result<Self, DomainError> {
        let der = keys.open(&sealing_context(&record.kid), &record.sealed_private_key)?;
        let bad = |e: &dyn std::fmt::Display| {
            DomainError::Internal(format!("signing key {} ({}): {e}", record.kid, record.alg))
        };
        let pair = match record.alg {
            SigningAlg::Rs256 | SigningAlg::Ps256 => {
                Pair::Rsa(RsaKeyPair::from_pkcs8(&der).map_err(|e| bad(&e))?)
            }
            SigningAlg::Es256 => Pair::Ec(
                EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &der)
                    .map_err(|e| bad(&e))?,
            ),
            SigningAlg::EdDsa => Pair::Ed(Ed25519KeyPair::from_pkcs8(&der).map_err(|e| bad(&e))?),
        };
        let header =
            serde_json::json!({"alg": record.alg.as_str(), "typ": "JWT", "kid": record.kid});
        Ok(Self {
            kid: record.kid.clone(),
            alg: record.alg,
            pair,
            rng: SystemRandom::new(),
            header_b64: URL_SAFE_NO_PAD.encode(header.to_string()),
        })
    }

    pub fn public_jwk(&self) -> PublicJwk {
        let b64 = |bytes: &[u8]| Some(URL_SAFE_NO_PAD.encode(bytes));
        let mut jwk = PublicJwk {
            kty: "RSA",
            use_: "sig",
            alg: self.alg.as_str(),
            kid: self.kid.clone(),
            crv: None,
            n: None,
            e: None,
            x: None,
            y: None,
        };
        match &self.pair {
            Pair::Rsa(pair) => {
                let public = pair.public_key();
                jwk.n = b64(public.modulus().big_endian_without_leading_zero());
                jwk.e = b64(public.exponent().big_endian_without_leading_zero());
            }
            Pair::Ec(pair) => {
                // The uncompressed point: 0x04, then x and y, 32 bytes each.
                let point = pair.public_key().as_ref();
                jwk.kty = "EC";
                jwk.crv = Some("P-256");
                jwk.x = b64(point.get(1..33).unwrap_or_default());
                jwk.y = b64(point.get(33..65).unwrap_or_default());
            }
            Pair::Ed(pair) => {
                jwk.kty = "OKP";
                jwk.crv = Some("Ed25519");
                jwk.x = b64(pair.public_key().as_ref());
            }
        }
        jwk
    }

    /// A compact JWS of `claims` with this key's algorithm. Tests verify these with
    /// jsonwebtoken and with an independent JOSE library against the published JWKS.
    pub fn sign(&self, claims: &impl Serialize) -> Result<String, DomainError> {
        let payload = serde_json::to_vec(claims).map_err(DomainError::internal)?;
        let mut jwt = String::with_capacity(self.header_b64.len() + payload.len() * 2 + 350);
        jwt.push_str(&self.header_b64);
        jwt.push('.');
        URL_SAFE_NO_PAD.encode_string(payload, &mut jwt);
        let failed = || DomainError::Internal(format!("{} signing failed", self.alg));
        let signature = match &self.pair {
            Pair::Rsa(pair) => {
                let padding = match self.alg {
                    SigningAlg::Ps256 => &RSA_PSS_SHA256,
                    _ => &RSA_PKCS1_SHA256,
                };
                let mut signature = vec![0u8; pair.public_modulus_len()];
                pair.sign(padding, &self.rng, jwt.as_bytes(), &mut signature)
                    .map_err(|_| failed())?;
                signature
            }
            // JOSE's ECDSA signature is r and s side by side (the "fixed" encoding).
            Pair::Ec(pair) => pair
                .sign(&self.rng, jwt.as_bytes())
                .map_err(|_| failed())?
                .as_ref()
                .to_vec(),
            Pair::Ed(pair) => pair.sign(jwt.as_bytes()).as_ref().to_vec(),
        };
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

/// A published key as the checks use it: its algorithm (a token must name the same one)
/// and jsonwebtoken's key.
pub struct Verifier {
    pub alg: SigningAlg,
    pub key: jsonwebtoken::DecodingKey,
}

/// The keys in force: for each algorithm one key signs, and all listed verify (the current
/// keys and the previous ones).
pub struct KeyRing {
    /// The RS256 key: Auth0's default, and what machine and API tokens are signed with.
    pub current: Arc<SigningKey>,
    signers: HashMap<SigningAlg, Arc<SigningKey>>,
    pub published: Vec<PublicJwk>,
    by_kid: HashMap<String, Verifier>,
}

impl KeyRing {
    /// Builds the ring from stored keys; fails when no RS256 key is current.
    pub fn load(records: &[SigningKeyRecord], keys: &ServerKeys) -> Result<Self, DomainError> {
        let mut signers = HashMap::new();
        let mut published = Vec::new();
        let mut by_kid = HashMap::new();
        for record in records.iter().filter(|r| r.state != KeyState::Retired) {
            let key = SigningKey::open(record, keys)?;
            let jwk = key.public_jwk();
            let verifier = Verifier {
                alg: record.alg,
                key: jwk.decoding_key()?,
            };
            by_kid.insert(jwk.kid.clone(), verifier);
            published.push(jwk);
            if record.state == KeyState::Current {
                signers.insert(record.alg, Arc::new(key));
            }
        }
        let current = signers
            .get(&SigningAlg::Rs256)
            .cloned()
            .ok_or_else(|| DomainError::internal("no current RS256 signing key"))?;
        // The current keys first, RS256 leading: clients that take the first key find the
        // default one.
        let rank = |k: &PublicJwk| {
            let signing = signers.values().any(|s| s.kid == k.kid);
            (!signing, k.kid != current.kid)
        };
        published.sort_by_key(rank);
        Ok(Self {
            current,
            signers,
            published,
            by_kid,
        })
    }

    /// The key that signs with `alg`; an error when there is none yet (a client switched to
    /// it on another instance, before this one reloaded its keys).
    pub fn signer(&self, alg: SigningAlg) -> Result<&SigningKey, DomainError> {
        self.signers
            .get(&alg)
            .map(Arc::as_ref)
            .ok_or_else(|| DomainError::Internal(format!("no current {alg} signing key")))
    }

    /// The algorithms that have a current key.
    pub fn algs(&self) -> Vec<SigningAlg> {
        let mut algs: Vec<SigningAlg> = self.signers.keys().copied().collect();
        algs.sort_unstable();
        algs
    }

    /// The current key id of each algorithm.
    pub fn current_kids(&self) -> Vec<&str> {
        self.signers.values().map(|k| k.kid.as_str()).collect()
    }

    pub fn verifier(&self, kid: &str) -> Option<&Verifier> {
        self.by_kid.get(kid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::OsRandom;

    fn key(keys: &ServerKeys, alg: SigningAlg, at: UnixTime) -> SigningKeyRecord {
        generate_signing_key(keys, &OsRandom, at, alg).unwrap()
    }

    #[test]
    fn signatures_verify_with_jsonwebtoken_against_the_published_jwk_for_every_alg() {
        let keys = ServerKeys::derive(&[9u8; 32]).unwrap();
        let records: Vec<_> = SigningAlg::ALL.iter().map(|a| key(&keys, *a, 0)).collect();
        for record in &records {
            // Sealed, not encoded: the stored text holds no run of the key's DER, and opens
            // only under the key's own id. (A check for "MII" in the base64 text failed about
            // one run in a hundred, when the ciphertext's encoding happened to spell it.)
            let sealed = &record.sealed_private_key;
            let der = keys.open(&sealing_context(&record.kid), sealed).unwrap();
            let body = sealed.strip_prefix("sealed:v1:").unwrap();
            let stored = URL_SAFE_NO_PAD.decode(body).unwrap();
            assert!(!stored.windows(16).any(|w| w == &der[..16]));
            assert!(keys.open(&sealing_context("another-kid"), sealed).is_err());
        }
        let ring = KeyRing::load(&records, &keys).unwrap();
        assert_eq!(ring.algs(), SigningAlg::ALL.to_vec());
        assert_eq!(
            ring.published[0].kid, ring.current.kid,
            "RS256 leads the JWKS"
        );
        let claims =
            serde_json::json!({"sub": "x", "aud": "a", "iss": "i", "exp": 4_000_000_000u64});
        for record in &records {
            let signer = ring.signer(record.alg).unwrap();
            assert_eq!(signer.kid, record.kid);
            let jwt = signer.sign(&claims).unwrap();

            let published = ring.published.iter().find(|k| k.kid == record.kid).unwrap();
            assert_eq!(published.alg, record.alg.as_str());
            let jwk: jsonwebtoken::jwk::Jwk =
                serde_json::from_value(serde_json::to_value(published).unwrap()).unwrap();
            let key = jsonwebtoken::DecodingKey::from_jwk(&jwk).unwrap();
            let mut v = jsonwebtoken::Validation::new(jose_alg(record.alg));
            v.set_audience(&["a"]);
            v.set_issuer(&["i"]);
            let data = jsonwebtoken::decode::<serde_json::Value>(&jwt, &key, &v).unwrap();
            assert_eq!(data.claims["sub"], "x");
            assert_eq!(data.header.kid.as_deref(), Some(record.kid.as_str()));
            assert_eq!(data.header.alg, jose_alg(record.alg));

            // a changed payload breaks the signature
            let mut parts: Vec<&str> = jwt.split('.').collect();
            let tampered =
                URL_SAFE_NO_PAD.encode(br#"{"sub":"y","aud":"a","iss":"i","exp":4000000000}"#);
            parts[1] = &tampered;
            assert!(jsonwebtoken::decode::<serde_json::Value>(&parts.join("."), &key, &v).is_err());
            // and the ring's own verifier is pinned to the key's algorithm
            assert_eq!(ring.verifier(&record.kid).unwrap().alg, record.alg);
        }
    }

    #[test]
    fn a_ring_needs_a_current_rs256_key_and_skips_retired_ones() {
        let keys = ServerKeys::derive(&[9u8; 32]).unwrap();
        let mut old = key(&keys, SigningAlg::Rs256, 0);
        old.state = KeyState::Retired;
        assert!(KeyRing::load(std::slice::from_ref(&old), &keys).is_err());
        let es = key(&keys, SigningAlg::Es256, 0);
        assert!(KeyRing::load(std::slice::from_ref(&es), &keys).is_err());
        let new = key(&keys, SigningAlg::Rs256, 1);
        let ring = KeyRing::load(&[old.clone(), new.clone()], &keys).unwrap();
        assert_eq!(ring.published.len(), 1);
        assert!(ring.verifier(&old.kid).is_none());
        assert!(ring.verifier(&new.kid).is_some());
        assert!(ring.signer(SigningAlg::EdDsa).is_err());
    }
}
