//! `POST /oauth/token`: the grant named, the client authenticated and allowed it, then one
//! function a grant; every outcome but the OTP grant's is logged here.

use axum::extract::{ConnectInfo, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::Value;
use std::net::SocketAddr;

use super::{
    client_from, field, limited_params, require_grant, required, scope, token_body, token_response,
};
use crate::domain::DomainError;
use crate::domain::model::{
    Client, GRANT_AUTHORIZATION_CODE, GRANT_CLIENT_CREDENTIALS, GRANT_JWT_BEARER,
    GRANT_PASSWORDLESS_OTP, GRANT_REFRESH_TOKEN, GRANT_WEBAUTHN,
};
use crate::domain::passwordless::OtpExchange;
use crate::domain::tokens::IssuedTokens;
use crate::http::AppState;
use crate::http::error::{ApiError, Endpoint};
use crate::http::extract::{BodyRejection, Params, caller_ip};

/// Every grant this endpoint knows.
const GRANTS: [&str; 6] = [
    GRANT_PASSWORDLESS_OTP,
    GRANT_REFRESH_TOKEN,
    GRANT_AUTHORIZATION_CODE,
    GRANT_JWT_BEARER,
    GRANT_WEBAUTHN,
    GRANT_CLIENT_CREDENTIALS,
];

pub async fn token(
    State(state): State<AppState>,
    ConnectInfo(socket): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    params: Result<Params, BodyRejection>,
) -> Result<Response, ApiError> {
    let ep = Endpoint::Token;
    let params = limited_params(&state, socket, &headers, params, ep).await?;
    let grant = required(&params, "grant_type", ep)?;
    if !GRANTS.contains(&grant.as_str()) {
        return Err(ApiError::from_domain(
            DomainError::UnsupportedGrantType(grant),
            ep,
        ));
    }
    let client = client_from(&state, &headers, &params, ep).await?;
    require_grant(&client, &grant)?;
    let request = Grant {
        state: &state,
        client: &client,
        params: &params,
        ep,
    };
    let result = request.issue(&grant).await;
    let ip = caller_ip(socket, &headers, &state.trusted_proxies);
    log_token_request(&state, &grant, &client.client_id, ip, result.as_ref()).await;
    let issued = result?;
    Ok(token_response(token_body(issued, "Bearer")))
}

/// A token request whose client is authenticated and allowed its grant.
#[derive(Clone, Copy)]
struct Grant<'a> {
    state: &'a AppState,
    client: &'a Client,
    params: &'a Params,
    ep: Endpoint,
}

impl Grant<'_> {
    async fn issue(self, grant: &str) -> Result<IssuedTokens, ApiError> {
        match grant {
            GRANT_PASSWORDLESS_OTP => self.otp().await,
            GRANT_CLIENT_CREDENTIALS => self.client_credentials().await,
            GRANT_WEBAUTHN => self.passkey().await,
            GRANT_JWT_BEARER => self.device_key().await,
            GRANT_AUTHORIZATION_CODE => self.authorization_code().await,
            _ => self.refresh().await,
        }
    }

    async fn otp(self) -> Result<IssuedTokens, ApiError> {
        let (state, client, params, ep) = (self.state, self.client, self.params, self.ep);
        let req = OtpExchange {
            username: required(params, "username", ep)?,
            otp: required(params, "otp", ep)?,
            connection: required(params, "realm", ep)?,
            scope: scope(params, ep, "openid")?,
            audience: field(params, "audience", ep)?,
            device: field(params, "device", ep)?,
        };
        state
            .core
            .exchange_otp(client, req)
            .await
            .map_err(|e| ApiError::from_domain(e, ep))
    }

    async fn client_credentials(self) -> Result<IssuedTokens, ApiError> {
        let (state, client, ep) = (self.state, self.client, self.ep);
        let audience = field(self.params, "audience", ep)?;
        let scope = field(self.params, "scope", ep)?;
        state
            .core
            .client_credentials(client, audience.as_deref(), scope.as_deref())
            .await
            .map_err(|e| ApiError::from_domain(e, ep))
    }

    async fn passkey(self) -> Result<IssuedTokens, ApiError> {
        let (state, client, params, ep) = (self.state, self.client, self.params, self.ep);
        let session = required(params, "auth_session", ep)?;
        let scope = scope(params, ep, "openid")?;
        let audience = field(params, "audience", ep)?;
        let domain = |e| ApiError::from_domain(e, ep);
        let user = if registering(params) {
            let response = crate::http::passkeys::webauthn_json(params, "authn_response")?;
            let name = field(params, "name", ep)?.unwrap_or_else(|| "Passkey".into());
            state
                .core
                .passkey_registration_finish(&session, &response, &name, Some(&client.client_id))
                .await
                .map_err(domain)?
                .1
        } else {
            let response = crate::http::passkeys::webauthn_json(params, "authn_response")?;
            state
                .core
                .passkey_login_finish(&session, &response, Some(&client.client_id))
                .await
                .map_err(domain)?
        };
        state
            .core
            .tokens_for_user(client, &user, &scope, audience.as_deref(), None)
            .await
            .map_err(domain)
    }

    async fn device_key(self) -> Result<IssuedTokens, ApiError> {
        let (state, client, params, ep) = (self.state, self.client, self.params, self.ep);
        let assertion = required(params, "assertion", ep)?;
        let scope = scope(params, ep, "openid")?;
        let audience = field(params, "audience", ep)?;
        let device = field(params, "device", ep)?;
        state
            .core
            .device_login(
                client,
                &assertion,
                &scope,
                audience.as_deref(),
                device.as_deref(),
            )
            .await
            .map_err(|e| ApiError::from_domain(e, ep))
    }

    async fn authorization_code(self) -> Result<IssuedTokens, ApiError> {
        let (state, client, params, ep) = (self.state, self.client, self.params, self.ep);
        let code = required(params, "code", ep)?;
        let redirect_uri = field(params, "redirect_uri", ep)?;
        let verifier = field(params, "code_verifier", ep)?;
        state
            .core
            .redeem_authorization_code(client, &code, redirect_uri.as_deref(), verifier.as_deref())
            .await
            .map_err(|e| ApiError::from_domain(e, ep))
    }

    async fn refresh(self) -> Result<IssuedTokens, ApiError> {
        let (state, client, ep) = (self.state, self.client, self.ep);
        let refresh_token = required(self.params, "refresh_token", ep)?;
        let scope = field(self.params, "scope", ep)?;
        state
            .core
            .refresh(client, &refresh_token, scope.as_deref())
            .await
            .map_err(|e| ApiError::from_domain(e, ep))
    }
}

/// Whether a passkey grant finishes a registration: an attestation (it has
/// `attestationObject`) does; an assertion finishes a sign-in.
fn registering(params: &Params) -> bool {
    match params.get("authn_response") {
        Some(Value::String(s)) => s.contains("attestationObject"),
        Some(v) => v
            .get("response")
            .and_then(|r| r.get("attestationObject"))
            .is_some(),
        None => false,
    }
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
        .log_event(crate::domain::model::LogEvent {
            kind: kind.into(),
            description,
            client_id: Some(client_id.into()),
            user_id,
            ip: Some(ip.to_string()),
            ..Default::default()
        })
        .await;
}
