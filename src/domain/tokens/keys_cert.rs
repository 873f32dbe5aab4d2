//! Each signing key's self-signed X.509 certificate, as Auth0 shows its keys (`cert`,
//! `pkcs7`, `fingerprint`, `thumbprint` on `/api/v2/keys/signing`): made once when the key
//! is made (or, for keys from before, once at start-up) and stored, so its fingerprint is the
//! same on every call and every instance. The certificate only carries the public key to
//! tools that want PEM (SAML-style setups, auth0-deploy-cli exports); tokens are checked
//! against the JWKS.

use aws_lc_rs::digest::{SHA1_FOR_LEGACY_USE_ONLY, digest};
use rcgen::{CertificateParams, DnType, KeyPair};

use crate::domain::{DomainError, UnixTime};

/// A PEM certificate for the key whose private half is `pkcs8`, valid from the key's
/// creation for ten years, named after the key (`CN=<kid>`).
pub fn certificate_pem(
    pkcs8: &[u8],
    kid: &str,
    created_at: UnixTime,
) -> Result<String, DomainError> {
    let failed = |e: rcgen::Error| DomainError::Internal(format!("certificate of {kid}: {e}"));
    let key = KeyPair::try_from(pkcs8).map_err(failed)?;
    let mut params = CertificateParams::new(Vec::<String>::new()).map_err(failed)?;
    params.distinguished_name = rcgen::DistinguishedName::new();
    params.distinguished_name.push(DnType::CommonName, kid);
    let from =
        time::OffsetDateTime::from_unix_timestamp(created_at).map_err(DomainError::internal)?;
    params.not_before = from;
    params.not_after = from + time::Duration::days(3650);
    let cert = params.self_signed(&key).map_err(failed)?;
    Ok(crlf_pem("CERTIFICATE", cert.der()))
}

/// PEM as Auth0 writes it: `\r\n` line breaks, none after the last line.
fn crlf_pem(tag: &str, der: &[u8]) -> String {
    let config = pem::EncodeConfig::new().set_line_ending(pem::LineEnding::CRLF);
    pem::encode_config(&pem::Pem::new(tag, der), config)
        .trim_end()
        .to_string()
}

/// What Auth0 shows of a key's certificate.
#[derive(Debug, Clone, PartialEq)]
pub struct CertificateView {
    /// The PEM certificate.
    pub cert: String,
    /// The same certificate in a PEM PKCS#7 (a certificates-only SignedData).
    pub pkcs7: String,
    /// SHA-1 of the certificate's DER, upper-case hex pairs joined by `:`.
    pub fingerprint: String,
    /// The same SHA-1, upper-case hex without separators.
    pub thumbprint: String,
}

/// The view of a stored PEM certificate.
pub fn certificate_view(cert_pem: &str) -> Result<CertificateView, DomainError> {
    let parsed = pem::parse(cert_pem).map_err(DomainError::internal)?;
    let der = parsed.contents();
    let sha1 = digest(&SHA1_FOR_LEGACY_USE_ONLY, der);
    let hex: Vec<String> = sha1.as_ref().iter().map(|b| format!("{b:02X}")).collect();
    Ok(CertificateView {
        cert: crlf_pem("CERTIFICATE", der),
        pkcs7: crlf_pem("PKCS7", &pkcs7_certificates(der)),
        fingerprint: hex.join(":"),
        thumbprint: hex.concat(),
    })
}

/// One DER element: `tag`, its definite length, `body`.
fn der(tag: u8, body: &[u8]) -> Vec<u8> {
    let len = body.len();
    let mut out = vec![tag];
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(body);
    out
}

/// RFC 5652's degenerate SignedData carrying one certificate and no signature (what
/// `openssl crl2pkcs7 -nocrl` writes): ContentInfo { signedData, [0] SignedData { version 1,
/// digestAlgorithms {}, encapContentInfo { data }, certificates [0] { cert }, signerInfos {} } }.
fn pkcs7_certificates(cert_der: &[u8]) -> Vec<u8> {
    const SIGNED_DATA: &[u8] = &[
        0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02,
    ];
    const DATA: &[u8] = &[
        0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01,
    ];
    let signed_data = [
        &[0x02, 0x01, 0x01][..], // version 1
        &der(0x31, &[]),         // digestAlgorithms: none
        &der(0x30, DATA),        // encapContentInfo: id-data, no content
        &der(0xA0, cert_der),    // certificates [0] IMPLICIT
        &der(0x31, &[]),         // signerInfos: none
    ]
    .concat();
    der(
        0x30,
        &[SIGNED_DATA, &der(0xA0, &der(0x30, &signed_data))].concat(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_lengths_use_the_short_and_long_forms() {
        assert_eq!(der(0x04, &[1, 2]), vec![0x04, 2, 1, 2]);
        let long = der(0x04, &[0; 300]);
        assert_eq!(&long[..4], &[0x04, 0x82, 0x01, 0x2C]);
        assert_eq!(long.len(), 304);
        assert_eq!(&der(0x04, &[0; 200])[..3], &[0x04, 0x81, 200]);
    }

    #[test]
    fn fingerprint_and_thumbprint_are_the_sha1_of_the_der() {
        let doc = aws_lc_rs::signature::EcdsaKeyPair::generate_pkcs8(
            &aws_lc_rs::signature::ECDSA_P256_SHA256_FIXED_SIGNING,
            &aws_lc_rs::rand::SystemRandom::new(),
        )
        .unwrap();
        let pem = certificate_pem(doc.as_ref(), "kid1", 1_700_000_000).unwrap();
        assert!(pem.starts_with("-----BEGIN CERTIFICATE-----\r\n"));
        assert!(pem.ends_with("\r\n-----END CERTIFICATE-----"));
        let view = certificate_view(&pem).unwrap();
        assert_eq!(view.cert, pem);
        assert_eq!(view.thumbprint.len(), 40);
        assert_eq!(view.fingerprint.replace(':', ""), view.thumbprint);
        assert_eq!(view.fingerprint.len(), 59);
        assert!(view.pkcs7.starts_with("-----BEGIN PKCS7-----\r\n"));
        // the same stored certificate gives the same view
        assert_eq!(certificate_view(&pem).unwrap(), view);
    }
}
