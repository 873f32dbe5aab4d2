//! Tokens for a user who proved who they are without a code (device key, passkey).

use crate::domain::DomainError;
use crate::domain::core::Core;
use crate::domain::model::{Client, User};
use crate::domain::tokens::{IssuedTokens, Scope};

/// Tokens for a user who proved who they are without a code (device key, passkey): the
/// refresh token, when the scope and client allow one, is stored first.
pub async fn tokens_for_user(
    core: &Core,
    client: &Client,
    user: &User,
    scope: &Scope,
    audience: Option<&str>,
    device: Option<&str>,
) -> Result<IssuedTokens, DomainError> {
    if let Some(a) = audience
        && !core.audiences.iter().any(|known| known == a)
    {
        return Err(DomainError::AccessDenied(format!("Service not found: {a}")));
    }
    let refresh = core.new_refresh_token(client, scope, audience, device, None);
    if let Some((record, _)) = &refresh {
        let mut record = record.clone();
        record.user_id = user.user_id.clone();
        core.store.insert_refresh_token(&record).await?;
    }
    let mut issued =
        core.tokens
            .issue(user, &client.client_id, scope, audience, core.clock.now())?;
    issued.refresh_token = refresh.map(|(_, token)| token);
    Ok(issued)
}
