//! Auth0's Authentication API for passwordless: `/passwordless/start`, `/oauth/token`
//! (passwordless OTP, authorization code and refresh-token grants), legacy `/oauth/ro` and
//! `/passwordless/verify`, `/oauth/revoke` and `/userinfo`.

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::net::SocketAddr;

use super::AppState;
use super::error::{ApiError, Endpoint};
use super::extract::{
    BodyRejection, Params, basic_client_credentials, bearer_token, caller_ip, request_language,
};
use crate::domain::DomainError;
use crate::domain::login::code::OtpExchange;
use crate::domain::login::start::StartRequest;
use crate::domain::model::{
    Client, GRANT_AUTHORIZATION_CODE, GRANT_CLIENT_CREDENTIALS, GRANT_JWT_BEARER, GRANT_LEGACY_RO,
    GRANT_LEGACY_RO_JWT_BEARER, GRANT_PASSWORDLESS_OTP, GRANT_REFRESH_TOKEN, GRANT_WEBAUTHN,
};
use crate::domain::oauth::scope::Scope;
use crate::domain::tokens::IssuedTokens;
use crate::domain::{login, oauth, tokens};

const START_FIELDS: &[&str] = &[
    "client_id",
    "client_secret",
    "client_assertion",
    "client_assertion_type",
    "connection",
    "email",
    "phone_number",
    "send",
    "authParams",
];

fn field(params: &Params, key: &str, endpoint: Endpoint) -> Result<Option<String>, ApiError> {
    params
        .str(key)
        .map_err(|e| ApiError::bad_request(endpoint, e))
}

fn required(params: &Params, key: &str, endpoint: Endpoint) -> Result<String, ApiError> {
    field(params, key, endpoint)?.ok_or_else(|| {
        let text = match endpoint {
            Endpoint::ResourceOwner => format!("missing {key} parameter"),
            _ => format!("Missing required parameter: {key}"),
        };
        ApiError::bad_request(endpoint, text)
    })
}

pub async fn start(
    State(state): State<AppState>,
    ConnectInfo(socket): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    params: Result<Params, BodyRejection>,
) -> Result<Json<Value>, ApiError> {
    let ep = Endpoint::Start;
    let params = params.map_err(|r| r.into_api(ep))?;
    let mut unknown: Vec<&str> = params
        .keys()
        .map(String::as_str)
        .filter(|k| !START_FIELDS.contains(k))
        .collect();
    if !unknown.is_empty() {
        unknown.sort_unstable();
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad.request",
            format!(
                "the following properties are not allowed: {}",
                unknown.join(", ")
            ),
        ));
    }
    if let Some(v) = params.get("authParams")
        && !v.is_object()
        && !v.is_null()
    {
        let kind = match v {
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Number(_) => "number",
            _ => "boolean",
        };
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad.authParams",
            format!("error in authParams - invalid type: {kind} (expected object)"),
        ));
    }
    let bad = |code: &'static str, e: String| ApiError::new(StatusCode::BAD_REQUEST, code, e);
    let mut auth_params = std::collections::BTreeMap::new();
    if let Some(Value::Object(map)) = params.get("authParams") {
        for (k, v) in map {
            let text = match v {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                Value::Null => continue,
                _ => {
                    return Err(bad(
                        "bad.authParams",
                        format!("error in authParams.{k} - invalid type (expected string)"),
                    ));
                }
            };
            auth_params.insert(k.clone(), text);
        }
    }
    let req = StartRequest {
        client_id: params
            .str("client_id")
            .map_err(|e| bad("bad.client_id", e))?,
        client_secret: params
            .str("client_secret")
            .map_err(|e| bad("bad.request", e))?,
        connection: params
            .str("connection")
            .map_err(|e| bad("bad.connection", e))?,
        phone_number: params
            .str("phone_number")
            .map_err(|e| bad("bad.phone_number", e))?,
        email: params.str("email").map_err(|e| bad("bad.email", e))?,
        send: params.str("send").map_err(|e| bad("bad.request", e))?,
        auth_params,
        hosted: false,
        request_language: request_language(&headers),
        ip: Some(caller_ip(socket, &headers, &state.trusted_proxies)),
        forwarded_for: headers
            .get("auth0-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse().ok()),
    };
    let answer = login::start::start(&state.core, req)
        .await
        .map_err(|e| ApiError::from_domain(e, ep))?;
    Ok(Json(
        serde_json::to_value(answer).map_err(|e| ApiError::internal(e.to_string()))?,
    ))
}

/// Authenticates the client named in the body (`client_secret_post`) or in a Basic header
/// (`client_secret_basic`).
async fn client_from(
    state: &AppState,
    headers: &HeaderMap,
    params: &Params,
    endpoint: Endpoint,
) -> Result<Client, ApiError> {
    let (id, secret) = match basic_client_credentials(headers) {
        Some((id, secret)) => (Some(id), Some(secret)),
        None => (
            field(params, "client_id", endpoint)?,
            field(params, "client_secret", endpoint)?,
        ),
    };
    let id = id.ok_or_else(|| {
        let text = match endpoint {
            Endpoint::ResourceOwner => "missing client_id parameter",
            _ => "Missing required parameter: client_id",
        };
        ApiError::bad_request(endpoint, text)
    })?;
    oauth::client::authenticate_client(&state.core, Some(&id), secret.as_deref())
        .await
        .map_err(|e| ApiError::from_domain(e, endpoint))
}

async fn limit_token_request(
    state: &AppState,
    socket: SocketAddr,
    headers: &HeaderMap,
    endpoint: Endpoint,
) -> Result<(), ApiError> {
    let ip = caller_ip(socket, headers, &state.trusted_proxies);
    state
        .core
        .limit_token_request(ip)
        .await
        .map_err(|e| ApiError::from_domain(e, endpoint))
}

fn require_grant(client: &Client, grant: &str) -> Result<(), ApiError> {
    if client.allows_grant(grant) {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "unauthorized_client",
            format!("Grant type '{grant}' not allowed for the client."),
        ))
    }
}

/// Token answers must never be cached (RFC 6749 §5.1).
fn token_response(body: Value) -> Response {
    let mut r = Json(body).into_response();
    let h = r.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    r
}

fn token_body(t: IssuedTokens, token_type: &str) -> Value {
    let mut body = json!({
        "access_token": t.access_token,
        "scope": t.scope,
        "expires_in": t.expires_in,
        "token_type": token_type,
    });
    if let Some(id) = t.id_token {
        body["id_token"] = id.into();
    }
    if let Some(rt) = t.refresh_token {
        body["refresh_token"] = rt.into();
    }
    body
}

pub async fn token(
    State(state): State<AppState>,
    ConnectInfo(socket): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    params: Result<Params, BodyRejection>,
) -> Result<Response, ApiError> {
    let ep = Endpoint::Token;
    limit_token_request(&state, socket, &headers, ep).await?;
    let params = params.map_err(|r| r.into_api(ep))?;
    let grant = required(&params, "grant_type", ep)?;
    if ![
        GRANT_PASSWORDLESS_OTP,
        GRANT_REFRESH_TOKEN,
        GRANT_AUTHORIZATION_CODE,
        GRANT_JWT_BEARER,
        GRANT_WEBAUTHN,
        GRANT_CLIENT_CREDENTIALS,
    ]
    .contains(&grant.as_str())
    {
        return Err(ApiError::from_domain(
            DomainError::UnsupportedGrantType(grant),
            ep,
        ));
    }
    let client = client_from(&state, &headers, &params, ep).await?;
    require_grant(&client, &grant)?;
    let domain = |e| ApiError::from_domain(e, ep);
    let result: Result<IssuedTokens, ApiError> = async {
        Ok(if grant == GRANT_PASSWORDLESS_OTP {
            let req = OtpExchange {
                username: required(&params, "username", ep)?,
                otp: required(&params, "otp", ep)?,
                connection: required(&params, "realm", ep)?,
                scope: Scope::parse(
                    &field(&params, "scope", ep)?.unwrap_or_else(|| "openid".into()),
                ),
                audience: field(&params, "audience", ep)?,
                device: field(&params, "device", ep)?,
            };
            login::code::exchange_otp(&state.core, &client, req)
                .await
                .map_err(domain)?
        } else if grant == GRANT_CLIENT_CREDENTIALS {
            let audience = field(&params, "audience", ep)?;
            let scope = field(&params, "scope", ep)?;
            crate::domain::management::clients::client_credentials(
                &state.core,
                &client,
                audience.as_deref(),
                scope.as_deref(),
            )
            .await
            .map_err(domain)?
        } else if grant == GRANT_WEBAUTHN {
            let session = required(&params, "auth_session", ep)?;
            let scope =
                Scope::parse(&field(&params, "scope", ep)?.unwrap_or_else(|| "openid".into()));
            let audience = field(&params, "audience", ep)?;
            // An attestation (it has `attestationObject`) finishes a registration; an assertion
            // finishes a sign-in.
            let registering = match params.get("authn_response") {
                Some(Value::String(s)) => s.contains("attestationObject"),
                Some(v) => v
                    .get("response")
                    .and_then(|r| r.get("attestationObject"))
                    .is_some(),
                None => false,
            };
            let user = if registering {
                let response = super::passkeys::webauthn_json(&params, "authn_response")?;
                let name = field(&params, "name", ep)?.unwrap_or_else(|| "Passkey".into());
                crate::domain::login::passkey::passkey_registration_finish(
                    &state.core,
                    &session,
                    &response,
                    &name,
                    Some(&client.client_id),
                )
                .await
                .map_err(domain)?
                .1
            } else {
                let response = super::passkeys::webauthn_json(&params, "authn_response")?;
                crate::domain::login::passkey::passkey_login_finish(
                    &state.core,
                    &session,
                    &response,
                    Some(&client.client_id),
                )
                .await
                .map_err(domain)?
            };
            crate::domain::login::proven::tokens_for_user(
                &state.core,
                &client,
                &user,
                &scope,
                audience.as_deref(),
                None,
            )
            .await
            .map_err(domain)?
        } else if grant == GRANT_JWT_BEARER {
            let assertion = required(&params, "assertion", ep)?;
            let scope =
                Scope::parse(&field(&params, "scope", ep)?.unwrap_or_else(|| "openid".into()));
            let audience = field(&params, "audience", ep)?;
            let device = field(&params, "device", ep)?;
            crate::domain::login::device_key::device_login(
                &state.core,
                &client,
                &assertion,
                &scope,
                audience.as_deref(),
                device.as_deref(),
            )
            .await
            .map_err(domain)?
        } else if grant == GRANT_AUTHORIZATION_CODE {
            let code = required(&params, "code", ep)?;
            let redirect_uri = field(&params, "redirect_uri", ep)?;
            let verifier = field(&params, "code_verifier", ep)?;
            oauth::authorization_code::redeem(
                &state.core,
                &client,
                &code,
                redirect_uri.as_deref(),
                verifier.as_deref(),
            )
            .await
            .map_err(domain)?
        } else {
            let refresh_token = required(&params, "refresh_token", ep)?;
            let scope = field(&params, "scope", ep)?;
            tokens::refresh::exchange(&state.core, &client, &refresh_token, scope.as_deref())
                .await
                .map_err(domain)?
        })
    }
    .await;
    let ip = caller_ip(socket, &headers, &state.trusted_proxies);
    log_token_request(&state, &grant, &client.client_id, ip, result.as_ref()).await;
    let issued = result?;
    Ok(token_response(token_body(issued, "Bearer")))
}

/// The event a token request is logged as (the OTP grant's login is logged where the code
/// is used): Auth0's code for success or failure, and a description.
fn token_event(grant: &str) -> Option<(&'static str, &'static str, &'static str)> {
    use crate::domain::audit::codes::*;
    Some(match grant {
        GRANT_AUTHORIZATION_CODE => (
            CODE_EXCHANGE,
            FAILED_CODE_EXCHANGE,
            "Authorization code for tokens",
        ),
        GRANT_REFRESH_TOKEN => (REFRESH, FAILED_REFRESH, "Refresh token for tokens"),
        GRANT_CLIENT_CREDENTIALS => (
            CLIENT_CREDENTIALS,
            FAILED_CLIENT_CREDENTIALS,
            "Client credentials for a token",
        ),
        GRANT_JWT_BEARER => (LOGIN, FAILED_LOGIN, "Login with a device key"),
        GRANT_WEBAUTHN => (LOGIN, FAILED_LOGIN, "Login with a passkey"),
        _ => return None,
    })
}

/// Records a token request's outcome in the event log.
async fn log_token_request(
    state: &AppState,
    grant: &str,
    client_id: &str,
    ip: std::net::IpAddr,
    outcome: Result<&IssuedTokens, &ApiError>,
) {
    let Some((ok, failed, what)) = token_event(grant) else {
        return;
    };
    let (kind, description, user_id) = match outcome {
        Ok(t) => (ok, what.to_string(), Some(t.subject.clone())),
        Err(e) => (failed, format!("{what}: {}", e.description), None),
    };
    state
        .core
        .events
        .log(crate::domain::model::LogEvent {
            kind: kind.into(),
            description,
            client_id: Some(client_id.into()),
            user_id,
            ip: Some(ip.to_string()),
            ..Default::default()
        })
        .await;
}

/// Legacy resource-owner endpoint used by Lock v1 for iOS and Auth0.swift 1.x: the code is
/// sent as `password`.
pub async fn resource_owner(
    State(state): State<AppState>,
    ConnectInfo(socket): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    params: Result<Params, BodyRejection>,
) -> Result<Response, ApiError> {
    let ep = Endpoint::ResourceOwner;
    limit_token_request(&state, socket, &headers, ep).await?;
    let params = params.map_err(|r| r.into_api(ep))?;
    let client = client_from(&state, &headers, &params, ep).await?;
    let grant = required(&params, "grant_type", ep)?;
    if grant == GRANT_JWT_BEARER {
        // Lock v1's Touch ID: the device-signed JWT comes as `id_token`.
        require_grant(&client, GRANT_LEGACY_RO_JWT_BEARER)?;
        let assertion = required(&params, "id_token", ep)?;
        let device = required(&params, "device", ep)?;
        let scope = Scope::parse(
            &field(&params, "scope", ep)?.unwrap_or_else(|| "openid offline_access".into()),
        );
        let issued = crate::domain::login::device_key::device_login(
            &state.core,
            &client,
            &assertion,
            &scope,
            None,
            Some(&device),
        )
        .await
        .map_err(|e| ApiError::from_domain(e, ep))?;
        return Ok(token_response(token_body(issued, "bearer")));
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
    let scope = Scope::parse(&field(&params, "scope", ep)?.unwrap_or_else(|| "openid".into()));
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
    let issued = login::code::exchange_otp(&state.core, &client, req)
        .await
        .map_err(|e| ApiError::from_domain(e, ep))?;
    Ok(token_response(token_body(issued, "bearer")))
}

pub async fn revoke(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Result<Params, BodyRejection>,
) -> Result<Response, ApiError> {
    let ep = Endpoint::Revoke;
    let params = params.map_err(|r| r.into_api(ep))?;
    let client = client_from(&state, &headers, &params, ep).await?;
    let token = required(&params, "token", ep)?;
    tokens::refresh::revoke(&state.core, &client, &token)
        .await
        .map_err(|e| ApiError::from_domain(e, ep))?;
    Ok(StatusCode::OK.into_response())
}

pub async fn userinfo(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let ep = Endpoint::Userinfo;
    let token = bearer_token(&headers).ok_or_else(|| {
        ApiError::from_domain(DomainError::InvalidToken("Missing bearer token".into()), ep)
    })?;
    let claims = tokens::userinfo::claims(&state.core, token)
        .await
        .map_err(|e| ApiError::from_domain(e, ep))?;
    Ok(Json(Value::Object(claims)))
}

/// Legacy `POST /passwordless/verify`, as auth0.js calls it on a hosted page before sending
/// the browser to `verify_redirect`: checks the code without using it. Errors are those of
/// `/oauth/ro`, as Auth0 documents.
pub async fn verify(
    State(state): State<AppState>,
    ConnectInfo(socket): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    params: Result<Params, BodyRejection>,
) -> Result<Response, ApiError> {
    let ep = Endpoint::ResourceOwner;
    limit_token_request(&state, socket, &headers, ep).await?;
    let params = params.map_err(|r| r.into_api(ep))?;
    // The client must exist (and prove its secret if it has one), though the check itself
    // does not depend on it.
    client_from(&state, &headers, &params, ep).await?;
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
    login::code::check_code(&state.core, &connection, &username, &code)
        .await
        .map_err(|e| ApiError::from_domain(e, ep))?;
    Ok(Json(json!({})).into_response())
}
