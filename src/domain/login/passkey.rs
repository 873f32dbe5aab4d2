//! Passkeys (WebAuthn) with kanidm's webauthn-rs: registering a passkey for a signed-in user,
//! and signing in with one, either discoverable (the browser offers the user's passkeys,
//! including autofill) or for a named user. A ceremony's state goes to the store between
//! start and finish, so any instance can finish it, and each is finished at most once.

use base64::Engine;
use serde::{Deserialize, Serialize};
use webauthn_rs::prelude::{
    CreationChallengeResponse, DiscoverableAuthentication, DiscoverableKey, Passkey,
    PasskeyAuthentication, PasskeyRegistration, PublicKeyCredential, RegisterPublicKeyCredential,
    RequestChallengeResponse, Uuid,
};
use webauthn_rs_proto::ResidentKeyRequirement;

use std::net::IpAddr;

use crate::domain::core::Core;
use crate::domain::limits::LimitKind;
use crate::domain::model::{CeremonyRecord, PasskeyRecord, User};
use crate::domain::{DomainError, random_token};

/// A ceremony must be finished within this many seconds of its start.
pub const CEREMONY_LIFETIME: i64 = 300;
/// At most this many ceremonies are kept; a new one past it pushes out the oldest (a flood
/// of unfinished starts from many addresses costs its own ceremonies, not the table).
pub const MAX_LIVE_CEREMONIES: i64 = 1000;
const REGISTER: &str = "register";
const AUTHENTICATE: &str = "authenticate";

#[derive(Serialize, Deserialize)]
struct RegistrationState {
    user_handle: String,
    state: PasskeyRegistration,
}

#[derive(Serialize, Deserialize)]
enum AuthenticationState {
    Discoverable(DiscoverableAuthentication),
    ForUser(PasskeyAuthentication),
}

/// A passkey as a user sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PasskeyView {
    pub id: String,
    pub name: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
}

fn b64url(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn rejected(why: impl std::fmt::Display) -> DomainError {
    DomainError::InvalidGrant(format!("The passkey was not accepted: {why}"))
}

/// A ceremony started for one client is finished by that client.
fn same_client(c: &CeremonyRecord, client_id: Option<&str>) -> Result<(), DomainError> {
    match (c.client_id.as_deref(), client_id) {
        (Some(started), Some(finishing)) if started != finishing => {
            Err(rejected("the auth_session belongs to another application"))
        }
        _ => Ok(()),
    }
}

/// Takes a started ceremony (at most once, before it expires) for the client that began it,
/// with its stored state.
async fn take_ceremony<T: serde::de::DeserializeOwned>(
    core: &Core,
    ceremony: &str,
    kind: &str,
    client_id: Option<&str>,
    now: crate::domain::UnixTime,
) -> Result<(CeremonyRecord, T), DomainError> {
    let c = core
        .store
        .take_ceremony(ceremony, kind, now)
        .await?
        .ok_or_else(|| rejected("unknown or expired auth_session"))?;
    same_client(&c, client_id)?;
    let state = serde_json::from_str(&c.state).map_err(DomainError::internal)?;
    Ok((c, state))
}

/// The settings key of the dashboard's passkeys switch.
const PASSKEYS_SETTING: &str = "passkeys_enabled";

async fn webauthn(core: &Core) -> Result<&webauthn_rs::Webauthn, DomainError> {
    let off = || DomainError::AccessDenied("Passkeys are not enabled on this server".into());
    if !passkeys_enabled(core).await? {
        return Err(off());
    }
    core.passkeys.as_deref().ok_or_else(off)
}

/// Whether passkeys are on: as an operator last switched them in the dashboard, else as
/// the configuration says. Never on when the issuer cannot be a relying party.
pub async fn passkeys_enabled(core: &Core) -> Result<bool, DomainError> {
    if core.passkeys.is_none() {
        return Ok(false);
    }
    Ok(
        match core.store.setting(PASSKEYS_SETTING).await?.as_deref() {
            Some("true") => true,
            Some("false") => false,
            _ => core.passkeys_default,
        },
    )
}

/// Whether passkeys can be switched on here: the issuer has a host name.
pub fn passkeys_possible(core: &Core) -> bool {
    core.passkeys.is_some()
}

/// The dashboard's switch; it outlives restarts and wins over the configuration.
pub async fn set_passkeys_enabled(core: &Core, on: bool) -> Result<(), DomainError> {
    if on && core.passkeys.is_none() {
        return Err(DomainError::InvalidRequest(
            "Passkeys need a host name in the issuer (an IP address cannot be a relying party id)"
                .into(),
        ));
    }
    let value = if on { "true" } else { "false" };
    core.store
        .put_setting(PASSKEYS_SETTING, value, core.clock.now())
        .await?;
    Ok(())
}

/// Counts a passkey sign-in start against the caller's address (`rate_limits.passkey_per_ip`):
/// each start stores a ceremony, and needs no credential.
pub async fn limit_login_start(core: &Core, ip: IpAddr) -> Result<(), DomainError> {
    core.limit(
        LimitKind::Requests,
        "passkey:ip",
        &crate::domain::limits::address_key(ip),
        core.limits.passkey_per_ip,
    )
    .await
}

async fn store_ceremony(
    core: &Core,
    kind: &str,
    user_id: Option<&str>,
    client_id: Option<&str>,
    state: String,
) -> Result<String, DomainError> {
    let id = random_token(core.random.as_ref(), 24);
    core.store
        .insert_ceremony(
            &CeremonyRecord {
                id: id.clone(),
                kind: kind.into(),
                user_id: user_id.map(str::to_string),
                client_id: client_id.map(str::to_string),
                state,
                expires_at: core.clock.now() + CEREMONY_LIFETIME,
            },
            MAX_LIVE_CEREMONIES,
        )
        .await?;
    Ok(id)
}

/// Starts adding a passkey to `user`'s account; returns the ceremony id (Auth0's
/// `auth_session`) and the options for `navigator.credentials.create()`.
pub async fn passkey_registration_start(
    core: &Core,
    user: &User,
    client_id: Option<&str>,
) -> Result<(String, CreationChallengeResponse), DomainError> {
    let webauthn = webauthn(core).await?;
    let existing = core.store.passkeys_of_user(&user.user_id).await?;
    let user_handle = match existing.first() {
        Some(p) => p.user_handle.clone(),
        None => {
            let mut bytes = [0u8; 16];
            for b in bytes.iter_mut() {
                *b = core.random.below(256) as u8;
            }
            Uuid::from_bytes(bytes).to_string()
        }
    };
    let handle = Uuid::parse_str(&user_handle).map_err(DomainError::internal)?;
    let exclude: Vec<_> = existing
        .iter()
        .filter_map(|p| serde_json::from_str::<Passkey>(&p.credential).ok())
        .map(|p| p.cred_id().clone())
        .collect();
    let (mut options, state) = webauthn
        .start_passkey_registration(
            handle,
            &user.recipient,
            &user.name,
            (!exclude.is_empty()).then_some(exclude),
        )
        .map_err(DomainError::internal)?;
    // webauthn-rs asks for a non-discoverable credential; signing in without typing a
    // name (and passkey autofill) needs the authenticator to keep it, so ask for that.
    // Platform passkeys (iCloud Keychain, Google Password Manager) always do.
    if let Some(selection) = options.public_key.authenticator_selection.as_mut() {
        selection.resident_key = Some(ResidentKeyRequirement::Preferred);
    }
    let state = serde_json::to_string(&RegistrationState { user_handle, state })
        .map_err(DomainError::internal)?;
    let id = store_ceremony(core, REGISTER, Some(&user.user_id), client_id, state).await?;
    Ok((id, options))
}

/// Finishes a registration: the new passkey is the user's.
pub async fn passkey_registration_finish(
    core: &Core,
    ceremony: &str,
    response: &RegisterPublicKeyCredential,
    name: &str,
    client_id: Option<&str>,
) -> Result<(PasskeyRecord, User), DomainError> {
    let webauthn = webauthn(core).await?;
    let now = core.clock.now();
    let (c, state): (_, RegistrationState) =
        take_ceremony(core, ceremony, REGISTER, client_id, now).await?;
    let passkey = webauthn
        .finish_passkey_registration(response, &state.state)
        .map_err(rejected)?;
    let user_id = c
        .user_id
        .ok_or_else(|| DomainError::internal("registration ceremony without a user"))?;
    let user = core
        .store
        .user(&user_id)
        .await?
        .ok_or_else(|| rejected("the user no longer exists"))?;
    if user.blocked {
        return Err(DomainError::UserBlocked);
    }
    let record = PasskeyRecord {
        id: b64url(passkey.cred_id()),
        user_id,
        user_handle: state.user_handle,
        name: name.chars().take(100).collect(),
        credential: serde_json::to_string(&passkey).map_err(DomainError::internal)?,
        created_at: now,
        last_used_at: None,
    };
    if !core.store.add_passkey(&record).await? {
        return Err(rejected("this passkey is registered already"));
    }
    Ok((record, user))
}

/// Starts a passkey sign-in: for a named user (their passkeys are allowed), or
/// discoverable (the authenticator says whose passkey it is; browsers offer autofill).
pub async fn passkey_login_start(
    core: &Core,
    user: Option<&User>,
    client_id: Option<&str>,
) -> Result<(String, RequestChallengeResponse), DomainError> {
    let webauthn = webauthn(core).await?;
    let (options, state) = match user {
        None => {
            let (options, state) = webauthn
                .start_discoverable_authentication()
                .map_err(DomainError::internal)?;
            (options, AuthenticationState::Discoverable(state))
        }
        Some(u) => {
            let passkeys: Vec<Passkey> = core
                .store
                .passkeys_of_user(&u.user_id)
                .await?
                .iter()
                .filter_map(|p| serde_json::from_str(&p.credential).ok())
                .collect();
            if passkeys.is_empty() {
                return Err(DomainError::InvalidRequest(
                    "This user has no passkey".into(),
                ));
            }
            let (options, state) = webauthn
                .start_passkey_authentication(&passkeys)
                .map_err(DomainError::internal)?;
            (options, AuthenticationState::ForUser(state))
        }
    };
    let state = serde_json::to_string(&state).map_err(DomainError::internal)?;
    let id = store_ceremony(
        core,
        AUTHENTICATE,
        user.map(|u| u.user_id.as_str()),
        client_id,
        state,
    )
    .await?;
    Ok((id, options))
}

/// Finishes a passkey sign-in; returns the user it proves.
pub async fn passkey_login_finish(
    core: &Core,
    ceremony: &str,
    response: &PublicKeyCredential,
    client_id: Option<&str>,
) -> Result<User, DomainError> {
    let webauthn = webauthn(core).await?;
    let now = core.clock.now();
    let (c, state): (_, AuthenticationState) =
        take_ceremony(core, ceremony, AUTHENTICATE, client_id, now).await?;
    let record = core
        .store
        .passkey(&b64url(response.get_credential_id()))
        .await?
        .ok_or_else(|| rejected("unknown passkey"))?;
    let mut passkey: Passkey =
        serde_json::from_str(&record.credential).map_err(DomainError::internal)?;
    let result = match state {
        AuthenticationState::Discoverable(state) => {
            let (handle, _) = webauthn
                .identify_discoverable_authentication(response)
                .map_err(rejected)?;
            if handle.to_string() != record.user_handle {
                return Err(rejected("the passkey belongs to another user"));
            }
            webauthn
                .finish_discoverable_authentication_v2(
                    response,
                    state,
                    DiscoverableKey::from(&passkey),
                )
                .map_err(rejected)?
        }
        AuthenticationState::ForUser(state) => {
            if c.user_id.as_deref() != Some(record.user_id.as_str()) {
                return Err(rejected("the passkey belongs to another user"));
            }
            webauthn
                .finish_passkey_authentication(response, &state)
                .map_err(rejected)?
        }
    };
    passkey.update_credential(&result);
    let updated = serde_json::to_string(&passkey).map_err(DomainError::internal)?;
    core.store.touch_passkey(&record.id, &updated, now).await?;
    let user = core
        .store
        .user(&record.user_id)
        .await?
        .ok_or_else(|| rejected("the user no longer exists"))?;
    if user.blocked {
        return Err(DomainError::UserBlocked);
    }
    core.store.record_login(&user.user_id, now).await?;
    Ok(user)
}

pub async fn list_passkeys(core: &Core, user_id: &str) -> Result<Vec<PasskeyView>, DomainError> {
    Ok(core
        .store
        .passkeys_of_user(user_id)
        .await?
        .into_iter()
        .map(|p| PasskeyView {
            id: p.id,
            name: p.name,
            created_at: crate::domain::iso8601(p.created_at),
            last_used_at: p.last_used_at.map(crate::domain::iso8601),
        })
        .collect())
}

pub async fn delete_passkey(core: &Core, user_id: &str, id: &str) -> Result<bool, DomainError> {
    Ok(core.store.delete_passkey(id, user_id).await?)
}
