//! SMS and email connections as operators create, change and delete them.

use super::bad;
use crate::domain::DomainError;
use crate::domain::connections::ConnectionOptions;
use crate::domain::core::Core;
use crate::domain::model::{ConnectionRecord, Strategy};

/// Deletes a connection with its users (as Auth0 does); `false` if there was none.
pub async fn delete_connection(core: &Core, name: &str) -> Result<bool, DomainError> {
    let deleted = core.store.delete_connection(name).await?;
    core.recent_connections.forget(name);
    Ok(deleted)
}

/// Creates (`create`) or replaces the options of a connection, in Auth0's option names.
/// A Twilio token left out of an update keeps the stored one (secrets are write-only, so
/// a client that read the connection never had it to send back). `None` when updating a
/// connection that does not exist.
pub async fn save_connection(
    core: &Core,
    name: &str,
    strategy: Option<Strategy>,
    options: serde_json::Value,
    create: bool,
) -> Result<Option<ConnectionRecord>, DomainError> {
    if name.trim().is_empty()
        || name.len() > 128
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(bad("name must be 1 to 128 letters, digits, - or _"));
    }
    let existing = core.store.connection(name).await?;
    let strategy = match (&existing, strategy, create) {
        (Some(_), _, true) => {
            return Err(DomainError::Conflict(format!(
                "A connection with the same name \"{name}\" already exists"
            )));
        }
        (None, _, false) => return Ok(None),
        (Some(old), Some(s), false) if old.strategy != s => {
            return Err(bad("the strategy of a connection cannot change"));
        }
        (Some(old), _, false) => old.strategy,
        (None, Some(s), true) => s,
        (None, None, true) => {
            return Err(bad(
                "Payload validation error: Missing required property: strategy",
            ));
        }
    };
    let mut opts =
        ConnectionOptions::parse(strategy, options).map_err(|e| bad(format!("options: {e}")))?;
    match &mut opts {
        ConnectionOptions::Sms(opts) => {
            if opts.twilio_token.is_none()
                && let Some(old) = &existing
            {
                opts.twilio_token = old
                    .options
                    .get("twilio_token")
                    .and_then(|t| t.as_str())
                    .map(str::to_string);
            }
        }
        ConnectionOptions::Email(_) => {}
    }
    let record = opts.to_record(name, &core.keys)?;
    core.store
        .upsert_connection(&record, core.clock.now())
        .await?;
    core.recent_connections.forget(name);
    Ok(Some(record))
}
