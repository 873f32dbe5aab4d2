//! OpenID Connect discovery and the public signing keys (JWKS).

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::AppState;
use crate::domain::model::SigningAlg;

pub async fn discovery(State(state): State<AppState>) -> Response {
    let iss = state.core.tokens.issuer();
    let mut r = Json(json!({
        "issuer": iss,
        "authorization_endpoint": format!("{iss}authorize"),
        "token_endpoint": format!("{iss}oauth/token"),
        "end_session_endpoint": format!("{iss}oidc/logout"),
        "userinfo_endpoint": format!("{iss}userinfo"),
        "jwks_uri": format!("{iss}.well-known/jwks.json"),
        "revocation_endpoint": format!("{iss}oauth/revoke"),
        "scopes_supported": ["openid", "profile", "phone", "email", "offline_access"],
        "response_types_supported": ["code", "id_token", "token id_token"],
        "response_modes_supported": ["query", "fragment", "form_post", "web_message"],
        "code_challenge_methods_supported": ["S256"],
        "grant_types_supported": [
            crate::domain::model::GRANT_PASSWORDLESS_OTP,
            crate::domain::model::GRANT_REFRESH_TOKEN,
            crate::domain::model::GRANT_AUTHORIZATION_CODE,
            crate::domain::model::GRANT_IMPLICIT,
            crate::domain::model::GRANT_JWT_BEARER,
        ],
        "subject_types_supported": ["public"],
        // Every algorithm a client may choose (`jwt_configuration.alg`), Auth0's default first.
        "id_token_signing_alg_values_supported": SigningAlg::ALL.map(SigningAlg::as_str),
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
        "claims_supported": [
            "aud", "exp", "iat", "iss", "sub", "name", "nickname", "updated_at", "nonce", "auth_time", "at_hash",
            "phone_number", "phone_number_verified", "email", "email_verified"
        ],
        "request_uri_parameter_supported": false,
        "request_parameter_supported": false,
    }))
    .into_response();
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    r
}

pub async fn jwks(State(state): State<AppState>) -> Response {
    // One small query, so that every instance publishes a rotation the moment it happens,
    // wherever the load balancer sends the verifier.
    if let Err(e) = crate::domain::tokens::key_reload::reload(&state.core).await {
        tracing::error!(error = %e, "cannot reload signing keys; serving the keys in memory");
    }
    let ring = state.core.tokens.ring();
    let mut r = Json(json!({ "keys": ring.published })).into_response();
    // Short: a rotated-in key signs at once, and verifiers refetch on an unknown kid anyway.
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=60"),
    );
    r
}
