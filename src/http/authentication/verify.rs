//! Legacy `POST /passwordless/verify`: checks a code without using it.

use axum::Json;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::{ApiRequest, Limited, client_from, field, required};
use crate::http::error::{ApiError, Endpoint};

/// Legacy `POST /passwordless/verify`, as auth0.js calls it on a hosted page before sending
/// the browser to `verify_redirect`: checks the code without using it. Errors are those of
/// `/oauth/ro`, as Auth0 documents.
pub async fn verify(request: ApiRequest) -> Result<Response, ApiError> {
    let ep = Endpoint::ResourceOwner;
    let Limited(state, headers, params) = request.limited(ep).await?;
    // The client must exist (and prove its secret if it has one); the check does not depend
    // on it, but a failed one is logged under it.
    let client = client_from(&state, &headers, &params, ep).await?;
    let connection = required(&params, "connection", ep)?;
    // auth0.js sends `verification_code` with `email` or `phone_number`; Auth0's docs show
    // `password` with `username`. Both are read.
    let code = match field(&params, "verification_code", ep)? {
        Some(c) => c,
        None => required(&params, "password", ep)?,
    };
    let username = match (
        field(&params, "email", ep)?,
        field(&params, "phone_number", ep)?,
    ) {
        (Some(e), _) => e,
        (None, Some(p)) => p,
        (None, None) => required(&params, "username", ep)?,
    };
    crate::domain::login::code::check_code(
        &state.core,
        &client.client_id,
        &connection,
        &username,
        &code,
    )
    .await
    .map_err(|e| ApiError::from_domain(e, ep))?;
    Ok(Json(json!({})).into_response())
}
