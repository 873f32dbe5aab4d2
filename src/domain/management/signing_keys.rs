//! The token signing keys, listed (with their certificates, as Auth0 shows them), rotated
//! and revoked by operators.

use crate::domain::core::Core;
use crate::domain::model::{KeyState, SigningKeyRecord};
use crate::domain::tokens::key_reload;
use crate::domain::tokens::keys::certify_stored_key;
use crate::domain::tokens::keys_cert::{CertificateView, certificate_view};
use crate::domain::{DomainError, UnixTime};

/// A signing key as the Management API shows it.
#[derive(Debug, Clone)]
pub struct SigningKeyView {
    pub record: SigningKeyRecord,
    pub certificate: CertificateView,
    /// When it stopped signing: when the next key of its algorithm was made.
    pub current_until: Option<UnixTime>,
}

/// Every stored key, newest first. A key without a certificate (made by an older instance
/// since this one started) gets its certificate now, stored once for all.
pub async fn signing_keys(core: &Core) -> Result<Vec<SigningKeyView>, DomainError> {
    let mut records = core.store.signing_keys().await?;
    if records.iter().any(|r| r.cert.is_none()) {
        for record in records.iter().filter(|r| r.cert.is_none()) {
            let cert = certify_stored_key(record, &core.keys)?;
            core.store.certify_signing_key(&record.kid, &cert).await?;
        }
        // Another instance may have stored its certificate first: the stored one is shown.
        records = core.store.signing_keys().await?;
    }
    records
        .iter()
        .map(|record| {
            let cert = record
                .cert
                .as_deref()
                .ok_or_else(|| DomainError::internal("a signing key has no certificate"))?;
            Ok(SigningKeyView {
                certificate: certificate_view(cert)?,
                current_until: current_until(&records, record),
                record: record.clone(),
            })
        })
        .collect()
}

/// When `key` stopped signing: its algorithm's next key's creation (keys sign from the
/// moment they are made); `None` while it is current.
fn current_until(all: &[SigningKeyRecord], key: &SigningKeyRecord) -> Option<UnixTime> {
    if key.state == KeyState::Current {
        return None;
    }
    all.iter()
        // Keys made in the same second tie; any of them gives the same time.
        .filter(|r| r.alg == key.alg && r.kid != key.kid && r.created_at >= key.created_at)
        .map(|r| r.created_at)
        .min()
}

/// One key by its id.
pub async fn signing_key(core: &Core, kid: &str) -> Result<Option<SigningKeyView>, DomainError> {
    Ok(signing_keys(core)
        .await?
        .into_iter()
        .find(|k| k.record.kid == kid))
}

/// Publishes a new signing key for each algorithm in use and signs with them at once; the
/// previous ones stay in the JWKS, the ones before are retired. Returns the new RS256 key.
pub async fn rotate_signing_key(core: &Core) -> Result<SigningKeyView, DomainError> {
    let kids = key_reload::rotate_all(
        core.store.as_ref(),
        &core.keys,
        core.random.as_ref(),
        core.clock.now(),
    )
    .await?;
    key_reload::reload(core).await?;
    let kid = kids
        .into_iter()
        .next()
        .map(|(_, kid)| kid)
        .ok_or_else(|| DomainError::internal("no signing key was rotated"))?;
    signing_key(core, &kid)
        .await?
        .ok_or_else(|| DomainError::internal("the rotated signing key is not stored"))
}

/// Why a key cannot be revoked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unrevoked {
    /// No key has that id.
    Unknown,
    /// It is current (rotate it away first) or already revoked.
    NotPrevious,
}

/// Revokes the previous signing key: it leaves the JWKS, so tokens it signed stop
/// verifying. Returns the revoked key.
pub async fn revoke_signing_key(
    core: &Core,
    kid: &str,
) -> Result<Result<SigningKeyView, Unrevoked>, DomainError> {
    if !core.store.revoke_signing_key(kid, core.clock.now()).await? {
        let known = core
            .store
            .signing_keys()
            .await?
            .iter()
            .any(|r| r.kid == kid);
        return Ok(Err(if known {
            Unrevoked::NotPrevious
        } else {
            Unrevoked::Unknown
        }));
    }
    key_reload::reload(core).await?;
    signing_key(core, kid)
        .await?
        .ok_or_else(|| DomainError::internal("the revoked signing key is not stored"))
        .map(Ok)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::SigningAlg;

    fn key(kid: &str, alg: SigningAlg, at: UnixTime, state: KeyState) -> SigningKeyRecord {
        SigningKeyRecord {
            kid: kid.into(),
            alg,
            sealed_private_key: String::new(),
            created_at: at,
            state,
            cert: None,
            revoked_at: None,
        }
    }

    #[test]
    fn a_key_was_current_until_its_algorithms_next_key_was_made() {
        let all = [
            key("c", SigningAlg::Rs256, 30, KeyState::Current),
            key("e", SigningAlg::Es256, 25, KeyState::Current),
            key("b", SigningAlg::Rs256, 20, KeyState::Previous),
            key("a", SigningAlg::Rs256, 10, KeyState::Retired),
        ];
        assert_eq!(current_until(&all, &all[0]), None);
        assert_eq!(current_until(&all, &all[1]), None);
        assert_eq!(current_until(&all, &all[2]), Some(30));
        assert_eq!(current_until(&all, &all[3]), Some(20));
        // rotated within one second
        let tied = [
            key("z", SigningAlg::Rs256, 5, KeyState::Current),
            key("a", SigningAlg::Rs256, 5, KeyState::Previous),
        ];
        assert_eq!(current_until(&tied, &tied[1]), Some(5));
    }
}
