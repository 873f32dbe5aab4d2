//! `POST /oauth/token`: the grant named, the client authenticated and allowed it, then one
//! function a grant; every outcome but the OTP grant's is logged here.

use axum::response::Response;
use serde_json::Value;

use super::{
    ApiRequest, Limited, client_from, field, require_grant, required, scope, token_response,
};
use crate::domain::DomainError;
use crate::domain::login::code::OtpExchange;
use crate::domain::model::{
    Client, GRANT_AUTHORIZATION_CODE, GRANT_CLIENT_CREDENTIALS, GRANT_JWT_BEARER,
    GRANT_PASSWORDLESS_OTP, GRANT_REFRESH_TOKEN, GRANT_WEBAUTHN,
};
use crate::domain::tokens::{IssuedTokens, TokenRequest};
use crate::http::AppState;
use crate::http::error::{ApiError, Endpoint};
use crate::http::extract::{Params, caller_ip};

/// Every grant this endpoint knows.
const GRANTS: [&str; 6] = [
    GRANT_PASSWORDLESS_OTP,
    GRANT_REFRESH_TOKEN,
    GRANT_AUTHORIZATION_CODE,
    GRANT_JWT_BEARER,
    GRANT_WEBAUTHN,
    GRANT_CLIENT_CREDENTIALS,
];

pub async fn token(request: ApiRequest) -> Result<Response, ApiError> {
    let ep = Endpoint::Token;
    let socket = request.socket;
    let Limited(state, headers, params) = request.limited(ep).await?;
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
    Ok(token_response(issued, "Bearer"))
}

/// A token request whose client is authenticated and allowed its grant.
#[derive(Clone, Copy)]
struct Grant<'a> {
    state: &'a AppState,
    client: &'a Client,
    params: &'a Params,
    ep: Endpoint,
}

/// A grant's outcome: its own parameters' errors, or the domain's answer.
type Outcome = Result<Result<IssuedTokens, DomainError>, ApiError>;

impl Grant<'_> {
    async fn issue(self, grant: &str) -> Result<IssuedTokens, ApiError> {
        let outcome = match grant {
            GRANT_PASSWORDLESS_OTP => self.otp().await,
            GRANT_CLIENT_CREDENTIALS => self.client_credentials().await,
            GRANT_WEBAUTHN => self.passkey().await,
            GRANT_JWT_BEARER => self.device_key().await,
            GRANT_AUTHORIZATION_CODE => self.authorization_code().await,
            _ => self.refresh().await,
        };
        outcome?.map_err(|e| ApiError::from_domain(e, self.ep))
    }

    fn field(&self, key: &str) -> Result<Option<String>, ApiError> {
        field(self.params, key, self.ep)
    }

    fn required(&self, key: &str) -> Result<String, ApiError> {
        required(self.params, key, self.ep)
    }

    /// The `audience` asked for, else the tenant's `default_audience` (Auth0's rule). The
    /// domain's refusal is answered here as `issue` answers a grant's, so every grant that
    /// asks for it ends on it with `?`.
    async fn audience(&self) -> Result<Option<String>, ApiError> {
        let asked = self.field("audience")?;
        crate::domain::management::tenant_settings::audience_or_default(&self.state.core, asked)
            .await
            .map_err(|e| ApiError::from_domain(e, self.ep))
    }

    async fn otp(self) -> Outcome {
        let (state, client) = (self.state, self.client);
        let req = OtpExchange {
            username: self.required("username")?,
            otp: self.required("otp")?,
            connection: self.required("realm")?,
            scope: scope(self.params, self.ep, "openid")?,
            audience: self.audience().await?,
            device: self.field("device")?,
        };
        Ok(crate::domain::login::code::exchange_otp(&state.core, client, req).await)
    }

    async fn client_credentials(self) -> Outcome {
        let (state, client) = (self.state, self.client);
        let scope = self.field("scope")?;
        let audience = self.audience().await?;
        Ok(crate::domain::management::clients::client_credentials(
            &state.core,
            client,
            audience.as_deref(),
            scope.as_deref(),
        )
        .await)
    }

    async fn passkey(self) -> Outcome {
        let (state, client, params) = (self.state, self.client, self.params);
        let session = self.required("auth_session")?;
        let scope = scope(params, self.ep, "openid")?;
        let audience = self.audience().await?;
        let user = if registering(params) {
            let response = crate::http::passkeys::webauthn_json(params, "authn_response")?;
            let name = self.field("name")?.unwrap_or_else(|| "Passkey".into());
            crate::domain::login::passkey::passkey_registration_finish(
                &state.core,
                &session,
                &response,
                &name,
                Some(&client.client_id),
            )
            .await
            .map(|(_, user)| user)
        } else {
            let response = crate::http::passkeys::webauthn_json(params, "authn_response")?;
            crate::domain::login::passkey::passkey_login_finish(
                &state.core,
                &session,
                &response,
                Some(&client.client_id),
            )
            .await
        };
        let user = match user {
            Ok(u) => u,
            Err(e) => return Ok(Err(e)),
        };
        Ok(crate::domain::login::proven::tokens_for_user(
            &state.core,
            client,
            &user,
            TokenRequest {
                scope: &scope,
                audience: audience.as_deref(),
                device: None,
            },
        )
        .await)
    }

    async fn device_key(self) -> Outcome {
        let (state, client) = (self.state, self.client);
        let assertion = self.required("assertion")?;
        let scope = scope(self.params, self.ep, "openid")?;
        let device = self.field("device")?;
        let audience = self.audience().await?;
        Ok(crate::domain::login::device_key::device_login(
            &state.core,
            client,
            &assertion,
            TokenRequest {
                scope: &scope,
                audience: audience.as_deref(),
                device: device.as_deref(),
            },
        )
        .await)
    }

    async fn authorization_code(self) -> Outcome {
        let (state, client) = (self.state, self.client);
        let code = self.required("code")?;
        let redirect_uri = self.field("redirect_uri")?;
        let verifier = self.field("code_verifier")?;
        Ok(crate::domain::oauth::authorization_code::redeem(
            &state.core,
            client,
            &code,
            redirect_uri.as_deref(),
            verifier.as_deref(),
        )
        .await)
    }

    async fn refresh(self) -> Outcome {
        let state = self.state;
        let refresh_token = self.required("refresh_token")?;
        let scope = self.field("scope")?;
        Ok(crate::domain::tokens::refresh::exchange(
            &state.core,
            self.client,
            &refresh_token,
            scope.as_deref(),
        )
        .await)
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
/// is used): Auth0's code for success or failure, a description, and its `grant` label.
fn token_event(grant: &str) -> Option<(&'static str, &'static str, &'static str, &'static str)> {
    use crate::domain::audit::codes::*;
    use crate::domain::measures::grant as label;
    Some(match grant {
        GRANT_AUTHORIZATION_CODE => (
            CODE_EXCHANGE,
            FAILED_CODE_EXCHANGE,
            "Authorization code for tokens",
            label::AUTHORIZATION_CODE,
        ),
        GRANT_REFRESH_TOKEN => (
            REFRESH,
            FAILED_REFRESH,
            "Refresh token for tokens",
            label::REFRESH_TOKEN,
        ),
        GRANT_CLIENT_CREDENTIALS => (
            CLIENT_CREDENTIALS,
            FAILED_CLIENT_CREDENTIALS,
            "Client credentials for a token",
            label::CLIENT_CREDENTIALS,
        ),
        GRANT_JWT_BEARER => (
            LOGIN,
            FAILED_LOGIN,
            "Login with a device key",
            label::DEVICE_KEY,
        ),
        GRANT_WEBAUTHN => (LOGIN, FAILED_LOGIN, "Login with a passkey", label::PASSKEY),
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
    let Some((ok, failed, what, label)) = token_event(grant) else {
        return;
    };
    let reason = outcome.map(|_| ()).map_err(|e| e.error.as_str());
    crate::domain::measures::login(crate::domain::measures::NO_CONNECTION, label, reason);
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn with_response(v: Value) -> Params {
        let mut map = serde_json::Map::new();
        map.insert("authn_response".into(), v);
        Params(map)
    }

    #[test]
    fn an_attestation_registers_and_an_assertion_signs_in() {
        let attestation = json!({"response": {"attestationObject": "o", "clientDataJSON": "c"}});
        assert!(registering(&with_response(attestation.clone())));
        assert!(registering(&with_response(Value::String(
            attestation.to_string()
        ))));
        let assertion = json!({"response": {"authenticatorData": "a", "signature": "s"}});
        assert!(!registering(&with_response(assertion)));
        assert!(!registering(&Params::default()));
    }
}
