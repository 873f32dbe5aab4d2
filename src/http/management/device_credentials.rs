//! `/api/v2/device-credentials`: a user's own device keys and refresh tokens with a
//! user-bound token (audience `{issuer}api/v2/`), any user's for an operator; and Lock v1's
//! older `/api/users/{user_id}/publickey`, with the user's `id_token` as bearer.

use axum::Json;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::routing::{delete, get};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;

use super::auth::{
    Caller, CreateOwnDevices, DeleteDeviceCredentials, DeleteOwnDevices, ReadDeviceCredentials,
    ReadOwnDevices, Scoped,
};
use super::error::MgmtError;
use super::input::{Body, MgmtQuery};
use super::paging::{Listed, Paging, list_answer};
use crate::domain::management::device_credentials::{
    self as domain, DeviceCredentialView, NewDeviceCredential,
};
use crate::http::AppState;
use crate::http::extract::bearer_token;

/// Not in the OpenAPI description: these answer user-bound tokens, which schemathesis
/// (holding an operator's) cannot get.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/api/v2/device-credentials", get(list).post(create))
        .route("/api/v2/device-credentials/{id}", delete(remove))
        .route(
            "/api/users/{user_id}/publickey",
            axum::routing::post(legacy_add_public_key).delete(legacy_remove_public_key),
        )
}

/// `POST /api/v2/device-credentials`: `{device_name, device_id, type: "public_key", value,
/// client_id?}` → 201 with the new credential.
async fn create(
    op: Scoped<CreateOwnDevices>,
    body: Body,
) -> Result<(StatusCode, Json<DeviceCredentialView>), MgmtError> {
    let req = NewDeviceCredential {
        device_name: body.text("device_name")?,
        device_id: body.text("device_id")?,
        kind: body.text("type")?,
        value: body.text("value")?,
        client_id: body.optional("client_id").ok().flatten(),
    };
    let record =
        domain::register_device(op.core(), &op.who.user_id, &op.who.client_id, req).await?;
    Ok((StatusCode::CREATED, Json(record.into())))
}

#[derive(Debug, Deserialize)]
struct ListQuery {
    user_id: Option<String>,
    client_id: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    page: Option<i64>,
    per_page: Option<i64>,
    include_totals: Option<bool>,
}

list_answer!(
    DeviceList,
    DevicePage,
    DeviceCredentialView,
    device_credentials
);

/// `GET /api/v2/device-credentials?user_id&client_id&type`: an operator's token reads any
/// user's credentials, a user's token only their own; `page`, `per_page` and
/// `include_totals` as on every list (node `auth0` v7 reads the page's
/// `device_credentials`).
async fn list(
    State(state): State<AppState>,
    MgmtQuery(q): MgmtQuery<ListQuery>,
    MgmtQuery(fields): MgmtQuery<super::fields::Fields>,
    who: Caller,
) -> Result<Json<serde_json::Value>, MgmtError> {
    let paging = Paging {
        page: q.page,
        per_page: q.per_page,
        include_totals: q.include_totals,
        ..Paging::default()
    };
    paging.window()?;
    let user_id = if who.0.machine {
        who.scoped::<ReadDeviceCredentials>()?;
        q.user_id.clone().ok_or_else(|| {
            MgmtError::bad_query("user_id is required with a client_credentials token")
        })?
    } else {
        let who = who.scoped::<ReadOwnDevices>()?;
        if q.user_id.as_ref().is_some_and(|u| *u != who.user_id) {
            return Err(MgmtError::forbidden(
                "A user-bound token may only read its own user's credentials",
            ));
        }
        who.user_id
    };
    let kind = match q.kind.as_deref() {
        None => None,
        Some("public_key") => Some("public_key"),
        Some("refresh_token" | "rotating_refresh_token") => Some("refresh_token"),
        Some(_) => {
            return Err(MgmtError::bad_query(
                "type must be public_key, refresh_token or rotating_refresh_token",
            ));
        }
    };
    let list = domain::list_devices(&state.core, &user_id, q.client_id.as_deref(), kind).await?;
    // Without page or per_page the whole list, as before paging was asked for.
    if q.page.is_none() && q.per_page.is_none() {
        let total = list.len() as i64;
        let answer = if q.include_totals.unwrap_or(false) {
            DeviceList::page(0, total, total, list)
        } else {
            DeviceList::items(list)
        };
        return fields.answer_list(&answer, "device_credentials");
    }
    let answer: DeviceList = paging.answer_slice(&list, Clone::clone)?.0;
    fields.answer_list(&answer, "device_credentials")
}

/// `DELETE /api/v2/device-credentials/{id}`: a device key, or a refresh token (revoked).
async fn remove(
    State(state): State<AppState>,
    Path(id): Path<String>,
    who: Caller,
) -> Result<StatusCode, MgmtError> {
    let deleted = if who.0.machine {
        let who = who.scoped::<DeleteDeviceCredentials>()?;
        let deleted = domain::delete_any_device(&state.core, &id).await?;
        if deleted {
            super::changed(&state, &who, &format!("Delete the device credential {id}")).await;
        }
        deleted
    } else {
        let who = who.scoped::<DeleteOwnDevices>()?;
        domain::delete_device(&state.core, &who.user_id, &id).await?
    };
    if !deleted {
        return Err(no_credential("The device credential does not exist"));
    }
    Ok(StatusCode::NO_CONTENT)
}

fn no_credential(message: &str) -> MgmtError {
    MgmtError::new(
        StatusCode::NOT_FOUND,
        "inexistent_device_credential",
        message,
    )
}

/// A Lock v1 caller: the user its `id_token` bearer speaks for (which must be the path's
/// `{user_id}`), and the client it was issued to.
struct IdTokenUser {
    user_id: String,
    client_id: String,
}

impl FromRequestParts<AppState> for IdTokenUser {
    type Rejection = MgmtError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, MgmtError> {
        let Path(user_id) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|e| MgmtError::bad_query(e.body_text()))?;
        let token = bearer_token(&parts.headers).ok_or_else(MgmtError::missing_token)?;
        let now = crate::domain::Clock::now(state.core.clock.as_ref());
        let (sub, aud) = state.core.tokens.verify_id_token(token, now)?;
        if sub != user_id {
            return Err(MgmtError::forbidden("The id_token belongs to another user"));
        }
        Ok(Self {
            user_id: sub,
            client_id: aud,
        })
    }
}

#[derive(Serialize)]
struct Created {
    id: String,
}

/// Lock v1's `POST /api/users/{user_id}/publickey` `{public_key, device}`: registers (or
/// replaces) the device's key.
async fn legacy_add_public_key(
    State(state): State<AppState>,
    who: IdTokenUser,
    body: Body,
) -> Result<Json<Created>, MgmtError> {
    let device = body.text("device")?;
    let req = NewDeviceCredential {
        device_name: device.clone(),
        device_id: device,
        kind: "public_key".into(),
        value: body.text("public_key")?,
        client_id: Some(who.client_id.clone()),
    };
    let record = domain::register_device(&state.core, &who.user_id, &who.client_id, req).await?;
    Ok(Json(Created { id: record.id }))
}

/// Lock v1's `DELETE /api/users/{user_id}/publickey` `{device}`.
async fn legacy_remove_public_key(
    State(state): State<AppState>,
    who: IdTokenUser,
    body: Body,
) -> Result<StatusCode, MgmtError> {
    let device = body.text("device")?;
    let list = domain::list_devices(
        &state.core,
        &who.user_id,
        Some(&who.client_id),
        Some("public_key"),
    )
    .await?;
    let mut removed = false;
    for c in list.iter().filter(|c| c.device_name == device) {
        removed |= domain::delete_device(&state.core, &who.user_id, &c.id).await?;
    }
    if !removed {
        return Err(no_credential("No key is registered for this device"));
    }
    Ok(StatusCode::NO_CONTENT)
}
