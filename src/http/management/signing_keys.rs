//! `/api/v2/keys/signing`: the token signing keys, listed (Auth0's whole signing-key object:
//! certificate, PKCS#7, fingerprints, life-cycle flags and dates), read one by one, rotated
//! and revoked by operators.

use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::{CreateSigningKeys, Operator, ReadSigningKeys, UpdateSigningKeys};
use super::error::{ErrorBody, MgmtError, Refusals};
use crate::domain::iso8601;
use crate::domain::management::signing_keys::{self as domain, SigningKeyView, Unrevoked};
use crate::domain::model::KeyState;
use crate::http::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_signing_keys))
        .routes(routes!(get_signing_key))
        .routes(routes!(rotate_signing_key))
        .routes(routes!(revoke_signing_key))
}

/// A signing key as Auth0 shows it. Latchkey keeps one current key per algorithm in use,
/// so `alg` (not in Auth0's object, where every key is RS256) says which.
#[derive(Serialize, ToSchema)]
pub struct SigningKey {
    pub kid: String,
    /// The key's self-signed certificate (PEM, `\r\n` line breaks).
    pub cert: String,
    /// The certificate as PEM PKCS#7.
    pub pkcs7: String,
    /// SHA-1 of the certificate, `CC:FB:…`.
    pub fingerprint: String,
    /// SHA-1 of the certificate, `CCFB…`.
    pub thumbprint: String,
    /// Signs new tokens.
    pub current: bool,
    /// Latchkey queues no next key: a rotation makes the new key current at once.
    pub next: bool,
    /// Rotated out, still in the JWKS.
    pub previous: bool,
    /// No longer in the JWKS.
    pub revoked: bool,
    pub current_since: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_until: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<String>,
    pub alg: String,
}

impl SigningKey {
    fn new(k: SigningKeyView) -> Self {
        let r = k.record;
        Self {
            cert: k.certificate.cert,
            pkcs7: k.certificate.pkcs7,
            fingerprint: k.certificate.fingerprint,
            thumbprint: k.certificate.thumbprint,
            current: r.state == KeyState::Current,
            next: false,
            previous: r.state == KeyState::Previous,
            revoked: r.state == KeyState::Retired,
            current_since: iso8601(r.created_at),
            current_until: k.current_until.map(iso8601),
            revoked_at: r.revoked_at.map(iso8601),
            kid: r.kid,
            alg: r.alg.to_string(),
        }
    }
}

/// What a rotation and a revocation answer: the key's id and certificate.
#[derive(Serialize, ToSchema)]
pub struct KeyCertificate {
    pub cert: String,
    pub kid: String,
}

impl KeyCertificate {
    fn new(k: SigningKeyView) -> Self {
        Self {
            cert: k.certificate.cert,
            kid: k.record.kid,
        }
    }
}

fn no_key() -> MgmtError {
    MgmtError::new(
        StatusCode::NOT_FOUND,
        "inexistent_signing_key",
        "Signing key not found",
    )
}

#[utoipa::path(get, path = "/api/v2/keys/signing", tag = "keys", responses((status = 200, description = "Signing keys, newest first", body = Vec<SigningKey>), Refusals), security(("bearer" = [])))]
async fn list_signing_keys(
    op: Operator<ReadSigningKeys>,
) -> Result<Json<Vec<SigningKey>>, MgmtError> {
    let keys = domain::signing_keys(op.core()).await?;
    Ok(Json(keys.into_iter().map(SigningKey::new).collect()))
}

#[utoipa::path(get, path = "/api/v2/keys/signing/{kid}", tag = "keys", params(("kid" = String, Path)), responses((status = 200, description = "The signing key", body = SigningKey), (status = 404, description = "No such key", body = ErrorBody), Refusals), security(("bearer" = [])))]
async fn get_signing_key(
    Path(kid): Path<String>,
    op: Operator<ReadSigningKeys>,
) -> Result<Json<SigningKey>, MgmtError> {
    let key = domain::signing_key(op.core(), &kid)
        .await?
        .ok_or_else(no_key)?;
    Ok(Json(SigningKey::new(key)))
}

/// `POST /api/v2/keys/signing/rotate`: a new key for every algorithm in use, current at
/// once; the answer is the new RS256 key's.
#[utoipa::path(post, path = "/api/v2/keys/signing/rotate", tag = "keys", responses((status = 201, description = "The new current key", body = KeyCertificate), Refusals), security(("bearer" = [])))]
async fn rotate_signing_key(
    op: Operator<CreateSigningKeys>,
) -> Result<(StatusCode, Json<KeyCertificate>), MgmtError> {
    let key = domain::rotate_signing_key(op.core()).await?;
    op.changed("Rotate the signing key").await;
    Ok((StatusCode::CREATED, Json(KeyCertificate::new(key))))
}

/// `PUT /api/v2/keys/signing/{kid}/revoke`: the previous key only; the current one must be
/// rotated away first.
#[utoipa::path(put, path = "/api/v2/keys/signing/{kid}/revoke", tag = "keys", params(("kid" = String, Path)), responses((status = 200, description = "Revoked", body = KeyCertificate), (status = 404, description = "No such key", body = ErrorBody), Refusals), security(("bearer" = [])))]
async fn revoke_signing_key(
    Path(kid): Path<String>,
    op: Operator<UpdateSigningKeys>,
) -> Result<Json<KeyCertificate>, MgmtError> {
    let key = match domain::revoke_signing_key(op.core(), &kid).await? {
        Ok(key) => key,
        Err(Unrevoked::Unknown) => return Err(no_key()),
        Err(Unrevoked::NotPrevious) => {
            return Err(MgmtError::new(
                StatusCode::BAD_REQUEST,
                "invalid_key",
                "Only the previous signing key can be revoked (rotate the current one first)",
            ));
        }
    };
    op.changed("Revoke a signing key").await;
    Ok(Json(KeyCertificate::new(key)))
}
