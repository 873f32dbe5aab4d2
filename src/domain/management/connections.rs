//! SMS and email connections as operators create, change and delete them.

use super::bad;
use super::secrets::{Destination, keep_stored_secret};
use crate::domain::DomainError;
use crate::domain::connections::sms_routes::{ProviderSettings, SECRETS};
use crate::domain::connections::{ConnectionOptions, SmsOptions};
use crate::domain::core::Core;
use crate::domain::model::{ConnectionRecord, Strategy};
use crate::domain::validation::FieldError;

/// Deletes a connection with its users (as Auth0 does); `false` if there was none.
pub async fn delete_connection(core: &Core, name: &str) -> Result<bool, DomainError> {
    let deleted = core.store.delete_connection(name).await?;
    core.recent_connections.forget(name);
    Ok(deleted)
}

/// Fills the secrets a change left out of `new` from `stored` (still sealed), where they
/// would still go where they were entered.
fn keep_provider_secrets(
    stored: Option<&ProviderSettings>,
    new: &mut ProviderSettings,
) -> Result<(), FieldError> {
    for &name in SECRETS {
        let destination = |p: &ProviderSettings| Destination {
            secret: name,
            settings: p.secret_destination(name),
        };
        let kept = stored.and_then(|s| Some((destination(s), s.secret(name)?)));
        let to = destination(new);
        // Settings without the secret's place (no `gateway_authentication`) have none to keep.
        let Some(slot) = new.secret_mut(name) else {
            continue;
        };
        keep_stored_secret(kept.as_ref().map(|(d, _)| d), &to, slot.is_some())?;
        if slot.is_none() {
            *slot = kept.map(|(_, secret)| secret);
        }
    }
    Ok(())
}

/// [`keep_provider_secrets`] for a connection's own provider and each failover provider (by
/// name: a renamed provider is a new one, whose secrets must be entered).
fn keep_connection_secrets(
    stored: Option<&SmsOptions>,
    new: &mut SmsOptions,
) -> Result<(), FieldError> {
    let mut primary = new.primary();
    keep_provider_secrets(stored.map(SmsOptions::primary).as_ref(), &mut primary)?;
    new.set_primary_secrets(primary);
    for (i, p) in new.failover.iter_mut().enumerate() {
        let old = stored.and_then(|s| s.failover.iter().find(|o| o.name == p.name));
        keep_provider_secrets(old, p)
            .map_err(|e| FieldError::new(format!("failover[{i}].{}", e.field), e.message))?;
    }
    Ok(())
}

/// Creates (`create`) or replaces the options of a connection, in Auth0's option names.
/// A secret (Twilio token, gateway secret, Vonage secret, MessageBird key) left out of an update keeps the stored one
/// (secrets are write-only, so a client that read the connection never had it to send back),
/// unless it would go somewhere else than where it was entered (`secrets::keep_stored_secret`). `None`
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
            };
            // Still sealed, the kept secrets: `to_record` keeps a sealed secret as it is.
            keep_connection_secrets(stored.as_ref(), opts)
                .map_err(|e| DomainError::invalid_field_of(format!("connection {name}"), e))?;
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
