//! Authorization codes: the answer to a redirect-based request once its user has proved who
//! they are (a code, or tokens in the fragment), and the `authorization_code` grant that
//! redeems a code once, bound to its client, redirect URI and PKCE challenge.

use super::pkce::pkce_matches;
use super::redirect::{AuthorizationRequest, AuthorizationResponse, ResponseType};
use super::scope::Scope;
use crate::domain::core::Core;
use crate::domain::crypto::sha256;
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
    let now = core.clock.now();
    let mut params: Vec<(String, String)> = Vec::new();
    if request.response_type == ResponseType::Code {
        let code = random_token(core.random.as_ref(), 32);
        core.store
            .insert_authorization_code(&AuthorizationCodeRecord {
                code_hash: sha256(code.as_bytes()),
                client_id: request.client.client_id.clone(),
                user_id: user.user_id.clone(),
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
        params.push(("code".into(), code));
    } else {
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
    }
    Ok(request.to.answer(params))
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
    let invalid = || DomainError::InvalidGrant("Invalid authorization code".into());
    let now = core.clock.now();
    let hash = sha256(code.as_bytes());
    let record = core
        .store
        .authorization_code(&hash)
        .await?
        .ok_or_else(invalid)?;
    if record.client_id != client.client_id {
        return Err(invalid());
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
