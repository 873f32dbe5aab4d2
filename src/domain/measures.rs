//! What Latchkey measures, for its Prometheus endpoint: each metric's name, labels and
//! meaning, and the functions the flows call where the thing happens. Only the `metrics`
//! facade is used here (its macros are no-ops until the HTTP edge installs a recorder), so
//! the domain knows nothing of the exporter. Every label value comes from a fixed set, an
//! operator's configuration (connection names) or our own error codes: never a user id, a
//! phone number, an address, a code or a path, so the series stay few.

use std::time::Duration;

use metrics::{
    Unit, counter, describe_counter, describe_gauge, describe_histogram, gauge, histogram,
};

use super::DomainError;
use super::ports::PoolUse;

pub const LOGINS: &str = "latchkey_logins_total";
pub const LOGIN_FAILURES: &str = "latchkey_login_failures_total";
pub const CODES_SENT: &str = "latchkey_codes_sent_total";
pub const DELIVERY_DURATION: &str = "latchkey_delivery_duration_seconds";
pub const DELIVERY_ERRORS: &str = "latchkey_delivery_errors_total";
pub const PUMPING_REFUSALS: &str = "latchkey_pumping_refusals_total";
pub const RATE_LIMITED: &str = "latchkey_rate_limited_total";
pub const REFRESH_REUSE: &str = "latchkey_refresh_token_reuse_detected_total";
pub const HTTP_DURATION: &str = "latchkey_http_request_duration_seconds";
pub const DB_POOL_CONNECTIONS: &str = "latchkey_db_pool_connections";
pub const DB_POOL_MAX: &str = "latchkey_db_pool_max_connections";
pub const SQLITE_COMMIT_GROUP: &str = "latchkey_sqlite_writes_per_commit";
pub const SQLITE_CHECKPOINTS: &str = "latchkey_sqlite_checkpoints_total";

/// The `connection` label of a grant that names no connection (refresh, client credentials).
pub const NO_CONNECTION: &str = "none";

/// The `grant` label: how a login or token request proved itself.
pub mod grant {
    /// The passwordless OTP grant (`/oauth/token`, and the legacy `/oauth/ro`).
    pub const OTP: &str = "otp";
    /// The code typed on the hosted login page.
    pub const HOSTED_PAGE: &str = "hosted_page";
    pub const MAGIC_LINK: &str = "magic_link";
    pub const DEVICE_KEY: &str = "device_key";
    pub const PASSKEY: &str = "passkey";
    pub const REFRESH_TOKEN: &str = "refresh_token";
    pub const AUTHORIZATION_CODE: &str = "authorization_code";
    pub const CLIENT_CREDENTIALS: &str = "client_credentials";
    /// A code proved at `/co/authenticate` (an embedded login form).
    pub const CROSS_ORIGIN: &str = "cross_origin";
}

/// HELP lines for every metric; called once, when the recorder is installed.
pub fn describe() {
    describe_counter!(
        LOGINS,
        "Successful logins and token grants, by connection and grant"
    );
    describe_counter!(
        LOGIN_FAILURES,
        "Failed logins and token grants, by connection, grant and reason"
    );
    describe_counter!(
        CODES_SENT,
        "Codes and magic links sent to users, by channel and country (ISO region)"
    );
    describe_histogram!(
        DELIVERY_DURATION,
        Unit::Seconds,
        "Time to hand a message to its provider, by provider"
    );
    describe_counter!(
        DELIVERY_ERRORS,
        "Messages the provider refused or could not take, by provider and reason"
    );
    describe_counter!(
        PUMPING_REFUSALS,
        "Texts refused by SMS pumping protection, by rule"
    );
    describe_counter!(RATE_LIMITED, "Requests refused by a rate limit, by limit");
    describe_counter!(
        REFRESH_REUSE,
        "Rotated refresh tokens presented again (their family revoked)"
    );
    describe_histogram!(
        HTTP_DURATION,
        Unit::Seconds,
        "HTTP request latency, by method, route template and status"
    );
    describe_gauge!(
        DB_POOL_CONNECTIONS,
        "Database connections open, by pool and state (idle, in_use)"
    );
    describe_gauge!(DB_POOL_MAX, "Database connections allowed, by pool");
    describe_histogram!(
        SQLITE_COMMIT_GROUP,
        "Units of work (a code stored, a code login, a batch of log entries) SQLite's writer committed together"
    );
    describe_counter!(
        SQLITE_CHECKPOINTS,
        "WAL checkpoints SQLite's checkpointer thread ran, beside the writer"
    );
}

/// A login or token request's outcome, as the event log records it. `reason` is a code of
/// ours ([`reason`], or the Auth0 error code the HTTP layer answered with).
pub fn login(connection: &str, grant: &'static str, outcome: Result<(), &str>) {
    let connection = connection.to_string();
    match outcome {
        Ok(()) => counter!(LOGINS, "connection" => connection, "grant" => grant).increment(1),
        Err(reason) => counter!(
            LOGIN_FAILURES,
            "connection" => connection,
            "grant" => grant,
            "reason" => reason.to_string()
        )
        .increment(1),
    }
}

/// The `reason` label of a domain refusal: what kind of error it is, never its text (which
/// can quote what the caller sent).
pub fn reason(error: &DomainError) -> &'static str {
    match error {
        DomainError::BadStartRequest { .. }
        | DomainError::InvalidRequest(_)
        | DomainError::InvalidField { .. } => "invalid_request",
        DomainError::UnsupportedGrantType(_) => "unsupported_grant_type",
        DomainError::ClientAuthFailed => "client_auth_failed",
        DomainError::SignupDisabled => "signup_disabled",
        DomainError::AccessDenied(_) => "access_denied",
        DomainError::UserBlocked => "user_blocked",
        DomainError::DeliveryFailed(_) | DomainError::EmailDeliveryFailed(_) => "delivery_failed",
        DomainError::WrongCode(..) => "wrong_code",
        DomainError::CodeExpired => "code_expired",
        DomainError::TooManyAttempts => "too_many_attempts",
        DomainError::InvalidGrant(_) => "invalid_grant",
        DomainError::InvalidScope(_) => "invalid_scope",
        DomainError::Conflict(_) => "conflict",
        DomainError::InvalidToken(_) => "invalid_token",
        DomainError::RateLimited(_) => "rate_limited",
        DomainError::Store(_) | DomainError::Internal(_) => "internal",
        DomainError::CodeNotChecked(_) => "code_not_checked",
    }
}

/// A code or link handed to its provider for `recipient`: by SMS, the number's ISO region
/// (`unknown` when libphonenumber cannot place it); by email, `unknown`.
pub fn code_sent(channel: &'static str, recipient: &str) {
    let country = match channel {
        "sms" => region_of(recipient),
        _ => "unknown".to_string(),
    };
    counter!(CODES_SENT, "channel" => channel, "country" => country).increment(1);
}

/// A number's ISO region (`FR`), `unknown` when libphonenumber cannot place it.
pub fn region_of(e164: &str) -> String {
    super::phone::region_of(e164).unwrap_or_else(|| "unknown".to_string())
}

/// One attempt to hand a message to `provider` (`twilio`, `smtp`, `log`): how long it took,
/// and `error` (a fixed word) when it failed.
pub fn delivery(provider: &'static str, took: Duration, error: Option<&'static str>) {
    histogram!(DELIVERY_DURATION, "provider" => provider).record(took.as_secs_f64());
    if let Some(reason) = error {
        counter!(DELIVERY_ERRORS, "provider" => provider, "reason" => reason).increment(1);
    }
}

/// A text refused by pumping protection, by the option that refused it.
pub fn pumping_refused(rule: &'static str) {
    counter!(PUMPING_REFUSALS, "rule" => rule).increment(1);
}

/// A request refused by the rate limit kept in `bucket`, labelled with the limit's key in
/// `[rate_limits]`.
pub fn rate_limited(bucket: &str) {
    let limit = match bucket {
        "start:ip" => "start_per_ip",
        "start:client" => "start_per_client",
        "start:recipient" => "start_per_recipient",
        "wrong:recipient" => "wrong_codes_per_recipient",
        "token:ip" => "token_per_ip",
        "passkey:ip" => "passkey_per_ip",
        _ => "other",
    };
    counter!(RATE_LIMITED, "limit" => limit).increment(1);
}

/// The database pools as they are now (sampled when the metrics are read).
pub fn pool_use(pools: &[PoolUse]) {
    for p in pools {
        let (open, idle) = (f64::from(p.open), f64::from(p.idle));
        gauge!(DB_POOL_CONNECTIONS, "pool" => p.pool, "state" => "idle").set(idle);
        gauge!(DB_POOL_CONNECTIONS, "pool" => p.pool, "state" => "in_use")
            .set((open - idle).max(0.0));
        gauge!(DB_POOL_MAX, "pool" => p.pool).set(f64::from(p.max));
    }
}

/// SQLite's writer committed `units` units of work in one transaction.
pub fn sqlite_group_committed(units: usize) {
    histogram!(SQLITE_COMMIT_GROUP).record(units as f64);
}

/// SQLite's checkpointer copied the WAL back into the database file.
pub fn sqlite_checkpointed() {
    counter!(SQLITE_CHECKPOINTS).increment(1);
}

/// A rotated refresh token presented again outside its leeway.
pub fn refresh_token_reused() {
    counter!(REFRESH_REUSE).increment(1);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_are_regions_and_unknown_numbers_are_unknown() {
        assert_eq!(region_of("+14155550100"), "US");
        assert_eq!(region_of("+33612345678"), "FR");
        assert_eq!(region_of("+442071838750"), "GB");
        assert_eq!(region_of("not a number"), "unknown");
    }

    #[test]
    fn reasons_never_carry_the_error_text() {
        let e = DomainError::InvalidRequest("+14155550100 sent 123456".into());
        assert_eq!(reason(&e), "invalid_request");
        assert_eq!(
            reason(&DomainError::WrongCode(
                crate::domain::model::RecipientKind::PhoneNumber,
                Some(2)
            )),
            "wrong_code"
        );
    }
}
