//! SMS and email connections as operators create, change and delete them.

use super::bad;
use super::secrets::{Destination, keep_stored_secret};
use crate::domain::DomainError;
use crate::domain::connections::{ConnectionOptions, SmsOptions};
use crate::domain::core::Core;
use crate::domain::model::{ConnectionRecord, Strategy};

/// Deletes a connection with its users (as Auth0 does); `false` if there was none.
pub async fn delete_connection(core: &Core, name: &str) -> Result<bool, DomainError> {
    let deleted = core.store.delete_connection(name).await?;
    core.recent_connections.forget(name);
    Ok(deleted)
}

/// Where a connection's Twilio token goes: the API URL and the account it belongs to.
pub fn token_destination(o: &SmsOptions) -> Destination {
    Destination {
        secret: "twilio_token",
        settings: vec![
            (
                "twilio_api_url",
                o.twilio_api_url.trim().trim_end_matches('/').to_string(),
            ),
            ("twilio_sid", o.twilio_sid.clone().unwrap_or_default()),
        ],
    }
}

/// Creates (`create`) or replaces the options of a connection, in Auth0's option names.
/// A Twilio token left out of an update keeps the stored one (secrets are write-only, so
/// a client that read the connection never had it to send back), unless the token would
/// go somewhere else than where it was entered (`secrets::keep_stored_secret`). `None`
/// when updating a connection that does not exist.
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
            let stored = match &existing {
                Some(old) => Some(
                    serde_json::from_value::<SmsOptions>(old.options.clone())
                        .map_err(DomainError::internal)?,
                ),
                None => None,
            }
            .filter(|o| o.twilio_token.is_some());
            keep_stored_secret(
                stored.as_ref().map(token_destination).as_ref(),
                &token_destination(opts),
                opts.twilio_token.is_some(),
            )
            .map_err(|e| DomainError::invalid_field_of(format!("connection {name}"), e))?;
            if opts.twilio_token.is_none() {
                // Still sealed: `to_record` keeps a sealed token as it is.
                opts.twilio_token = stored.and_then(|o| o.twilio_token);
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
