//! Using a one-time code: the OTP grant (`/oauth/token`, legacy `/oauth/ro`), the hosted
//! page's code form, the legacy `/passwordless/verify` check, and the magic link's use. All
//! of them judge the code in the store's one transaction, count wrong tries towards the
//! per-recipient lockout, and log the login or the failure.

use std::sync::Arc;

use crate::domain::channels::Channel;
use crate::domain::connections::ConnectionOptions;
use crate::domain::core::Core;
use crate::domain::limits::{self, LimitKind};
use crate::domain::model::{
    Client, DeadCode, Lockout, LogEvent, NewUser, OtpCheck, OtpLogin, OtpLoginOutcome, OtpRecord,
    OtpTry, OtpVerdict, RefreshTokenRecord, User,
};
use crate::domain::oauth::scope::Scope;
use crate::domain::ports::OtpJudge;
use crate::domain::tokens::TokenRequest;
use crate::domain::tokens::issuer::IssuedTokens;
use crate::domain::tokens::refresh;
use crate::domain::{DomainError, UnixTime, audit, measures, otp, random_hex};

/// A code exchange (`/oauth/token` passwordless grant or legacy `/oauth/ro`).
#[derive(Debug, Clone)]
pub struct OtpExchange {
    pub connection: String,
    pub username: String,
    pub otp: String,
    pub scope: Scope,
    pub audience: Option<String>,
    pub device: Option<String>,
}

/// The connection a code is presented to; one that does not exist is the caller's mistake.
pub async fn known_connection(core: &Core, name: &str) -> Result<ConnectionOptions, DomainError> {
    core.connection_options(name)
        .await?
        .ok_or_else(|| DomainError::InvalidRequest("the connection was not found".into()))
}

/// Exchanges a code for tokens; the client has been authenticated by the caller.
pub async fn exchange_otp(
    core: &Core,
    client: &Client,
    req: OtpExchange,
) -> Result<IssuedTokens, DomainError> {
    // As Auth0: an access token only for an API this server knows.
    let api = super::proven::known_audience(core, req.audience.as_deref()).await?;
    let options = known_connection(core, &req.connection).await?;
    let refresh = refresh::new_token(
        core,
        client,
        TokenRequest {
            scope: &req.scope,
            audience: req.audience.as_deref(),
            device: req.device.as_deref(),
        },
        &api,
        None,
    );
    let via = Via {
        client_id: &client.client_id,
        grant: measures::grant::OTP,
    };
    let user = login_with_code(
        core,
        via,
        &req.connection,
        &options,
        &req.username,
        &req.otp,
        refresh.as_ref().map(|(record, _)| record.clone()),
    )
    .await?;
    let api = crate::domain::tokens::api_access::for_user(core, api, &user.user_id).await?;
    super::proven::issue_with_refresh(core, &user, client, &req.scope, &api, refresh)
}

/// Who presents a code: the application, and the way in (a [`measures::grant`] label).
#[derive(Debug, Clone, Copy)]
pub struct Via<'a> {
    pub client_id: &'a str,
    pub grant: &'static str,
}

/// Uses a code: the one store transaction that applies the per-recipient lockout, judges
/// the code, spends it, and creates or updates the user (and stores `refresh`). Wrong codes
/// are counted towards the lockout in that same transaction.
pub async fn login_with_code(
    core: &Core,
    via: Via<'_>,
    connection: &str,
    options: &ConnectionOptions,
    username: &str,
    code: &str,
    refresh: Option<RefreshTokenRecord>,
) -> Result<User, DomainError> {
    // The dashboard's administrators are not the tenant's users (the dashboard's sign-in).
    if super::dashboard_identity::is_dashboard(via.client_id) {
        return Err(super::dashboard_identity::not_for_end_users());
    }
    // The attempt, then its log entry whatever the outcome.
    let result: Result<User, DomainError> = async {
        let presented = present_code(core, connection, options, username, code).await?;
        let (recipient, now) = (presented.recipient.clone(), presented.now);
        let strategy = options.strategy();
        let login = OtpLogin {
            code: presented.attempt(connection),
            now,
            allow_signup: !options.disable_signup(),
            new_user: NewUser::from_login(
                format!(
                    "{}|{}",
                    strategy.as_str(),
                    random_hex(core.random.as_ref(), 12)
                ),
                connection.to_string(),
                strategy,
                recipient.clone(),
                recipient.clone(),
            ),
            refresh_token: refresh,
        };
        let judge = presented.judge_in_store();
        let verify = super::verify_code::waiting(core, connection, options, &recipient).await?;
        let outcome = match &verify {
            Some(record) => {
                super::verify_code::consume(core, options, &login, record, code).await?
            }
            None => core.store.consume_otp(&login, judge).await?,
        };
        match outcome {
            OtpLoginOutcome::LoggedIn { user, .. } => {
                Channel::of(options)
                    .record_used(core, connection, &recipient, now)
                    .await?;
                Ok(user)
            }
            OtpLoginOutcome::NoCode => Err(presented.wrong(None)),
            OtpLoginOutcome::Rejected(OtpVerdict::Wrong { tries_left }) => {
                Err(presented.wrong(Some(tries_left)))
            }
            OtpLoginOutcome::LockedOut => Err(presented.locked_out()),
            OtpLoginOutcome::Rejected(verdict) => Err(dead_code_error(verdict)),
            OtpLoginOutcome::SignupDisabled => Err(DomainError::SignupDisabled),
            OtpLoginOutcome::Blocked => Err(DomainError::UserBlocked),
        }
    }
    .await;
    if let Err(e @ (DomainError::Store(_) | DomainError::Internal(_))) = &result {
        return Err(DomainError::internal(e));
    }
    let event = attempt_event(
        connection,
        options,
        username,
        via.client_id,
        result.as_ref(),
    );
    measures::login(
        connection,
        via.grant,
        result.as_ref().map(|_| ()).map_err(measures::reason),
    );
    core.events.log(event).await;
    result
}

/// The log entry of a code's use or check through `connection` for `client_id`: a login
/// names its user; a failure the recipient it was for (there may be no user) and its
/// reason; an SMS one the number's country, which the overview counts by.
fn attempt_event(
    connection: &str,
    options: &ConnectionOptions,
    username: &str,
    client_id: &str,
    outcome: Result<&User, &DomainError>,
) -> LogEvent {
    let (kind, description, user_id) = match outcome {
        Ok(user) => (
            audit::codes::LOGIN,
            "Successful login".to_string(),
            Some(user.user_id.clone()),
        ),
        Err(e) => (
            audit::codes::FAILED_LOGIN,
            e.to_string(),
            options
                .recipient(username)
                .map(|r| format!("{connection}:{r}")),
        ),
    };
    let country = match options.recipient_kind() {
        crate::domain::model::RecipientKind::PhoneNumber => {
            options.recipient(username).map(|r| measures::region_of(&r))
        }
        crate::domain::model::RecipientKind::Email => None,
    };
    LogEvent {
        kind: kind.into(),
        description,
        client_id: Some(client_id.into()),
        connection: Some(connection.into()),
        user_id,
        country,
        reason: outcome.err().map(|e| measures::reason(e).to_string()),
        ..Default::default()
    }
}

/// Logs a code found wrong (or dead, or locked out) by a check that logs no one in:
/// `/passwordless/verify`, a magic link opened before its button. Each costs a try, so each
/// shows as a failed login, as a use would: guessing through them is seen in the logs.
async fn log_failed_check<T>(
    core: &Core,
    client_id: &str,
    connection: &str,
    options: &ConnectionOptions,
    username: &str,
    result: &Result<T, DomainError>,
    what: &str,
) {
    let Err(e) = result else { return };
    if matches!(e, DomainError::Store(_) | DomainError::Internal(_)) {
        return;
    }
    let mut event = attempt_event(connection, options, username, client_id, Err(e));
    event.description = format!("{} ({what})", event.description);
    core.events.log(event).await;
}

/// What every use or check of a code starts with: the recipient in stored form, the
/// per-recipient lockout the store applies (wrong codes are counted across codes, so asking
/// for a new code after three misses does not buy unlimited guesses), the keyed hash to
/// judge.
pub(super) async fn present_code(
    core: &Core,
    connection: &str,
    options: &ConnectionOptions,
    username: &str,
    code: &str,
) -> Result<PresentedCode, DomainError> {
    let kind = options.recipient_kind();
    let Some(recipient) = options.recipient(username) else {
        return Err(DomainError::WrongCode(kind, None));
    };
    let now = core.clock.now();
    let rule = core.limits.wrong_codes_per_recipient;
    let lockout = core.limits.enabled.then(|| Lockout {
        cell: limits::window_cell(
            WRONG_CODES_BUCKET,
            &format!("{connection}:{recipient}"),
            rule,
            now,
        ),
        limit: rule.limit,
    });
    Ok(PresentedCode {
        presented: core.keys.otp_hash(connection, &recipient, code),
        recipient,
        lockout,
        rule,
        now,
        kind,
    })
}

/// The legacy `POST /passwordless/verify`: says whether a code is right without using
/// it (auth0.js then sends the browser to `verify_redirect`, which uses it). Wrong tries
/// count as they do everywhere else.
pub async fn check_code(
    core: &Core,
    client_id: &str,
    connection: &str,
    username: &str,
    code: &str,
) -> Result<(), DomainError> {
    let check = (connection, username, code);
    judge_without_use(core, client_id, check, Look::Verify)
        .await
        .map(|_| ())
}

/// What [`peek_code`] could say about a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Peeked {
    /// The waiting code, alive, with tries left: using it would log in (but for a block).
    Right,
    /// A Twilio Verify code: only Twilio can judge it, and asking would spend one of its
    /// checks for a mere look, so it is left for the use to judge.
    NotChecked,
}

/// Looks at a code without using it (a magic link opened before its button is pressed):
/// the same store check as [`check_code`], so a wrong code is a wrong try, counted at the
/// code and in the lockout, and looking can never guess more than using could.
pub async fn peek_code(
    core: &Core,
    client_id: &str,
    connection: &str,
    username: &str,
    code: &str,
) -> Result<Peeked, DomainError> {
    let check = (connection, username, code);
    judge_without_use(core, client_id, check, Look::LinkGet).await
}

/// Who judges a code without using it.
#[derive(Debug, Clone, Copy)]
enum Look {
    /// `/passwordless/verify`: asks Twilio Verify too, as the use would.
    Verify,
    /// A magic link's `GET`: leaves a Twilio Verify code for the use to judge.
    LinkGet,
}

/// Judges `(connection, username, code)` in the store's one transaction without spending
/// it, and logs a wrong (or dead, or locked-out) code as a failed login under `client_id`.
async fn judge_without_use(
    core: &Core,
    client_id: &str,
    (connection, username, code): (&str, &str, &str),
    look: Look,
) -> Result<Peeked, DomainError> {
    let options = known_connection(core, connection).await?;
    let result: Result<Peeked, DomainError> = async {
        let presented = present_code(core, connection, &options, username, code).await?;
        let code_try = presented.attempt(connection);
        let verify =
            super::verify_code::waiting(core, connection, &options, &presented.recipient).await?;
        let checked = match (&verify, look) {
            (Some(_), Look::LinkGet) => return Ok(Peeked::NotChecked),
            (Some(record), Look::Verify) => {
                super::verify_code::check(
                    core,
                    &options,
                    &code_try,
                    record,
                    code,
                    &presented.presented,
                    presented.now,
                )
                .await?
            }
            (None, _) => {
                let judge = presented.judge_in_store();
                core.store.check_otp(&code_try, judge).await?
            }
        };
        presented.outcome(checked).map(|()| Peeked::Right)
    }
    .await;
    let what = match look {
        Look::Verify => "checked at /passwordless/verify",
        Look::LinkGet => "a link opened before its button",
    };
    log_failed_check(
        core, client_id, connection, &options, username, &result, what,
    )
    .await;
    result
}

/// The user who logs in to `connection` as `username` (a phone number or address in any
/// accepted form), if there is one.
pub async fn user_by_login(
    core: &Core,
    connection: &str,
    username: &str,
) -> Result<Option<User>, DomainError> {
    let Some(options) = core.connection_options(connection).await? else {
        return Ok(None);
    };
    let Some(recipient) = options.recipient(username) else {
        return Ok(None);
    };
    Ok(core.store.user_by_recipient(connection, &recipient).await?)
}

/// The code typed on the login page: the same rules and the same store transaction as
/// the OTP grant.
pub async fn login_on_page(
    core: &Core,
    client_id: &str,
    connection_name: &str,
    username: &str,
    code: &str,
) -> Result<User, DomainError> {
    let options = known_connection(core, connection_name).await?;
    let via = Via {
        client_id,
        grant: measures::grant::HOSTED_PAGE,
    };
    login_with_code(core, via, connection_name, &options, username, code, None).await
}

/// The counters of wrong codes per recipient (`rate_limits.wrong_codes_per_recipient`).
const WRONG_CODES_BUCKET: &str = "wrong:recipient";

/// What a presented code (its keyed hash) means for the stored one at `now`.
fn judge_presented(stored: &OtpRecord, presented: &[u8], now: UnixTime) -> OtpVerdict {
    match otp::judge(stored, presented, now) {
        // Twilio Verify's code is checked by Twilio only (`super::verify_code`).
        OtpVerdict::Accept if stored.verify_provider.is_some() => OtpVerdict::Wrong {
            tries_left: otp::MAX_WRONG_TRIES - stored.attempts - 1,
        },
        verdict => verdict,
    }
}

/// A code about to be judged (see `present_code`).
pub(super) struct PresentedCode {
    pub(super) recipient: String,
    /// `None` when rate limits are off.
    lockout: Option<Lockout>,
    rule: limits::Rule,
    presented: Vec<u8>,
    now: UnixTime,
    /// Whose code: the kind of recipient a wrong code's refusal names.
    kind: crate::domain::model::RecipientKind,
}

impl PresentedCode {
    /// The try this presentation is, under Auth0's three wrong tries.
    pub(super) fn attempt(&self, connection: &str) -> OtpTry {
        OtpTry {
            connection: connection.to_string(),
            recipient: self.recipient.clone(),
            max_attempts: otp::MAX_WRONG_TRIES,
            lockout: self.lockout.clone(),
        }
    }

    /// What this code means for the stored one, as the store takes it: owning what it
    /// compares, since the store may judge on a thread of its own (SQLite's writer lane).
    pub(super) fn judge_in_store(&self) -> OtpJudge {
        let (presented, now) = (self.presented.clone(), self.now);
        Arc::new(move |stored: &OtpRecord| judge_presented(stored, &presented, now))
    }

    /// The refusal of a wrong code: with the tries still left after it, or `None` when no
    /// code was waiting.
    pub(super) fn wrong(&self, tries_left: Option<i64>) -> DomainError {
        DomainError::WrongCode(self.kind, tries_left)
    }

    /// What a check of this code found, as the answer every way of checking gives.
    fn outcome(self, checked: OtpCheck) -> Result<(), DomainError> {
        match checked {
            OtpCheck::Judged(OtpVerdict::Accept) => Ok(()),
            OtpCheck::NoCode => Err(self.wrong(None)),
            OtpCheck::Judged(OtpVerdict::Wrong { tries_left }) => Err(self.wrong(Some(tries_left))),
            OtpCheck::LockedOut => Err(self.locked_out()),
            OtpCheck::Judged(verdict) => Err(dead_code_error(verdict)),
        }
    }

    /// The refusal of a recipient with too many wrong codes this window.
    pub(super) fn locked_out(&self) -> DomainError {
        measures::rate_limited(WRONG_CODES_BUCKET);
        DomainError::RateLimited(limits::refusal(LimitKind::Attempts, self.rule, self.now))
    }
}

/// The error for a code that can no longer be used.
pub(super) fn dead_code_error(verdict: OtpVerdict) -> DomainError {
    match verdict {
        OtpVerdict::Dead(DeadCode::Expired) => DomainError::CodeExpired,
        OtpVerdict::Dead(DeadCode::Exhausted) => DomainError::TooManyAttempts,
        OtpVerdict::Accept | OtpVerdict::Wrong { .. } => {
            DomainError::internal("a live code was treated as dead")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::RecipientKind;

    fn presented() -> PresentedCode {
        PresentedCode {
            recipient: "ana@example.com".into(),
            lockout: None,
            rule: limits::Rule {
                limit: 10,
                window: 3600,
            },
            presented: vec![1, 2, 3],
            now: 1_000,
            kind: RecipientKind::Email,
        }
    }

    #[test]
    fn every_check_answers_as_a_use_would() {
        assert!(
            presented()
                .outcome(OtpCheck::Judged(OtpVerdict::Accept))
                .is_ok()
        );
        // No code at all is a wrong code too; a wrong one says how many tries it left.
        assert!(matches!(
            presented().outcome(OtpCheck::NoCode),
            Err(DomainError::WrongCode(RecipientKind::Email, None))
        ));
        assert!(matches!(
            presented().outcome(OtpCheck::Judged(OtpVerdict::Wrong { tries_left: 1 })),
            Err(DomainError::WrongCode(RecipientKind::Email, Some(1)))
        ));
        assert!(matches!(
            presented().outcome(OtpCheck::Judged(OtpVerdict::Dead(DeadCode::Expired))),
            Err(DomainError::CodeExpired)
        ));
        assert!(matches!(
            presented().outcome(OtpCheck::Judged(OtpVerdict::Dead(DeadCode::Exhausted))),
            Err(DomainError::TooManyAttempts)
        ));
        let Err(DomainError::RateLimited(limited)) = presented().outcome(OtpCheck::LockedOut)
        else {
            panic!("a lockout is a rate limit");
        };
        assert!(limited.retry_after > 0);
    }

    #[test]
    fn a_twilio_verify_code_is_never_accepted_by_our_hash() {
        let stored = OtpRecord {
            id: "x".into(),
            connection: "email".into(),
            recipient: "ana@example.com".into(),
            code_hash: vec![1, 2, 3],
            created_at: 0,
            expires_at: 2_000,
            attempts: 0,
            verify_provider: None,
        };
        assert_eq!(presented().judge_in_store()(&stored), OtpVerdict::Accept);
        let verify = OtpRecord {
            verify_provider: Some("twilio-verify".into()),
            ..stored
        };
        assert_eq!(
            presented().judge_in_store()(&verify),
            OtpVerdict::Wrong { tries_left: 2 }
        );
    }
}
