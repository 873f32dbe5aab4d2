//! Device credentials and device-key login: a user registers, lists and removes their
//! devices' public keys (and sees their refresh tokens beside them, as in Auth0), and a
//! device logs in with a JWT it signed (the jwt-bearer grant).

use super::core::Core;
use super::crypto::sha256;
use super::device_keys::{self, DeviceKeyAlg, DevicePublicKey, MAX_CLOCK_SKEW};
use super::model::{Client, DeviceCredentialRecord};
use super::oauth::scope::Scope;
use super::tokens::IssuedTokens;
use super::{DomainError, random_hex};

/// The settings key of the dashboard's device-keys switch.
const DEVICE_KEYS_SETTING: &str = "device_keys_enabled";
pub const SCOPE_CREATE: &str = "create:current_user_device_credentials";
pub const SCOPE_DELETE: &str = "delete:current_user_device_credentials";
pub const SCOPE_READ: &str = "read:current_user_device_credentials";
const MAX_NAME_LEN: usize = 200;

/// Who calls the Management API: a user with a user-bound token, or a machine client with
/// a `client_credentials` token (`user_id` is then `<client_id>@clients`).
#[derive(Debug, Clone)]
pub struct ApiCaller {
    pub machine: bool,
    pub user_id: String,
    /// The client the token was issued to.
    pub client_id: String,
    pub scope: Scope,
}

impl ApiCaller {
    pub fn require(&self, scopes: &[&str]) -> Result<(), DomainError> {
        if scopes.iter().any(|s| self.scope.has(s)) {
            Ok(())
        } else {
            Err(DomainError::AccessDenied(format!(
                "Insufficient scope, expected any of: {}",
                scopes.join(",")
            )))
        }
    }
}

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
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
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

fn bad(msg: impl Into<String>) -> DomainError {
    DomainError::InvalidRequest(msg.into())
}

impl Core {
    /// The audience of Management API tokens.
    pub fn management_audience(&self) -> String {
        format!("{}api/v2/", self.tokens.issuer())
    }

    /// Who a Management API bearer token speaks for: it must verify as our access token and
    /// name the Management API among its audiences.
    pub fn api_caller(&self, bearer: &str) -> Result<ApiCaller, DomainError> {
        let claims =
            self.tokens
                .verify_api_token(bearer, &self.management_audience(), self.clock.now())?;
        Ok(ApiCaller {
            machine: claims.sub.ends_with("@clients"),
            user_id: claims.sub,
            client_id: claims.azp,
            scope: Scope::parse(&claims.scope),
        })
    }

    /// Registers a device's public key for `user_id`; the same `device_id` again replaces the
    /// old key.
    pub async fn register_device(
        &self,
        user_id: &str,
        default_client: &str,
        req: NewDeviceCredential,
    ) -> Result<DeviceCredentialRecord, DomainError> {
        self.require_device_keys().await?;
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
        let key = device_keys::parse_public_key(&req.value).map_err(bad)?;
        let client_id = req.client_id.unwrap_or_else(|| default_client.to_string());
        if self.client(&client_id).await?.is_none() {
            return Err(bad(format!("Unknown client: {client_id}")));
        }
        match self.store.user(user_id).await? {
            Some(u) if u.blocked => return Err(DomainError::UserBlocked),
            Some(_) => {}
            None => return Err(bad("the user does not exist")),
        }
        let record = DeviceCredentialRecord {
            id: format!("dcr_{}", random_hex(self.random.as_ref(), 8)),
            user_id: user_id.to_string(),
            client_id,
            device_name: req.device_name,
            device_id: req.device_id,
            alg: key.alg.as_str().to_string(),
            public_key: key.spki_pem,
            created_at: self.clock.now(),
        };
        self.store.add_device_credential(&record).await?;
        Ok(record)
    }

    /// A user's device keys and live refresh tokens, optionally for one client or type.
    pub async fn list_devices(
        &self,
        user_id: &str,
        client_id: Option<&str>,
        kind: Option<&str>,
    ) -> Result<Vec<DeviceCredentialView>, DomainError> {
        let mut out = Vec::new();
        if kind.is_none_or(|k| k == "public_key") {
            for c in self.store.device_credentials(user_id).await? {
                out.push(DeviceCredentialView {
                    id: c.id,
                    device_name: c.device_name,
                    device_id: Some(c.device_id),
                    kind: "public_key",
                    user_id: c.user_id,
                    client_id: c.client_id,
                });
            }
        }
        if kind.is_none_or(|k| k == "refresh_token") {
            for t in self.store.refresh_tokens_of_user(user_id).await? {
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
    pub async fn delete_device(&self, user_id: &str, id: &str) -> Result<bool, DomainError> {
        if let Some(c) = self.store.device_credential(id).await? {
            return Ok(c.user_id == user_id && self.store.delete_device_credential(id).await?);
        }
        let mine = self
            .store
            .refresh_tokens_of_user(user_id)
            .await?
            .iter()
            .any(|t| t.id == id);
        Ok(mine
            && self
                .store
                .revoke_refresh_token_by_id(id, self.clock.now())
                .await?)
    }

    /// Whether device keys (the Touch ID model) are on: the dashboard's switch, on unless an
    /// operator switched them off.
    pub async fn device_keys_enabled(&self) -> Result<bool, DomainError> {
        Ok(self.store.setting(DEVICE_KEYS_SETTING).await?.as_deref() != Some("false"))
    }

    pub async fn set_device_keys_enabled(&self, on: bool) -> Result<(), DomainError> {
        let value = if on { "true" } else { "false" };
        self.store
            .put_setting(DEVICE_KEYS_SETTING, value, self.clock.now())
            .await?;
        Ok(())
    }

    async fn require_device_keys(&self) -> Result<(), DomainError> {
        if self.device_keys_enabled().await? {
            Ok(())
        } else {
            Err(DomainError::AccessDenied(
                "Device keys (Touch ID) are switched off on this server".into(),
            ))
        }
    }

    /// An operator's delete: any user's device key, or any refresh token (revoked).
    /// `false` if there is no such credential.
    pub async fn delete_any_device(&self, id: &str) -> Result<bool, DomainError> {
        if self.store.device_credential(id).await?.is_some() {
            return Ok(self.store.delete_device_credential(id).await?);
        }
        Ok(self
            .store
            .revoke_refresh_token_by_id(id, self.clock.now())
            .await?)
    }

    /// The jwt-bearer grant: a JWT signed by a registered device key logs its user in.
    /// The key is found by the JWT's `kid` (the credential id) or its `device` claim (the
    /// device name, as Lock v1 sent it), among the keys of the user named in `iss` for this
    /// client. Each JWT works once.
    pub async fn device_login(
        &self,
        client: &Client,
        assertion: &str,
        scope: &Scope,
        audience: Option<&str>,
        device: Option<&str>,
    ) -> Result<IssuedTokens, DomainError> {
        self.require_device_keys().await?;
        let invalid = |why: &str| DomainError::InvalidGrant(format!("Invalid assertion: {why}"));
        if let Some(a) = audience
            && !self.audiences.iter().any(|known| known == a)
        {
            return Err(DomainError::AccessDenied(format!("Service not found: {a}")));
        }
        let hint = device_keys::assertion_hint(assertion).ok_or_else(|| invalid("malformed"))?;
        let user = self
            .store
            .user(&hint.iss)
            .await?
            .ok_or_else(|| invalid("unknown user"))?;
        let credential = match (&hint.kid, &hint.device) {
            (Some(kid), _) => self.store.device_credential(kid).await?,
            (None, Some(name)) => self
                .store
                .device_credentials(&user.user_id)
                .await?
                .into_iter()
                .find(|c| c.device_name == *name && c.client_id == client.client_id),
            (None, None) => return Err(invalid("the token names no key (kid) or device")),
        }
        .filter(|c| c.user_id == user.user_id && c.client_id == client.client_id)
        .ok_or_else(|| invalid("no such device key for this user and application"))?;
        let key = DevicePublicKey {
            alg: DeviceKeyAlg::parse(&credential.alg)
                .ok_or_else(|| DomainError::internal("stored device key has an unknown alg"))?,
            spki_pem: credential.public_key.clone(),
        };
        let now = self.clock.now();
        let claims =
            device_keys::verify_assertion(assertion, &key, now).map_err(|e| invalid(&e))?;
        if user.blocked {
            return Err(DomainError::UserBlocked);
        }
        if !self
            .store
            .record_assertion(
                &sha256(assertion.as_bytes()),
                claims.exp.saturating_add(MAX_CLOCK_SKEW),
            )
            .await?
        {
            return Err(invalid("the token was already used"));
        }
        self.store.record_login(&user.user_id, now).await?;
        let device_name = device
            .or(claims.device.as_deref())
            .or(Some(&credential.device_name));
        self.tokens_for_user(client, &user, scope, audience, device_name)
            .await
    }

    /// Tokens for a user who proved who they are without a code (device key, passkey): the
    /// refresh token, when the scope and client allow one, is stored first.
    pub async fn tokens_for_user(
        &self,
        client: &Client,
        user: &super::model::User,
        scope: &Scope,
        audience: Option<&str>,
        device: Option<&str>,
    ) -> Result<IssuedTokens, DomainError> {
        if let Some(a) = audience
            && !self.audiences.iter().any(|known| known == a)
        {
            return Err(DomainError::AccessDenied(format!("Service not found: {a}")));
        }
        let refresh =
            crate::domain::tokens::refresh::new_token(self, client, scope, audience, device, None);
        if let Some((record, _)) = &refresh {
            let mut record = record.clone();
            record.user_id = user.user_id.clone();
            self.store.insert_refresh_token(&record).await?;
        }
        let mut issued =
            self.tokens
                .issue(user, &client.client_id, scope, audience, self.clock.now())?;
        issued.refresh_token = refresh.map(|(_, token)| token);
        Ok(issued)
    }
}
