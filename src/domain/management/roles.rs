//! Roles (Auth0's RBAC) as operators change them: roles themselves, the API scopes they
//! give, who holds them, and the scopes users hold directly. A permission must name an API
//! and a scope it defines; an unknown role or user is a 404, a taken role name a 409.

use super::resource_servers::check_permissions;
use crate::domain::DomainError;
use crate::domain::core::Core;
use crate::domain::model::{Permission, Role, RoleChange, validate_role};
use crate::domain::random_hex;

/// Why a role change was refused, for the caller to answer in its own words.
#[derive(Debug)]
pub enum RoleRefusal {
    /// The role (or user) of the path does not exist.
    Missing,
    /// A role or user named in the body does not exist.
    Unknown(String),
    Domain(DomainError),
}

impl From<DomainError> for RoleRefusal {
    fn from(e: DomainError) -> Self {
        Self::Domain(e)
    }
}

impl From<crate::domain::ports::StoreError> for RoleRefusal {
    fn from(e: crate::domain::ports::StoreError) -> Self {
        Self::Domain(e.into())
    }
}

fn name_taken() -> DomainError {
    DomainError::Conflict("The role already exists.".into())
}

/// What a store change came to.
fn settled(change: RoleChange) -> Result<(), RoleRefusal> {
    match change {
        RoleChange::Done => Ok(()),
        RoleChange::Missing => Err(RoleRefusal::Missing),
        RoleChange::Unknown(id) => Err(RoleRefusal::Unknown(id)),
        RoleChange::NameTaken => Err(RoleRefusal::Domain(name_taken())),
    }
}

/// A list of permissions to add (each an API's scope) or remove (at least one).
async fn checked(core: &Core, permissions: &[Permission], add: bool) -> Result<(), DomainError> {
    if add {
        check_permissions(core, permissions).await?;
    } else if permissions.is_empty() {
        return Err(DomainError::InvalidRequest(
            "Payload validation error: 'Array is too short (0), minimum 1' on property permissions."
                .into(),
        ));
    }
    Ok(())
}

/// Creates a role (Auth0's `rol_` ids).
pub async fn create(core: &Core, name: String, description: String) -> Result<Role, DomainError> {
    validate_role(&name, &description)?;
    let role = Role {
        id: format!("rol_{}", random_hex(core.random.as_ref(), 8)),
        name,
        description,
    };
    match core.store.insert_role(&role, core.clock.now()).await? {
        RoleChange::Done => Ok(role),
        _ => Err(name_taken()),
    }
}

/// Renames or redescribes a role; a field left out is kept.
pub async fn update(
    core: &Core,
    id: &str,
    name: Option<String>,
    description: Option<String>,
) -> Result<Role, RoleRefusal> {
    let mut role = core.store.role(id).await?.ok_or(RoleRefusal::Missing)?;
    if let Some(name) = name {
        role.name = name;
    }
    if let Some(description) = description {
        role.description = description;
    }
    validate_role(&role.name, &role.description).map_err(DomainError::from)?;
    settled(core.store.update_role(&role).await?)?;
    Ok(role)
}

/// Adds or removes permissions of a role; each must name an API's scope.
pub async fn change_permissions(
    core: &Core,
    id: &str,
    permissions: &[Permission],
    add: bool,
) -> Result<(), RoleRefusal> {
    checked(core, permissions, add).await?;
    settled(
        core.store
            .change_role_permissions(id, permissions, add)
            .await?,
    )
}

/// Gives a role to users.
pub async fn add_members(core: &Core, id: &str, users: &[String]) -> Result<(), RoleRefusal> {
    if users.is_empty() {
        return Err(DomainError::InvalidRequest(
            "Payload validation error: 'Array is too short (0), minimum 1' on property users."
                .into(),
        )
        .into());
    }
    settled(
        core.store
            .add_role_members(id, users, core.clock.now())
            .await?,
    )
}

/// Gives (`add`) or takes roles from a user.
pub async fn change_user_roles(
    core: &Core,
    user_id: &str,
    roles: &[String],
    add: bool,
) -> Result<(), RoleRefusal> {
    if roles.is_empty() {
        return Err(DomainError::InvalidRequest(
            "Payload validation error: 'Array is too short (0), minimum 1' on property roles."
                .into(),
        )
        .into());
    }
    settled(
        core.store
            .change_user_roles(user_id, roles, add, core.clock.now())
            .await?,
    )
}

/// Gives (`add`) or takes direct permissions from a user; each must name an API's scope.
pub async fn change_user_permissions(
    core: &Core,
    user_id: &str,
    permissions: &[Permission],
    add: bool,
) -> Result<(), RoleRefusal> {
    checked(core, permissions, add).await?;
    settled(
        core.store
            .change_user_permissions(user_id, permissions, add)
            .await?,
    )
}
