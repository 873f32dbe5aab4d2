//! The one place errors become HTTP answers: Auth0's `{"error","error_description"}` with
//! Auth0's codes and status per endpoint. Causes that are ours (database, crypto) are logged
//! here and never shown.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::domain::DomainError;
use crate::domain::error::RecipientKind;
use crate::domain::limits::LimitKind;

/// Which endpoint is answering: Auth0 words the same failure differently on each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    Start,
    Token,
    /// Legacy `/oauth/ro`.
    ResourceOwner,
    Revoke,
    Userinfo,
}

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub error: String,
    pub description: String,
    /// Logged, never sent.
    pub cause: Option<String>,
    /// Extra headers (`Retry-After` and `X-RateLimit-*` on a 429).
    pub headers: Vec<(&'static str, String)>,
}

impl ApiError {
    pub fn new(status: StatusCode, error: &str, description: impl Into<String>) -> Self {
        Self {
            status,
            error: error.into(),
            description: description.into(),
            cause: None,
            headers: Vec::new(),
        }
    }

    /// A malformed request on `endpoint`, in that endpoint's vocabulary.
    pub fn bad_request(endpoint: Endpoint, description: impl Into<String>) -> Self {
        let code = if endpoint == Endpoint::Start {
            "bad.request"
        } else {
            "invalid_request"
        };
        Self::new(StatusCode::BAD_REQUEST, code, description)
    }

    pub fn from_domain(e: DomainError, endpoint: Endpoint) -> Self {
        use Endpoint::*;
        let wrong_text = |kind: RecipientKind| match kind {
            RecipientKind::PhoneNumber => "Wrong phone number or verification code.",
            RecipientKind::Email => "Wrong email or verification code.",
        };
        // Legacy /oauth/ro answers every failed code with one error.
        let code_failure = |description: &str| match endpoint {
            ResourceOwner => Self::new(
                StatusCode::UNAUTHORIZED,
                "invalid_user_password",
                description,
            ),
            _ => Self::new(StatusCode::FORBIDDEN, "invalid_grant", description),
        };
        match e {
            DomainError::BadStartRequest { code, description } => {
                Self::new(StatusCode::BAD_REQUEST, code, description)
            }
            DomainError::InvalidRequest(d) => Self::bad_request(endpoint, d),
            e @ DomainError::InvalidField { .. } => Self::bad_request(endpoint, e.to_string()),
            DomainError::UnsupportedGrantType(g) => Self::new(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                format!("Unsupported grant type: {g}"),
            ),
            DomainError::ClientAuthFailed => {
                let (status, code, text) = match endpoint {
                    ResourceOwner => (
                        StatusCode::FORBIDDEN,
                        "unauthorized_client",
                        "invalid client",
                    ),
                    _ => (
                        StatusCode::UNAUTHORIZED,
                        "invalid_client",
                        "Client authentication failed.",
                    ),
                };
                Self::new(status, code, text)
            }
            DomainError::SignupDisabled => {
                let (status, code) = match endpoint {
                    Start => (StatusCode::BAD_REQUEST, "bad.connection"),
                    _ => (StatusCode::FORBIDDEN, "access_denied"),
                };
                Self::new(status, code, "Public signup is disabled")
            }
            DomainError::AccessDenied(d) => Self::new(StatusCode::FORBIDDEN, "access_denied", d),
            DomainError::UserBlocked => {
                Self::new(StatusCode::UNAUTHORIZED, "unauthorized", "user is blocked")
            }
            DomainError::DeliveryFailed(d) => {
                Self::new(StatusCode::BAD_REQUEST, "sms_provider_error", d)
            }
            DomainError::EmailDeliveryFailed(d) => Self::new(
                StatusCode::BAD_REQUEST,
                "email_provider_error",
                format!("The email could not be sent: {d}"),
            ),
            DomainError::WrongCode(kind, _) => code_failure(wrong_text(kind)),
            DomainError::CodeExpired => {
                code_failure("The verification code has expired. Please request a new one.")
            }
            DomainError::TooManyAttempts => code_failure(
                "You've reached the maximum number of attempts. Please request a new code.",
            ),
            DomainError::InvalidGrant(d) => Self::new(StatusCode::FORBIDDEN, "invalid_grant", d),
            DomainError::InvalidScope(d) => Self::new(StatusCode::BAD_REQUEST, "invalid_scope", d),
            DomainError::Conflict(d) => Self::new(StatusCode::CONFLICT, "conflict", d),
            DomainError::InvalidToken(d) => Self::new(StatusCode::UNAUTHORIZED, "invalid_token", d),
            DomainError::RateLimited(l) => {
                let (error, description) = match l.kind {
                    LimitKind::Requests => (
                        "too_many_requests",
                        "Too many requests. Please try again later.",
                    ),
                    LimitKind::Attempts => (
                        "too_many_attempts",
                        "Too many failed attempts. Please try again later.",
                    ),
                };
                let mut e = Self::new(StatusCode::TOO_MANY_REQUESTS, error, description);
                e.headers = vec![
                    ("retry-after", l.retry_after.to_string()),
                    ("x-ratelimit-limit", l.limit.to_string()),
                    ("x-ratelimit-remaining", "0".into()),
                    ("x-ratelimit-reset", l.reset_at.to_string()),
                ];
                e
            }
            DomainError::Store(cause) => Self::internal(cause.to_string()),
            DomainError::Internal(cause) => Self::internal(cause),
            DomainError::CodeNotChecked(d) => Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "temporarily_unavailable",
                d,
            ),
        }
    }

    pub fn internal(cause: String) -> Self {
        Self {
            cause: Some(cause),
            ..Self::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "server_error",
                "Internal server error",
            )
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let Some(cause) = &self.cause {
            tracing::error!(%cause, error = %self.error, "request failed");
        } else {
            tracing::debug!(error = %self.error, description = %self.description, "request refused");
        }
        let body = serde_json::json!({"error": self.error, "error_description": self.description});
        let mut response = (self.status, Json(body)).into_response();
        for (name, value) in &self.headers {
            if let Ok(v) = HeaderValue::from_str(value) {
                response.headers_mut().insert(*name, v);
            }
        }
        if self.error == "invalid_token" {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer error=\"invalid_token\""),
            );
        }
        response
    }
}
