//! Device credentials: a user registers, lists and removes their devices' public keys (and
//! sees their refresh tokens beside them, as in Auth0); an operator removes any; the
//! dashboard's switch turns device keys on and off.

use super::bad;
use crate::domain::core::Core;
use crate::domain::login::device_key_jwt;
use crate::domain::model::DeviceCredentialRecord;
use crate::domain::{DomainError, random_hex};

/// The settings key of the dashboard's device-keys switch.
const DEVICE_KEYS_SETTING: &str = "device_keys_enabled";
const MAX_NAME_LEN: usize = 200;

/// `POST /api/v2/device-credentials`.
#[derive(Debug, Clone, Default)]
pub struct NewDeviceCredential {
    pub device_name: String,
    pub device_id: String,
    pub kind: String,
    pub value: String,
    pub client_id: Option<String>,
}

/// One entry of `GET /api/v2/device-credentials`: a device key or a refresh token.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct DeviceCredentialView {
    pub id: String,
    pub device_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_id: Option<String>,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub user_id: String,
    pub client_id: String,
}

impl From<DeviceCredentialRecord> for DeviceCredentialView {
    fn from(c: DeviceCredentialRecord) -> Self {
        Self {
            id: c.id,
            device_name: c.device_name,
            device_id: Some(c.device_id),
            kind: "public_key",
            user_id: c.user_id,
            client_id: c.client_id,
        }
    }
}

/// Registers a device's public key for `user_id`; the same `device_id` again replaces the
/// old key.
pub async fn register_device(
    core: &Core,
    user_id: &str,
    default_client: &str,
    req: NewDeviceCredential,
) -> Result<DeviceCredentialRecord, DomainError> {
    require_device_keys(core).await?;
    if req.kind != "public_key" {
        return Err(bad("type must be public_key"));
    }
    for (name, value) in [
        ("device_name", &req.device_name),
        ("device_id", &req.device_id),
    ] {
        if value.trim().is_empty() || value.len() > MAX_NAME_LEN {
            return Err(bad(format!(
                "{name} must be 1 to {MAX_NAME_LEN} characters"
            )));
        }
    }
    let key = device_key_jwt::parse_public_key(&req.value)?;
    let client_id = req.client_id.unwrap_or_else(|| default_client.to_string());
    if core.client(&client_id).await?.is_none() {
        return Err(bad(format!("Unknown client: {client_id}")));
    }
    match core.store.user(user_id).await? {
        Some(u) if u.blocked => return Err(DomainError::UserBlocked),
        Some(_) => {}
        None => return Err(bad("the user does not exist")),
    }
    let record = DeviceCredentialRecord {
        id: format!("dcr_{}", random_hex(core.random.as_ref(), 8)),
        user_id: user_id.to_string(),
        client_id,
        device_name: req.device_name,
        device_id: req.device_id,
        alg: key.alg.as_str().to_string(),
        public_key: key.spki_pem,
        created_at: core.clock.now(),
    };
    core.store.add_device_credential(&record).await?;
    Ok(record)
}

/// A user's device keys and live refresh tokens, optionally for one client or type.
pub async fn list_devices(
    core: &Core,
    user_id: &str,
    client_id: Option<&str>,
    kind: Option<&str>,
) -> Result<Vec<DeviceCredentialView>, DomainError> {
    let mut out = Vec::new();
    if kind.is_none_or(|k| k == "public_key") {
        out.extend(
            core.store
                .device_credentials(user_id)
                .await?
                .into_iter()
                .map(DeviceCredentialView::from),
        );
    }
    if kind.is_none_or(|k| k == "refresh_token") {
        for t in core.store.refresh_tokens_of_user(user_id).await? {
            out.push(DeviceCredentialView {
                id: t.id,
                device_name: t.device.unwrap_or_default(),
                device_id: None,
                kind: "refresh_token",
                user_id: t.user_id,
                client_id: t.client_id,
            });
        }
    }
    out.retain(|c| client_id.is_none_or(|id| c.client_id == id));
    Ok(out)
}

/// Deletes one of the user's device keys, or revokes one of their refresh tokens.
/// `false` if the user has no such credential.
pub async fn delete_device(core: &Core, user_id: &str, id: &str) -> Result<bool, DomainError> {
    if let Some(c) = core.store.device_credential(id).await? {
        return Ok(c.user_id == user_id && core.store.delete_device_credential(id).await?);
    }
    let mine = core
        .store
        .refresh_tokens_of_user(user_id)
        .await?
        .iter()
        .any(|t| t.id == id);
    Ok(mine
        && core
            .store
            .revoke_refresh_token_by_id(id, core.clock.now())
            .await?)
}

/// Whether device keys (the Touch ID model) are on: the dashboard's switch, on unless an
/// operator switched them off.
pub async fn device_keys_enabled(core: &Core) -> Result<bool, DomainError> {
    Ok(core.store.setting(DEVICE_KEYS_SETTING).await?.as_deref() != Some("false"))
}

pub async fn set_device_keys_enabled(core: &Core, on: bool) -> Result<(), DomainError> {
    let value = if on { "true" } else { "false" };
    core.store
        .put_setting(DEVICE_KEYS_SETTING, value, core.clock.now())
        .await?;
    Ok(())
}

pub(crate) async fn require_device_keys(core: &Core) -> Result<(), DomainError> {
    if device_keys_enabled(core).await? {
        Ok(())
    } else {
        Err(DomainError::AccessDenied(
            "Device keys (Touch ID) are switched off on this server".into(),
        ))
    }
}

/// An operator's delete: any user's device key, or any refresh token (revoked).
/// `false` if there is no such credential.
pub async fn delete_any_device(core: &Core, id: &str) -> Result<bool, DomainError> {
    if core.store.device_credential(id).await?.is_some() {
        return Ok(core.store.delete_device_credential(id).await?);
    }
    Ok(core
        .store
        .revoke_refresh_token_by_id(id, core.clock.now())
        .await?)
}
