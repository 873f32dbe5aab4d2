//! Device keys (Auth0's Touch ID model): a key pair kept on the device, its public half
//! registered as a device credential, and logins by a JWT the device signs. This module
//! reads the public keys apps send and checks the JWTs; storage is the store's job.

use base64::Engine;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;

use crate::domain::UnixTime;
use crate::domain::validation::FieldError;

/// A device JWT may live at most this long (`exp - iat`).
pub const MAX_ASSERTION_LIFETIME: i64 = 300;
/// Clock difference tolerated between the device and the server.
pub const MAX_CLOCK_SKEW: i64 = 60;
/// Smallest RSA key accepted. Lock v1's TouchIDAuth made 1024-bit keys; those are refused,
/// because the JOSE library (jsonwebtoken on aws-lc-rs) will not verify with them.
pub const MIN_RSA_BITS: usize = 2048;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeviceKeyAlg {
    Rs256,
    Es256,
}

impl DeviceKeyAlg {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Rs256 => "RS256",
            Self::Es256 => "ES256",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "RS256" => Some(Self::Rs256),
            "ES256" => Some(Self::Es256),
            _ => None,
        }
    }
    fn jwt(self) -> Algorithm {
        match self {
            Self::Rs256 => Algorithm::RS256,
            Self::Es256 => Algorithm::ES256,
        }
    }
}

/// A public key as it is stored: SubjectPublicKeyInfo in PEM, whatever form it came in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DevicePublicKey {
    pub alg: DeviceKeyAlg,
    pub spki_pem: String,
}

/// Reads a device's public key: PEM text, or base64 of PEM text (what
/// `/api/v2/device-credentials` carries in `value`). Accepted: RSA as PKCS#1
/// (`RSA PUBLIC KEY`, as Lock v1 exported it) or SPKI (`PUBLIC KEY`), 2048 bits or more, and
/// EC P-256 as SPKI (what the Secure Enclave makes).
///
/// A refusal names the `value` field where its message starts with it; the others speak of
/// the key in their own words and name no field (their text is what clients have seen).
pub fn parse_public_key(value: &str) -> Result<DevicePublicKey, FieldError> {
    let unreadable = |why: String| FieldError::new("", why);
    let text = if value.trim_start().starts_with("-----BEGIN") {
        value.to_string()
    } else {
        let raw = base64::engine::general_purpose::STANDARD
            .decode(value.trim())
            .map_err(|_| FieldError::new("value", "must be a PEM public key or base64 of one"))?;
        String::from_utf8(raw)
            .map_err(|_| FieldError::new("value", "must be base64 of PEM text"))?
    };
    let block = pem::parse(text.trim())
        .map_err(|_| unreadable("the public key is not valid PEM".into()))?;
    let der = block.contents();
    let (alg, spki) = match block.tag() {
        "RSA PUBLIC KEY" | "PUBLIC KEY" => match aws_lc_rs::rsa::PublicKey::from_der(der) {
            Ok(rsa) => {
                use aws_lc_rs::encoding::AsDer;
                let spki = rsa
                    .as_der()
                    .map_err(|_| unreadable("the RSA key cannot be encoded".into()))?
                    .as_ref()
                    .to_vec();
                // aws-lc-rs refuses RSA keys under 2048 bits here.
                let bits = aws_lc_rs::rsa::PublicEncryptingKey::from_der(&spki)
                    .map(|k| k.key_size_bits())
                    .unwrap_or(0);
                if bits < MIN_RSA_BITS {
                    return Err(unreadable(format!(
                        "RSA keys must have at least {MIN_RSA_BITS} bits"
                    )));
                }
                (DeviceKeyAlg::Rs256, spki)
            }
            Err(_) if block.tag() == "PUBLIC KEY" => {
                aws_lc_rs::signature::ParsedPublicKey::new(
                    &aws_lc_rs::signature::ECDSA_P256_SHA256_FIXED,
                    der,
                )
                .map_err(|_| unreadable("the key is neither RSA nor EC P-256".into()))?;
                (DeviceKeyAlg::Es256, der.to_vec())
            }
            Err(_) => return Err(unreadable("the RSA public key cannot be read".into())),
        },
        other => {
            return Err(unreadable(format!(
                "a PEM block of type {other:?} is not a public key"
            )));
        }
    };
    Ok(DevicePublicKey {
        alg,
        spki_pem: pem::encode(&pem::Pem::new("PUBLIC KEY", spki)),
    })
}

/// The claims of a device JWT, as Lock v1 and the docs' sample build them.
#[derive(Debug, Clone, Deserialize)]
pub struct AssertionClaims {
    /// The user the device logs in as.
    pub iss: String,
    /// Lock v1 puts the key's fingerprint here; not used to find the key.
    #[serde(default)]
    pub sub: Option<String>,
    #[serde(default)]
    pub device: Option<String>,
    pub iat: UnixTime,
    pub exp: UnixTime,
}

/// What the unverified JWT names: the user, and which key (`kid`, else the `device` claim).
#[derive(Debug, Clone)]
pub struct AssertionHint {
    pub iss: String,
    pub kid: Option<String>,
    pub device: Option<String>,
}

/// Reads who and which key a device JWT claims to be, before any key is known. Nothing here
/// is trusted until [`verify_assertion`] has checked the signature with the registered key.
pub fn assertion_hint(token: &str) -> Option<AssertionHint> {
    let header = jsonwebtoken::decode_header(token).ok()?;
    let payload = token.split('.').nth(1)?;
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&raw).ok()?;
    Some(AssertionHint {
        iss: claims.get("iss")?.as_str()?.to_string(),
        kid: header.kid,
        device: claims
            .get("device")
            .and_then(|d| d.as_str())
            .map(str::to_string),
    })
}

/// Checks a device JWT against its registered key at time `now`: the algorithm must be the
/// key's (so `none` or an HMAC trick never passes), the signature good, `iat` not in the
/// future and `exp` not in the past beyond [`MAX_CLOCK_SKEW`], and the lifetime at most
/// [`MAX_ASSERTION_LIFETIME`].
pub fn verify_assertion(
    token: &str,
    key: &DevicePublicKey,
    now: UnixTime,
) -> Result<AssertionClaims, String> {
    let header = jsonwebtoken::decode_header(token).map_err(|_| "malformed token".to_string())?;
    if header.alg != key.alg.jwt() {
        return Err(format!(
            "the token is signed with {:?}, the key is {}",
            header.alg,
            key.alg.as_str()
        ));
    }
    let decoding = match key.alg {
        DeviceKeyAlg::Rs256 => DecodingKey::from_rsa_pem(key.spki_pem.as_bytes()),
        DeviceKeyAlg::Es256 => DecodingKey::from_ec_pem(key.spki_pem.as_bytes()),
    }
    .map_err(|_| "the registered key cannot be used".to_string())?;
    let mut v = Validation::new(key.alg.jwt());
    // Time is checked below against the injected clock, with our own limits.
    v.validate_exp = false;
    v.validate_aud = false;
    v.set_required_spec_claims(&["iss", "iat", "exp"]);
    let claims = jsonwebtoken::decode::<AssertionClaims>(token, &decoding, &v)
        .map_err(|_| "the signature does not verify".to_string())?
        .claims;
    // Saturating: the numbers come from the token, and an attacker picks them.
    if claims.exp.saturating_sub(claims.iat) > MAX_ASSERTION_LIFETIME || claims.exp <= claims.iat {
        return Err(format!(
            "the token must live at most {MAX_ASSERTION_LIFETIME} seconds"
        ));
    }
    if claims.iat > now.saturating_add(MAX_CLOCK_SKEW) {
        return Err("the token was issued in the future".into());
    }
    if claims.exp.saturating_add(MAX_CLOCK_SKEW) <= now {
        return Err("the token has expired".into());
    }
    Ok(claims)
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_lc_rs::encoding::AsDer;
    use aws_lc_rs::rand::SystemRandom;
    use aws_lc_rs::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair};

    fn b64url(data: &[u8]) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(data)
    }

    fn es256_token(pair: &EcdsaKeyPair, header: &str, claims: &serde_json::Value) -> String {
        let input = format!(
            "{}.{}",
            b64url(header.as_bytes()),
            b64url(claims.to_string().as_bytes())
        );
        let sig = pair.sign(&SystemRandom::new(), input.as_bytes()).unwrap();
        format!("{input}.{}", b64url(sig.as_ref()))
    }

    fn p256() -> (EcdsaKeyPair, String) {
        let pair = EcdsaKeyPair::generate(&ECDSA_P256_SHA256_FIXED_SIGNING).unwrap();
        let spki = pair.public_key().as_der().unwrap();
        let pem = pem::encode(&pem::Pem::new("PUBLIC KEY", spki.as_ref().to_vec()));
        (pair, pem)
    }

    #[test]
    fn keys_are_read_in_every_accepted_form() {
        let (_, pem_text) = p256();
        let k = parse_public_key(&pem_text).unwrap();
        assert_eq!(k.alg, DeviceKeyAlg::Es256);
        let b64 = base64::engine::general_purpose::STANDARD.encode(&pem_text);
        assert_eq!(parse_public_key(&b64).unwrap(), k);

        let rsa = aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).unwrap();
        let pkcs1 = pem::encode(&pem::Pem::new(
            "RSA PUBLIC KEY",
            rsa.public_key().as_ref().to_vec(),
        ));
        let spki = pem::encode(&pem::Pem::new(
            "PUBLIC KEY",
            rsa.public_key().as_der().unwrap().as_ref().to_vec(),
        ));
        let a = parse_public_key(&pkcs1).unwrap();
        let b = parse_public_key(&spki).unwrap();
        assert_eq!(a, b, "PKCS#1 and SPKI of one key are stored alike");
        assert_eq!(a.alg, DeviceKeyAlg::Rs256);

        assert!(parse_public_key("not base64!").is_err());
        assert!(
            parse_public_key("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----")
                .is_err()
        );
    }

    #[test]
    fn small_rsa_keys_are_refused() {
        // Built from components: aws-lc-rs will not generate a 1024-bit key.
        let n = {
            let mut n = vec![0xC3u8; 128];
            n[127] |= 1;
            n
        };
        let der = simple_rsa_pkcs1(&n, &[1, 0, 1]);
        let pem_text = pem::encode(&pem::Pem::new("RSA PUBLIC KEY", der));
        let e = parse_public_key(&pem_text).unwrap_err().to_string();
        assert!(e.contains("2048"), "{e}");
    }

    /// DER of RSAPublicKey { n, e } for the test above (lengths < 256 only).
    fn simple_rsa_pkcs1(n: &[u8], e: &[u8]) -> Vec<u8> {
        fn int(v: &[u8]) -> Vec<u8> {
            let mut body = Vec::new();
            if v[0] & 0x80 != 0 {
                body.push(0);
            }
            body.extend_from_slice(v);
            let mut out = vec![0x02];
            if body.len() < 128 {
                out.push(body.len() as u8);
            } else {
                out.extend_from_slice(&[0x81, body.len() as u8]);
            }
            out.extend(body);
            out
        }
        let body: Vec<u8> = [int(n), int(e)].concat();
        let mut out = vec![0x30, 0x81, body.len() as u8];
        out.extend(body);
        out
    }

    #[test]
    fn assertions_are_checked() {
        let (pair, pem_text) = p256();
        let key = parse_public_key(&pem_text).unwrap();
        let now = 1_800_000_000;
        let claims = |iat: i64, exp: i64| serde_json::json!({"iss": "sms|abc", "device": "iPhone", "iat": iat, "exp": exp});
        let header = r#"{"alg":"ES256","typ":"JWT","kid":"dcr_1"}"#;
        let good = es256_token(&pair, header, &claims(now, now + 30));
        let c = verify_assertion(&good, &key, now).unwrap();
        assert_eq!(c.iss, "sms|abc");
        let hint = assertion_hint(&good).unwrap();
        assert_eq!(
            (hint.kid.as_deref(), hint.device.as_deref()),
            (Some("dcr_1"), Some("iPhone"))
        );

        for (token, why) in [
            (
                es256_token(&pair, header, &claims(now - 400, now - 100)),
                "expired",
            ),
            (
                es256_token(&pair, header, &claims(now + 120, now + 150)),
                "future",
            ),
            (
                es256_token(&pair, header, &claims(now, now + 600)),
                "at most",
            ),
            (
                es256_token(&p256().0, header, &claims(now, now + 30)),
                "signature",
            ),
            (
                es256_token(
                    &pair,
                    r#"{"alg":"none","typ":"JWT"}"#,
                    &claims(now, now + 30),
                ),
                "malformed",
            ),
            (
                es256_token(
                    &pair,
                    r#"{"alg":"RS256","typ":"JWT"}"#,
                    &claims(now, now + 30),
                ),
                "RS256",
            ),
        ] {
            let e = verify_assertion(&token, &key, now).unwrap_err();
            assert!(e.contains(why), "{why}: {e}");
        }
        // numbers chosen to overflow are refused, not a crash
        for (iat, exp) in [(i64::MIN, i64::MAX), (i64::MAX - 1, i64::MAX)] {
            let token = es256_token(&pair, header, &claims(iat, exp));
            assert!(verify_assertion(&token, &key, now).is_err());
        }
        // within the skew
        let late = es256_token(&pair, header, &claims(now - 80, now - 30));
        assert!(verify_assertion(&late, &key, now).is_ok());
    }
}
