//! Reading the audience of a user's tokens: the API named by `audience` (an unknown one is
//! Auth0's 403 `access_denied` "Service not found") and, when the API needs them, the
//! user's permissions on it. Each token request reads the API (kept for a moment by
//! [`Core::resource_server`]) and at most one query of permissions; the rule applied to
//! them is [`crate::domain::oauth::api_scope`].

use crate::domain::DomainError;
use crate::domain::core::Core;
use crate::domain::oauth::api_scope::ApiAccess;

/// The API `audience` names, or none without one; an unknown audience is refused.
pub async fn audience(core: &Core, audience: Option<&str>) -> Result<ApiAccess, DomainError> {
    let Some(identifier) = audience else {
        return Ok(ApiAccess::default());
    };
    let api = core
        .resource_server(identifier)
        .await?
        .ok_or_else(|| DomainError::AccessDenied(format!("Service not found: {identifier}")))?;
    Ok(ApiAccess {
        api: Some(api),
        permissions: Vec::new(),
    })
}

/// `access` with `user_id`'s permissions on its API read, if the API needs them (RBAC or
/// the `permissions` claim).
pub async fn for_user(
    core: &Core,
    mut access: ApiAccess,
    user_id: &str,
) -> Result<ApiAccess, DomainError> {
    if let Some(api) = access.api.as_deref().filter(|a| a.needs_permissions()) {
        access.permissions = core
            .store
            .user_api_permissions(user_id, &api.identifier)
            .await?;
    }
    Ok(access)
}

/// [`audience`] then [`for_user`]: for a flow that knows its user already.
pub async fn user_audience(
    core: &Core,
    asked: Option<&str>,
    user_id: &str,
) -> Result<ApiAccess, DomainError> {
    let access = audience(core, asked).await?;
    for_user(core, access, user_id).await
}

/// The audiences of an authorization request this server knows: none, or the one it asks
/// for, so [`crate::domain::oauth::redirect::check_request`] refuses an unknown one before
/// the user signs in.
pub async fn known_audiences(core: &Core, asked: Option<&str>) -> Result<Vec<String>, DomainError> {
    let Some(asked) = asked.filter(|a| !a.is_empty()) else {
        return Ok(Vec::new());
    };
    Ok(match core.resource_server(asked).await? {
        Some(api) => vec![api.identifier.clone()],
        None => Vec::new(),
    })
}
