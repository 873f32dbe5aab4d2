//! APIs (Auth0's resource servers): the audiences access tokens may name, the scopes each
//! defines, and its token settings (lifetimes, signing algorithm, RBAC, dialect, offline
//! access). Operators keep them through the Management API or `[[apis]]`; the Management
//! API itself is one more, built in ([`ResourceServer::management`]) and read-only.

use serde::{Deserialize, Serialize};

use super::SigningAlg;
use crate::domain::validation::FieldError;

/// The OpenID Connect scopes: any user may ask for them, whatever the audience.
pub const OIDC_SCOPES: &[&str] = &["openid", "profile", "email", "phone", "offline_access"];

/// The longest scope value accepted (Auth0's limit).
const MAX_SCOPE_LEN: usize = 280;
const MAX_DESCRIPTION_LEN: usize = 500;
const MAX_NAME_LEN: usize = 200;
const MAX_IDENTIFIER_LEN: usize = 600;
/// Auth0's longest access-token lifetime: 30 days.
pub const MAX_TOKEN_LIFETIME: i64 = 2_592_000;

/// A scope an API defines, in Auth0's resource-server shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApiScope {
    pub value: String,
    #[serde(default)]
    pub description: String,
}

impl ApiScope {
    /// Scopes by their values alone, without descriptions.
    pub fn named(values: &[&str]) -> Vec<Self> {
        values
            .iter()
            .map(|v| Self {
                value: v.to_string(),
                description: String::new(),
            })
            .collect()
    }
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

/// What an API's access tokens look like (Auth0's `token_dialect`): Auth0's own profile,
/// with or without the `permissions` claim. Auth0's RFC 9068 profiles are refused: they
/// need another JWT header (`typ: at+jwt`) and claim set than Latchkey signs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenDialect {
    #[default]
    AccessToken,
    AccessTokenAuthz,
}

impl TokenDialect {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AccessToken => "access_token",
            Self::AccessTokenAuthz => "access_token_authz",
        }
    }

    /// Auth0's names; the refusal says why an RFC 9068 profile is not taken.
    pub fn parse(s: &str) -> Result<Self, FieldError> {
        match s {
            "access_token" => Ok(Self::AccessToken),
            "access_token_authz" => Ok(Self::AccessTokenAuthz),
            "rfc9068_profile" | "rfc9068_profile_authz" => Err(FieldError::labelled(
                "token_dialect",
                format!(
                    "{s} is not supported: Latchkey signs access tokens in Auth0's own profile (use access_token or access_token_authz)"
                ),
            )),
            other => Err(FieldError::labelled(
                "token_dialect",
                format!("{other:?} must be access_token or access_token_authz"),
            )),
        }
    }
}

/// An API's token settings, in Auth0's names and with Auth0's defaults (a new API answers
/// RS256, 86,400 s, 7,200 s for the web, no RBAC, no offline access).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApiSettings {
    pub signing_alg: SigningAlg,
    /// The access token's lifetime from the token endpoint, in seconds.
    pub token_lifetime: i64,
    /// The lifetime of one returned by `/authorize` (the implicit flow).
    pub token_lifetime_for_web: i64,
    /// RBAC: a user's token carries only the scopes their roles or permissions grant.
    pub enforce_policies: bool,
    pub token_dialect: TokenDialect,
    /// Whether a refresh token may be issued for this API.
    pub allow_offline_access: bool,
    /// Kept and shown: Latchkey asks no user for consent.
    pub skip_consent_for_verifiable_first_party_clients: bool,
}

impl Default for ApiSettings {
    fn default() -> Self {
        Self {
            signing_alg: SigningAlg::Rs256,
            token_lifetime: 86_400,
            token_lifetime_for_web: 7_200,
            enforce_policies: false,
            token_dialect: TokenDialect::AccessToken,
            allow_offline_access: false,
            skip_consent_for_verifiable_first_party_clients: false,
        }
    }
}

/// An API access tokens may be issued for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceServer {
    pub id: String,
    /// The `audience`; never changes.
    pub identifier: String,
    pub name: String,
    pub scopes: Vec<ApiScope>,
    /// The built-in Management API: listed, never changed.
    pub is_system: bool,
    pub settings: ApiSettings,
}

/// What a new or changed API may set (Auth0's names); `None` keeps what is there. The
/// Management API's body and the configuration file's `[[apis]]` both read it as it is.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct ResourceServerChanges {
    pub name: Option<String>,
    /// The whole list: it replaces the stored one. A user's token for the API carries only
    /// these and the OpenID Connect scopes.
    pub scopes: Option<Vec<ApiScope>>,
    /// `RS256` (the default) or `PS256`.
    pub signing_alg: Option<String>,
    /// The access token's lifetime: 1 to 2,592,000 seconds (default 86,400).
    pub token_lifetime: Option<i64>,
    /// The lifetime of one `/authorize` returns (the implicit flow; default 7,200); at most
    /// `token_lifetime`.
    pub token_lifetime_for_web: Option<i64>,
    /// RBAC: a user's token carries only the scopes their roles and permissions grant.
    pub enforce_policies: Option<bool>,
    /// `access_token` (default) or `access_token_authz` (adds a `permissions` claim).
    pub token_dialect: Option<String>,
    /// Whether refresh tokens are issued for this API.
    pub allow_offline_access: Option<bool>,
    pub skip_consent_for_verifiable_first_party_clients: Option<bool>,
}

/// Checks an API's identifier (the audience): 1 to 600 printable characters.
pub fn validate_identifier(identifier: &str) -> Result<(), FieldError> {
    let ok = !identifier.trim().is_empty()
        && identifier.len() <= MAX_IDENTIFIER_LEN
        && !identifier.chars().any(char::is_control);
    if ok {
        Ok(())
    } else {
        Err(FieldError::labelled(
            "identifier",
            format!("must be 1 to {MAX_IDENTIFIER_LEN} characters"),
        ))
    }
}

impl ResourceServer {
    /// A new API named by `identifier` (its name too, until one is given).
    pub fn new(id: String, identifier: String) -> Self {
        Self {
            id,
            name: identifier.clone(),
            identifier,
            scopes: Vec::new(),
            is_system: false,
            settings: ApiSettings::default(),
        }
    }

    /// The Management API at `identifier` (`{issuer}api/v2/`), defining `scopes`.
    pub fn management(id: String, identifier: String, scopes: &[&str]) -> Self {
        Self {
            name: "Auth0 Management API".into(),
            scopes: ApiScope::named(scopes),
            is_system: true,
            // Users' own-account tokens have always come with refresh tokens.
            settings: ApiSettings {
                allow_offline_access: true,
                ..ApiSettings::default()
            },
            ..Self::new(id, identifier)
        }
    }

    /// Whether the API defines `scope`.
    pub fn defines(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s.value == scope)
    }

    /// Whether a user's tokens need their permissions on this API read: for RBAC, or for
    /// the `permissions` claim.
    pub fn needs_permissions(&self) -> bool {
        !self.is_system
            && (self.settings.enforce_policies
                || self.settings.token_dialect == TokenDialect::AccessTokenAuthz)
    }

    /// The API with `changes` applied and checked; the refusal names the field.
    pub fn changed(mut self, changes: ResourceServerChanges) -> Result<Self, FieldError> {
        if let Some(name) = changes.name {
            let ok = !name.trim().is_empty()
                && name.chars().count() <= MAX_NAME_LEN
                && !name.contains(['<', '>'])
                && !name.chars().any(char::is_control);
            if !ok {
                return Err(FieldError::labelled(
                    "name",
                    format!("must be 1 to {MAX_NAME_LEN} characters, without < or >"),
                ));
            }
            self.name = name;
        }
        if let Some(scopes) = changes.scopes {
            validate_scopes(&scopes)?;
            self.scopes = scopes;
        }
        let s = &mut self.settings;
        if let Some(alg) = changes.signing_alg {
            s.signing_alg = match SigningAlg::parse(&alg) {
                Some(a @ (SigningAlg::Rs256 | SigningAlg::Ps256)) => a,
                _ => {
                    return Err(FieldError::labelled(
                        "signing_alg",
                        format!(
                            "{alg:?} is not supported: Latchkey signs API tokens with RS256 or PS256 (no HS256 signing secret)"
                        ),
                    ));
                }
            };
        }
        if let Some(t) = changes.token_lifetime {
            s.token_lifetime = t;
        }
        match changes.token_lifetime_for_web {
            Some(t) => s.token_lifetime_for_web = t,
            // A shorter token lifetime alone takes the web one down with it, rather than
            // refusing a change that names one field for what another one says.
            None => s.token_lifetime_for_web = s.token_lifetime_for_web.min(s.token_lifetime),
        }
        for (field, value) in [
            ("token_lifetime", s.token_lifetime),
            ("token_lifetime_for_web", s.token_lifetime_for_web),
        ] {
            crate::domain::validation::in_range(field, value, 1..=MAX_TOKEN_LIFETIME, "seconds")?;
        }
        if s.token_lifetime_for_web > s.token_lifetime {
            return Err(FieldError::labelled(
                "token_lifetime_for_web",
                "must not be greater than token_lifetime",
            ));
        }
        if let Some(dialect) = changes.token_dialect {
            s.token_dialect = TokenDialect::parse(&dialect)?;
        }
        if let Some(b) = changes.enforce_policies {
            s.enforce_policies = b;
        }
        if let Some(b) = changes.allow_offline_access {
            s.allow_offline_access = b;
        }
        if let Some(b) = changes.skip_consent_for_verifiable_first_party_clients {
            s.skip_consent_for_verifiable_first_party_clients = b;
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(value: &str) -> ApiScope {
        ApiScope {
            value: value.into(),
            description: "Read your items".into(),
        }
    }

    #[test]
    fn scope_definitions_are_checked() {
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

    #[test]
    fn changes_are_checked_and_applied() {
        let api = ResourceServer::new("1".into(), "https://api.example/".into());
        assert_eq!(api.name, "https://api.example/");
        assert_eq!(api.settings.token_lifetime, 86_400);
        assert!(!api.settings.allow_offline_access, "Auth0's default");
        let changed = api
            .clone()
            .changed(ResourceServerChanges {
                name: Some("Items".into()),
                scopes: Some(vec![scope("read:items")]),
                signing_alg: Some("PS256".into()),
                token_lifetime: Some(3600),
                token_lifetime_for_web: Some(600),
                enforce_policies: Some(true),
                token_dialect: Some("access_token_authz".into()),
                allow_offline_access: Some(true),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(changed.name, "Items");
        assert!(changed.defines("read:items") && !changed.defines("write:items"));
        assert_eq!(changed.settings.signing_alg, SigningAlg::Ps256);
        assert!(changed.needs_permissions());
        assert!(!api.needs_permissions());
        let refused = |c: ResourceServerChanges| api.clone().changed(c).unwrap_err();
        for (c, field) in [
            (
                ResourceServerChanges {
                    name: Some("<b>".into()),
                    ..Default::default()
                },
                "name",
            ),
            (
                ResourceServerChanges {
                    signing_alg: Some("HS256".into()),
                    ..Default::default()
                },
                "signing_alg",
            ),
            (
                ResourceServerChanges {
                    token_lifetime: Some(MAX_TOKEN_LIFETIME + 1),
                    ..Default::default()
                },
                "token_lifetime",
            ),
            (
                ResourceServerChanges {
                    token_lifetime: Some(600),
                    token_lifetime_for_web: Some(601),
                    ..Default::default()
                },
                "token_lifetime_for_web",
            ),
            (
                ResourceServerChanges {
                    token_dialect: Some("rfc9068_profile".into()),
                    ..Default::default()
                },
                "token_dialect",
            ),
            (
                ResourceServerChanges {
                    scopes: Some(vec![scope("openid")]),
                    ..Default::default()
                },
                "scopes[0].value",
            ),
        ] {
            assert_eq!(refused(c).field, field);
        }
        let shorter = api
            .clone()
            .changed(ResourceServerChanges {
                token_lifetime: Some(600),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(shorter.settings.token_lifetime_for_web, 600);
        assert!(validate_identifier("").is_err());
        assert!(validate_identifier(&"a".repeat(601)).is_err());
        assert!(validate_identifier("https://api.example/").is_ok());
    }

    #[test]
    fn the_management_api_is_a_system_api_without_rbac() {
        let m = ResourceServer::management("m".into(), "https://a/api/v2/".into(), &["read:users"]);
        assert!(m.is_system && m.defines("read:users") && !m.needs_permissions());
    }
}
