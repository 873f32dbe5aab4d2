//! Client grants as operators change them (`/api/v2/client-grants`, Auth0's shape): which
//! APIs a machine client may get `client_credentials` tokens for, and with which scopes. A
//! token request reads the stored grants each time, so a change applies to the next token.

use crate::domain::DomainError;
use crate::domain::core::Core;
use crate::domain::model::{ClientGrant, GrantCreation, GrantQuery};
use crate::domain::random_hex;

/// The longest scope value a grant may hold (Auth0's `maxLength`).
const MAX_SCOPE_LEN: usize = 280;
/// The most scopes one grant may hold.
const MAX_SCOPES: usize = 500;

/// Whether `audience` is the identifier of an API a token (and so a grant) may be for: a
/// stored resource server or the Management API (`{issuer}api/v2/`). The one place this is
/// decided for grants and the tenant's default audience.
pub async fn known_audience(core: &Core, audience: &str) -> Result<bool, DomainError> {
    Ok(core.resource_server(audience).await?.is_some())
}

/// Checks a grant's scopes: Auth0's `1 to 280` printable characters each, no value twice.
pub fn check_scope(scope: &[String]) -> Result<(), String> {
    if scope.len() > MAX_SCOPES {
        return Err(format!(
            "Payload validation error: 'Array is too long ({}), maximum {MAX_SCOPES}' on property scope.",
            scope.len()
        ));
    }
    for (i, s) in scope.iter().enumerate() {
        let printable =
            !s.is_empty() && s.len() <= MAX_SCOPE_LEN && s.bytes().all(|b| b.is_ascii_graphic());
        if !printable {
            return Err(format!(
                "Payload validation error: scope[{i}] {s:?} must be 1 to {MAX_SCOPE_LEN} printable characters without spaces"
            ));
        }
        if let Some(j) = scope[..i].iter().position(|p| p == s) {
            return Err(format!(
                "Payload validation error: 'Array items are not unique (indexes {j} and {i})' on property scope."
            ));
        }
    }
    Ok(())
}

/// What a creation came to.
#[derive(Debug)]
pub enum Created {
    Grant(ClientGrant),
    /// The client already has a grant for this audience.
    Taken,
    NoClient,
    /// The audience names no API.
    NoApi,
}

/// Grants `client_id` the `scope` of `audience` (Auth0's `POST /client-grants`).
pub async fn create_grant(
    core: &Core,
    client_id: &str,
    audience: &str,
    scope: Vec<String>,
) -> Result<Created, DomainError> {
    check_scope(&scope).map_err(DomainError::InvalidRequest)?;
    if !known_audience(core, audience).await? {
        return Ok(Created::NoApi);
    }
    let grant = ClientGrant {
        id: new_grant_id(core),
        client_id: client_id.into(),
        audience: audience.into(),
        scope,
    };
    Ok(
        match core
            .store
            .insert_client_grant(&grant, core.clock.now())
            .await?
        {
            GrantCreation::Created => Created::Grant(grant),
            GrantCreation::Taken => Created::Taken,
            GrantCreation::NoClient => Created::NoClient,
        },
    )
}

/// Auth0's grant ids: `cgr_` and 16 characters.
pub fn new_grant_id(core: &Core) -> String {
    format!("cgr_{}", random_hex(core.random.as_ref(), 8))
}

/// A page of grants and how many match in all.
pub async fn list_grants(
    core: &Core,
    query: &GrantQuery,
) -> Result<(Vec<ClientGrant>, i64), DomainError> {
    Ok(core.store.client_grant_page(query).await?)
}

/// Replaces a grant's scopes (Auth0's `PATCH /client-grants/{id}`); `None` if there is no
/// such grant.
pub async fn update_scope(
    core: &Core,
    id: &str,
    scope: Vec<String>,
) -> Result<Option<ClientGrant>, DomainError> {
    check_scope(&scope).map_err(DomainError::InvalidRequest)?;
    Ok(core.store.set_client_grant_scope(id, &scope).await?)
}

/// `false` if there was no such grant.
pub async fn delete_grant(core: &Core, id: &str) -> Result<bool, DomainError> {
    Ok(core.store.delete_client_grant(id).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scopes(s: &[&str]) -> Vec<String> {
        s.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn scopes_are_printable_and_unique() {
        assert_eq!(check_scope(&scopes(&[])), Ok(()));
        assert_eq!(
            check_scope(&scopes(&["read:users", "update:users"])),
            Ok(())
        );
        let twice = check_scope(&scopes(&["read:users", "x", "read:users"])).unwrap_err();
        assert!(twice.contains("not unique (indexes 0 and 2)"), "{twice}");
        for bad in ["", "read users", "caf\u{e9}"] {
            let e = check_scope(&scopes(&[bad])).unwrap_err();
            assert!(e.contains("scope[0]"), "{e}");
        }
        assert!(check_scope(&scopes(&[&"a".repeat(281)])).is_err());
        assert!(check_scope(&scopes(&[&"a".repeat(280)])).is_ok());
    }
}
