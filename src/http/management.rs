//! The Management API, as far as it is built: `/api/v2/device-credentials` for a user acting
//! on their own devices with a user-bound token (audience `{issuer}api/v2/`), and Lock v1's
//! older `/api/users/{user_id}/publickey`. Errors use the Management API's shape
//! (`statusCode`, `error`, `message`, `errorCode`).

use axum::Json;
use axum::extract::rejection::QueryRejection;
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
            DomainError::Conflict(m) => Self::new(StatusCode::CONFLICT, "conflict", m),
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

/// A query string read into `T`, or the Management API's 400 (not axum's plain text).
fn query<T>(q: Result<Query<T>, QueryRejection>) -> Result<T, MgmtError> {
    q.map(|Query(t)| t).map_err(|e| {
        MgmtError::new(
            StatusCode::BAD_REQUEST,
            "invalid_query_string",
            e.body_text(),
        )
    })
}

fn caller(state: &AppState, headers: &HeaderMap) -> Result<ApiCaller, MgmtError> {
    let token = bearer_token(headers).ok_or_else(|| {
        MgmtError::new(
            StatusCode::UNAUTHORIZED,
            "missing_token",
            "Missing authentication",
        )
    })?;
    state.core.api_caller(token).map_err(MgmtError::from_domain)
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
        .core
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
    q: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Json<Value>, MgmtError> {
    let q = query(q)?;
    let who = caller(&state, &headers)?;
    // An operator's token reads any user's credentials; a user's token only their own.
    let user_id = if who.machine {
        who.require(&["read:device_credentials"])
            .map_err(MgmtError::from_domain)?;
        q.user_id.clone().ok_or_else(|| {
            MgmtError::new(
                StatusCode::BAD_REQUEST,
                "invalid_query_string",
                "user_id is required with a client_credentials token",
            )
        })?
    } else {
        who.require(&[SCOPE_READ, SCOPE_CREATE, SCOPE_DELETE])
            .map_err(MgmtError::from_domain)?;
        who.user_id.clone()
    };
    if !who.machine && q.user_id.as_ref().is_some_and(|u| *u != who.user_id) {
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
        .core
        .list_devices(&user_id, q.client_id.as_deref(), kind)
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
    let deleted = if who.machine {
        who.require(&["delete:device_credentials"])
            .map_err(MgmtError::from_domain)?;
        let deleted = state
            .core
            .delete_any_device(&id)
            .await
            .map_err(MgmtError::from_domain)?;
        if deleted {
            state
                .core
                .log_api_operation(&who.user_id, &format!("Delete the device credential {id}"))
                .await;
        }
        deleted
    } else {
        who.require(&[SCOPE_DELETE])
            .map_err(MgmtError::from_domain)?;
        state
            .core
            .delete_device(&who.user_id, &id)
            .await
            .map_err(MgmtError::from_domain)?
    };
    if deleted {
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
    let now = crate::domain::Clock::now(state.core.clock.as_ref());
    let (sub, aud) = state
        .core
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
        .core
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
        .core
        .list_devices(&user, Some(&client), Some("public_key"))
        .await
        .map_err(MgmtError::from_domain)?;
    let mut removed = false;
    for c in list.iter().filter(|c| c.device_name == device) {
        removed |= state
            .core
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
        .core
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
        .core
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
        .core
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
        .core
        .list_devices(&user_id, None, Some("public_key"))
        .await
        .map_err(MgmtError::from_domain)?;
    let passkeys = state
        .core
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

// ---- The operators' endpoints: machine tokens (client_credentials) with granted scopes.

/// A machine caller holding `scope`.
fn operator(state: &AppState, headers: &HeaderMap, scope: &str) -> Result<ApiCaller, MgmtError> {
    let who = caller(state, headers)?;
    if !who.machine {
        return Err(MgmtError::new(
            StatusCode::FORBIDDEN,
            "insufficient_scope",
            "This endpoint needs a client_credentials token",
        ));
    }
    who.require(&[scope]).map_err(MgmtError::from_domain)?;
    Ok(who)
}

#[derive(Debug, Deserialize)]
pub struct Paging {
    page: Option<i64>,
    per_page: Option<i64>,
    include_totals: Option<bool>,
    q: Option<String>,
    connection: Option<String>,
    strategy: Option<String>,
    /// Auth0's `field:1` (ascending) or `field:-1` (descending).
    sort: Option<String>,
}

impl Paging {
    fn window(&self) -> Result<(i64, i64), MgmtError> {
        let page = self.page.unwrap_or(0);
        let per_page = self.per_page.unwrap_or(50);
        if page < 0 || !(1..=100).contains(&per_page) {
            return Err(MgmtError::new(
                StatusCode::BAD_REQUEST,
                "invalid_query_string",
                "page must be 0 or more and per_page 1 to 100",
            ));
        }
        Ok((page, per_page))
    }

    /// Auth0's two answers: a bare array, or `{start, limit, length, total, <key>: [...]}`.
    fn answer(&self, key: &str, items: Vec<Value>, total: i64) -> Result<Json<Value>, MgmtError> {
        let (page, per_page) = self.window()?;
        Ok(Json(if self.include_totals.unwrap_or(false) {
            json!({"start": page.saturating_mul(per_page), "limit": per_page, "length": items.len(),
                   "total": total, key: items})
        } else {
            Value::Array(items)
        }))
    }
}

fn client_json(c: &crate::domain::model::Client, secret: Option<&str>) -> Value {
    let mut v = json!({
        "client_id": c.client_id,
        "name": c.name,
        "callbacks": c.callbacks,
        "allowed_logout_urls": c.allowed_logout_urls,
        "grant_types": c.grant_types,
        "token_endpoint_auth_method": if c.secret_hash.is_some() { "client_secret_post" } else { "none" },
        "app_type": if c.grant_types.iter().all(|g| g == "client_credentials") { "non_interactive" }
                    else if c.secret_hash.is_some() { "regular_web" } else { "native" },
        "refresh_token": c.refresh_token,
        "mobile": c.mobile,
    });
    if let Some(logo) = &c.branding.logo_uri {
        v["logo_uri"] = logo.clone().into();
    }
    // A secret is stored as a hash: it is shown when made, never again.
    if let Some(secret) = secret {
        v["client_secret"] = secret.into();
    }
    v
}

fn user_json(u: &crate::domain::model::User) -> Value {
    let iso = crate::domain::iso8601;
    let mut v = json!({
        "user_id": u.user_id,
        "name": u.name,
        "nickname": match u.strategy {
            crate::domain::model::Strategy::Email => crate::domain::email_address::local_part(&u.recipient).to_string(),
            crate::domain::model::Strategy::Sms => u.name.clone(),
        },
        "created_at": iso(u.created_at),
        "updated_at": iso(u.updated_at),
        "last_login": u.last_login.map(iso),
        "logins_count": u.logins_count,
        "blocked": u.blocked,
        "identities": [{"user_id": u.identity_id(), "provider": u.strategy.as_str(),
                        "connection": u.connection, "isSocial": false}],
    });
    let (key, verified) = match u.strategy {
        crate::domain::model::Strategy::Sms => ("phone_number", "phone_verified"),
        crate::domain::model::Strategy::Email => ("email", "email_verified"),
    };
    v[key] = u.recipient.clone().into();
    v[verified] = true.into();
    v
}

fn log_json(e: &crate::domain::model::LogEvent) -> Value {
    json!({"log_id": e.id, "date": crate::domain::iso8601(e.date), "type": e.kind,
           "description": e.description, "client_id": e.client_id,
           "connection": e.connection, "user_id": e.user_id, "ip": e.ip})
}

fn not_found(code: &'static str, what: &str) -> MgmtError {
    MgmtError::new(
        StatusCode::NOT_FOUND,
        code,
        format!("The {what} does not exist"),
    )
}

fn strings(params: &Params, key: &str) -> Result<Option<Vec<String>>, MgmtError> {
    match params.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| {
                i.as_str().map(str::to_string).ok_or_else(|| {
                    MgmtError::new(
                        StatusCode::BAD_REQUEST,
                        "invalid_body",
                        format!("{key} must be an array of strings"),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        Some(_) => Err(MgmtError::new(
            StatusCode::BAD_REQUEST,
            "invalid_body",
            format!("{key} must be an array of strings"),
        )),
    }
}

fn client_changes(params: &Params) -> Result<crate::domain::management::ClientChanges, MgmtError> {
    let text = |k: &str| {
        params
            .str(k)
            .map_err(|e| MgmtError::new(StatusCode::BAD_REQUEST, "invalid_body", e))
    };
    Ok(crate::domain::management::ClientChanges {
        name: text("name")?,
        callbacks: strings(params, "callbacks")?,
        allowed_logout_urls: strings(params, "allowed_logout_urls")?,
        grant_types: strings(params, "grant_types")?,
        logo_uri: text("logo_uri")?,
        primary_color: None,
        mobile: match params.get("mobile") {
            None | Some(Value::Null) => None,
            Some(m) => Some(serde_json::from_value(m.clone()).map_err(|e| {
                MgmtError::new(
                    StatusCode::BAD_REQUEST,
                    "invalid_body",
                    format!("mobile: {e}"),
                )
            })?),
        },
        refresh_token: match params.get("refresh_token") {
            None | Some(Value::Null) => None,
            Some(r) => Some(serde_json::from_value(r.clone()).map_err(|e| {
                MgmtError::new(
                    StatusCode::BAD_REQUEST,
                    "invalid_body",
                    format!("refresh_token: {e}"),
                )
            })?),
        },
        token_endpoint_auth_method: text("token_endpoint_auth_method")?,
        app_type: text("app_type")?,
    })
}

#[utoipa::path(get, path = "/api/v2/clients", tag = "clients", params(("page" = Option<i64>, Query, description = "Page, from 0"), ("per_page" = Option<i64>, Query, description = "1 to 100, default 50"), ("include_totals" = Option<bool>, Query, description = "Answer {start, limit, length, total, items} instead of an array")), responses((status = 200, description = "Clients", body = crate::http::management_schema::ClientList), (status = 400, description = "Bad request", body = crate::http::management_schema::ErrorBody), (status = 401, description = "No valid token", body = crate::http::management_schema::ErrorBody), (status = 403, description = "Insufficient scope", body = crate::http::management_schema::ErrorBody)), security(("bearer" = [])))]
pub async fn list_clients(
    State(state): State<AppState>,
    headers: HeaderMap,
    paging: Result<Query<Paging>, QueryRejection>,
) -> Result<Json<Value>, MgmtError> {
    let paging = query(paging)?;
    operator(&state, &headers, "read:clients")?;
    let (page, per_page) = paging.window()?;
    let all = state
        .core
        .store
        .clients()
        .await
        .map_err(|e| MgmtError::from_domain(e.into()))?;
    let total = all.len() as i64;
    let items = all
        .iter()
        .skip(usize::try_from(page.saturating_mul(per_page)).unwrap_or(usize::MAX))
        .take(per_page as usize)
        .map(|c| client_json(c, None))
        .collect();
    paging.answer("clients", items, total)
}

#[utoipa::path(post, path = "/api/v2/clients", tag = "clients", request_body = crate::http::management_schema::ClientCreate, responses((status = 201, description = "The client, with its secret", body = crate::http::management_schema::Client), (status = 400, description = "Bad request", body = crate::http::management_schema::ErrorBody), (status = 401, description = "No valid token", body = crate::http::management_schema::ErrorBody), (status = 403, description = "Insufficient scope", body = crate::http::management_schema::ErrorBody)), security(("bearer" = [])))]
pub async fn create_client(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Result<Params, BodyRejection>,
) -> Result<Response, MgmtError> {
    let who = operator(&state, &headers, "create:clients")?;
    let changes = client_changes(&body(params)?)?;
    let (client, secret) = state
        .core
        .create_client(changes)
        .await
        .map_err(MgmtError::from_domain)?;
    state
        .core
        .log_api_operation(&who.user_id, "Create a client")
        .await;
    Ok((
        StatusCode::CREATED,
        Json(client_json(&client, secret.as_deref())),
    )
        .into_response())
}

#[utoipa::path(get, path = "/api/v2/clients/{id}", tag = "clients", params(("id" = String, Path)), responses((status = 200, description = "The client", body = crate::http::management_schema::Client), (status = 404, description = "No such client", body = crate::http::management_schema::ErrorBody), (status = 400, description = "Bad request", body = crate::http::management_schema::ErrorBody), (status = 401, description = "No valid token", body = crate::http::management_schema::ErrorBody), (status = 403, description = "Insufficient scope", body = crate::http::management_schema::ErrorBody)), security(("bearer" = [])))]
pub async fn get_client(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, MgmtError> {
    operator(&state, &headers, "read:clients")?;
    let client = state
        .core
        .store
        .client(&id)
        .await
        .map_err(|e| MgmtError::from_domain(e.into()))?
        .ok_or_else(|| not_found("inexistent_client", "client"))?;
    Ok(Json(client_json(&client, None)))
}

#[utoipa::path(patch, path = "/api/v2/clients/{id}", tag = "clients", params(("id" = String, Path)), request_body = crate::http::management_schema::ClientUpdate, responses((status = 200, description = "The client", body = crate::http::management_schema::Client), (status = 404, description = "No such client", body = crate::http::management_schema::ErrorBody), (status = 400, description = "Bad request", body = crate::http::management_schema::ErrorBody), (status = 401, description = "No valid token", body = crate::http::management_schema::ErrorBody), (status = 403, description = "Insufficient scope", body = crate::http::management_schema::ErrorBody)), security(("bearer" = [])))]
pub async fn update_client(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    params: Result<Params, BodyRejection>,
) -> Result<Json<Value>, MgmtError> {
    let who = operator(&state, &headers, "update:clients")?;
    let changes = client_changes(&body(params)?)?;
    let client = state
        .core
        .update_client(&id, changes)
        .await
        .map_err(MgmtError::from_domain)?
        .ok_or_else(|| not_found("inexistent_client", "client"))?;
    state
        .core
        .log_api_operation(&who.user_id, "Update a client")
        .await;
    Ok(Json(client_json(&client, None)))
}

#[utoipa::path(delete, path = "/api/v2/clients/{id}", tag = "clients", params(("id" = String, Path)), responses((status = 204, description = "Deleted"), (status = 404, description = "No such client", body = crate::http::management_schema::ErrorBody), (status = 400, description = "Bad request", body = crate::http::management_schema::ErrorBody), (status = 401, description = "No valid token", body = crate::http::management_schema::ErrorBody), (status = 403, description = "Insufficient scope", body = crate::http::management_schema::ErrorBody)), security(("bearer" = [])))]
pub async fn delete_client(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, MgmtError> {
    let who = operator(&state, &headers, "delete:clients")?;
    if state
        .core
        .delete_client(&id)
        .await
        .map_err(MgmtError::from_domain)?
    {
        state
            .core
            .log_api_operation(&who.user_id, "Delete a client")
            .await;
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(not_found("inexistent_client", "client"))
    }
}

#[utoipa::path(post, path = "/api/v2/clients/{id}/rotate-secret", tag = "clients", params(("id" = String, Path)), responses((status = 200, description = "The client, with its new secret", body = crate::http::management_schema::Client), (status = 404, description = "No such client", body = crate::http::management_schema::ErrorBody), (status = 400, description = "Bad request", body = crate::http::management_schema::ErrorBody), (status = 401, description = "No valid token", body = crate::http::management_schema::ErrorBody), (status = 403, description = "Insufficient scope", body = crate::http::management_schema::ErrorBody)), security(("bearer" = [])))]
pub async fn rotate_client_secret(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, MgmtError> {
    let who = operator(&state, &headers, "update:clients")?;
    let (client, secret) = state
        .core
        .rotate_client_secret(&id)
        .await
        .map_err(MgmtError::from_domain)?
        .ok_or_else(|| not_found("inexistent_client", "client"))?;
    state
        .core
        .log_api_operation(&who.user_id, "Rotate a client secret")
        .await;
    Ok(Json(client_json(&client, Some(&secret))))
}

/// `q` in Auth0's Lucene-like syntax, the parts Latchkey understands:
/// `phone_number:"…"`, `email:"…"`, `identities.connection:"…"`, joined by `AND`.
/// Auth0's `q`: (connection, exact login, login prefix from a trailing `*`).
type UserSearch = (Option<String>, Option<String>, Option<String>);

fn parse_user_query(q: &str) -> Result<UserSearch, MgmtError> {
    let (mut connection, mut recipient, mut prefix) = (None, None, None);
    for part in q.split(" AND ").map(str::trim).filter(|p| !p.is_empty()) {
        let (field, value) = part.split_once(':').ok_or_else(|| {
            MgmtError::new(
                StatusCode::BAD_REQUEST,
                "invalid_query_string",
                format!("cannot read {part:?}"),
            )
        })?;
        let value = value.trim().trim_matches('"').to_string();
        match field.trim() {
            "phone_number" | "email" => match value.strip_suffix('*') {
                Some(start) => prefix = Some(start.to_string()),
                None => recipient = Some(value),
            },
            "identities.connection" | "connection" => connection = Some(value),
            other => {
                return Err(MgmtError::new(
                    StatusCode::BAD_REQUEST,
                    "invalid_query_string",
                    format!(
                        "searching by {other} is not supported (phone_number, email, identities.connection)"
                    ),
                ));
            }
        }
    }
    Ok((connection, recipient, prefix))
}

#[utoipa::path(get, path = "/api/v2/users", tag = "users", params(("sort" = Option<String>, Query, description = "created_at, updated_at, last_login or logins_count, then :1 (ascending) or :-1"), ("page" = Option<i64>, Query, description = "Page, from 0"), ("per_page" = Option<i64>, Query, description = "1 to 100, default 50"), ("include_totals" = Option<bool>, Query, description = "Answer {start, limit, length, total, items} instead of an array"), ("q" = Option<String>, Query, description = "phone_number:\"…\", email:\"…\" (a trailing * matches the start), identities.connection:\"…\" joined by AND"), ("connection" = Option<String>, Query)), responses((status = 200, description = "Users", body = crate::http::management_schema::UserList), (status = 400, description = "Bad request", body = crate::http::management_schema::ErrorBody), (status = 401, description = "No valid token", body = crate::http::management_schema::ErrorBody), (status = 403, description = "Insufficient scope", body = crate::http::management_schema::ErrorBody)), security(("bearer" = [])))]
pub async fn list_users(
    State(state): State<AppState>,
    headers: HeaderMap,
    paging: Result<Query<Paging>, QueryRejection>,
) -> Result<Json<Value>, MgmtError> {
    let paging = query(paging)?;
    operator(&state, &headers, "read:users")?;
    let (page, per_page) = paging.window()?;
    let (mut connection, recipient, prefix) = parse_user_query(paging.q.as_deref().unwrap_or(""))?;
    if paging.connection.is_some() {
        connection = paging.connection.clone();
    }
    let sort = match paging.sort.as_deref() {
        None => crate::domain::model::UserSort::default(),
        Some(text) => crate::domain::model::UserSort::parse(text).ok_or_else(|| {
            MgmtError::new(
                StatusCode::BAD_REQUEST,
                "invalid_query_string",
                format!(
                    "Query validation error: sort {text:?} must be created_at, updated_at, last_login or logins_count, then :1 or :-1"
                ),
            )
        })?,
    };
    let (users, total) = state
        .core
        .find_users(crate::domain::model::UserQuery {
            connection,
            recipient,
            recipient_contains: None,
            recipient_prefix: prefix,
            sort,
            offset: page.saturating_mul(per_page),
            limit: per_page,
        })
        .await
        .map_err(MgmtError::from_domain)?;
    paging.answer("users", users.iter().map(user_json).collect(), total)
}

#[utoipa::path(post, path = "/api/v2/users", tag = "users", request_body = crate::http::management_schema::UserCreate, responses((status = 201, description = "The user", body = crate::http::management_schema::User), (status = 409, description = "The user exists", body = crate::http::management_schema::ErrorBody), (status = 400, description = "Bad request", body = crate::http::management_schema::ErrorBody), (status = 401, description = "No valid token", body = crate::http::management_schema::ErrorBody), (status = 403, description = "Insufficient scope", body = crate::http::management_schema::ErrorBody)), security(("bearer" = [])))]
pub async fn create_user(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Result<Params, BodyRejection>,
) -> Result<Response, MgmtError> {
    let who = operator(&state, &headers, "create:users")?;
    let params = body(params)?;
    let connection = text(&params, "connection")?;
    let phone = params.str("phone_number").ok().flatten();
    let email = params.str("email").ok().flatten();
    let user = state
        .core
        .create_user(&connection, phone.as_deref(), email.as_deref())
        .await
        .map_err(MgmtError::from_domain)?;
    state
        .core
        .log_api_operation(&who.user_id, "Create a user")
        .await;
    Ok((StatusCode::CREATED, Json(user_json(&user))).into_response())
}

/// `GET /api/v2/users/{id}`: any user for an operator (`read:users`), or oneself with a
/// user-bound token (see [`get_own_user`]).
#[utoipa::path(get, path = "/api/v2/users/{user_id}", tag = "users", params(("user_id" = String, Path)), responses((status = 200, description = "The user", body = crate::http::management_schema::User), (status = 404, description = "No such user", body = crate::http::management_schema::ErrorBody), (status = 400, description = "Bad request", body = crate::http::management_schema::ErrorBody), (status = 401, description = "No valid token", body = crate::http::management_schema::ErrorBody), (status = 403, description = "Insufficient scope", body = crate::http::management_schema::ErrorBody)), security(("bearer" = [])))]
pub async fn get_user(
    state: State<AppState>,
    headers: HeaderMap,
    path: Path<String>,
) -> Result<Json<Value>, MgmtError> {
    let who = caller(&state, &headers)?;
    if !who.machine {
        return get_own_user(state, headers, path).await;
    }
    who.require(&["read:users"])
        .map_err(MgmtError::from_domain)?;
    let user = state
        .core
        .store
        .user(&path.0)
        .await
        .map_err(|e| MgmtError::from_domain(e.into()))?
        .ok_or_else(|| not_found("inexistent_user", "user"))?;
    Ok(Json(user_json(&user)))
}

/// `PATCH /api/v2/users/{id}`: `blocked` (a blocked user gets no code, and their refresh
/// tokens and sessions stop answering).
#[utoipa::path(patch, path = "/api/v2/users/{user_id}", tag = "users", params(("user_id" = String, Path)), request_body = crate::http::management_schema::UserUpdate, responses((status = 200, description = "The user", body = crate::http::management_schema::User), (status = 404, description = "No such user", body = crate::http::management_schema::ErrorBody), (status = 400, description = "Bad request", body = crate::http::management_schema::ErrorBody), (status = 401, description = "No valid token", body = crate::http::management_schema::ErrorBody), (status = 403, description = "Insufficient scope", body = crate::http::management_schema::ErrorBody)), security(("bearer" = [])))]
pub async fn update_user(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    params: Result<Params, BodyRejection>,
) -> Result<Json<Value>, MgmtError> {
    let who = operator(&state, &headers, "update:users")?;
    let params = body(params)?;
    let now = crate::domain::Clock::now(state.core.clock.as_ref());
    let store_err = |e: crate::domain::ports::StoreError| MgmtError::from_domain(e.into());
    let unknown: Vec<&String> = params.keys().filter(|k| k.as_str() != "blocked").collect();
    if !unknown.is_empty() {
        return Err(MgmtError::new(
            StatusCode::BAD_REQUEST,
            "invalid_body",
            format!("Payload validation error: only blocked can be changed here (got {unknown:?})"),
        ));
    }
    if let Some(blocked) = params.get("blocked") {
        let blocked = blocked.as_bool().ok_or_else(|| {
            MgmtError::new(
                StatusCode::BAD_REQUEST,
                "invalid_body",
                "blocked must be a boolean",
            )
        })?;
        if !state
            .core
            .store
            .set_user_blocked(&id, blocked, now)
            .await
            .map_err(store_err)?
        {
            return Err(not_found("inexistent_user", "user"));
        }
    }
    let user = state
        .core
        .store
        .user(&id)
        .await
        .map_err(store_err)?
        .ok_or_else(|| not_found("inexistent_user", "user"))?;
    state
        .core
        .log_api_operation(&who.user_id, "Update a user")
        .await;
    Ok(Json(user_json(&user)))
}

#[utoipa::path(delete, path = "/api/v2/users/{user_id}", tag = "users", params(("user_id" = String, Path)), responses((status = 204, description = "Deleted"), (status = 404, description = "No such user", body = crate::http::management_schema::ErrorBody), (status = 400, description = "Bad request", body = crate::http::management_schema::ErrorBody), (status = 401, description = "No valid token", body = crate::http::management_schema::ErrorBody), (status = 403, description = "Insufficient scope", body = crate::http::management_schema::ErrorBody)), security(("bearer" = [])))]
pub async fn delete_user(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, MgmtError> {
    let who = operator(&state, &headers, "delete:users")?;
    if state
        .core
        .store
        .delete_user(&id)
        .await
        .map_err(|e| MgmtError::from_domain(e.into()))?
    {
        state
            .core
            .log_api_operation(&who.user_id, "Delete a user")
            .await;
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(not_found("inexistent_user", "user"))
    }
}

fn connection_json(c: &crate::domain::model::ConnectionRecord) -> Value {
    let mut options = c.options.clone();
    // Secrets are write-only: never returned, sealed or not.
    if let Some(o) = options.as_object_mut() {
        o.remove("twilio_token");
    }
    json!({"id": format!("con_{}", c.name), "name": c.name, "strategy": c.strategy.as_str(),
           "options": options, "realms": [c.name], "is_domain_connection": false})
}

#[utoipa::path(get, path = "/api/v2/connections", tag = "connections", params(("page" = Option<i64>, Query, description = "Page, from 0"), ("per_page" = Option<i64>, Query, description = "1 to 100, default 50"), ("include_totals" = Option<bool>, Query, description = "Answer {start, limit, length, total, items} instead of an array"), ("strategy" = Option<String>, Query)), responses((status = 200, description = "Connections", body = crate::http::management_schema::ConnectionList), (status = 400, description = "Bad request", body = crate::http::management_schema::ErrorBody), (status = 401, description = "No valid token", body = crate::http::management_schema::ErrorBody), (status = 403, description = "Insufficient scope", body = crate::http::management_schema::ErrorBody)), security(("bearer" = [])))]
pub async fn list_connections(
    State(state): State<AppState>,
    headers: HeaderMap,
    paging: Result<Query<Paging>, QueryRejection>,
) -> Result<Json<Value>, MgmtError> {
    let paging = query(paging)?;
    operator(&state, &headers, "read:connections")?;
    let (page, per_page) = paging.window()?;
    let all: Vec<_> = state
        .core
        .store
        .connections()
        .await
        .map_err(|e| MgmtError::from_domain(e.into()))?
        .into_iter()
        .filter(|c| {
            paging
                .strategy
                .as_deref()
                .is_none_or(|s| s == c.strategy.as_str())
        })
        .collect();
    let total = all.len() as i64;
    let items = all
        .iter()
        .skip(usize::try_from(page.saturating_mul(per_page)).unwrap_or(usize::MAX))
        .take(per_page as usize)
        .map(connection_json)
        .collect();
    paging.answer("connections", items, total)
}

#[utoipa::path(get, path = "/api/v2/connections/{id}", tag = "connections", params(("id" = String, Path)), responses((status = 200, description = "The connection", body = crate::http::management_schema::Connection), (status = 404, description = "No such connection", body = crate::http::management_schema::ErrorBody), (status = 400, description = "Bad request", body = crate::http::management_schema::ErrorBody), (status = 401, description = "No valid token", body = crate::http::management_schema::ErrorBody), (status = 403, description = "Insufficient scope", body = crate::http::management_schema::ErrorBody)), security(("bearer" = [])))]
pub async fn get_connection(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, MgmtError> {
    operator(&state, &headers, "read:connections")?;
    let name = id.strip_prefix("con_").unwrap_or(&id);
    let c = state
        .core
        .store
        .connection(name)
        .await
        .map_err(|e| MgmtError::from_domain(e.into()))?
        .ok_or_else(|| not_found("inexistent_connection", "connection"))?;
    Ok(Json(connection_json(&c)))
}

#[utoipa::path(get, path = "/api/v2/keys/signing", tag = "keys", responses((status = 200, description = "Signing keys", body = Vec<crate::http::management_schema::SigningKey>), (status = 400, description = "Bad request", body = crate::http::management_schema::ErrorBody), (status = 401, description = "No valid token", body = crate::http::management_schema::ErrorBody), (status = 403, description = "Insufficient scope", body = crate::http::management_schema::ErrorBody)), security(("bearer" = [])))]
pub async fn list_signing_keys(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Value>, MgmtError> {
    operator(&state, &headers, "read:signing_keys")?;
    let keys = state
        .core
        .store
        .signing_keys()
        .await
        .map_err(|e| MgmtError::from_domain(e.into()))?;
    use crate::domain::model::KeyState;
    Ok(Json(Value::Array(
        keys.iter()
            .map(|k| {
                json!({"kid": k.kid, "alg": k.alg,
                       "current": k.state == KeyState::Current,
                       "previous": k.state == KeyState::Previous,
                       "revoked": k.state == KeyState::Retired,
                       "current_since": crate::domain::iso8601(k.created_at)})
            })
            .collect(),
    )))
}

#[utoipa::path(post, path = "/api/v2/keys/signing/rotate", tag = "keys", responses((status = 201, description = "The new current key", body = crate::http::management_schema::RotatedKey), (status = 400, description = "Bad request", body = crate::http::management_schema::ErrorBody), (status = 401, description = "No valid token", body = crate::http::management_schema::ErrorBody), (status = 403, description = "Insufficient scope", body = crate::http::management_schema::ErrorBody)), security(("bearer" = [])))]
pub async fn rotate_signing_key(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, MgmtError> {
    let who = operator(&state, &headers, "create:signing_keys")?;
    let kid = state
        .core
        .rotate_signing_key()
        .await
        .map_err(MgmtError::from_domain)?;
    state
        .core
        .log_api_operation(&who.user_id, "Rotate the signing key")
        .await;
    Ok((StatusCode::CREATED, Json(json!({"kid": kid}))).into_response())
}

fn strategy_of(params: &Params) -> Result<Option<crate::domain::model::Strategy>, MgmtError> {
    match params.str("strategy").ok().flatten().as_deref() {
        None => Ok(None),
        Some("sms") => Ok(Some(crate::domain::model::Strategy::Sms)),
        Some("email") => Ok(Some(crate::domain::model::Strategy::Email)),
        Some(other) => Err(MgmtError::new(
            StatusCode::BAD_REQUEST,
            "invalid_body",
            format!("strategy {other:?} is not served here (sms, email)"),
        )),
    }
}

/// `POST /api/v2/connections` `{name, strategy: "sms" | "email", options}`.
#[utoipa::path(post, path = "/api/v2/connections", tag = "connections", request_body = crate::http::management_schema::ConnectionCreate, responses((status = 201, description = "The connection", body = crate::http::management_schema::Connection), (status = 409, description = "The connection exists", body = crate::http::management_schema::ErrorBody), (status = 400, description = "Bad request", body = crate::http::management_schema::ErrorBody), (status = 401, description = "No valid token", body = crate::http::management_schema::ErrorBody), (status = 403, description = "Insufficient scope", body = crate::http::management_schema::ErrorBody)), security(("bearer" = [])))]
pub async fn create_connection(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Result<Params, BodyRejection>,
) -> Result<Response, MgmtError> {
    let who = operator(&state, &headers, "create:connections")?;
    let params = body(params)?;
    let name = text(&params, "name")?;
    let options = params.get("options").cloned().unwrap_or_else(|| json!({}));
    let record = state
        .core
        .save_connection(&name, strategy_of(&params)?, options, true)
        .await
        .map_err(MgmtError::from_domain)?
        .ok_or_else(|| not_found("inexistent_connection", "connection"))?;
    state
        .core
        .log_api_operation(&who.user_id, "Create a connection")
        .await;
    Ok((StatusCode::CREATED, Json(connection_json(&record))).into_response())
}

/// `PATCH /api/v2/connections/{id}` `{options}`: the options are replaced as a whole, as in
/// Auth0; a Twilio token left out keeps the stored one.
#[utoipa::path(patch, path = "/api/v2/connections/{id}", tag = "connections", params(("id" = String, Path)), request_body = crate::http::management_schema::ConnectionUpdate, responses((status = 200, description = "The connection", body = crate::http::management_schema::Connection), (status = 404, description = "No such connection", body = crate::http::management_schema::ErrorBody), (status = 400, description = "Bad request", body = crate::http::management_schema::ErrorBody), (status = 401, description = "No valid token", body = crate::http::management_schema::ErrorBody), (status = 403, description = "Insufficient scope", body = crate::http::management_schema::ErrorBody)), security(("bearer" = [])))]
pub async fn update_connection(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    params: Result<Params, BodyRejection>,
) -> Result<Json<Value>, MgmtError> {
    let who = operator(&state, &headers, "update:connections")?;
    let params = body(params)?;
    let name = id.strip_prefix("con_").unwrap_or(&id).to_string();
    let options = params.get("options").cloned().ok_or_else(|| {
        MgmtError::new(
            StatusCode::BAD_REQUEST,
            "invalid_body",
            "Payload validation error: Missing required property: options",
        )
    })?;
    let record = state
        .core
        .save_connection(&name, strategy_of(&params)?, options, false)
        .await
        .map_err(MgmtError::from_domain)?
        .ok_or_else(|| not_found("inexistent_connection", "connection"))?;
    state
        .core
        .log_api_operation(&who.user_id, "Update a connection")
        .await;
    Ok(Json(connection_json(&record)))
}

/// `DELETE /api/v2/connections/{id}`: the connection and its users go, as in Auth0 (which
/// answers 202 because it deletes in the background; here it is done when the answer comes).
#[utoipa::path(delete, path = "/api/v2/connections/{id}", tag = "connections", params(("id" = String, Path)), responses((status = 202, description = "Deleted, with its users", body = serde_json::Value), (status = 404, description = "No such connection", body = crate::http::management_schema::ErrorBody), (status = 400, description = "Bad request", body = crate::http::management_schema::ErrorBody), (status = 401, description = "No valid token", body = crate::http::management_schema::ErrorBody), (status = 403, description = "Insufficient scope", body = crate::http::management_schema::ErrorBody)), security(("bearer" = [])))]
pub async fn delete_connection(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, MgmtError> {
    let who = operator(&state, &headers, "delete:connections")?;
    let name = id.strip_prefix("con_").unwrap_or(&id);
    if !state
        .core
        .delete_connection(name)
        .await
        .map_err(MgmtError::from_domain)?
    {
        return Err(not_found("inexistent_connection", "connection"));
    }
    state
        .core
        .log_api_operation(&who.user_id, &format!("Delete the connection {name}"))
        .await;
    Ok((StatusCode::ACCEPTED, Json(json!({}))).into_response())
}

/// `GET /api/v2/logs` (`q`: `type:"s"`, `user_id:"…"`, `client_id:"…"` joined by `AND`;
/// paging as elsewhere): the event log, newest first.
#[utoipa::path(get, path = "/api/v2/logs", tag = "logs", params(("sort" = Option<String>, Query, description = "date:-1 (newest first, the default) or date:1"), ("page" = Option<i64>, Query, description = "Page, from 0"), ("per_page" = Option<i64>, Query, description = "1 to 100, default 50"), ("include_totals" = Option<bool>, Query, description = "Answer {start, limit, length, total, items} instead of an array"), ("q" = Option<String>, Query, description = "type:\"…\", user_id:\"…\", client_id:\"…\" joined by AND")), responses((status = 200, description = "Log entries, newest first", body = crate::http::management_schema::LogList), (status = 400, description = "Bad request", body = crate::http::management_schema::ErrorBody), (status = 401, description = "No valid token", body = crate::http::management_schema::ErrorBody), (status = 403, description = "Insufficient scope", body = crate::http::management_schema::ErrorBody)), security(("bearer" = [])))]
pub async fn list_logs(
    State(state): State<AppState>,
    headers: HeaderMap,
    paging: Result<Query<Paging>, QueryRejection>,
) -> Result<Json<Value>, MgmtError> {
    let paging = query(paging)?;
    operator(&state, &headers, "read:logs")?;
    let (page, per_page) = paging.window()?;
    // What this instance recorded is readable at once.
    state.core.events.flush().await;
    let oldest_first = match paging.sort.as_deref() {
        None | Some("date:-1") => false,
        Some("date:1") => true,
        Some(other) => {
            return Err(MgmtError::new(
                StatusCode::BAD_REQUEST,
                "invalid_query_string",
                format!("Query validation error: sort {other:?} must be date:1 or date:-1"),
            ));
        }
    };
    let mut query = crate::domain::model::LogQuery {
        offset: page.saturating_mul(per_page),
        limit: per_page,
        oldest_first,
        ..Default::default()
    };
    for part in paging
        .q
        .as_deref()
        .unwrap_or("")
        .split(" AND ")
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let (field, value) = part.split_once(':').ok_or_else(|| {
            MgmtError::new(
                StatusCode::BAD_REQUEST,
                "invalid_query_string",
                format!("cannot read {part:?}"),
            )
        })?;
        let value = Some(value.trim().trim_matches('"').to_string());
        match field.trim() {
            "type" => query.kind = value,
            "user_id" => query.user_id = value,
            "client_id" => query.client_id = value,
            other => {
                return Err(MgmtError::new(
                    StatusCode::BAD_REQUEST,
                    "invalid_query_string",
                    format!(
                        "searching logs by {other} is not supported (type, user_id, client_id)"
                    ),
                ));
            }
        }
    }
    let (events, total) = state
        .core
        .store
        .events(&query)
        .await
        .map_err(|e| MgmtError::from_domain(e.into()))?;
    let items = events.iter().map(log_json).collect();
    paging.answer("logs", items, total)
}

/// `GET /api/v2/logs/{id}`: one entry.
#[utoipa::path(get, path = "/api/v2/logs/{id}", tag = "logs", params(("id" = String, Path)), responses((status = 200, description = "The entry", body = crate::http::management_schema::LogEntry), (status = 404, description = "No such entry", body = crate::http::management_schema::ErrorBody), (status = 400, description = "Bad request", body = crate::http::management_schema::ErrorBody), (status = 401, description = "No valid token", body = crate::http::management_schema::ErrorBody), (status = 403, description = "Insufficient scope", body = crate::http::management_schema::ErrorBody)), security(("bearer" = [])))]
pub async fn get_log(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, MgmtError> {
    operator(&state, &headers, "read:logs")?;
    state.core.events.flush().await;
    let (events, _) = state
        .core
        .store
        .events(&crate::domain::model::LogQuery {
            id: Some(id),
            limit: 1,
            ..Default::default()
        })
        .await
        .map_err(|e| MgmtError::from_domain(e.into()))?;
    events
        .first()
        .map(|e| Json(log_json(e)))
        .ok_or_else(|| not_found("inexistent_log", "log entry"))
}

/// `GET /api/v2/emails/provider`: the provider (never its password), 404 when email only
/// goes to the development log.
#[utoipa::path(get, path = "/api/v2/emails/provider", tag = "emails", responses((status = 200, description = "The provider", body = crate::http::management_schema::EmailProvider), (status = 404, description = "No provider", body = crate::http::management_schema::ErrorBody), (status = 400, description = "Bad request", body = crate::http::management_schema::ErrorBody), (status = 401, description = "No valid token", body = crate::http::management_schema::ErrorBody), (status = 403, description = "Insufficient scope", body = crate::http::management_schema::ErrorBody)), security(("bearer" = [])))]
pub async fn get_email_provider(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Value>, MgmtError> {
    operator(&state, &headers, "read:email_provider")?;
    let provider = state
        .core
        .email_provider()
        .await
        .map_err(MgmtError::from_domain)?
        .ok_or_else(|| not_found("inexistent_email_provider", "email provider"))?;
    Ok(Json(serde_json::to_value(provider).unwrap_or(Value::Null)))
}

/// `POST /api/v2/emails/provider` (sets it) and `PATCH` (changes the fields given; a
/// password left out keeps the stored one).
#[utoipa::path(method(post, patch), path = "/api/v2/emails/provider", tag = "emails", request_body = crate::http::management_schema::EmailProviderChange, responses((status = 200, description = "Changed", body = crate::http::management_schema::EmailProvider), (status = 201, description = "Set", body = crate::http::management_schema::EmailProvider), (status = 404, description = "No provider to change", body = crate::http::management_schema::ErrorBody), (status = 400, description = "Bad request", body = crate::http::management_schema::ErrorBody), (status = 401, description = "No valid token", body = crate::http::management_schema::ErrorBody), (status = 403, description = "Insufficient scope", body = crate::http::management_schema::ErrorBody)), security(("bearer" = [])))]
pub async fn set_email_provider(
    State(state): State<AppState>,
    method: axum::http::Method,
    headers: HeaderMap,
    params: Result<Params, BodyRejection>,
) -> Result<Response, MgmtError> {
    let creating = method == axum::http::Method::POST;
    let scope = if creating {
        "create:email_provider"
    } else {
        "update:email_provider"
    };
    let who = operator(&state, &headers, scope)?;
    let params = body(params)?;
    let mut merged = if creating {
        json!({})
    } else {
        let current = state
            .core
            .email_provider()
            .await
            .map_err(MgmtError::from_domain)?
            .ok_or_else(|| not_found("inexistent_email_provider", "email provider"))?;
        serde_json::to_value(current).unwrap_or_else(|_| json!({}))
    };
    for (k, v) in params.0 {
        match (k.as_str(), merged.get_mut("credentials"), v) {
            ("credentials", Some(Value::Object(current)), Value::Object(given)) => {
                for (ck, cv) in given {
                    current.insert(ck, cv);
                }
            }
            (_, _, v) => {
                merged[k] = v;
            }
        }
    }
    let provider: crate::domain::email_provider::EmailProvider = serde_json::from_value(merged)
        .map_err(|e| {
            MgmtError::new(
                StatusCode::BAD_REQUEST,
                "invalid_body",
                format!("Payload validation error: {e}"),
            )
        })?;
    let saved = state
        .core
        .set_email_provider(provider)
        .await
        .map_err(MgmtError::from_domain)?;
    state
        .core
        .log_api_operation(&who.user_id, "Set the email provider")
        .await;
    let status = if creating {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(serde_json::to_value(saved).unwrap_or(Value::Null)),
    )
        .into_response())
}

/// `PUT /api/v2/keys/signing/{kid}/revoke`: the previous key only; the current one must be
/// rotated away first.
#[utoipa::path(put, path = "/api/v2/keys/signing/{kid}/revoke", tag = "keys", params(("kid" = String, Path)), responses((status = 200, description = "Revoked", body = crate::http::management_schema::RevokedKey), (status = 400, description = "Bad request", body = crate::http::management_schema::ErrorBody), (status = 401, description = "No valid token", body = crate::http::management_schema::ErrorBody), (status = 403, description = "Insufficient scope", body = crate::http::management_schema::ErrorBody)), security(("bearer" = [])))]
pub async fn revoke_signing_key(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(kid): Path<String>,
) -> Result<Json<Value>, MgmtError> {
    let who = operator(&state, &headers, "update:signing_keys")?;
    if !state
        .core
        .revoke_signing_key(&kid)
        .await
        .map_err(MgmtError::from_domain)?
    {
        return Err(MgmtError::new(
            StatusCode::BAD_REQUEST,
            "invalid_key",
            "Only the previous signing key can be revoked (rotate the current one first)",
        ));
    }
    state
        .core
        .log_api_operation(&who.user_id, "Revoke a signing key")
        .await;
    Ok(Json(json!({"kid": kid, "revoked": true})))
}

/// The Management API's OpenAPI description, from the annotations above.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(title = "Latchkey Management API", description = "Auth0's Management API v2 shapes, for operators (client_credentials tokens)."),
    paths(
        list_clients, create_client, get_client, update_client, delete_client, rotate_client_secret,
        list_users, create_user, get_user, update_user, delete_user,
        list_connections, create_connection, get_connection, update_connection, delete_connection,
        list_signing_keys, rotate_signing_key, revoke_signing_key,
        list_logs, get_log, get_email_provider, set_email_provider,
    ),
    modifiers(&BearerAuth)
)]
pub struct ManagementApi;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// `GET /api/v2/openapi.json`.
pub async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(<ManagementApi as utoipa::OpenApi>::openapi())
}
