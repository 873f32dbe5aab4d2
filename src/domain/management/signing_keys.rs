//! The token signing keys, rotated and revoked by operators.

use crate::domain::DomainError;
use crate::domain::core::Core;

/// Publishes a new signing key and signs with it at once; the previous one stays in the
/// JWKS, the one before is retired.
pub async fn rotate_signing_key(core: &Core) -> Result<String, DomainError> {
    let key = crate::domain::tokens::keys::generate_signing_key(
        &core.keys,
        core.random.as_ref(),
        core.clock.now(),
    )?;
    core.store.add_signing_key(&key, true).await?;
    crate::domain::tokens::key_reload::reload(core).await?;
    Ok(key.kid)
}

/// Revokes the previous signing key: it leaves the JWKS, so tokens it signed stop
/// verifying. `false` if `kid` is not the previous key.
pub async fn revoke_signing_key(core: &Core, kid: &str) -> Result<bool, DomainError> {
    let revoked = core.store.revoke_signing_key(kid).await?;
    if revoked {
        crate::domain::tokens::key_reload::reload(core).await?;
    }
    Ok(revoked)
}
