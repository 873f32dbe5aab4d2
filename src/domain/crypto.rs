//! Keys derived from the server secret, and what they do: keyed hashes of one-time codes,
//! sealing of secrets at rest (AES-256-GCM), plain hashes of high-entropy tokens, and
//! constant-time comparison.

use aws_lc_rs::{aead, digest, hmac};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use subtle::ConstantTimeEq;

use super::DomainError;

/// Prefix of a sealed value, so a plain value is never mistaken for one.
const SEALED_PREFIX: &str = "sealed:v1:";

/// The keys derived from the server secret. Each use has its own key, so one leaking through
/// a bug in its use does not expose the others.
pub struct ServerKeys {
    otp: hmac::Key,
    access_token: Vec<u8>,
    sealing: aead::RandomizedNonceKey,
}

impl std::fmt::Debug for ServerKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServerKeys([redacted])")
    }
}

impl ServerKeys {
    /// Derives the keys from a secret of at least 32 bytes.
    pub fn derive(secret: &[u8]) -> Result<Self, DomainError> {
        if secret.len() < 32 {
            return Err(DomainError::Internal(
                "the server secret must be at least 32 bytes".into(),
            ));
        }
        let master = hmac::Key::new(hmac::HMAC_SHA256, secret);
        let sub = |label: &str| hmac::sign(&master, label.as_bytes()).as_ref().to_vec();
        let sealing = aead::RandomizedNonceKey::new(&aead::AES_256_GCM, &sub("latchkey seal v1"))
            .map_err(|_| DomainError::Internal("cannot build the sealing key".into()))?;
        Ok(Self {
            otp: hmac::Key::new(hmac::HMAC_SHA256, &sub("latchkey otp v1")),
            access_token: sub("latchkey access-token v1"),
            sealing,
        })
    }

    /// The keyed hash a code is stored as. Binding the connection and recipient means a
    /// hash copied to another row does not match there.
    pub fn otp_hash(&self, connection: &str, recipient: &str, code: &str) -> Vec<u8> {
        let mut ctx = hmac::Context::with_key(&self.otp);
        for part in [connection, recipient, code] {
            ctx.update(&(part.len() as u64).to_be_bytes());
            ctx.update(part.as_bytes());
        }
        ctx.sign().as_ref().to_vec()
    }

    /// The HS256 key of opaque access tokens (those only `/userinfo` reads).
    pub fn access_token_key(&self) -> &[u8] {
        &self.access_token
    }

    /// Encrypts `plain`; `context` (e.g. `connection:sms:twilio_token`) is bound to the
    /// ciphertext so it cannot be moved to another field.
    pub fn seal(&self, context: &str, plain: &[u8]) -> Result<String, DomainError> {
        let mut buf = plain.to_vec();
        let nonce = self
            .sealing
            .seal_in_place_append_tag(aead::Aad::from(context.as_bytes()), &mut buf)
            .map_err(|_| DomainError::Internal("sealing failed".into()))?;
        let mut out = nonce.as_ref().to_vec();
        out.extend_from_slice(&buf);
        Ok(format!("{SEALED_PREFIX}{}", URL_SAFE_NO_PAD.encode(out)))
    }

    pub fn open(&self, context: &str, sealed: &str) -> Result<Vec<u8>, DomainError> {
        let fail = || DomainError::Internal(format!("cannot open the sealed value for {context}"));
        let body = sealed.strip_prefix(SEALED_PREFIX).ok_or_else(fail)?;
        let raw = URL_SAFE_NO_PAD.decode(body).map_err(|_| fail())?;
        if raw.len() < aead::NONCE_LEN {
            return Err(fail());
        }
        let (nonce, ciphertext) = raw.split_at(aead::NONCE_LEN);
        let nonce = aead::Nonce::try_assume_unique_for_key(nonce).map_err(|_| fail())?;
        let mut buf = ciphertext.to_vec();
        let plain = self
            .sealing
            .open_in_place(nonce, aead::Aad::from(context.as_bytes()), &mut buf)
            .map_err(|_| fail())?;
        Ok(plain.to_vec())
    }
}

pub fn is_sealed(value: &str) -> bool {
    value.starts_with(SEALED_PREFIX)
}

/// SHA-256, for secrets that are already high-entropy (refresh tokens, client secrets).
pub fn sha256(data: &[u8]) -> Vec<u8> {
    digest::digest(&digest::SHA256, data).as_ref().to_vec()
}

/// Equality that takes the same time wherever the inputs differ.
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> ServerKeys {
        ServerKeys::derive(&[7u8; 32]).unwrap()
    }

    #[test]
    fn sealed_values_open_only_in_their_context() {
        let k = keys();
        let sealed = k.seal("a", b"twilio-token").unwrap();
        assert!(!sealed.contains("twilio-token"));
        assert_eq!(k.open("a", &sealed).unwrap(), b"twilio-token");
        assert!(k.open("b", &sealed).is_err());
        let other = ServerKeys::derive(&[8u8; 32]).unwrap();
        assert!(other.open("a", &sealed).is_err());
    }

    #[test]
    fn otp_hash_binds_connection_and_recipient() {
        let k = keys();
        let h = k.otp_hash("sms", "+14155550100", "123456");
        assert_eq!(h, k.otp_hash("sms", "+14155550100", "123456"));
        assert_ne!(h, k.otp_hash("sms", "+14155550101", "123456"));
        assert_ne!(h, k.otp_hash("sms2", "+14155550100", "123456"));
        assert_ne!(h, k.otp_hash("sms", "+14155550100", "123457"));
        // length prefixes keep ("ab","c") and ("a","bc") apart
        assert_ne!(k.otp_hash("ab", "c", "1"), k.otp_hash("a", "bc", "1"));
    }

    #[test]
    fn short_secrets_are_refused() {
        assert!(ServerKeys::derive(&[1u8; 16]).is_err());
    }
}
