//! Auth0's Authentication API for passwordless: `/passwordless/start` (`start`),
//! `/oauth/token` and its grants (`token`), legacy `/oauth/ro` (`resource_owner`) and
//! `/passwordless/verify` (`verify`), `/oauth/revoke` (`revoke`), `/userinfo`
//! (`userinfo`) and `/co/authenticate` (`cross_origin`). Here: the steps those endpoints share (reading fields, authenticating the
//! client, the token-request limit, the token answer).

mod cross_origin;
mod resource_owner;
mod revoke;
mod start;
mod token;
mod userinfo;
mod verify;

use axum::Json;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::net::SocketAddr;

use super::AppState;
use super::error::{ApiError, Endpoint};
use super::extract::{
    BodyRejection, Params, basic_client_credentials, caller_ip, raw_basic_credentials,
};
use crate::domain::model::Client;
use crate::domain::oauth::client::authenticate_client;
use crate::domain::oauth::scope::Scope;
use crate::domain::tokens::IssuedTokens;

pub use cross_origin::co_authenticate;
pub use resource_owner::resource_owner;
pub use revoke::revoke;
pub use start::start;
pub use token::token;
pub use userinfo::userinfo;
pub use verify::verify;

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

/// The requested scope, or `default` when none is asked for.
fn scope(params: &Params, endpoint: Endpoint, default: &str) -> Result<Scope, ApiError> {
    Ok(Scope::parse(
        &field(params, "scope", endpoint)?.unwrap_or_else(|| default.into()),
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
    if let Some((raw_id, raw_secret)) = raw_basic_credentials(headers) {
        let core = &state.core;
        let decoded = basic_client_credentials(headers);
        // The RFC's encoding first; the same header taken as sent when that fails.
        if let Some((id, secret)) = &decoded {
            let found = authenticate_client(core, Some(id), Some(secret)).await;
            if found.is_ok() || decoded == Some((raw_id.clone(), raw_secret.clone())) {
                return found.map_err(|e| ApiError::from_domain(e, endpoint));
            }
        }
        return authenticate_client(core, Some(&raw_id), Some(&raw_secret))
            .await
            .map_err(|e| ApiError::from_domain(e, endpoint));
    }
    let id = field(params, "client_id", endpoint)?;
    let secret = field(params, "client_secret", endpoint)?;
    let id = id.ok_or_else(|| {
        let text = match endpoint {
            Endpoint::ResourceOwner => "missing client_id parameter",
            _ => "Missing required parameter: client_id",
        };
        ApiError::bad_request(endpoint, text)
    })?;
    authenticate_client(&state.core, Some(&id), secret.as_deref())
        .await
        .map_err(|e| ApiError::from_domain(e, endpoint))
}

/// What the endpoints that take a body read from their request: the caller's address, the
/// headers, and the body, or why it could not be read (each endpoint words that itself).
pub struct ApiRequest {
    state: AppState,
    socket: SocketAddr,
    headers: HeaderMap,
    params: Result<Params, BodyRejection>,
}

impl FromRequest<AppState> for ApiRequest {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = req.into_parts();
        let ConnectInfo(socket) = ConnectInfo::<SocketAddr>::from_request_parts(&mut parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let headers = parts.headers.clone();
        let params = Params::from_request(Request::from_parts(parts, body), state).await;
        Ok(Self {
            state: state.clone(),
            socket,
            headers,
            params,
        })
    }
}

/// A request past the caller's rate limit, its body read.
struct Limited(AppState, HeaderMap, Params);

impl ApiRequest {
    /// The start of every endpoint that trades a credential: the caller's rate limit first
    /// (so a flood costs no parsing), then the body.
    async fn limited(self, endpoint: Endpoint) -> Result<Limited, ApiError> {
        limit_token_request(&self.state, self.socket, &self.headers, endpoint).await?;
        let params = self.params.map_err(|r| r.into_api(endpoint))?;
        Ok(Limited(self.state, self.headers, params))
    }
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
fn token_response(issued: IssuedTokens, token_type: &str) -> Response {
    let mut r = Json(token_body(issued, token_type)).into_response();
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

#[cfg(test)]
mod tests {
    use super::*;

    fn issued(id_token: Option<&str>, refresh_token: Option<&str>) -> IssuedTokens {
        IssuedTokens {
            subject: "sms|1".into(),
            access_token: "at".into(),
            id_token: id_token.map(str::to_string),
            refresh_token: refresh_token.map(str::to_string),
            expires_in: 86_400,
            scope: "openid".into(),
        }
    }

    #[test]
    fn a_token_body_names_only_the_tokens_issued() {
        let body = token_body(issued(None, None), "Bearer");
        assert_eq!(
            body,
            json!({"access_token": "at", "scope": "openid", "expires_in": 86_400, "token_type": "Bearer"})
        );
        let body = token_body(issued(Some("id"), Some("rt")), "bearer");
        assert_eq!(body["id_token"], "id");
        assert_eq!(body["refresh_token"], "rt");
        assert_eq!(body["token_type"], "bearer");
    }

    #[test]
    fn token_answers_are_never_cached() {
        let r = token_response(issued(None, None), "Bearer");
        assert_eq!(r.headers()[header::CACHE_CONTROL], "no-store");
        assert_eq!(r.headers()[header::PRAGMA], "no-cache");
    }

    #[test]
    fn a_missing_field_is_worded_as_each_endpoint_words_it() {
        let params = Params::default();
        let ro = required(&params, "device", Endpoint::ResourceOwner).err();
        assert_eq!(
            ro.map(|e| e.description),
            Some("missing device parameter".into())
        );
        let token = required(&params, "code", Endpoint::Token).err();
        assert_eq!(
            token.map(|e| e.description),
            Some("Missing required parameter: code".into())
        );
    }

    #[test]
    fn scope_falls_back_to_the_endpoints_default() {
        let params = Params(serde_json::Map::new());
        let s = scope(&params, Endpoint::Token, "openid offline_access").ok();
        assert!(s.is_some_and(|s| s.has("offline_access")));
    }
}
