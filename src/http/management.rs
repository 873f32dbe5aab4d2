//! The Management API, as far as it is built: `/api/v2/device-credentials` for a user acting
//! on their own devices with a user-bound token (audience `{issuer}api/v2/`), and Lock v1's
//! older `/api/users/{user_id}/publickey`. Errors use the Management API's shape
//! (`statusCode`, `error`, `message`, `errorCode`).

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use super::AppState;
use super::extract::{BodyRejection, Params, bearer_token};
use crate::domain::DomainError;
use crate::domain::device_login::{
    ApiCaller, NewDeviceCredential, SCOPE_CREATE, SCOPE_DELETE, SCOPE_READ,
};

/// An error in the Management API's shape.
pub struct MgmtError {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl MgmtError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
    }

    fn from_domain(e: DomainError) -> Self {
        match e {
            DomainError::InvalidRequest(m) => Self::new(StatusCode::BAD_REQUEST, "invalid_body", m),
            DomainError::InvalidToken(m) => Self::new(StatusCode::UNAUTHORIZED, "invalid_token", m),
            DomainError::AccessDenied(m) => {
                Self::new(StatusCode::FORBIDDEN, "insufficient_scope", m)
            }
            DomainError::UserBlocked => {
                Self::new(StatusCode::FORBIDDEN, "user_blocked", "user is blocked")
            }
            other => {
                tracing::error!(error = %other, "management request failed");
                Self::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal_error",
                    "Internal server error",
                )
            }
        }
    }
}

impl IntoResponse for MgmtError {
    fn into_response(self) -> Response {
        let body = json!({
            "statusCode": self.status.as_u16(),
            "error": self.status.canonical_reason().unwrap_or("Error"),
            "message": self.message,
            "errorCode": self.code,
        });
        (self.status, Json(body)).into_response()
    }
}

fn caller(state: &AppState, headers: &HeaderMap) -> Result<ApiCaller, MgmtError> {
    let token = bearer_token(headers).ok_or_else(|| {
        MgmtError::new(
            StatusCode::UNAUTHORIZED,
            "missing_token",
            "Missing authentication",
        )
    })?;
    state.auth.api_caller(token).map_err(MgmtError::from_domain)
}

fn body(params: Result<Params, BodyRejection>) -> Result<Params, MgmtError> {
    params.map_err(|r| MgmtError::new(r.0, "invalid_body", r.1))
}

fn text(params: &Params, key: &str) -> Result<String, MgmtError> {
    params
        .str(key)
        .map_err(|e| MgmtError::new(StatusCode::BAD_REQUEST, "invalid_body", e))?
        .ok_or_else(|| {
            MgmtError::new(
                StatusCode::BAD_REQUEST,
                "invalid_body",
                format!("Payload validation error: Missing required property: {key}"),
            )
        })
}

/// `POST /api/v2/device-credentials`: `{device_name, device_id, type: "public_key", value,
/// client_id?}` → 201 with the new credential.
pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Result<Params, BodyRejection>,
) -> Result<Response, MgmtError> {
    let who = caller(&state, &headers)?;
    who.require(&[SCOPE_CREATE])
        .map_err(MgmtError::from_domain)?;
    let params = body(params)?;
    let req = NewDeviceCredential {
        device_name: text(&params, "device_name")?,
        device_id: text(&params, "device_id")?,
        kind: text(&params, "type")?,
        value: text(&params, "value")?,
        client_id: params.str("client_id").ok().flatten(),
    };
    let record = state
        .auth
        .register_device(&who.user_id, &who.client_id, req)
        .await
        .map_err(MgmtError::from_domain)?;
    let body = json!({
        "id": record.id,
        "device_name": record.device_name,
        "device_id": record.device_id,
        "type": "public_key",
        "user_id": record.user_id,
        "client_id": record.client_id,
    });
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    user_id: Option<String>,
    client_id: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
}

/// `GET /api/v2/device-credentials?user_id&client_id&type`: the caller's own credentials.
pub async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<ListQuery>,
) -> Result<Json<Value>, MgmtError> {
    let who = caller(&state, &headers)?;
    who.require(&[SCOPE_READ, SCOPE_CREATE, SCOPE_DELETE])
        .map_err(MgmtError::from_domain)?;
    if q.user_id.as_ref().is_some_and(|u| *u != who.user_id) {
        return Err(MgmtError::new(
            StatusCode::FORBIDDEN,
            "insufficient_scope",
            "A user-bound token may only read its own user's credentials",
        ));
    }
    if let Some(kind) = q.kind.as_deref()
        && !matches!(
            kind,
            "public_key" | "refresh_token" | "rotating_refresh_token"
        )
    {
        return Err(MgmtError::new(
            StatusCode::BAD_REQUEST,
            "invalid_query_string",
            "type must be public_key, refresh_token or rotating_refresh_token",
        ));
    }
    let kind = q.kind.as_deref().map(|k| match k {
        "rotating_refresh_token" => "refresh_token",
        k => k,
    });
    let list = state
        .auth
        .list_devices(&who.user_id, q.client_id.as_deref(), kind)
        .await
        .map_err(MgmtError::from_domain)?;
    Ok(Json(
        serde_json::to_value(list).unwrap_or(Value::Array(vec![])),
    ))
}

/// `DELETE /api/v2/device-credentials/{id}`: a device key, or a refresh token (revoked).
pub async fn delete(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, MgmtError> {
    let who = caller(&state, &headers)?;
    who.require(&[SCOPE_DELETE])
        .map_err(MgmtError::from_domain)?;
    if state
        .auth
        .delete_device(&who.user_id, &id)
        .await
        .map_err(MgmtError::from_domain)?
    {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(MgmtError::new(
            StatusCode::NOT_FOUND,
            "inexistent_device_credential",
            "The device credential does not exist",
        ))
    }
}

/// The user a Lock v1 `id_token` bearer speaks for, and the client it was issued to; the
/// token must be this user's.
fn id_token_caller(
    state: &AppState,
    headers: &HeaderMap,
    user_id: &str,
) -> Result<(String, String), MgmtError> {
    let token = bearer_token(headers).ok_or_else(|| {
        MgmtError::new(
            StatusCode::UNAUTHORIZED,
            "missing_token",
            "Missing authentication",
        )
    })?;
    let now = crate::domain::Clock::now(state.auth.clock.as_ref());
    let (sub, aud) = state
        .auth
        .tokens
        .verify_id_token(token, now)
        .map_err(MgmtError::from_domain)?;
    if sub != user_id {
        return Err(MgmtError::new(
            StatusCode::FORBIDDEN,
            "insufficient_scope",
            "The id_token belongs to another user",
        ));
    }
    Ok((sub, aud))
}

/// Lock v1's `POST /api/users/{user_id}/publickey` `{public_key, device}` with the user's
/// `id_token` as bearer: registers (or replaces) the device's key.
pub async fn legacy_add_public_key(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(user_id): Path<String>,
    params: Result<Params, BodyRejection>,
) -> Result<Response, MgmtError> {
    let (user, client) = id_token_caller(&state, &headers, &user_id)?;
    let params = body(params)?;
    let device = text(&params, "device")?;
    let req = NewDeviceCredential {
        device_name: device.clone(),
        device_id: device,
        kind: "public_key".into(),
        value: text(&params, "public_key")?,
        client_id: Some(client.clone()),
    };
    let record = state
        .auth
        .register_device(&user, &client, req)
        .await
        .map_err(MgmtError::from_domain)?;
    Ok((StatusCode::OK, Json(json!({"id": record.id}))).into_response())
}

/// Lock v1's `DELETE /api/users/{user_id}/publickey` `{device}`.
pub async fn legacy_remove_public_key(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(user_id): Path<String>,
    params: Result<Params, BodyRejection>,
) -> Result<Response, MgmtError> {
    let (user, client) = id_token_caller(&state, &headers, &user_id)?;
    let params = body(params)?;
    let device = text(&params, "device")?;
    let list = state
        .auth
        .list_devices(&user, Some(&client), Some("public_key"))
        .await
        .map_err(MgmtError::from_domain)?;
    let mut removed = false;
    for c in list.iter().filter(|c| c.device_name == device) {
        removed |= state
            .auth
            .delete_device(&user, &c.id)
            .await
            .map_err(MgmtError::from_domain)?;
    }
    if removed {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(MgmtError::new(
            StatusCode::NOT_FOUND,
            "inexistent_device_credential",
            "No key is registered for this device",
        ))
    }
}

/// The scopes that let a user-bound token read or remove the user's own passkeys (Auth0's
/// `read:current_user` family and its My Account API names).
const READ_METHODS: &[&str] = &["read:current_user", "read:me:authentication_methods"];
const DELETE_METHODS: &[&str] = &[
    "delete:me:authentication_methods",
    "delete:current_user_device_credentials",
];

fn same_user(who: &ApiCaller, user_id: &str) -> Result<(), MgmtError> {
    if who.user_id == user_id {
        Ok(())
    } else {
        Err(MgmtError::new(
            StatusCode::FORBIDDEN,
            "insufficient_scope",
            "A user-bound token may only act on its own user",
        ))
    }
}

/// `GET /api/v2/users/{user_id}/authentication-methods`: the user's passkeys.
pub async fn list_authentication_methods(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(user_id): Path<String>,
) -> Result<Json<Value>, MgmtError> {
    let who = caller(&state, &headers)?;
    who.require(READ_METHODS).map_err(MgmtError::from_domain)?;
    same_user(&who, &user_id)?;
    let passkeys = state
        .auth
        .list_passkeys(&user_id)
        .await
        .map_err(MgmtError::from_domain)?;
    Ok(Json(Value::Array(
        passkeys
            .into_iter()
            .map(|p| {
                json!({"id": p.id, "type": "passkey", "name": p.name,
                       "created_at": p.created_at, "last_auth_at": p.last_used_at})
            })
            .collect(),
    )))
}

/// `DELETE /api/v2/users/{user_id}/authentication-methods/{id}`: removes one passkey.
pub async fn delete_authentication_method(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((user_id, id)): Path<(String, String)>,
) -> Result<Response, MgmtError> {
    let who = caller(&state, &headers)?;
    who.require(DELETE_METHODS)
        .map_err(MgmtError::from_domain)?;
    same_user(&who, &user_id)?;
    if state
        .auth
        .delete_passkey(&user_id, &id)
        .await
        .map_err(MgmtError::from_domain)?
    {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(MgmtError::new(
            StatusCode::NOT_FOUND,
            "inexistent_authentication_method",
            "The authentication method does not exist",
        ))
    }
}

/// `GET /api/v2/users/{user_id}` with the user's own token (`read:current_user`): the
/// profile in Auth0's shape, with the whole account picture: identities, device keys and
/// passkeys.
pub async fn get_own_user(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(user_id): Path<String>,
) -> Result<Json<Value>, MgmtError> {
    let who = caller(&state, &headers)?;
    who.require(READ_METHODS).map_err(MgmtError::from_domain)?;
    same_user(&who, &user_id)?;
    let user = state
        .auth
        .store
        .user(&user_id)
        .await
        .map_err(|e| MgmtError::from_domain(e.into()))?
        .ok_or_else(|| {
            MgmtError::new(
                StatusCode::NOT_FOUND,
                "inexistent_user",
                "The user does not exist",
            )
        })?;
    let devices = state
        .auth
        .list_devices(&user_id, None, Some("public_key"))
        .await
        .map_err(MgmtError::from_domain)?;
    let passkeys = state
        .auth
        .list_passkeys(&user_id)
        .await
        .map_err(MgmtError::from_domain)?;
    let iso = crate::domain::iso8601;
    let mut profile = json!({
        "user_id": user.user_id,
        "name": user.name,
        "created_at": iso(user.created_at),
        "updated_at": iso(user.updated_at),
        "last_login": user.last_login.map(iso),
        "logins_count": user.logins_count,
        "blocked": user.blocked,
        "identities": [{
            "user_id": user.identity_id(),
            "provider": user.strategy.as_str(),
            "connection": user.connection,
            "isSocial": false,
        }],
        "device_credentials": devices,
        "passkeys": passkeys,
    });
    let (key, verified) = match user.strategy {
        crate::domain::model::Strategy::Sms => ("phone_number", "phone_verified"),
        crate::domain::model::Strategy::Email => ("email", "email_verified"),
    };
    profile[key] = user.recipient.clone().into();
    profile[verified] = true.into();
    Ok(Json(profile))
}
