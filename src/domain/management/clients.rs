//! Applications (Auth0's clients) as operators change them, and the `client_credentials`
//! grant that gives a machine client its token for an API it was granted.

use super::bad;
use crate::domain::core::Core;
use crate::domain::crypto::{ServerKeys, sha256};
use crate::domain::model::{
    Client, ClientGrant, DEFAULT_GRANT_TYPES, GRANT_CLIENT_CREDENTIALS, JwtConfiguration,
    MobileApps, RefreshTokenPolicy,
};
use crate::domain::oauth::scope::Scope;
use crate::domain::tokens::{IssuedTokens, key_reload};
use crate::domain::validation::FieldError;
use crate::domain::{DomainError, random_hex, random_token};

/// What a new or changed client may set (Auth0's names). It is also the Management API's
/// description of the body, so it derives its OpenAPI schema.
#[derive(Debug, Clone, Default, utoipa::ToSchema)]
pub struct ClientChanges {
    /// Required on creation.
    pub name: Option<String>,
    pub callbacks: Option<Vec<String>>,
    pub allowed_logout_urls: Option<Vec<String>>,
    pub grant_types: Option<Vec<String>>,
    pub logo_uri: Option<String>,
    /// `#rrggbb` for the hosted login's buttons; empty clears it (the dashboard's only).
    #[schema(ignore)]
    pub primary_color: Option<String>,
    /// The native apps (Auth0's `mobile`), for universal links, app links and passkeys:
    /// `{ios: {team_id, app_bundle_identifier}, android: {app_package_name, sha256_cert_fingerprints}}`.
    #[schema(value_type = Option<serde_json::Value>)]
    pub mobile: Option<MobileApps>,
    /// Auth0's `refresh_token`: `{rotation_type: rotating | non-rotating, expiration_type:
    /// expiring | non-expiring, token_lifetime, idle_token_lifetime, leeway}`.
    #[schema(value_type = Option<serde_json::Value>)]
    pub refresh_token: Option<RefreshTokenPolicy>,
    /// `none` makes a public client (no secret); on creation.
    pub token_endpoint_auth_method: Option<String>,
    /// `native` or `spa` (public), `regular_web`, `non_interactive` (machine); on creation.
    pub app_type: Option<String>,
    /// Allowed Web Origins: `https://app.example.com`, `https://*.example.com`; no path.
    pub web_origins: Option<Vec<String>>,
    /// Allowed Origins (CORS); a client's callbacks' origins are allowed without them.
    pub allowed_origins: Option<Vec<String>>,
    /// Whether `/co/authenticate` may be used (default false).
    pub cross_origin_authentication: Option<bool>,
    /// The cross-origin verification fallback page; `null` or empty clears it.
    #[schema(value_type = Option<String>)]
    pub cross_origin_loc: Option<Option<String>>,
    /// Auth0's `jwt_configuration`: `{alg: RS256 | PS256 | ES256 | EdDSA}`, how the
    /// client's `id_token`s are signed.
    #[schema(value_type = Option<serde_json::Value>)]
    pub jwt_configuration: Option<JwtConfiguration>,
}

/// The `client_credentials` grant: a confidential client gets a token for an API it was
/// granted, with the requested scopes it was granted (all of them if none are asked).
pub async fn client_credentials(
    core: &Core,
    client: &Client,
    audience: Option<&str>,
    requested: Option<&str>,
) -> Result<IssuedTokens, DomainError> {
    if client.secret_hash.is_none() {
        return Err(DomainError::AccessDenied(
            "client_credentials needs a confidential client".into(),
        ));
    }
    let audience = audience.ok_or_else(|| {
        DomainError::AccessDenied(
            "No audience parameter was provided, and no default audience has been configured"
                .into(),
        )
    })?;
    let grant = core
        .store
        .client_grants(&client.client_id)
        .await?
        .into_iter()
        .find(|g| g.audience == audience)
        .ok_or_else(|| {
            DomainError::AccessDenied(format!(
                "Client \"{}\" is not authorized to access \"{audience}\".",
                client.client_id
            ))
        })?;
    let scope = match requested.map(Scope::parse).filter(|s| !s.is_empty()) {
        Some(asked) => Scope::parse(
            &grant
                .scope
                .iter()
                .filter(|s| asked.has(s))
                .cloned()
                .collect::<Vec<_>>()
                .join(" "),
        ),
        None => Scope::parse(&grant.scope.join(" ")),
    };
    // A grant outlives nothing: its API must still be there (and says how tokens look).
    let api = core
        .resource_server(audience)
        .await?
        .ok_or_else(|| DomainError::AccessDenied(format!("Service not found: {audience}")))?;
    core.tokens
        .issue_machine(&client.client_id, &api, &scope, core.clock.now())
}

/// A client's secret sealed for storage, bound to the client (a sealed secret copied to
/// another client's row does not open).
pub fn seal_secret(
    keys: &ServerKeys,
    client_id: &str,
    secret: &str,
) -> Result<String, DomainError> {
    keys.seal(&secret_context(client_id), secret.as_bytes())
}

fn secret_context(client_id: &str) -> String {
    format!("client_secret:{client_id}")
}

/// The client's secret, for a caller holding Auth0's `read:client_keys`; `None` for a public
/// client, or one whose secret was stored as a hash only (before secrets were sealed, or
/// made by `latchkey clients create-machine`, which prints it once).
pub fn read_secret(keys: &ServerKeys, client: &Client) -> Result<Option<String>, DomainError> {
    let Some(sealed) = &client.sealed_secret else {
        return Ok(None);
    };
    let plain = keys.open(&secret_context(&client.client_id), sealed)?;
    String::from_utf8(plain)
        .map(Some)
        .map_err(|_| DomainError::internal("a sealed client secret is not text"))
}

/// Sets a new secret: its hash checks it, its sealed copy is what `read:client_keys` reads.
fn set_secret(keys: &ServerKeys, client: &mut Client, secret: &str) -> Result<(), DomainError> {
    client.secret_hash = Some(sha256(secret.as_bytes()));
    client.sealed_secret = Some(seal_secret(keys, &client.client_id, secret)?);
    Ok(())
}

/// Creates a client; returns it and its secret (stored as a hash and sealed).
pub async fn create_client(
    core: &Core,
    changes: ClientChanges,
) -> Result<(Client, Option<String>), DomainError> {
    let name = changes
        .name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .ok_or_else(|| bad("Payload validation error: Missing required property: name"))?;
    let public = changes.token_endpoint_auth_method.as_deref() == Some("none")
        || matches!(changes.app_type.as_deref(), Some("native" | "spa"));
    let secret = (!public).then(|| random_token(core.random.as_ref(), 48));
    let mut client = Client::named(
        random_hex(core.random.as_ref(), 16),
        name,
        Client::default_grants(),
    );
    if let Some(secret) = &secret {
        set_secret(&core.keys, &mut client, secret)?;
    }
    if changes.app_type.as_deref() == Some("non_interactive") {
        client.grant_types = vec![GRANT_CLIENT_CREDENTIALS.to_string()];
    }
    apply(&mut client, changes)?;
    save(core, &client).await?;
    Ok((client, secret))
}

pub async fn update_client(
    core: &Core,
    client_id: &str,
    changes: ClientChanges,
) -> Result<Option<Client>, DomainError> {
    let Some(mut client) = core.store.client(client_id).await? else {
        return Ok(None);
    };
    apply(&mut client, changes)?;
    save(core, &client).await?;
    Ok(Some(client))
}

/// Stores a created or changed client, with a signing key for its algorithm if it is the
/// first client to use it (made before the client is stored, so it never signs without one).
async fn save(core: &Core, client: &Client) -> Result<(), DomainError> {
    key_reload::ensure_key(core, client.jwt_configuration.alg).await?;
    core.store.upsert_client(client, core.clock.now()).await?;
    core.forget_client(&client.client_id);
    Ok(())
}

/// A new secret; the old one stops working at once.
pub async fn rotate_client_secret(
    core: &Core,
    client_id: &str,
) -> Result<Option<(Client, String)>, DomainError> {
    let Some(mut client) = core.store.client(client_id).await? else {
        return Ok(None);
    };
    let secret = random_token(core.random.as_ref(), 48);
    set_secret(&core.keys, &mut client, &secret)?;
    core.store.upsert_client(&client, core.clock.now()).await?;
    // Other instances drop the old secret within their 2-second memory of clients.
    core.forget_client(client_id);
    Ok(Some((client, secret)))
}

/// Grants a client an API's scopes (Auth0's client grant).
pub async fn grant_client(
    core: &Core,
    client_id: &str,
    audience: &str,
    scope: &[&str],
) -> Result<ClientGrant, DomainError> {
    let grant = ClientGrant {
        id: format!("cgr_{}", random_hex(core.random.as_ref(), 8)),
        client_id: client_id.into(),
        audience: audience.into(),
        scope: scope.iter().map(|s| s.to_string()).collect(),
    };
    core.store
        .upsert_client_grant(&grant, core.clock.now())
        .await?;
    Ok(grant)
}

/// Deletes a client with its grants, refresh tokens, device keys and codes.
pub async fn delete_client(core: &Core, client_id: &str) -> Result<bool, DomainError> {
    let deleted = core.store.delete_client(client_id).await?;
    core.forget_client(client_id);
    Ok(deleted)
}

fn apply(client: &mut Client, c: ClientChanges) -> Result<(), DomainError> {
    if let Some(name) = c.name {
        if name.trim().is_empty() || name.len() > 200 {
            return Err(FieldError::new("name", "must be 1 to 200 characters").into());
        }
        client.name = name;
    }
    if let Some(callbacks) = c.callbacks {
        Client::check_callbacks("callbacks", &callbacks)?;
        client.callbacks = callbacks;
    }
    if let Some(urls) = c.allowed_logout_urls {
        Client::check_callbacks("allowed_logout_urls", &urls)?;
        client.allowed_logout_urls = urls;
    }
    if let Some(grants) = c.grant_types {
        for g in &grants {
            if !DEFAULT_GRANT_TYPES.contains(&g.as_str()) && g != GRANT_CLIENT_CREDENTIALS {
                return Err(
                    FieldError::labelled("grant_types", format!("unknown grant {g:?}")).into(),
                );
            }
        }
        client.grant_types = grants;
    }
    if let Some(logo) = c.logo_uri {
        client.branding.logo_uri = Some(logo).filter(|l| !l.is_empty());
        client.branding.validate()?;
    }
    if let Some(policy) = c.refresh_token {
        policy.validate()?;
        client.refresh_token = policy;
    }
    if let Some(mobile) = c.mobile {
        mobile.validate()?;
        client.mobile = mobile;
    }
    let mut cross_origin = client.cross_origin.clone();
    if let Some(origins) = c.web_origins {
        cross_origin.web_origins = origins;
    }
    if let Some(origins) = c.allowed_origins {
        cross_origin.allowed_origins = origins;
    }
    if let Some(on) = c.cross_origin_authentication {
        cross_origin.cross_origin_authentication = on;
    }
    if let Some(loc) = c.cross_origin_loc {
        cross_origin.cross_origin_loc = loc;
    }
    client.cross_origin = cross_origin.checked()?;
    if let Some(jwt) = c.jwt_configuration {
        client.jwt_configuration = jwt;
    }
    if let Some(color) = c.primary_color {
        client.branding.primary_color = Some(color).filter(|c| !c.is_empty());
        client.branding.validate()?;
    }
    Ok(())
}
