//! Roles (Auth0's RBAC) as operators change them: roles themselves, the API scopes they
//! give, who holds them, and the scopes users hold directly. A permission must name an API
//! and a scope it defines; an unknown role or user is a 404, a taken role name a 409.

use super::resource_servers::check_permissions;
use crate::domain::DomainError;
use crate::domain::core::Core;
use crate::domain::model::{Holder, Permission, Role, RoleChange, validate_role};
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

/// Auth0's refusal of an empty list in a body.
fn at_least_one<T>(items: &[T], property: &str) -> Result<(), DomainError> {
    if items.is_empty() {
        return Err(DomainError::InvalidRequest(format!(
            "Payload validation error: 'Array is too short (0), minimum 1' on property {property}."
        )));
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

/// Adds or removes permissions a role or a user holds directly. Each to add must name an
/// API's scope; at least one to remove.
pub async fn change_permissions(
    core: &Core,
    holder: Holder<'_>,
    permissions: &[Permission],
    add: bool,
) -> Result<(), RoleRefusal> {
    if add {
        check_permissions(core, permissions).await?;
    } else {
        at_least_one(permissions, "permissions")?;
    }
    let change = core.store.change_permissions(holder, permissions, add);
    settled(change.await?)
}

/// Gives a role to users, or gives (`add`) or takes roles from a user.
pub async fn change_members(
    core: &Core,
    holder: Holder<'_>,
    others: &[String],
    add: bool,
) -> Result<(), RoleRefusal> {
    let property = match holder {
        Holder::Role(_) => "users",
        Holder::User(_) => "roles",
    };
    at_least_one(others, property)?;
    let now = core.clock.now();
    settled(core.store.change_members(holder, others, add, now).await?)
}
