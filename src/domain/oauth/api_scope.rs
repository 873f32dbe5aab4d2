//! Which scopes a user may hold in an access token for an API: the one rule every user grant
//! (code, authorization code, refresh, device key, passkey) goes through, applied where
//! user tokens are signed ([`TokenIssuer::issue`]) and where refresh tokens are minted
//! ([`crate::domain::tokens::refresh::new_token`]), on the API read from the store
//! ([`crate::domain::tokens::api_access`]). Machine (`client_credentials`) tokens follow
//! their client grants instead.
//!
//! [`TokenIssuer::issue`]: crate::domain::tokens::issuer::TokenIssuer::issue

use std::sync::Arc;

use super::scope::Scope;
use crate::domain::model::{ResourceServer, TokenDialect};

pub use crate::domain::model::{ApiScope, OIDC_SCOPES, validate_scopes};

/// What a user's token for the Management API may carry: the `current_user` scopes Auth0
/// allows user tokens, Latchkey's own read of a user's device credentials, and the My
/// Account names its own-account endpoints accept. Never an operator scope (`read:users`,
/// `create:clients`, …): those only come with a client grant.
pub const MANAGEMENT_USER_SCOPES: &[&str] = &[
    "read:current_user",
    "update:current_user_identities",
    "create:current_user_metadata",
    "update:current_user_metadata",
    "delete:current_user_metadata",
    "create:current_user_device_credentials",
    "read:current_user_device_credentials",
    "delete:current_user_device_credentials",
    "read:me:authentication_methods",
    "delete:me:authentication_methods",
];

/// The most a user who asked for `requested` may hold for `api`, whoever they are: the
/// OIDC scopes asked for (`offline_access` only if the API allows offline access), plus
/// those asked for that the API defines (for the Management API, [`MANAGEMENT_USER_SCOPES`]).
/// Without an API, only the OIDC scopes. Order is kept; what is not allowed is dropped, not
/// refused, as Auth0 does. A refresh token keeps this much, so a role given back later is
/// honoured at the next refresh.
pub fn ceiling(api: Option<&ResourceServer>, requested: &Scope) -> Scope {
    requested.filter(|s| match api {
        None => OIDC_SCOPES.contains(&s),
        Some(api) if s == "offline_access" => api.settings.allow_offline_access,
        Some(_) if OIDC_SCOPES.contains(&s) => true,
        Some(api) if api.is_system => MANAGEMENT_USER_SCOPES.contains(&s),
        Some(api) => api.defines(s),
    })
}

/// What the user gets in a token for `api`: the [`ceiling`], and with RBAC
/// (`enforce_policies`) only the API's scopes among `permissions` (what the user's roles
/// and direct permissions give them): Auth0's intersection of the requested scopes and the
/// user's permissions. A scope asked for and not granted is dropped, not refused.
pub fn user_grant(
    api: Option<&ResourceServer>,
    requested: &Scope,
    permissions: &[String],
) -> Scope {
    let ceiling = ceiling(api, requested);
    match api {
        Some(api) if api.settings.enforce_policies && !api.is_system => {
            ceiling.filter(|s| OIDC_SCOPES.contains(&s) || permissions.iter().any(|p| p == s))
        }
        _ => ceiling,
    }
}

/// The `permissions` claim of a token for `api`: with the `access_token_authz` dialect,
/// every permission the user holds on it, asked for or not (Auth0's rule); else none.
pub fn permissions_claim<'a>(
    api: Option<&ResourceServer>,
    permissions: &'a [String],
) -> Option<&'a [String]> {
    api.filter(|a| !a.is_system && a.settings.token_dialect == TokenDialect::AccessTokenAuthz)
        .map(|_| permissions)
}

/// The audience a login's tokens are for, read once per token request: the API (none for
/// an opaque `/userinfo` token) and, when it needs them, the user's permissions on it.
#[derive(Debug, Clone, Default)]
pub struct ApiAccess {
    pub api: Option<Arc<ResourceServer>>,
    /// The user's permission names on the API; read only when it enforces RBAC or lists
    /// permissions in its tokens.
    pub permissions: Vec<String>,
}

impl ApiAccess {
    /// The API's identifier, the token's `aud`.
    pub fn audience(&self) -> Option<&str> {
        self.api.as_deref().map(|a| a.identifier.as_str())
    }

    /// [`ceiling`] for this audience.
    pub fn ceiling(&self, requested: &Scope) -> Scope {
        ceiling(self.api.as_deref(), requested)
    }

    /// [`user_grant`] for this audience and user.
    pub fn grant(&self, requested: &Scope) -> Scope {
        user_grant(self.api.as_deref(), requested, &self.permissions)
    }

    /// [`permissions_claim`] for this audience and user.
    pub fn permissions_claim(&self) -> Option<&[String]> {
        permissions_claim(self.api.as_deref(), &self.permissions)
    }

    /// The access token's lifetime: the API's `token_lifetime`, or `token_lifetime_for_web`
    /// for one `/authorize` returns; `default` without an API.
    pub fn lifetime(&self, for_web: bool, default: i64) -> i64 {
        match self.api.as_deref() {
            Some(a) if for_web => a.settings.token_lifetime_for_web,
            Some(a) => a.settings.token_lifetime,
            None => default,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::ApiSettings;

    const MGMT: &str = "https://auth.example/api/v2/";

    fn api(identifier: &str, scopes: &[&str], settings: ApiSettings) -> ResourceServer {
        ResourceServer {
            scopes: ApiScope::named(scopes),
            settings,
            ..ResourceServer::new("id".into(), identifier.into())
        }
    }

    fn offline() -> ApiSettings {
        ApiSettings {
            allow_offline_access: true,
            ..ApiSettings::default()
        }
    }

    fn grant(api: Option<&ResourceServer>, asked: &str, held: &[&str]) -> String {
        let held: Vec<String> = held.iter().map(|s| s.to_string()).collect();
        user_grant(api, &Scope::parse(asked), &held).to_string()
    }

    #[test]
    fn a_user_gets_the_oidc_scopes_and_what_the_api_defines() {
        let items = api("https://items.example/", &["read:items"], offline());
        let plain = api("https://plain.example/", &[], offline());
        let asked = "openid offline_access read:items admin delete:everything";
        assert_eq!(
            grant(Some(&items), asked, &[]),
            "openid offline_access read:items"
        );
        assert_eq!(grant(Some(&plain), asked, &[]), "openid offline_access");
        assert_eq!(
            grant(Some(&items), "openid profile email phone admin", &[]),
            "openid profile email phone"
        );
        // no audience: the OIDC scopes only
        assert_eq!(grant(None, asked, &[]), "openid offline_access");
        // case matters
        assert_eq!(grant(Some(&items), "READ:items", &[]), "");
    }

    #[test]
    fn offline_access_needs_the_apis_consent() {
        let closed = api(
            "https://items.example/",
            &["read:items"],
            ApiSettings::default(),
        );
        assert_eq!(
            grant(Some(&closed), "openid offline_access read:items", &[]),
            "openid read:items"
        );
        assert_eq!(
            grant(None, "openid offline_access", &[]),
            "openid offline_access",
            "an opaque token for /userinfo only is not an API's"
        );
    }

    #[test]
    fn with_rbac_only_the_users_permissions_come_through() {
        let rbac = api(
            "https://items.example/",
            &["read:items", "write:items"],
            ApiSettings {
                enforce_policies: true,
                ..offline()
            },
        );
        let asked = "openid offline_access read:items write:items admin";
        assert_eq!(grant(Some(&rbac), asked, &[]), "openid offline_access");
        assert_eq!(
            grant(Some(&rbac), asked, &["write:items"]),
            "openid offline_access write:items"
        );
        // a permission held but not asked for is not given; one the API no longer
        // defines is not either
        assert_eq!(
            grant(Some(&rbac), "openid", &["read:items", "gone:items"]),
            "openid"
        );
        assert_eq!(grant(Some(&rbac), "gone:items", &["gone:items"]), "");
        // the ceiling, what a refresh token keeps, ignores RBAC
        assert_eq!(
            ceiling(Some(&rbac), &Scope::parse(asked)).to_string(),
            "openid offline_access read:items write:items"
        );
    }

    #[test]
    fn the_permissions_claim_comes_with_the_authz_dialect_only() {
        let held = vec!["read:items".to_string()];
        let authz = api(
            "https://items.example/",
            &["read:items"],
            ApiSettings {
                token_dialect: TokenDialect::AccessTokenAuthz,
                ..ApiSettings::default()
            },
        );
        let plain = api(
            "https://items.example/",
            &["read:items"],
            ApiSettings::default(),
        );
        assert_eq!(permissions_claim(Some(&authz), &held), Some(&held[..]));
        assert_eq!(permissions_claim(Some(&plain), &held), None);
        assert_eq!(permissions_claim(None, &held), None);
    }

    #[test]
    fn the_management_api_gives_users_only_current_user_scopes() {
        let m = ResourceServer::management(
            "m".into(),
            MGMT.into(),
            crate::domain::management::MANAGEMENT_SCOPES,
        );
        let asked = "openid read:current_user create:current_user_device_credentials \
                     read:me:authentication_methods read:users delete:users create:clients \
                     read:items";
        assert_eq!(
            grant(Some(&m), asked, &["read:users"]),
            "openid read:current_user create:current_user_device_credentials \
             read:me:authentication_methods"
        );
        assert_eq!(
            grant(Some(&m), "openid read:users update:users", &[]),
            "openid"
        );
        // what the device-credential endpoints check is on the list
        for s in [
            crate::domain::management::caller::SCOPE_CREATE,
            crate::domain::management::caller::SCOPE_READ,
            crate::domain::management::caller::SCOPE_DELETE,
        ] {
            assert!(MANAGEMENT_USER_SCOPES.contains(&s), "{s}");
        }
    }

    #[test]
    fn the_lifetime_is_the_apis() {
        let a = api(
            "https://items.example/",
            &[],
            ApiSettings {
                token_lifetime: 3600,
                token_lifetime_for_web: 600,
                ..ApiSettings::default()
            },
        );
        let access = ApiAccess {
            api: Some(Arc::new(a)),
            permissions: vec![],
        };
        assert_eq!(access.lifetime(false, 86_400), 3600);
        assert_eq!(access.lifetime(true, 86_400), 600);
        assert_eq!(ApiAccess::default().lifetime(true, 86_400), 86_400);
        assert_eq!(access.audience(), Some("https://items.example/"));
    }
}
