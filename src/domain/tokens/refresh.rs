//! Refresh tokens: minting one beside a login's tokens (if the scope and client allow it),
//! the `refresh_token` grant (rotation, with reuse revoking the family unless it is a
//! duplicate of the rotating request, see [`super::refresh_rule`]), and revocation.

use crate::domain::core::Core;
use crate::domain::crypto::sha256;
use crate::domain::model::{
    Client, ExpirationType, GRANT_REFRESH_TOKEN, RefreshTokenRecord, RefreshUse, RotationType,
};
use crate::domain::oauth::api_scope::ApiAccess;
use crate::domain::oauth::scope::Scope;
use crate::domain::tokens::TokenRequest;
use crate::domain::tokens::issuer::{IdTokenExtras, IssuedTokens};
use crate::domain::tokens::refresh_rule::RefreshDecision;
use crate::domain::{DomainError, random_hex, random_token};

/// A refresh token to hand out with these tokens, if the scope, the client and the API
/// (`allow_offline_access`) allow one: the record to store and the token itself.
pub fn new_token(
    core: &Core,
    client: &Client,
    request: TokenRequest<'_>,
    api: &ApiAccess,
    family: Option<&RefreshTokenRecord>,
) -> Option<(RefreshTokenRecord, String)> {
    let TokenRequest { scope, device, .. } = request;
    // The token keeps at most what anyone may hold for this audience, so a refresh can
    // never ask back what the login could not be given; roles are applied at each use.
    let scope = api.ceiling(scope);
    if !scope.has("offline_access") || !client.allows_grant(GRANT_REFRESH_TOKEN) {
        return None;
    }
    let now = core.clock.now();
    let policy = &client.refresh_token;
    let expiring = policy.expiration_type == ExpirationType::Expiring;
    let token = random_token(core.random.as_ref(), 32);
    let record = RefreshTokenRecord {
        id: random_hex(core.random.as_ref(), 12),
        token_hash: sha256(token.as_bytes()),
        family_id: family
            .map(|f| f.family_id.clone())
            .unwrap_or_else(|| random_hex(core.random.as_ref(), 12)),
        client_id: client.client_id.clone(),
        user_id: family.map(|f| f.user_id.clone()).unwrap_or_default(),
        scope: scope.to_string(),
        audience: api.audience().map(str::to_string),
        device: device.map(str::to_string),
        created_at: now,
        family_expires_at: match family {
            Some(f) => f.family_expires_at,
            None => expiring.then_some(now + policy.token_lifetime),
        },
        idle_expires_at: expiring.then_some(now + policy.idle_token_lifetime),
        rotated_at: None,
        revoked_at: None,
    };
    Some((record, token))
}

/// The `refresh_token` grant. With rotation, the presented token is spent and a new one
/// returned; presenting a spent one again revokes every token of its family.
pub async fn exchange(
    core: &Core,
    client: &Client,
    refresh_token: &str,
    requested_scope: Option<&str>,
) -> Result<IssuedTokens, DomainError> {
    let invalid = || DomainError::InvalidGrant("Unknown or invalid refresh token.".into());
    let now = core.clock.now();
    let hash = sha256(refresh_token.as_bytes());
    // First a plain read, to build the replacement from the family; the store re-checks
    // everything inside its transaction.
    let current = core.store.refresh_token(&hash).await?.ok_or_else(invalid)?;
    if current.client_id != client.client_id || current.revoked_at.is_some() {
        return Err(invalid());
    }
    let granted = Scope::parse(&current.scope);
    let scope = granted.narrow(requested_scope).ok_or_else(|| {
        DomainError::InvalidScope(
            "The requested scope exceeds the scope granted to the refresh token".into(),
        )
    })?;
    let user = core.store.user(&current.user_id).await?.ok_or_else(|| {
        DomainError::InvalidGrant(
            "The refresh_token was generated for a user who doesn't exist anymore.".into(),
        )
    })?;
    if user.blocked {
        return Err(DomainError::UserBlocked);
    }
    // The API as it is now, and the user's permissions on it as they are now: a role taken
    // away is gone from the next token.
    let api =
        super::api_access::user_audience(core, current.audience.as_deref(), &user.user_id).await?;
    let policy = &client.refresh_token;
    let rotating = policy.rotation_type == RotationType::Rotating;
    let replacement = if rotating {
        new_token(
            core,
            client,
            TokenRequest {
                scope: &granted,
                audience: current.audience.as_deref(),
                device: current.device.as_deref(),
            },
            &api,
            Some(&current),
        )
    } else {
        None
    };
    let idle = (policy.expiration_type == ExpirationType::Expiring)
        .then_some(now + policy.idle_token_lifetime);
    let attempt = super::refresh_rule::RefreshAttempt {
        now,
        leeway: policy.leeway,
        replacement: replacement.as_ref().map(|(r, _)| r),
        new_idle_expiry: idle,
    };
    // A use that writes nothing (no rotation, no idle expiry to push back: Auth0's default
    // policy) is decided by the read above, as the store would decide it from the same row;
    // only the others take a transaction (on SQLite, its one writer).
    let writes_nothing = attempt.replacement.is_none() && attempt.new_idle_expiry.is_none();
    let outcome = if writes_nothing
        && super::refresh_rule::decide(&current, &attempt) == RefreshDecision::Accept
    {
        RefreshUse::Accepted(Box::new(current.clone()))
    } else {
        core.store.use_refresh_token(&hash, &attempt).await?
    };
    match outcome {
        RefreshUse::Accepted(_) => {}
        RefreshUse::Reused => {
            crate::domain::measures::refresh_token_reused();
            tracing::warn!(family = %current.family_id, client_id = %client.client_id, "refresh token reused: family revoked");
            return Err(invalid());
        }
        RefreshUse::Duplicate => {
            tracing::info!(family = %current.family_id, client_id = %client.client_id, "refresh token presented again as it was rotated: refused as a duplicate, nothing revoked");
            return Err(invalid());
        }
        RefreshUse::Invalid => return Err(invalid()),
    }
    let mut issued =
        core.tokens
            .issue(&user, client, &scope, &api, now, &IdTokenExtras::default())?;
    issued.refresh_token = replacement.map(|(_, token)| token);
    Ok(issued)
}

/// Revokes a refresh token of this client. Unknown tokens are not an error (RFC 7009).
pub async fn revoke(core: &Core, client: &Client, token: &str) -> Result<(), DomainError> {
    let hash = sha256(token.as_bytes());
    core.store
        .revoke_refresh_token(&hash, &client.client_id, core.clock.now())
        .await?;
    Ok(())
}
