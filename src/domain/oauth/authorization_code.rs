//! Authorization codes: the answer to a redirect-based request once its user has proved who
//! they are (a code, or tokens in the fragment), and the `authorization_code` grant that
//! redeems a code once, bound to its client, redirect URI and PKCE challenge.

use super::pkce::pkce_matches;
use super::redirect::{AuthorizationRequest, AuthorizationResponse, ResponseType};
use super::scope::Scope;
use crate::domain::core::Core;
use crate::domain::crypto::sha256;
use crate::domain::login::dashboard_identity::is_dashboard;
use crate::domain::model::{AuthorizationCodeRecord, Client, CodeRedemption, User};
use crate::domain::tokens::TokenRequest;
use crate::domain::tokens::issuer::{IdTokenExtras, IssuedTokens};
use crate::domain::tokens::refresh;
use crate::domain::{DomainError, UnixTime, random_token};

/// A redeemable code lives one minute: long enough for a callback to reach the token
/// endpoint, short enough to be useless when it leaks from a log.
pub const AUTHORIZATION_CODE_LIFETIME: i64 = 60;

/// The answer to a request once its user has proved who they are.
pub async fn authorization_response(
    core: &Core,
    request: &AuthorizationRequest,
    user: &User,
    auth_time: UnixTime,
) -> Result<AuthorizationResponse, DomainError> {
    // An end user's proof never answers the dashboard (the dashboard's sign-in).
    if is_dashboard(&request.client.client_id) {
        return Err(crate::domain::login::dashboard_identity::not_for_end_users());
    }
    let now = core.clock.now();
    if request.response_type == ResponseType::Code {
        return code_for_subject(core, request, &user.user_id, auth_time).await;
    }
    let mut params: Vec<(String, String)> = Vec::new();
    let api = crate::domain::tokens::api_access::user_audience(
        core,
        request.audience.as_deref(),
        &user.user_id,
    )
    .await?;
    let issued = core.tokens.issue(
        user,
        &request.client,
        &request.scope,
        &api,
        now,
        &IdTokenExtras {
            nonce: request.nonce.as_deref(),
            auth_time: Some(auth_time),
            at_hash: request.response_type.returns_access_token(),
            for_web: true,
        },
    )?;
    if request.response_type.returns_access_token() {
        params.push(("access_token".into(), issued.access_token));
        params.push(("token_type".into(), "Bearer".into()));
        params.push(("expires_in".into(), issued.expires_in.to_string()));
        params.push(("scope".into(), issued.scope));
    }
    if let Some(id_token) = issued.id_token {
        params.push(("id_token".into(), id_token));
    }
    Ok(request.to.answer(params))
}

/// An authorization code for `subject` (a user's id, or the dashboard's proven address),
/// stored by hash, as the answer to a `code` request.
pub async fn code_for_subject(
    core: &Core,
    request: &AuthorizationRequest,
    subject: &str,
    auth_time: UnixTime,
) -> Result<AuthorizationResponse, DomainError> {
    let now = core.clock.now();
    let code = random_token(core.random.as_ref(), 32);
    core.store
        .insert_authorization_code(&AuthorizationCodeRecord {
            code_hash: sha256(code.as_bytes()),
            client_id: request.client.client_id.clone(),
            user_id: subject.to_string(),
            redirect_uri: request.to.redirect_uri.clone(),
            scope: request.scope.to_string(),
            audience: request.audience.clone(),
            nonce: request.nonce.clone(),
            code_challenge: request.code_challenge.clone(),
            auth_time,
            expires_at: now + AUTHORIZATION_CODE_LIFETIME,
            used_at: None,
            refresh_family_id: None,
        })
        .await?;
    Ok(request.to.answer(vec![("code".into(), code)]))
}

fn invalid_code() -> DomainError {
    DomainError::InvalidGrant("Invalid authorization code".into())
}

/// The stored code `code`, if `client` may redeem it with this redirect URI and PKCE
/// verifier (not yet spent: the caller spends it).
pub async fn presented_code(
    core: &Core,
    client: &Client,
    code: &str,
    redirect_uri: Option<&str>,
    code_verifier: Option<&str>,
) -> Result<AuthorizationCodeRecord, DomainError> {
    let hash = sha256(code.as_bytes());
    let record = core
        .store
        .authorization_code(&hash)
        .await?
        .ok_or_else(invalid_code)?;
    if record.client_id != client.client_id {
        return Err(invalid_code());
    }
    if redirect_uri != Some(record.redirect_uri.as_str()) {
        return Err(DomainError::InvalidGrant(
            "redirect_uri does not match the one the code was issued for".into(),
        ));
    }
    match (&record.code_challenge, code_verifier) {
        (Some(challenge), Some(verifier)) if pkce_matches(challenge, verifier) => {}
        (Some(_), Some(_)) => {
            return Err(DomainError::InvalidGrant(
                "Failed to verify code verifier".into(),
            ));
        }
        (Some(_), None) => {
            return Err(DomainError::InvalidRequest(
                "Missing required parameter: code_verifier".into(),
            ));
        }
        (None, Some(_)) => {
            return Err(DomainError::InvalidGrant(
                "the code was issued without a code_challenge".into(),
            ));
        }
        (None, None) => {}
    }
    Ok(record)
}

/// The `authorization_code` grant: the code is single use, bound to the client, the
/// redirect URI and the PKCE challenge it was issued with. A code that comes back a
/// second time revokes the refresh token its first use handed out, unless it comes back
/// with the first use (a duplicate request, see [`crate::domain::tokens::refresh_rule`]).
pub async fn redeem(
    core: &Core,
    client: &Client,
    code: &str,
    redirect_uri: Option<&str>,
    code_verifier: Option<&str>,
) -> Result<IssuedTokens, DomainError> {
    let invalid = invalid_code;
    // The dashboard's codes name no user and give no tokens (the dashboard's sign-in).
    if is_dashboard(&client.client_id) {
        return Err(invalid());
    }
    let now = core.clock.now();
    let hash = sha256(code.as_bytes());
    let record = presented_code(core, client, code, redirect_uri, code_verifier).await?;
    if crate::domain::login::dashboard_identity::DashboardIdentity::from_subject(&record.user_id)
        .is_some()
    {
        return Err(invalid());
    }
    let user = core
        .store
        .user(&record.user_id)
        .await?
        .ok_or_else(invalid)?;
    if user.blocked {
        return Err(DomainError::UserBlocked);
    }
    let scope = Scope::parse(&record.scope);
    let api = crate::domain::tokens::api_access::user_audience(
        core,
        record.audience.as_deref(),
        &user.user_id,
    )
    .await?;
    let refresh = refresh::new_token(
        core,
        client,
        TokenRequest {
            scope: &scope,
            audience: record.audience.as_deref(),
            device: None,
        },
        &api,
        None,
    );
    let refresh_record = refresh.as_ref().map(|(r, _)| {
        let mut r = r.clone();
        r.user_id = user.user_id.clone();
        r
    });
    match core
        .store
        .redeem_authorization_code(&hash, now, refresh_record.as_ref())
        .await?
    {
        CodeRedemption::Redeemed => {}
        CodeRedemption::Replayed => {
            tracing::warn!(client_id = %client.client_id, "authorization code used twice: its tokens were revoked");
            return Err(invalid());
        }
        CodeRedemption::Duplicate => {
            tracing::info!(client_id = %client.client_id, "authorization code presented again as it was redeemed: refused as a duplicate, nothing revoked");
            return Err(invalid());
        }
        CodeRedemption::Invalid => return Err(invalid()),
    }
    let mut issued = core.tokens.issue(
        &user,
        client,
        &scope,
        &api,
        now,
        &IdTokenExtras {
            nonce: record.nonce.as_deref(),
            auth_time: Some(record.auth_time),
            at_hash: false,
            for_web: false,
        },
    )?;
    issued.refresh_token = refresh.map(|(_, token)| token);
    Ok(issued)
}
