//! Roles and permissions (Auth0's RBAC): a permission is one scope of one API; a role
//! groups permissions and is given to users; a user may also hold permissions directly.
//! What a user holds on an API is the union of both ("RBAC is an additive model").

use crate::domain::validation::FieldError;

const MAX_ROLE_NAME_LEN: usize = 50;
const MAX_ROLE_DESCRIPTION_LEN: usize = 255;

/// A role (Auth0's `{id, name, description}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    pub id: String,
    pub name: String,
    pub description: String,
}

/// One scope of one API, as roles and users hold it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Permission {
    pub resource_server_identifier: String,
    pub permission_name: String,
}

/// A permission a user holds, and how: directly (`role` is `None`) or through a role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldPermission {
    pub permission: Permission,
    /// `(id, name)` of the role that gives it.
    pub role: Option<(String, String)>,
}

/// A user holding a role, as Auth0 lists them (`GET /roles/{id}/users`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleMember {
    pub user_id: String,
    pub name: String,
    pub email: Option<String>,
    pub picture: Option<String>,
}

/// Who a change of roles or direct permissions is about: a role, or a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder<'a> {
    Role(&'a str),
    User(&'a str),
}

/// What a change to roles or their holders found: done, or which record was missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoleChange {
    Done,
    /// The role (or, for a user's roles, the user) does not exist.
    Missing,
    /// A role or user named in the list does not exist: nothing was changed.
    Unknown(String),
    /// Another role has this name.
    NameTaken,
}

/// Checks a role's name and description (Auth0's limits).
pub fn validate_role(name: &str, description: &str) -> Result<(), FieldError> {
    if name.trim().is_empty()
        || name.chars().count() > MAX_ROLE_NAME_LEN
        || name.chars().any(char::is_control)
    {
        return Err(FieldError::labelled(
            "name",
            format!("must be 1 to {MAX_ROLE_NAME_LEN} characters, on one line"),
        ));
    }
    if description.chars().count() > MAX_ROLE_DESCRIPTION_LEN
        || description.chars().any(char::is_control)
    {
        return Err(FieldError::labelled(
            "description",
            format!("must be at most {MAX_ROLE_DESCRIPTION_LEN} characters, on one line"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_and_descriptions_are_checked() {
        assert!(validate_role("admin", "Administrators").is_ok());
        assert!(validate_role("admin", "").is_ok());
        assert_eq!(validate_role(" ", "").unwrap_err().field, "name");
        assert_eq!(
            validate_role(&"r".repeat(51), "").unwrap_err().field,
            "name"
        );
        assert_eq!(
            validate_role("a", "line\nbreak").unwrap_err().field,
            "description"
        );
    }
}
