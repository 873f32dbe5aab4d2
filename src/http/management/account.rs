//! A user's own account with a user-bound token: their profile (identities, device keys and
//! passkeys) and their authentication methods (passkeys).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use serde::Serialize;
use utoipa_axum::router::OpenApiRouter;

use super::auth::{Caller, DeleteOwnMethods, OwnAccount, ReadOwnAccount};
use super::error::MgmtError;
use super::users::User;
use crate::domain::login::passkey::{self, PasskeyView};
use crate::domain::management::device_credentials::{self, DeviceCredentialView};
use crate::http::AppState;

/// Not in the OpenAPI description: user-bound tokens only.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route(
            "/api/v2/users/{user_id}/authentication-methods",
            get(list_authentication_methods),
        )
        .route(
            "/api/v2/users/{user_id}/authentication-methods/{id}",
            delete(delete_authentication_method),
        )
}

/// A passkey, as Auth0 lists authentication methods.
#[derive(Serialize)]
struct AuthenticationMethod {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    name: String,
    created_at: String,
    last_auth_at: Option<String>,
}

/// The whole account picture a user reads of themselves.
#[derive(Serialize)]
struct OwnProfile {
    #[serde(flatten)]
    user: User,
    device_credentials: Vec<DeviceCredentialView>,
    passkeys: Vec<PasskeyView>,
}

/// `GET /api/v2/users/{user_id}/authentication-methods`: the user's passkeys.
async fn list_authentication_methods(
    State(state): State<AppState>,
    Path(user_id): Path<String>,
    _: OwnAccount<ReadOwnAccount>,
) -> Result<Json<Vec<AuthenticationMethod>>, MgmtError> {
    let passkeys = passkey::list_passkeys(&state.core, &user_id).await?;
    Ok(Json(
        passkeys
            .into_iter()
            .map(|p| AuthenticationMethod {
                id: p.id,
                kind: "passkey",
                name: p.name,
                created_at: p.created_at,
                last_auth_at: p.last_used_at,
            })
            .collect(),
    ))
}

/// `DELETE /api/v2/users/{user_id}/authentication-methods/{id}`: removes one passkey.
async fn delete_authentication_method(
    State(state): State<AppState>,
    Path((user_id, id)): Path<(String, String)>,
    _: OwnAccount<DeleteOwnMethods>,
) -> Result<StatusCode, MgmtError> {
    if !passkey::delete_passkey(&state.core, &user_id, &id).await? {
        return Err(MgmtError::new(
            StatusCode::NOT_FOUND,
            "inexistent_authentication_method",
            "The authentication method does not exist",
        ));
    }
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v2/users/{user_id}` with the user's own token (`read:current_user`): the
/// profile in Auth0's shape, with identities, device keys and passkeys.
pub async fn own_profile(
    state: &AppState,
    who: Caller,
    user_id: &str,
) -> Result<Response, MgmtError> {
    who.own::<ReadOwnAccount>(user_id)?;
    let user = state
        .core
        .store
        .user(user_id)
        .await?
        .ok_or_else(|| MgmtError::not_found("inexistent_user", "user"))?;
    let profile = OwnProfile {
        user: User::own(&user),
        device_credentials: device_credentials::list_devices(
            &state.core,
            user_id,
            None,
            Some("public_key"),
        )
        .await?,
        passkeys: passkey::list_passkeys(&state.core, user_id).await?,
    };
    Ok(Json(profile).into_response())
}
