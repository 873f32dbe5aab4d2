//! PKCE (RFC 7636), S256 only: what a challenge or verifier may look like, and whether a
//! verifier answers a challenge.

use base64::Engine;

use crate::domain::crypto::{ct_eq, sha256};

/// RFC 7636 §4.1: 43 to 128 unreserved characters.
pub fn is_pkce_value(s: &str) -> bool {
    (43..=128).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

/// Whether `verifier` answers the S256 `challenge`.
pub fn pkce_matches(challenge: &str, verifier: &str) -> bool {
    if !is_pkce_value(verifier) {
        return false;
    }
    let computed =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha256(verifier.as_bytes()));
    ct_eq(computed.as_bytes(), challenge.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_s256_matches_rfc7636_appendix_b() {
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
        assert!(pkce_matches(challenge, verifier));
        assert!(!pkce_matches(
            challenge,
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXK"
        ));
        assert!(!pkce_matches(challenge, "short"));
        // a challenge that is not the verifier's hash never matches, even the verifier itself
        assert!(!pkce_matches(verifier, verifier));
        assert!(!pkce_matches("", verifier));
    }

    #[test]
    fn pkce_values_are_43_to_128_unreserved_characters() {
        assert!(!is_pkce_value(&"a".repeat(42)));
        assert!(is_pkce_value(&"a".repeat(43)));
        assert!(is_pkce_value(&"a".repeat(128)));
        assert!(!is_pkce_value(&"a".repeat(129)));
        assert!(is_pkce_value(&format!("{}-._~", "A9".repeat(20))));
        for bad in ['+', '/', '=', ' ', '%', 'é'] {
            assert!(
                !is_pkce_value(&format!("{}{bad}", "a".repeat(43))),
                "{bad:?}"
            );
        }
    }
}
