//! Signing keys in the database: making the key an algorithm needs when a client first asks
//! for it, rotating every algorithm's key at once, and picking up keys rotated by `latchkey
//! keys rotate` or another instance, so every instance signs with the current keys and
//! publishes what is stored.

use super::keys::{certify_stored_key, generate_signing_key};
use crate::domain::core::Core;
use crate::domain::crypto::ServerKeys;
use crate::domain::model::{KeyState, SigningAlg};
use crate::domain::ports::Store;
use crate::domain::{DomainError, Random, UnixTime};

/// Makes a current key for each of `algs` that has none (RSA keys take a moment to make,
/// so an algorithm no client uses gets none), and a certificate for each stored key made
/// before keys had one. Returns the algorithms that got a key.
pub async fn ensure_keys(
    store: &dyn Store,
    keys: &ServerKeys,
    random: &dyn Random,
    now: UnixTime,
    algs: &[SigningAlg],
) -> Result<Vec<SigningAlg>, DomainError> {
    let stored = store.signing_keys().await?;
    for record in stored.iter().filter(|r| r.cert.is_none()) {
        let cert = certify_stored_key(record, keys)?;
        if store.certify_signing_key(&record.kid, &cert).await? {
            tracing::info!(kid = %record.kid, "made the signing key's certificate");
        }
    }
    let mut made = Vec::new();
    for &alg in algs {
        let has_one = stored
            .iter()
            .any(|r| r.alg == alg && r.state == KeyState::Current);
        if has_one || made.contains(&alg) {
            continue;
        }
        let key = generate_signing_key(keys, random, now, alg)?;
        // `false`: another instance made one first; its key is the one.
        if store.add_signing_key(&key, false).await? {
            tracing::info!(kid = %key.kid, alg = %alg, "created a signing key");
        }
        made.push(alg);
    }
    Ok(made)
}

/// Gives `alg` a key if it has none yet, and signs with it here at once (a client was just
/// switched to it).
pub async fn ensure_key(core: &Core, alg: SigningAlg) -> Result<(), DomainError> {
    if core.tokens.ring().signer(alg).is_ok() {
        return Ok(());
    }
    ensure_keys(
        core.store.as_ref(),
        &core.keys,
        core.random.as_ref(),
        core.clock.now(),
        &[alg],
    )
    .await?;
    reload(core).await
}

/// A new key for every algorithm that has one: each signs from now on, the keys they
/// replace stay published, the ones before those are retired. Returns each algorithm with
/// its new key's id, RS256 first.
pub async fn rotate_all(
    store: &dyn Store,
    keys: &ServerKeys,
    random: &dyn Random,
    now: UnixTime,
) -> Result<Vec<(SigningAlg, String)>, DomainError> {
    let mut algs: Vec<SigningAlg> = store
        .signing_keys()
        .await?
        .iter()
        .filter(|r| r.state == KeyState::Current)
        .map(|r| r.alg)
        .collect();
    if !algs.contains(&SigningAlg::Rs256) {
        algs.push(SigningAlg::Rs256);
    }
    algs.sort_unstable();
    algs.dedup();
    let mut kids = Vec::with_capacity(algs.len());
    for alg in algs {
        let key = generate_signing_key(keys, random, now, alg)?;
        store.add_signing_key(&key, true).await?;
        kids.push((alg, key.kid));
    }
    Ok(kids)
}

/// Picks up keys rotated in the database (by `latchkey keys rotate` or another
/// instance): see [`TokenIssuer::reload`](super::issuer::TokenIssuer::reload).
pub async fn reload(core: &Core) -> Result<(), DomainError> {
    core.tokens.reload(core.store.as_ref(), &core.keys).await
}
