//! The Management API's error answer (`statusCode`, `error`, `message`, `errorCode`): the
//! one type handlers return, the body it serializes to, and the refusals every endpoint
//! shares.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::DomainError;

/// An error in the Management API's shape.
#[derive(Debug)]
pub struct MgmtError {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl MgmtError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
    }

    pub fn bad_body(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_body", message)
    }

    pub fn bad_query(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_query_string", message)
    }

    pub fn missing_token() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "missing_token",
            "Missing authentication",
        )
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "insufficient_scope", message)
    }

    /// `The <what> does not exist`, with the resource's own error code.
    pub fn not_found(code: &'static str, what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            code,
            format!("The {what} does not exist"),
        )
    }

    pub fn from_domain(e: DomainError) -> Self {
        match e {
            DomainError::InvalidRequest(m) => Self::bad_body(m),
            e @ DomainError::InvalidField { .. } => Self::bad_body(e.to_string()),
            DomainError::InvalidToken(m) => Self::new(StatusCode::UNAUTHORIZED, "invalid_token", m),
            DomainError::AccessDenied(m) => Self::forbidden(m),
            DomainError::UserBlocked => {
                Self::new(StatusCode::FORBIDDEN, "user_blocked", "user is blocked")
            }
            DomainError::Conflict(m) => Self::new(StatusCode::CONFLICT, "conflict", m),
            other => {
                tracing::error!(error = %other, "management request failed");
                Self::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal_error",
                    "Internal server error",
                )
            }
        }
    }
}

impl std::fmt::Display for MgmtError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} {}", self.status.as_u16(), self.code, self.message)
    }
}

impl From<DomainError> for MgmtError {
    fn from(e: DomainError) -> Self {
        Self::from_domain(e)
    }
}

impl From<crate::domain::ports::StoreError> for MgmtError {
    fn from(e: crate::domain::ports::StoreError) -> Self {
        Self::from_domain(e.into())
    }
}

impl IntoResponse for MgmtError {
    fn into_response(self) -> Response {
        let body = ManagementError {
            status_code: self.status.as_u16(),
            error: self
                .status
                .canonical_reason()
                .unwrap_or("Error")
                .to_string(),
            message: self.message,
            error_code: self.code.to_string(),
        };
        (self.status, Json(body)).into_response()
    }
}

/// An error answer: the Management API's own shape, or the Authentication API's (an
/// unknown path, a body over the size limit, answered before a handler runs).
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
#[allow(dead_code)] // named in `responses(...)`; the answers are built as their variants' types
pub enum ErrorBody {
    Management(ManagementError),
    Authentication(AuthenticationError),
}

/// What [`MgmtError`] serializes to.
#[derive(Serialize, ToSchema)]
pub struct ManagementError {
    #[serde(rename = "statusCode")]
    pub status_code: u16,
    pub error: String,
    pub message: String,
    #[serde(rename = "errorCode")]
    pub error_code: String,
}

/// The Authentication API's error (`crate::http::error::ApiError`), for the answers the
/// router gives before a Management handler runs.
#[derive(Serialize, ToSchema)]
pub struct AuthenticationError {
    pub error: String,
    pub error_description: String,
}

/// The refusals every Management endpoint can answer, for its `responses(...)`.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub enum Refusals {
    #[response(status = 400, description = "Bad request")]
    BadRequest(ErrorBody),
    #[response(status = 401, description = "No valid token")]
    Unauthorized(ErrorBody),
    #[response(status = 403, description = "Insufficient scope")]
    Forbidden(ErrorBody),
}
