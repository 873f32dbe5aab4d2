//! SMS and email connections as operators create, change and delete them.

use super::bad;
use super::secrets::{Destination, keep_stored_secret};
use crate::domain::DomainError;
use crate::domain::connections::sms_routes::ProviderSettings;
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

/// Where a provider's Twilio token goes: the API URL and the account it belongs to.
fn token_destination(p: &ProviderSettings) -> Destination {
    if p.is_verify() {
        return verify_destination(p);
    }
    Destination {
        secret: "twilio_token",
        settings: vec![
            (
                "twilio_api_url",
                p.twilio_api_url.trim().trim_end_matches('/').to_string(),
            ),
            ("twilio_sid", p.twilio_sid.clone().unwrap_or_default()),
        ],
    }
}

/// Where a provider's gateway secret goes: the gateway's URL.
fn gateway_destination(p: &ProviderSettings) -> Destination {
    Destination {
        secret: "gateway_authentication.secret",
        settings: vec![(
            "gateway_url",
            p.gateway_url
                .as_deref()
                .unwrap_or_default()
                .trim()
                .trim_end_matches('/')
                .to_string(),
        )],
    }
}

/// Where a provider's Vonage secret goes: the API URL and the key it belongs to.
fn vonage_destination(p: &ProviderSettings) -> Destination {
    Destination {
        secret: "vonage_api_secret",
        settings: vec![
            ("vonage_api_url", p.vonage_url()),
            (
                "vonage_api_key",
                p.vonage_api_key.clone().unwrap_or_default(),
            ),
        ],
    }
}

/// Where a Twilio Verify provider's token goes: Verify's API URL and the account.
fn verify_destination(p: &ProviderSettings) -> Destination {
    Destination {
        secret: "twilio_token",
        settings: vec![
            ("twilio_verify_api_url", p.verify_url()),
            ("twilio_sid", p.twilio_sid.clone().unwrap_or_default()),
        ],
    }
}

/// Fills the secrets a change left out of `new` from `stored` (still sealed), where they
/// would still go where they were entered.
fn keep_provider_secrets(
    stored: Option<&ProviderSettings>,
    new: &mut ProviderSettings,
) -> Result<(), FieldError> {
    let stored_token = stored.filter(|s| s.twilio_token.is_some());
    keep_stored_secret(
        stored_token.map(token_destination).as_ref(),
        &token_destination(new),
        new.twilio_token.is_some(),
    )?;
    if new.twilio_token.is_none() {
        new.twilio_token = stored_token.and_then(|s| s.twilio_token.clone());
    }
    let stored_vonage = stored.filter(|s| s.vonage_api_secret.is_some());
    keep_stored_secret(
        stored_vonage.map(vonage_destination).as_ref(),
        &vonage_destination(new),
        new.vonage_api_secret.is_some(),
    )?;
    if new.vonage_api_secret.is_none() {
        new.vonage_api_secret = stored_vonage.and_then(|s| s.vonage_api_secret.clone());
    }
    let stored_secret = stored.and_then(|s| {
        let secret = s.gateway_authentication.as_ref()?.secret.clone()?;
        Some((gateway_destination(s), secret))
    });
    let destination = gateway_destination(new);
    if let Some(auth) = new.gateway_authentication.as_mut() {
        keep_stored_secret(
            stored_secret.as_ref().map(|(d, _)| d),
            &destination,
            auth.secret.is_some(),
        )?;
        if auth.secret.is_none() {
            auth.secret = stored_secret.map(|(_, secret)| secret);
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
/// A secret (Twilio token, gateway secret, Vonage secret) left out of an update keeps the stored one
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
