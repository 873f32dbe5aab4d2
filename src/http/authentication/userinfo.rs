//! `GET /userinfo`: the claims of the user an access token was issued to.

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use serde_json::Value;

use crate::domain::DomainError;
use crate::http::AppState;
use crate::http::error::{ApiError, Endpoint};
use crate::http::extract::bearer_token;

pub async fn userinfo(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let ep = Endpoint::Userinfo;
    let token = bearer_token(&headers).ok_or_else(|| {
        ApiError::from_domain(DomainError::InvalidToken("Missing bearer token".into()), ep)
    })?;
    let claims = crate::domain::tokens::userinfo::claims(&state.core, token)
        .await
        .map_err(|e| ApiError::from_domain(e, ep))?;
    Ok(Json(Value::Object(claims)))
}
