//! The one-off commands' work (`admins`, `clients create-machine`, `keys rotate`): which
//! server they act for, and what they change. A command writes URLs the server will check
//! (the dashboard's callback, a machine client's audience), so it must use the issuer the
//! server really has: the configured one, or the one `serve` stored when it last started.
//! Guessing one from a default listen address would write URLs the server then refuses.

use crate::app::{Deps, ensure_dashboard_client};
use crate::config::Settings;
use crate::domain::crypto::{ServerKeys, sha256};
use crate::domain::model::{Client, SigningAlg};
use crate::domain::ports::Store;
use crate::domain::random_hex;
use crate::domain::tokens::key_reload;

/// The `settings` row holding the issuer `serve` last started with.
pub const ISSUER_SETTING: &str = "server.issuer";

/// Called by `serve` at each start, so later commands know the server's issuer.
pub async fn remember_issuer(store: &dyn Store, issuer: &str, now: i64) -> anyhow::Result<()> {
    if store.setting(ISSUER_SETTING).await?.as_deref() != Some(issuer) {
        store.put_setting(ISSUER_SETTING, issuer, now).await?;
    }
    Ok(())
}

/// The issuer a command acts for: the configured one (with a note when the server last ran
/// with another), else the stored one; with neither, the command is refused.
pub async fn issuer_for_command(settings: &mut Settings, store: &dyn Store) -> anyhow::Result<()> {
    let stored = store.setting(ISSUER_SETTING).await?;
    match stored {
        Some(last) if settings.issuer_configured => {
            if last != settings.issuer {
                eprintln!(
                    "note: the server last ran with issuer {last}; this command uses the configured {}",
                    settings.issuer
                );
            }
        }
        Some(last) => settings.issuer = last,
        None if settings.issuer_configured => {}
        None => anyhow::bail!(
            "no issuer known for this database: `latchkey serve` stores its issuer when it \
             first starts. Start the server once, or give the issuer it will use with --issuer, \
             LATCHKEY_ISSUER or `issuer` in the configuration file"
        ),
    }
    Ok(())
}

/// Publishes a new signing key for each algorithm in use; the previous ones keep verifying
/// until the next rotation. Returns the new keys' ids, RS256's first.
pub async fn rotate_signing_key(
    store: &dyn Store,
    keys: &ServerKeys,
    deps: &Deps,
) -> anyhow::Result<Vec<(SigningAlg, String)>> {
    let now = deps.clock.now();
    Ok(key_reload::rotate_all(store, keys, deps.random.as_ref(), now).await?)
}
/// `latchkey admins add`: lets `email` sign in to the dashboard; `false` if it could already.
pub async fn add_admin(
    store: &dyn Store,
    settings: &Settings,
    deps: &Deps,
    email: &str,
) -> anyhow::Result<bool> {
    let now = deps.clock.now();
    let added = crate::domain::management::admins::add_admin(store, email, now).await?;
    ensure_dashboard_client(store, settings, now).await?;
    Ok(added)
}

/// A confidential client allowed `client_credentials` for the Management API with every
/// scope it serves: (client_id, secret). The secret is stored as its hash only.
pub async fn create_management_client(
    store: &dyn Store,
    settings: &Settings,
    deps: &Deps,
    name: &str,
) -> anyhow::Result<(String, String)> {
    use crate::domain::model::{ClientGrant, GRANT_CLIENT_CREDENTIALS};
    let now = deps.clock.now();
    let secret = crate::domain::random_token(deps.random.as_ref(), 48);
    let client = Client {
        secret_hash: Some(sha256(secret.as_bytes())),
        sealed_secret: None,
        ..Client::named(
            random_hex(deps.random.as_ref(), 16),
            name,
            vec![GRANT_CLIENT_CREDENTIALS.into()],
        )
    };
    store.upsert_client(&client, now).await?;
    store
        .upsert_client_grant(
            &ClientGrant {
                id: format!("cgr_{}", random_hex(deps.random.as_ref(), 8)),
                client_id: client.client_id.clone(),
                audience: format!("{}api/v2/", settings.issuer),
                scope: crate::domain::management::MANAGEMENT_SCOPES
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
            },
            now,
        )
        .await?;
    Ok((client.client_id, secret))
}
