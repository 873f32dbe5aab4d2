//! Picking up signing keys rotated in the database (by `latchkey keys rotate` or another
//! instance), so every instance signs with the current key and publishes what is stored.

use super::keys::KeyRing;
use crate::domain::DomainError;
use crate::domain::core::Core;
use crate::domain::model::KeyState;

/// Picks up keys rotated in the database (by `latchkey keys rotate` or another
/// instance): a new current key signs from now on, and the JWKS lists what the
/// database lists.
pub async fn reload(core: &Core) -> Result<(), DomainError> {
    let records = core.store.signing_keys().await?;
    let ring = core.tokens.ring();
    let mut stored: Vec<&str> = records
        .iter()
        .filter(|r| r.state != KeyState::Retired)
        .map(|r| r.kid.as_str())
        .collect();
    let mut published: Vec<&str> = ring.published.iter().map(|k| k.kid.as_str()).collect();
    stored.sort_unstable();
    published.sort_unstable();
    let current_moved = records
        .iter()
        .any(|r| r.state == KeyState::Current && r.kid != ring.current.kid);
    if stored != published || current_moved {
        let fresh = KeyRing::load(&records, &core.keys)?;
        tracing::info!(kid = %fresh.current.kid, "signing keys reloaded");
        core.tokens.replace_ring(fresh);
    }
    Ok(())
}
