//! Tokens for a user who proved who they are without a code (device key, passkey).

use crate::domain::DomainError;
use crate::domain::core::Core;
use crate::domain::model::{Client, User};
use crate::domain::tokens::{IdTokenExtras, IssuedTokens, TokenRequest};

/// An `audience` asked for must be one of the APIs this server issues tokens for.
pub fn known_audience(core: &Core, audience: Option<&str>) -> Result<(), DomainError> {
    match audience {
        Some(a) if !core.audiences.iter().any(|known| known == a) => {
            Err(DomainError::AccessDenied(format!("Service not found: {a}")))
        }
        _ => Ok(()),
    }
}

/// Tokens for a user who proved who they are without a code (device key, passkey): the
/// refresh token, when the scope and client allow one, is stored first.
pub async fn tokens_for_user(
    core: &Core,
    client: &Client,
    user: &User,
    request: TokenRequest<'_>,
) -> Result<IssuedTokens, DomainError> {
    known_audience(core, request.audience)?;
    let refresh = crate::domain::tokens::refresh::new_token(core, client, request, None);
    if let Some((record, _)) = &refresh {
        let mut record = record.clone();
        record.user_id = user.user_id.clone();
        core.store.insert_refresh_token(&record).await?;
    }
    let mut issued = core.tokens.issue(
        user,
        client,
        request.scope,
        request.audience,
        core.clock.now(),
        &IdTokenExtras::default(),
    )?;
    issued.refresh_token = refresh.map(|(_, token)| token);
    Ok(issued)
}
