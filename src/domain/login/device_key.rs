//! Device-key login (the jwt-bearer grant): a device logs in with a JWT signed by a key
//! registered as one of its user's device credentials.

use super::device_key_jwt::{self, DeviceKeyAlg, DevicePublicKey, MAX_CLOCK_SKEW};
use super::proven::{known_audience, tokens_for_user};
use crate::domain::DomainError;
use crate::domain::core::Core;
use crate::domain::crypto::sha256;
use crate::domain::management::device_credentials::require_device_keys;
use crate::domain::model::Client;
use crate::domain::tokens::{IssuedTokens, TokenRequest};

/// The jwt-bearer grant: a JWT signed by a registered device key logs its user in.
/// The key is found by the JWT's `kid` (the credential id) or its `device` claim (the
/// device name, as Lock v1 sent it), among the keys of the user named in `iss` for this
/// client. Each JWT works once.
pub async fn device_login(
    core: &Core,
    client: &Client,
    assertion: &str,
    request: TokenRequest<'_>,
) -> Result<IssuedTokens, DomainError> {
    require_device_keys(core).await?;
    let invalid = |why: &str| DomainError::InvalidGrant(format!("Invalid assertion: {why}"));
    known_audience(core, request.audience).await?;
    let hint = device_key_jwt::assertion_hint(assertion).ok_or_else(|| invalid("malformed"))?;
    let user = core
        .store
        .user(&hint.iss)
        .await?
        .ok_or_else(|| invalid("unknown user"))?;
    let credential = match (&hint.kid, &hint.device) {
        (Some(kid), _) => core.store.device_credential(kid).await?,
        (None, Some(name)) => core
            .store
            .device_credentials(&user.user_id)
            .await?
            .into_iter()
            .find(|c| c.device_name == *name && c.client_id == client.client_id),
        (None, None) => return Err(invalid("the token names no key (kid) or device")),
    }
    .filter(|c| c.user_id == user.user_id && c.client_id == client.client_id)
    .ok_or_else(|| invalid("no such device key for this user and application"))?;
    let key = DevicePublicKey {
        alg: DeviceKeyAlg::parse(&credential.alg)
            .ok_or_else(|| DomainError::internal("stored device key has an unknown alg"))?,
        spki_pem: credential.public_key.clone(),
    };
    let now = core.clock.now();
    let claims = device_key_jwt::verify_assertion(assertion, &key, now).map_err(|e| invalid(&e))?;
    if user.blocked {
        return Err(DomainError::UserBlocked);
    }
    if !core
        .store
        .record_assertion(
            &sha256(signed_part(assertion).as_bytes()),
            claims.exp.saturating_add(MAX_CLOCK_SKEW),
        )
        .await?
    {
        return Err(invalid("the token was already used"));
    }
    core.store.record_login(&user.user_id, now).await?;
    let device = request
        .device
        .or(claims.device.as_deref())
        .or(Some(&credential.device_name));
    tokens_for_user(core, client, &user, TokenRequest { device, ..request }).await
}

/// The part of a JWS the signature covers (header and payload). Replay detection keys on it,
/// not on the whole text: an ECDSA signature `(r, s)` has a twin `(r, n−s)` that verifies
/// too, so a used token re-signed that way must still count as used.
fn signed_part(assertion: &str) -> &str {
    assertion
        .rsplit_once('.')
        .map_or(assertion, |(signed, _signature)| signed)
}

#[cfg(test)]
mod tests {
    use super::signed_part;

    #[test]
    fn the_replay_key_ignores_the_signature() {
        assert_eq!(signed_part("aGVhZA.cGF5bG9hZA.c2lnMQ"), "aGVhZA.cGF5bG9hZA");
        assert_eq!(
            signed_part("aGVhZA.cGF5bG9hZA.c2lnMQ"),
            signed_part("aGVhZA.cGF5bG9hZA.c2lnMg")
        );
        assert_ne!(
            signed_part("aGVhZA.cGF5bG9hZA.c2lnMQ"),
            signed_part("aGVhZA.cGF5bG9hZB.c2lnMQ")
        );
    }
}
