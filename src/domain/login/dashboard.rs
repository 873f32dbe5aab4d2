//! The dashboard's sign-in. Administrators prove their address with an email code through
//! the hosted login, as an app's users do, but they are not the tenant's users (Auth0 keeps
//! its dashboard's accounts apart from a tenant's): the code waits under a name no tenant
//! connection can have, a right one is spent without creating or touching a user, and the
//! authorization code it earns names the proven address (`dashboard|<email>`), which only
//! the dashboard's callback redeems, and only for a session. Whether the address is an
//! administrator's is the callback's question, so the login page answers alike for anyone.
//! The dashboard's client authenticates nowhere else: no token endpoint, no end-user login.

use super::code::{self, PresentedCode};
use crate::domain::connections::ConnectionOptions;
use crate::domain::core::Core;
use crate::domain::model::{Client, CodeRedemption, LogEvent, OtpCheck, OtpVerdict};
use crate::domain::oauth::redirect::{AuthorizationRequest, AuthorizationResponse, ResponseType};
use crate::domain::{DomainError, audit, measures};

pub use super::dashboard_identity::{
    DASHBOARD_CLIENT, DashboardIdentity, code_namespace, is_dashboard, not_for_end_users,
};

/// The code typed on the dashboard's login page: judged and spent in the store's one
/// transaction (lockout, three tries, single use) with no user written; a right one earns
/// an authorization code that names the address.
pub async fn sign_in(
    core: &Core,
    request: &AuthorizationRequest,
    connection: &str,
    username: &str,
    typed: &str,
) -> Result<AuthorizationResponse, DomainError> {
    if !is_dashboard(&request.client.client_id) || request.response_type != ResponseType::Code {
        return Err(DomainError::InvalidRequest(
            "the dashboard signs in with an authorization code".into(),
        ));
    }
    let options = code::known_connection(core, connection).await?;
    if !matches!(options, ConnectionOptions::Email(_)) {
        return Err(DomainError::InvalidRequest(
            "the dashboard signs in by email".into(),
        ));
    }
    let namespace = code_namespace(connection);
    let result = spend(core, &namespace, &options, username, typed).await;
    if let Err(e) = &result {
        if matches!(e, DomainError::Store(_) | DomainError::Internal(_)) {
            return Err(DomainError::internal(e));
        }
        log(
            core,
            audit::codes::FAILED_DASHBOARD_LOGIN,
            e.to_string(),
            Some(measures::reason(e)),
        )
        .await;
    }
    let identity = result?;
    crate::domain::oauth::authorization_code::code_for_subject(
        core,
        request,
        &identity.subject(),
        core.clock.now(),
    )
    .await
}

async fn spend(
    core: &Core,
    namespace: &str,
    options: &ConnectionOptions,
    username: &str,
    typed: &str,
) -> Result<DashboardIdentity, DomainError> {
    let presented: PresentedCode =
        code::present_code(core, namespace, options, username, typed).await?;
    let judge = presented.judge_in_store();
    let checked = core
        .store
        .spend_otp(&presented.attempt(namespace), judge)
        .await?;
    match checked {
        OtpCheck::Judged(OtpVerdict::Accept) => Ok(DashboardIdentity {
            email: presented.recipient,
        }),
        OtpCheck::Judged(OtpVerdict::Wrong { tries_left }) => {
            Err(presented.wrong(Some(tries_left)))
        }
        OtpCheck::NoCode => Err(presented.wrong(None)),
        OtpCheck::LockedOut => Err(presented.locked_out()),
        OtpCheck::Judged(verdict) => Err(code::dead_code_error(verdict)),
    }
}

/// The dashboard's callback: redeems the dashboard client's code (once, bound to its
/// redirect URI and PKCE verifier) for the address it names. No tokens are issued.
pub async fn redeem(
    core: &Core,
    client: &Client,
    code: &str,
    redirect_uri: &str,
    verifier: &str,
) -> Result<DashboardIdentity, DomainError> {
    let invalid = || DomainError::InvalidGrant("Invalid authorization code".into());
    if !is_dashboard(&client.client_id) {
        return Err(invalid());
    }
    let record = crate::domain::oauth::authorization_code::presented_code(
        core,
        client,
        code,
        Some(redirect_uri),
        Some(verifier),
    )
    .await?;
    let identity = DashboardIdentity::from_subject(&record.user_id).ok_or_else(invalid)?;
    match core
        .store
        .redeem_authorization_code(&record.code_hash, core.clock.now(), None)
        .await?
    {
        CodeRedemption::Redeemed => Ok(identity),
        _ => Err(invalid()),
    }
}

/// A line of the event log about the dashboard's sign-in (`sdash`, `fdash`): never an end
/// user's `s` or `f`, so the overview and log streams do not count it as one.
pub async fn log(core: &Core, kind: &str, description: String, reason: Option<&str>) {
    core.events
        .log(LogEvent {
            kind: kind.into(),
            description,
            client_id: Some(DASHBOARD_CLIENT.into()),
            reason: reason.map(str::to_string),
            ..Default::default()
        })
        .await;
}
