//! What can go wrong in the domain, in the domain's words, including a rate limit's refusal
//! (which limit, and when it resets) and a refused value (which field, and why). The HTTP
//! layer alone decides how each case looks on the wire (status, Auth0 error code,
//! description).

use super::UnixTime;
use super::ports::StoreError;
use super::validation::FieldError;

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
    /// A refused value, typed so a form can show it at its field. `of` names what the
    /// value belongs to where the text says so: `connection sms: twilio_sid must be …`.
    #[error("{}{error}", of_prefix(.of))]
    InvalidField {
        of: Option<String>,
        error: FieldError,
    },
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
    /// A wrong code, and how many more tries may be judged (`None`: no code was waiting).
    /// Only the hosted page shows the count; Auth0's API answers say nothing of it.
    #[error("wrong code")]
    WrongCode(RecipientKind, Option<i64>),
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
    /// Twilio Verify gave no answer about a code (an outage, a timeout): the try was not
    /// counted. The text is safe to show.
    #[error("{0}")]
    CodeNotChecked(String),
}

impl From<FieldError> for DomainError {
    fn from(error: FieldError) -> Self {
        Self::InvalidField { of: None, error }
    }
}

fn of_prefix(of: &Option<String>) -> String {
    of.as_ref().map(|o| format!("{o}: ")).unwrap_or_default()
}

impl DomainError {
    pub fn internal(e: impl std::fmt::Display) -> Self {
        Self::Internal(e.to_string())
    }
    /// A refused value of `of` (`connection sms`), whose text leads with it.
    pub fn invalid_field_of(of: impl Into<String>, error: FieldError) -> Self {
        Self::InvalidField {
            of: Some(of.into()),
            error,
        }
    }
    pub(crate) fn bad_start(code: &'static str, description: impl Into<String>) -> Self {
        Self::BadStartRequest {
            code,
            description: description.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_value_reads_as_its_text_did() {
        let e = FieldError::new("twilio_sid", "must be AC followed by 32 hex digits");
        assert_eq!(
            DomainError::invalid_field_of("connection sms", e.clone()).to_string(),
            "connection sms: twilio_sid must be AC followed by 32 hex digits"
        );
        assert_eq!(
            DomainError::from(e).to_string(),
            "twilio_sid must be AC followed by 32 hex digits"
        );
    }
}
