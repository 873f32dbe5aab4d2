//! `/userinfo`: the profile claims an access token's scope releases, for a user who still
//! exists and is not blocked.

use serde_json::{Map, Value};

use super::claims::profile_claims;
use crate::domain::DomainError;
use crate::domain::core::Core;
use crate::domain::model::User;
use crate::domain::oauth::scope::Scope;

/// The claims `/userinfo` returns for an access token.
pub async fn claims(core: &Core, access_token: &str) -> Result<Map<String, Value>, DomainError> {
    let claims = core
        .tokens
        .verify_access_token(access_token, core.clock.now())?;
    let scope = Scope::parse(&claims.scope);
    if !scope.has("openid") {
        return Err(DomainError::InvalidToken(
            "the token lacks the openid scope".into(),
        ));
    }
    let user: User = core
        .store
        .user(&claims.sub)
        .await?
        .ok_or_else(|| DomainError::InvalidToken("the user no longer exists".into()))?;
    if user.blocked {
        return Err(DomainError::UserBlocked);
    }
    Ok(profile_claims(&user, &scope))
}
