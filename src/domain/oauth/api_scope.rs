//! Which scopes a user may hold in an access token for an API: the one rule every user grant
//! (code, authorization code, refresh, device key, passkey) goes through, applied where
//! user tokens are signed ([`TokenIssuer::issue`]) and where refresh tokens are minted
//! ([`crate::domain::tokens::refresh::new_token`]). Roles, when they come, narrow or widen it
//! here. Machine (`client_credentials`) tokens follow their client grants instead.
//!
//! [`TokenIssuer::issue`]: crate::domain::tokens::issuer::TokenIssuer::issue

use serde::{Deserialize, Serialize};

use super::scope::Scope;
use crate::domain::validation::FieldError;

/// The OpenID Connect scopes: any user may ask for them, whatever the audience.
pub const OIDC_SCOPES: &[&str] = &["openid", "profile", "email", "phone", "offline_access"];

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

/// The longest scope value accepted.
const MAX_SCOPE_LEN: usize = 280;
const MAX_DESCRIPTION_LEN: usize = 500;

/// A scope an API defines, in Auth0's resource-server shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiScope {
    pub value: String,
    #[serde(default)]
    pub description: String,
}

/// Checks an API's scope list; the refusal names `scopes[i].value` or `.description`.
pub fn validate_scopes(scopes: &[ApiScope]) -> Result<(), FieldError> {
    for (i, s) in scopes.iter().enumerate() {
        let field = format!("scopes[{i}]");
        let printable = !s.value.is_empty()
            && s.value.len() <= MAX_SCOPE_LEN
            && s.value
                .bytes()
                .all(|b| b.is_ascii_graphic() && b != b'"' && b != b'\\');
        if !printable {
            return Err(FieldError::labelled(
                format!("{field}.value"),
                format!(
                    "{:?} must be 1 to {MAX_SCOPE_LEN} printable ASCII characters without spaces, quotes or backslashes",
                    s.value
                ),
            ));
        }
        if OIDC_SCOPES.contains(&s.value.as_str()) {
            return Err(FieldError::labelled(
                format!("{field}.value"),
                format!(
                    "{:?} is an OpenID Connect scope, which every API has",
                    s.value
                ),
            ));
        }
        if scopes[..i].iter().any(|p| p.value == s.value) {
            return Err(FieldError::labelled(
                format!("{field}.value"),
                format!("{:?} is defined twice", s.value),
            ));
        }
        if s.description.len() > MAX_DESCRIPTION_LEN || s.description.chars().any(char::is_control)
        {
            return Err(FieldError::labelled(
                format!("{field}.description"),
                format!("must be at most {MAX_DESCRIPTION_LEN} characters, on one line"),
            ));
        }
    }
    Ok(())
}

/// The APIs a user's token may be for, each with the scopes it defines, and the Management
/// API's audience.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiScopes {
    management: String,
    apis: Vec<(String, Vec<String>)>,
}

impl ApiScopes {
    /// `management` is the Management API's audience, `{issuer}api/v2/`; `apis` the
    /// configured APIs by identifier.
    pub fn new(management: String, apis: Vec<(String, Vec<String>)>) -> Self {
        Self { management, apis }
    }

    /// Every audience a token may name: the configured APIs, then the Management API.
    pub fn audiences(&self) -> Vec<String> {
        self.apis
            .iter()
            .map(|(id, _)| id.clone())
            .chain([self.management.clone()])
            .collect()
    }

    /// What a user who asked for `requested` gets in a token for `audience`: the OIDC scopes
    /// asked for, plus those asked for that the audience lets users have (the scopes an API
    /// defines; for the Management API, [`MANAGEMENT_USER_SCOPES`]). Without an audience, or
    /// for one that is not known, only the OIDC scopes. Order is kept; what is not allowed is
    /// dropped, not refused, as Auth0 does.
    pub fn user_grant(&self, audience: Option<&str>, requested: &Scope) -> Scope {
        let management = audience == Some(self.management.as_str());
        let defined: &[String] = audience
            .filter(|_| !management)
            .and_then(|a| self.apis.iter().find(|(id, _)| id == a))
            .map(|(_, scopes)| scopes.as_slice())
            .unwrap_or_default();
        requested.filter(|s| {
            OIDC_SCOPES.contains(&s)
                || defined.iter().any(|d| d == s)
                || (management && MANAGEMENT_USER_SCOPES.contains(&s))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MGMT: &str = "https://auth.example/api/v2/";

    fn apis() -> ApiScopes {
        ApiScopes::new(
            MGMT.into(),
            vec![
                ("https://items.example/".into(), vec!["read:items".into()]),
                ("https://plain.example/".into(), vec![]),
            ],
        )
    }

    fn grant(audience: Option<&str>, asked: &str) -> String {
        apis()
            .user_grant(audience, &Scope::parse(asked))
            .to_string()
    }

    #[test]
    fn a_user_gets_the_oidc_scopes_and_what_the_api_defines() {
        let asked = "openid offline_access read:items admin delete:everything";
        assert_eq!(
            grant(Some("https://items.example/"), asked),
            "openid offline_access read:items"
        );
        assert_eq!(
            grant(Some("https://plain.example/"), asked),
            "openid offline_access"
        );
        assert_eq!(
            grant(
                Some("https://items.example/"),
                "openid profile email phone admin"
            ),
            "openid profile email phone"
        );
        // no audience, or an unknown one: the OIDC scopes only
        assert_eq!(grant(None, asked), "openid offline_access");
        assert_eq!(
            grant(Some("https://other.example/"), asked),
            "openid offline_access"
        );
        // case matters
        assert_eq!(grant(Some("https://items.example/"), "READ:items"), "");
    }

    #[test]
    fn the_management_api_gives_users_only_current_user_scopes() {
        let asked = "openid read:current_user create:current_user_device_credentials \
                     read:me:authentication_methods read:users delete:users create:clients \
                     read:items";
        assert_eq!(
            grant(Some(MGMT), asked),
            "openid read:current_user create:current_user_device_credentials \
             read:me:authentication_methods"
        );
        assert_eq!(
            grant(Some(MGMT), "openid read:users update:users"),
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
    fn the_audiences_are_the_apis_and_the_management_api() {
        assert_eq!(
            apis().audiences(),
            vec!["https://items.example/", "https://plain.example/", MGMT]
        );
    }

    #[test]
    fn scope_definitions_are_checked() {
        let scope = |value: &str| ApiScope {
            value: value.into(),
            description: "Read your items".into(),
        };
        assert_eq!(
            validate_scopes(&[scope("read:items"), scope("write:items")]),
            Ok(())
        );
        for (bad, field) in [
            (vec![scope("")], "scopes[0].value"),
            (vec![scope("read items")], "scopes[0].value"),
            (
                vec![scope("read:items"), scope("openid")],
                "scopes[1].value",
            ),
            (vec![scope("a"), scope("a")], "scopes[1].value"),
            (vec![scope(&"x".repeat(281))], "scopes[0].value"),
        ] {
            assert_eq!(validate_scopes(&bad).unwrap_err().field, field, "{bad:?}");
        }
        let long = ApiScope {
            value: "a".into(),
            description: "d".repeat(501),
        };
        assert_eq!(
            validate_scopes(&[long]).unwrap_err().field,
            "scopes[0].description"
        );
    }
}
