//! `/api/v2/keys/signing`: the token signing keys, listed, rotated and revoked by operators.

use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::{CreateSigningKeys, Operator, ReadSigningKeys, UpdateSigningKeys};
use super::error::{MgmtError, Refusals};
use crate::domain::management::signing_keys as domain;
use crate::domain::model::KeyState;
use crate::http::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_signing_keys))
        .routes(routes!(rotate_signing_key))
        .routes(routes!(revoke_signing_key))
}

#[derive(Serialize, ToSchema)]
pub struct SigningKey {
    pub kid: String,
    pub alg: String,
    pub current: bool,
    pub previous: bool,
    pub revoked: bool,
    pub current_since: String,
}

#[derive(Serialize, ToSchema)]
pub struct RotatedKey {
    pub kid: String,
}

#[derive(Serialize, ToSchema)]
pub struct RevokedKey {
    pub kid: String,
    pub revoked: bool,
}

#[utoipa::path(get, path = "/api/v2/keys/signing", tag = "keys", responses((status = 200, description = "Signing keys", body = Vec<SigningKey>), Refusals), security(("bearer" = [])))]
async fn list_signing_keys(
    op: Operator<ReadSigningKeys>,
) -> Result<Json<Vec<SigningKey>>, MgmtError> {
    let keys = op.core().store.signing_keys().await?;
    Ok(Json(
        keys.into_iter()
            .map(|k| SigningKey {
                current: k.state == KeyState::Current,
                previous: k.state == KeyState::Previous,
                revoked: k.state == KeyState::Retired,
                current_since: crate::domain::iso8601(k.created_at),
                kid: k.kid,
                alg: k.alg.to_string(),
            })
            .collect(),
    ))
}

#[utoipa::path(post, path = "/api/v2/keys/signing/rotate", tag = "keys", responses((status = 201, description = "The new current key", body = RotatedKey), Refusals), security(("bearer" = [])))]
async fn rotate_signing_key(
    op: Operator<CreateSigningKeys>,
) -> Result<(StatusCode, Json<RotatedKey>), MgmtError> {
    let kid = domain::rotate_signing_key(op.core()).await?;
    op.changed("Rotate the signing key").await;
    Ok((StatusCode::CREATED, Json(RotatedKey { kid })))
}

/// `PUT /api/v2/keys/signing/{kid}/revoke`: the previous key only; the current one must be
/// rotated away first.
#[utoipa::path(put, path = "/api/v2/keys/signing/{kid}/revoke", tag = "keys", params(("kid" = String, Path)), responses((status = 200, description = "Revoked", body = RevokedKey), Refusals), security(("bearer" = [])))]
async fn revoke_signing_key(
    Path(kid): Path<String>,
    op: Operator<UpdateSigningKeys>,
) -> Result<Json<RevokedKey>, MgmtError> {
    if !domain::revoke_signing_key(op.core(), &kid).await? {
        return Err(MgmtError::new(
            StatusCode::BAD_REQUEST,
            "invalid_key",
            "Only the previous signing key can be revoked (rotate the current one first)",
        ));
    }
    op.changed("Revoke a signing key").await;
    Ok(Json(RevokedKey { kid, revoked: true }))
}
