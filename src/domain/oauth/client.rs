//! Client authentication at the token-style endpoints: the client is found (through the
//! core's cache) and its secret checked when it has one.

use crate::domain::DomainError;
use crate::domain::core::Core;
use crate::domain::crypto::{ct_eq, sha256};
use crate::domain::model::Client;

/// Finds the client and checks its secret when it has one. A public client (no secret)
/// needs none; a confidential one must present it.
pub async fn authenticate_client(
    core: &Core,
    client_id: Option<&str>,
    client_secret: Option<&str>,
) -> Result<Client, DomainError> {
    let client_id = client_id.filter(|c| !c.is_empty()).ok_or_else(|| {
        DomainError::InvalidRequest("Missing required parameter: client_id".into())
    })?;
    // The dashboard's client signs in only through the hosted login, for the dashboard's
    // own callback: it gets no tokens and starts no end-user login.
    if crate::domain::login::dashboard_identity::is_dashboard(client_id) {
        return Err(DomainError::ClientAuthFailed);
    }
    let client = core
        .client(client_id)
        .await?
        .ok_or(DomainError::ClientAuthFailed)?;
    if let Some(expected) = &client.secret_hash {
        let presented = client_secret.ok_or(DomainError::ClientAuthFailed)?;
        if !ct_eq(expected, &sha256(presented.as_bytes())) {
            return Err(DomainError::ClientAuthFailed);
        }
    }
    Ok(client)
}
