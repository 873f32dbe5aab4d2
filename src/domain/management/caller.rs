//! Who calls the Management API, read from its bearer token, and the scopes a user-bound
//! token carries for the user's own device credentials.

use crate::domain::DomainError;
use crate::domain::core::Core;
use crate::domain::oauth::scope::Scope;

pub const SCOPE_CREATE: &str = "create:current_user_device_credentials";
pub const SCOPE_DELETE: &str = "delete:current_user_device_credentials";
pub const SCOPE_READ: &str = "read:current_user_device_credentials";

/// Who calls the Management API: a user with a user-bound token, or a machine client with
/// a `client_credentials` token (`user_id` is then `<client_id>@clients`).
#[derive(Debug, Clone)]
pub struct ApiCaller {
    pub machine: bool,
    pub user_id: String,
    /// The client the token was issued to.
    pub client_id: String,
    pub scope: Scope,
}

impl ApiCaller {
    pub fn require(&self, scopes: &[&str]) -> Result<(), DomainError> {
        if scopes.iter().any(|s| self.scope.has(s)) {
            Ok(())
        } else {
            Err(DomainError::AccessDenied(format!(
                "Insufficient scope, expected any of: {}",
                scopes.join(",")
            )))
        }
    }
}

/// The audience of Management API tokens.
pub fn management_audience(core: &Core) -> String {
    format!("{}api/v2/", core.tokens.issuer())
}

/// Who a Management API bearer token speaks for: it must verify as our access token and
/// name the Management API among its audiences.
pub fn api_caller(core: &Core, bearer: &str) -> Result<ApiCaller, DomainError> {
    let claims =
        core.tokens
            .verify_api_token(bearer, &management_audience(core), core.clock.now())?;
    Ok(ApiCaller {
        machine: claims.sub.ends_with("@clients"),
        user_id: claims.sub,
        client_id: claims.azp,
        scope: Scope::parse(&claims.scope),
    })
}
