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
