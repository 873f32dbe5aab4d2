//! The dashboard's administrators: named in the configuration's `[admin] emails`, or added
//! with `latchkey admins add` and kept in the settings table (here), so a server with no
//! configuration file can have one.

use crate::domain::ports::Store;
use crate::domain::{DomainError, UnixTime};

const ADMINS_KEY: &str = "dashboard_admins";

/// The administrators added from the command line (lower-cased addresses).
pub async fn stored_admins(store: &dyn Store) -> Result<Vec<String>, DomainError> {
    match store.setting(ADMINS_KEY).await? {
        Some(json) => serde_json::from_str(&json).map_err(DomainError::internal),
        None => Ok(Vec::new()),
    }
}

/// Whether `email` may use the dashboard: named in the configuration (`configured`), or
/// added with `latchkey admins add` or from the dashboard.
pub async fn is_admin(
    store: &dyn Store,
    configured: &[String],
    email: &str,
) -> Result<bool, DomainError> {
    if configured.iter().any(|a| a == email) {
        return Ok(true);
    }
    Ok(stored_admins(store).await?.iter().any(|a| a == email))
}

/// Adds an administrator; `false` if the address was one already.
pub async fn add_admin(store: &dyn Store, email: &str, now: UnixTime) -> Result<bool, DomainError> {
    let address = crate::domain::email_address::parse_address(email)
        .map_err(|_| DomainError::InvalidRequest(format!("{email:?} is not an email address")))?;
    let mut admins = stored_admins(store).await?;
    if admins.contains(&address) {
        return Ok(false);
    }
    admins.push(address);
    let json = serde_json::to_string(&admins).map_err(DomainError::internal)?;
    store.put_setting(ADMINS_KEY, &json, now).await?;
    Ok(true)
}

/// Removes an administrator added from the command line; `false` if the address was not one.
pub async fn remove_admin(
    store: &dyn Store,
    email: &str,
    now: UnixTime,
) -> Result<bool, DomainError> {
    let address = email.trim().to_lowercase();
    let mut admins = stored_admins(store).await?;
    let before = admins.len();
    admins.retain(|a| *a != address);
    if admins.len() == before {
        return Ok(false);
    }
    let json = serde_json::to_string(&admins).map_err(DomainError::internal)?;
    store.put_setting(ADMINS_KEY, &json, now).await?;
    Ok(true)
}

/// What removing an administrator from the dashboard came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Removal {
    Removed,
    /// The address was not an added administrator (one named in the configuration file is
    /// not removed here).
    NotAdded,
    /// Nobody would be left to sign in: refused.
    Last,
}

const NOT_ADDED: &str = "not added";
const LAST: &str = "last";

/// Removes an administrator added from the command line or the dashboard, unless nobody
/// would be left (none added, none in `configured`): the last administrator cannot remove
/// themself. Read, checked and written in one store transaction, so two administrators
/// removing each other at once cannot both succeed.
pub async fn remove_admin_keeping_one(
    store: &dyn Store,
    email: &str,
    configured: &[String],
    now: UnixTime,
) -> Result<Removal, DomainError> {
    let address = email.trim().to_lowercase();
    let rule = |stored: &str| {
        let mut admins: Vec<String> =
            serde_json::from_str(stored).map_err(|e| format!("stored administrators: {e}"))?;
        let before = admins.len();
        admins.retain(|a| *a != address);
        if admins.len() == before {
            return Err(NOT_ADDED.to_string());
        }
        if admins.is_empty() && configured.is_empty() {
            return Err(LAST.to_string());
        }
        serde_json::to_string(&admins).map_err(|e| e.to_string())
    };
    match store.edit_setting(ADMINS_KEY, "[]", &rule, now).await? {
        Ok(_) => Ok(Removal::Removed),
        Err(e) if e == NOT_ADDED => Ok(Removal::NotAdded),
        Err(e) if e == LAST => Ok(Removal::Last),
        Err(e) => Err(DomainError::internal(e)),
    }
}
