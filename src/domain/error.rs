//! What can go wrong in the domain, in the domain's words, including a rate limit's refusal
//! (which limit, and when it resets). The HTTP layer alone decides how each case looks on
//! the wire (status, Auth0 error code, description).

use super::UnixTime;
use super::ports::StoreError;

pub use super::model::RecipientKind;

/// Which limit a refusal comes from; Auth0 words them differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitKind {
    /// Too many requests (`too_many_requests`).
    Requests,
    /// Too many wrong codes (`too_many_attempts`).
    Attempts,
}

/// A refusal, with what the `Retry-After` and `X-RateLimit-*` headers need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limited {
    pub kind: LimitKind,
    pub limit: i64,
    pub reset_at: UnixTime,
    pub retry_after: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    /// A malformed `/passwordless/start` request; `code` is Auth0's `bad.*` error code.
    #[error("{description}")]
    BadStartRequest {
        code: &'static str,
        description: String,
    },
    /// A required parameter is missing or malformed on a token-style endpoint.
    #[error("{0}")]
    InvalidRequest(String),
    #[error("unsupported grant type: {0}")]
    UnsupportedGrantType(String),
    /// The client is unknown or failed to authenticate.
    #[error("client authentication failed")]
    ClientAuthFailed,
    #[error("public signup is disabled")]
    SignupDisabled,
    /// Refused by policy, e.g. an `audience` that names no configured API.
    #[error("{0}")]
    AccessDenied(String),
    #[error("user is blocked")]
    UserBlocked,
    /// The SMS or email provider refused or failed; the text is safe to show.
    #[error("{0}")]
    DeliveryFailed(String),
    /// The mail server refused or could not be reached; the text is safe to show.
    #[error("{0}")]
    EmailDeliveryFailed(String),
    #[error("wrong code")]
    WrongCode(RecipientKind),
    #[error("code expired")]
    CodeExpired,
    #[error("too many attempts")]
    TooManyAttempts,
    /// A grant (refresh token, code) that is unknown, revoked, expired or not this client's.
    #[error("{0}")]
    InvalidGrant(String),
    #[error("{0}")]
    InvalidScope(String),
    /// The thing to create exists already.
    #[error("{0}")]
    Conflict(String),
    /// A bearer token that does not verify.
    #[error("{0}")]
    InvalidToken(String),
    /// A rate limit refused the request.
    #[error("rate limited")]
    RateLimited(Limited),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A fault of ours (crypto, serialisation); the text is for the log only.
    #[error("internal error: {0}")]
    Internal(String),
}

impl DomainError {
    pub fn internal(e: impl std::fmt::Display) -> Self {
        Self::Internal(e.to_string())
    }
    pub(crate) fn bad_start(code: &'static str, description: impl Into<String>) -> Self {
        Self::BadStartRequest {
            code,
            description: description.into(),
        }
    }
}
