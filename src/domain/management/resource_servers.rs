//! APIs (Auth0's resource servers) as operators and the configuration file change them:
//! the built-in Management API (listed, never changed), creation with Auth0's defaults,
//! changes (a scope taken away goes from every role and user that held it), deletion with
//! everything naming the API, and the checks of a permission (an API's scope) given to a
//! role or user.

use crate::domain::core::Core;
use crate::domain::crypto::sha256;
use crate::domain::model::{
    Permission, ResourceServer, ResourceServerChanges, validate_identifier,
};
use crate::domain::ports::Store;
use crate::domain::tokens::key_reload;
use crate::domain::{DomainError, UnixTime, random_hex};

/// The Management API of `issuer`: `{issuer}api/v2/`, defining every operator scope, with
/// an id that is the same on every instance and every start.
pub fn management_api(issuer: &str) -> ResourceServer {
    let identifier = format!("{issuer}api/v2/");
    let id: String = sha256(identifier.as_bytes())
        .iter()
        .take(12)
        .map(|b| format!("{b:02x}"))
        .collect();
    ResourceServer::management(id, identifier, super::MANAGEMENT_SCOPES)
}

/// Writes an API the configuration declares: the stored one of that identifier is
/// replaced (its id kept; scopes it no longer defines are taken from roles and users),
/// or it is added.
pub async fn upsert(
    store: &dyn Store,
    mut api: ResourceServer,
    now: UnixTime,
) -> Result<(), DomainError> {
    if let Some(stored) = store
        .resource_server(&api.identifier)
        .await?
        .filter(|s| s.identifier == api.identifier)
    {
        api.id = stored.id;
        store.update_resource_server(&api, now).await?;
    } else if !store.insert_resource_server(&api, now).await? {
        // Another instance starting with the same file added it first: theirs is ours.
        tracing::info!(identifier = %api.identifier, "the API was added by another instance");
    }
    Ok(())
}

/// Every API, the Management API first (as Auth0 lists its system API with the others).
pub async fn list(core: &Core) -> Result<Vec<ResourceServer>, DomainError> {
    let mut all = vec![core.management_api.as_ref().clone()];
    all.extend(core.store.resource_servers().await?);
    Ok(all)
}

/// The API whose identifier or id is `key`.
pub async fn find(core: &Core, key: &str) -> Result<Option<ResourceServer>, DomainError> {
    let m = &core.management_api;
    if key == m.identifier || key == m.id {
        return Ok(Some(m.as_ref().clone()));
    }
    Ok(core.store.resource_server(key).await?)
}

fn taken() -> DomainError {
    DomainError::Conflict("A resource server with the same identifier already exists.".into())
}

/// Creates an API with Auth0's defaults and `changes`.
pub async fn create(
    core: &Core,
    identifier: &str,
    changes: ResourceServerChanges,
) -> Result<ResourceServer, DomainError> {
    validate_identifier(identifier)?;
    if identifier == core.management_api.identifier {
        return Err(taken());
    }
    let api = ResourceServer::new(random_hex(core.random.as_ref(), 12), identifier.to_string())
        .changed(changes)?;
    key_reload::ensure_key(core, api.settings.signing_alg).await?;
    if !core
        .store
        .insert_resource_server(&api, core.clock.now())
        .await?
    {
        return Err(taken());
    }
    core.recent_apis.forget(identifier);
    Ok(api)
}

/// Changes a stored API (the caller refused the system API); `None` if it is gone.
pub async fn update(
    core: &Core,
    api: ResourceServer,
    changes: ResourceServerChanges,
) -> Result<Option<ResourceServer>, DomainError> {
    let api = api.changed(changes)?;
    key_reload::ensure_key(core, api.settings.signing_alg).await?;
    let updated = core
        .store
        .update_resource_server(&api, core.clock.now())
        .await?;
    core.recent_apis.forget(&api.identifier);
    Ok(updated.then_some(api))
}

/// Deletes a stored API with its permissions and client grants; `false` if it was gone.
pub async fn delete(core: &Core, api: &ResourceServer) -> Result<bool, DomainError> {
    let deleted = core.store.delete_resource_server(&api.identifier).await?;
    core.recent_apis.forget(&api.identifier);
    Ok(deleted)
}

/// Checks that each permission names a stored API and a scope it defines (Auth0's 400
/// otherwise); returns the APIs named, for the answer's names.
pub async fn check_permissions(
    core: &Core,
    permissions: &[Permission],
) -> Result<Vec<ResourceServer>, DomainError> {
    if permissions.is_empty() {
        return Err(super::bad(
            "Payload validation error: 'Array is too short (0), minimum 1' on property permissions.",
        ));
    }
    let mut apis: Vec<ResourceServer> = Vec::new();
    for p in permissions {
        let identifier = &p.resource_server_identifier;
        if !apis.iter().any(|a| &a.identifier == identifier) {
            let api = core
                .store
                .resource_server(identifier)
                .await?
                .filter(|a| &a.identifier == identifier)
                .ok_or_else(|| {
                    super::bad(format!("Resource server \"{identifier}\" does not exist"))
                })?;
            apis.push(api);
        }
        let api = apis.iter().find(|a| &a.identifier == identifier);
        if !api.is_some_and(|a| a.defines(&p.permission_name)) {
            return Err(super::bad(format!(
                "Permission \"{}\" does not exist in resource server \"{identifier}\"",
                p.permission_name
            )));
        }
    }
    Ok(apis)
}
