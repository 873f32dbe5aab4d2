//! Codes Twilio Verify sent (ours). The code is Twilio's, but the login keeps Latchkey's own
//! record of it: only the newest code works, it expires with the connection's lifetime,
//! three wrong tries kill it, the lockout and pumping rules count it, and the event log has
//! it. The record says which Verify provider sent it and stores no hash of it (a random one
//! that matches nothing).
//!
//! Using one: a try is reserved in the store first (the code must be the waiting one, alive,
//! with tries left; the try is counted, and held against the lockout as wrong), so Twilio is
//! never asked about a dead, spent or replaced code, nor more than three times. Then Twilio's
//! `VerificationCheck`: `approved` spends the code in one transaction (of two concurrent
//! approvals one logs in); any other answer was a wrong try, already counted. No answer at
//! all (Twilio down, a timeout) gives the try back and tells the user so (503
//! `temporarily_unavailable`): an outage never costs a try, and never logs anyone in.

use crate::domain::connections::{ConnectionOptions, SmsOptions};
use crate::domain::core::Core;
use crate::domain::model::{
    OtpCheck, OtpLogin, OtpLoginOutcome, OtpRecord, OtpTry, OtpVerdict, VerifyTry,
};
use crate::domain::ports::VerifyAnswer;
use crate::domain::{DomainError, UnixTime, random_hex};

/// What the user is told when Twilio gave no answer about their code.
pub const NOT_CHECKED: &str = "The verification code could not be checked right now; this try was not counted. Please try again.";

/// After a start's text went out through `provider`: if that is a Twilio Verify provider,
/// the code waiting is Twilio's, and the record says so.
pub async fn mark_sent(
    core: &Core,
    options: &SmsOptions,
    record: &OtpRecord,
    provider: Option<&str>,
) -> Result<(), DomainError> {
    let Some(name) = provider else {
        return Ok(());
    };
    if !options.provider_named(name).is_some_and(|p| p.is_verify()) {
        return Ok(());
    }
    // A hash of 128 random bits: nothing anyone types can match it.
    let never = core.keys.otp_hash(
        &record.connection,
        &record.recipient,
        &random_hex(core.random.as_ref(), 16),
    );
    core.store
        .mark_otp_verify(&record.id, Some(name), &never)
        .await?;
    Ok(())
}

/// The Twilio Verify code waiting for `recipient`, if the waiting code is one.
pub async fn waiting(
    core: &Core,
    connection: &str,
    options: &ConnectionOptions,
    recipient: &str,
) -> Result<Option<OtpRecord>, DomainError> {
    if !matches!(options, ConnectionOptions::Sms(_)) {
        return Ok(None);
    }
    let latest = core.store.latest_otp(connection, recipient).await?;
    Ok(latest.filter(|r| r.verify_provider.is_some()))
}

/// Twilio accepts codes of 4 to 10 characters; anything else is wrong without asking.
fn plausible(code: &str) -> bool {
    (4..=10).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// What Twilio made of a try that was reserved, or why none was.
enum Asked {
    Approved,
    /// Wrong, with the code's tries left after this one.
    Wrong(i64),
    /// No try was reserved: the store's reason.
    NotReserved(VerifyTry),
}

/// Reserves a try at the Verify code `record`, then asks Twilio about `code` (see the
/// module's rules); no answer gives the try back and is an error.
async fn ask(
    core: &Core,
    options: &ConnectionOptions,
    code_try: &OtpTry,
    record: &OtpRecord,
    code: &str,
    now: UnixTime,
) -> Result<Asked, DomainError> {
    let provider = match options {
        ConnectionOptions::Sms(sms) => record
            .verify_provider
            .as_deref()
            .and_then(|name| sms.provider_named(name))
            .filter(|p| p.is_verify()),
        ConnectionOptions::Email(_) => None,
    };
    // The provider that sent it is gone from the connection: nobody can check the code.
    let Some(provider) = provider else {
        return Ok(Asked::NotReserved(VerifyTry::NoCode));
    };
    let tries_left = match core
        .store
        .reserve_verify_try(code_try, &record.id, now)
        .await?
    {
        VerifyTry::Reserved(now_stored) => (code_try.max_attempts - now_stored.attempts).max(0),
        other => return Ok(Asked::NotReserved(other)),
    };
    if !plausible(code) {
        return Ok(Asked::Wrong(tries_left));
    }
    let route = provider.verify_route();
    match core.sms.check(&route, &record.recipient, code).await {
        Ok(VerifyAnswer::Approved) => Ok(Asked::Approved),
        Ok(VerifyAnswer::Wrong) => Ok(Asked::Wrong(tries_left)),
        Err(e) => {
            tracing::warn!(connection = %record.connection, provider = %provider.name, error = %e, "Twilio Verify gave no answer about a code; the try is given back");
            core.store.release_verify_try(code_try, &record.id).await?;
            Err(DomainError::CodeNotChecked(NOT_CHECKED.into()))
        }
    }
}

/// Uses the Verify code `record` with `code`: Twilio's approval spends it and logs in.
pub async fn consume(
    core: &Core,
    options: &ConnectionOptions,
    login: &OtpLogin,
    record: &OtpRecord,
    code: &str,
) -> Result<OtpLoginOutcome, DomainError> {
    Ok(
        match ask(core, options, &login.code, record, code, login.now).await? {
            Asked::Approved => core.store.consume_verified_otp(login, &record.id).await?,
            Asked::Wrong(tries_left) => OtpLoginOutcome::Rejected(OtpVerdict::Wrong { tries_left }),
            Asked::NotReserved(VerifyTry::LockedOut) => OtpLoginOutcome::LockedOut,
            Asked::NotReserved(VerifyTry::Dead(dead)) => {
                OtpLoginOutcome::Rejected(OtpVerdict::Dead(dead))
            }
            Asked::NotReserved(_) => OtpLoginOutcome::NoCode,
        },
    )
}

/// Checks the Verify code `record` without using it (the legacy `/passwordless/verify`).
/// Twilio forgets a code it approved, so an approved one becomes a code Latchkey checks
/// itself (`presented_hash`, the keyed hash of what was typed), for `verify_redirect` to
/// use; its try is given back, as a right code costs no try.
pub async fn check(
    core: &Core,
    options: &ConnectionOptions,
    code_try: &OtpTry,
    record: &OtpRecord,
    code: &str,
    presented_hash: &[u8],
    now: UnixTime,
) -> Result<OtpCheck, DomainError> {
    Ok(
        match ask(core, options, code_try, record, code, now).await? {
            Asked::Approved => {
                core.store.release_verify_try(code_try, &record.id).await?;
                core.store
                    .mark_otp_verify(&record.id, None, presented_hash)
                    .await?;
                OtpCheck::Judged(OtpVerdict::Accept)
            }
            Asked::Wrong(tries_left) => OtpCheck::Judged(OtpVerdict::Wrong { tries_left }),
            Asked::NotReserved(VerifyTry::LockedOut) => OtpCheck::LockedOut,
            Asked::NotReserved(VerifyTry::Dead(dead)) => OtpCheck::Judged(OtpVerdict::Dead(dead)),
            Asked::NotReserved(_) => OtpCheck::NoCode,
        },
    )
}
