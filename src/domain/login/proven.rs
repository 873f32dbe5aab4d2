//! Tokens for a user who proved who they are without a code (device key, passkey), and the
//! issuing a code's exchange ends with as well.

use crate::domain::DomainError;
use crate::domain::core::Core;
use crate::domain::model::{Client, RefreshTokenRecord, User};
use crate::domain::oauth::api_scope::ApiAccess;
use crate::domain::oauth::scope::Scope;
use crate::domain::tokens::{IdTokenExtras, IssuedTokens, TokenRequest};

/// An `audience` asked for must be one of the APIs this server issues tokens for: the
/// API, read before anything is spent on the request.
pub async fn known_audience(core: &Core, audience: Option<&str>) -> Result<ApiAccess, DomainError> {
    crate::domain::tokens::api_access::audience(core, audience).await
}

/// Tokens for a user who proved who they are without a code (device key, passkey): the
/// refresh token, when the scope and client allow one, is stored first.
pub async fn tokens_for_user(
    core: &Core,
    client: &Client,
    user: &User,
    request: TokenRequest<'_>,
) -> Result<IssuedTokens, DomainError> {
    let api = known_audience(core, request.audience).await?;
    let api = crate::domain::tokens::api_access::for_user(core, api, &user.user_id).await?;
    let refresh = crate::domain::tokens::refresh::new_token(core, client, request, &api, None);
    if let Some((record, _)) = &refresh {
        let mut record = record.clone();
        record.user_id = user.user_id.clone();
        core.store.insert_refresh_token(&record).await?;
    }
    issue_with_refresh(core, user, client, request.scope, &api, refresh)
}

/// A login's tokens, issued now with no extras in the ID token, and the refresh token minted
/// beside them (if one was), whose record the caller has stored.
pub fn issue_with_refresh(
    core: &Core,
    user: &User,
    client: &Client,
    scope: &Scope,
    api: &ApiAccess,
    refresh: Option<(RefreshTokenRecord, String)>,
) -> Result<IssuedTokens, DomainError> {
    let mut issued = core.tokens.issue(
        user,
        client,
        scope,
        api,
        core.clock.now(),
        &IdTokenExtras::default(),
    )?;
    issued.refresh_token = refresh.map(|(_, token)| token);
    Ok(issued)
}
