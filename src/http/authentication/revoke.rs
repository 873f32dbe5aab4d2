//! `POST /oauth/revoke`: a client revokes one of its refresh tokens.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::{client_from, required};
use crate::http::AppState;
use crate::http::error::{ApiError, Endpoint};
use crate::http::extract::{BodyRejection, Params};

pub async fn revoke(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Result<Params, BodyRejection>,
) -> Result<Response, ApiError> {
    let ep = Endpoint::Revoke;
    let params = params.map_err(|r| r.into_api(ep))?;
    let client = client_from(&state, &headers, &params, ep).await?;
    let token = required(&params, "token", ep)?;
    crate::domain::tokens::refresh::revoke(&state.core, &client, &token)
        .await
        .map_err(|e| ApiError::from_domain(e, ep))?;
    Ok(StatusCode::OK.into_response())
}
