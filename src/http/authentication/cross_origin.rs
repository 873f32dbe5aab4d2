//! `POST /co/authenticate`: cross-origin authentication for an embedded login form (Lock,
//! auth0.js `passwordlessLogin` off the hosted domain), with Auth0's answers. The request
//! reaches this handler only from an origin the client allows (`crate::http::cors`, which
//! also lets the page send and receive cookies here); the login ticket it returns is
//! redeemed at `/authorize` by the same browser's session.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::SameSite;
use serde_json::json;

use super::{ApiRequest, Limited};
use crate::domain::DomainError;
use crate::domain::login::cross_origin::{self, Refusal};
use crate::domain::model::RecipientKind;
use crate::http::error::{ApiError, Endpoint};
use crate::http::pages::session_cookie;

/// The body Auth0 takes, all of it and nothing else.
const FIELDS: [&str; 5] = ["client_id", "credential_type", "username", "otp", "realm"];

fn invalid_body() -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "invalid_request",
        "Invalid request body. All and only of client_id, credential_type, username, otp, realm are required.",
    )
}

/// Auth0's `/co/authenticate` answer for a refused login.
fn refused(e: DomainError) -> ApiError {
    let forbidden = |error: &str, text: &str| ApiError::new(StatusCode::FORBIDDEN, error, text);
    match e {
        DomainError::WrongCode(RecipientKind::Email, _) => {
            forbidden("access_denied", "Wrong email or verification code.")
        }
        DomainError::WrongCode(RecipientKind::PhoneNumber, _) => {
            forbidden("access_denied", "Wrong phone number or verification code.")
        }
        DomainError::CodeExpired => forbidden(
            "access_denied",
            "The verification code has expired. Please request a new one.",
        ),
        DomainError::TooManyAttempts => forbidden(
            "access_denied",
            "You've reached the maximum number of attempts. Please request a new code.",
        ),
        DomainError::UserBlocked => forbidden("blocked_user", "Blocked user"),
        DomainError::SignupDisabled => forbidden("access_denied", "Public signup is disabled"),
        DomainError::InvalidRequest(d) => {
            ApiError::new(StatusCode::BAD_REQUEST, "invalid_request", d)
        }
        e @ DomainError::RateLimited(_) => {
            let mut answer = ApiError::from_domain(e, Endpoint::Token);
            answer.error = "too_many_attempts".into();
            answer
        }
        e => ApiError::from_domain(e, Endpoint::Token),
    }
}

pub async fn co_authenticate(jar: CookieJar, request: ApiRequest) -> Result<Response, ApiError> {
    let Limited(state, _, params) = request.limited(Endpoint::Token).await?;
    let mut values = Vec::new();
    for key in FIELDS {
        values.push(params.str(key).ok().flatten().ok_or_else(invalid_body)?);
    }
    if params.keys().any(|k| !FIELDS.contains(&k.as_str())) {
        return Err(invalid_body());
    }
    let [client_id, credential_type, username, otp, realm] = &values[..] else {
        return Err(invalid_body());
    };
    let unauthorized =
        |text: &str| ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized_client", text);
    let client = match state.core.client(client_id).await {
        Ok(Some(c)) => c,
        Ok(None) => return Err(unauthorized("Unknown client.")),
        Err(e) => return Err(ApiError::from_domain(e, Endpoint::Token)),
    };
    match cross_origin::admissible(&client, credential_type) {
        Ok(()) => {}
        Err(Refusal::NotAllowed) => return Err(unauthorized("Cross origin login not allowed.")),
        Err(Refusal::UnsupportedCredentialType) => {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "unsupported_credential_type",
                "Unknown credential type parameter.",
            ));
        }
    }
    let known = state.core.connection_options(realm).await;
    if known
        .map_err(|e| ApiError::from_domain(e, Endpoint::Token))?
        .is_none()
    {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            format!("Unknown realm {realm}."),
        ));
    }
    let issued = cross_origin::authenticate(&state.core, &client, realm, username, otp)
        .await
        .map_err(refused)?;
    // Sent back on the page's credentialed requests and in its /authorize from another
    // site: SameSite=None, which browsers accept only with Secure (so only over https).
    let mut cookie = session_cookie(&state, issued.session).await;
    if state.core.tokens.issuer().starts_with("https://") {
        cookie.set_same_site(SameSite::None);
    }
    let body = Json(json!({
        "login_ticket": issued.login_ticket,
        "co_verifier": issued.co_verifier,
        "co_id": issued.co_id,
    }));
    Ok((jar.add(cookie), body).into_response())
}
