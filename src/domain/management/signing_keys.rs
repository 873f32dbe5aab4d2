//! The token signing keys, rotated and revoked by operators.

use crate::domain::DomainError;
use crate::domain::core::Core;
use crate::domain::tokens::key_reload;

/// Publishes a new signing key for each algorithm in use and signs with them at once; the
/// previous ones stay in the JWKS, the ones before are retired. Returns the new RS256 key's id.
pub async fn rotate_signing_key(core: &Core) -> Result<String, DomainError> {
    let kids = key_reload::rotate_all(
        core.store.as_ref(),
        &core.keys,
        core.random.as_ref(),
        core.clock.now(),
    )
    .await?;
    key_reload::reload(core).await?;
    kids.into_iter()
        .next()
        .map(|(_, kid)| kid)
        .ok_or_else(|| DomainError::internal("no signing key was rotated"))
}

/// Revokes the previous signing key: it leaves the JWKS, so tokens it signed stop
/// verifying. `false` if `kid` is not the previous key.
pub async fn revoke_signing_key(core: &Core, kid: &str) -> Result<bool, DomainError> {
    let revoked = core.store.revoke_signing_key(kid).await?;
    if revoked {
        key_reload::reload(core).await?;
    }
    Ok(revoked)
}
