//! Legacy `POST /oauth/ro`, as Lock v1 for iOS and Auth0.swift 1.x call it: the code as
//! `password`, or (Lock v1's Touch ID) a device-signed JWT as `id_token`.

use axum::http::StatusCode;
use axum::response::Response;

use super::{
    ApiRequest, Limited, client_from, field, require_grant, required, scope, token_response,
};
use crate::domain::login::code::OtpExchange;
use crate::domain::model::{GRANT_JWT_BEARER, GRANT_LEGACY_RO, GRANT_LEGACY_RO_JWT_BEARER};
use crate::domain::tokens::TokenRequest;
use crate::http::error::{ApiError, Endpoint};

/// Legacy resource-owner endpoint used by Lock v1 for iOS and Auth0.swift 1.x: the code is
/// sent as `password`.
pub async fn resource_owner(request: ApiRequest) -> Result<Response, ApiError> {
    let ep = Endpoint::ResourceOwner;
    let Limited(state, headers, params) = request.limited(ep).await?;
    let client = client_from(&state, &headers, &params, ep).await?;
    let grant = required(&params, "grant_type", ep)?;
    if grant == GRANT_JWT_BEARER {
        // Lock v1's Touch ID: the device-signed JWT comes as `id_token`.
        require_grant(&client, GRANT_LEGACY_RO_JWT_BEARER)?;
        let assertion = required(&params, "id_token", ep)?;
        let device = required(&params, "device", ep)?;
        let scope = scope(&params, ep, "openid offline_access")?;
        let issued = crate::domain::login::device_key::device_login(
            &state.core,
            &client,
            &assertion,
            TokenRequest {
                scope: &scope,
                audience: None,
                device: Some(&device),
            },
        )
        .await
        .map_err(|e| ApiError::from_domain(e, ep))?;
        return Ok(token_response(issued, "bearer"));
    }
    if grant != "password" {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            format!("Unsupported grant type: {grant}"),
        ));
    }
    require_grant(&client, GRANT_LEGACY_RO)?;
    let connection = required(&params, "connection", ep)?;
    let username = required(&params, "username", ep)?;
    let password = required(&params, "password", ep)?;
    let scope = scope(&params, ep, "openid")?;
    let device = field(&params, "device", ep)?;
    if scope.has("offline_access") && device.is_none() {
        return Err(ApiError::bad_request(ep, "missing device parameter"));
    }
    let req = OtpExchange {
        connection,
        username,
        otp: password,
        scope,
        audience: None,
        device,
    };
    let issued = crate::domain::login::code::exchange_otp(&state.core, &client, req)
        .await
        .map_err(|e| ApiError::from_domain(e, ep))?;
    Ok(token_response(issued, "bearer"))
}
