//! Passkeys over HTTP. For native apps, Auth0's passkey API: `POST /passkey/register` (with
//! the user's access token) and `POST /passkey/challenge` answer an `auth_session` and the
//! WebAuthn options; the response goes to `/oauth/token` with grant
//! `urn:okta:params:oauth:grant-type:webauthn` (see `authentication`). For the hosted pages:
//! sign in with a passkey on `/authorize`, and add one after a code login.

// Page checks return the finished error page as their `Err` (see `pages`).
#![allow(clippy::result_large_err)]

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use serde_json::{Value, json};
use webauthn_rs::prelude::{PublicKeyCredential, RegisterPublicKeyCredential};

use super::AppState;
use super::error::{ApiError, Endpoint};
use super::extract::{BodyRejection, Params, bearer_token};
use super::pages::{SESSION_COOKIE, check_authorization, csrf_ok, session_cookie};
use crate::domain::DomainError;
use crate::domain::redirect::ResponseMode;

fn field(params: &Params, key: &str) -> Result<Option<String>, ApiError> {
    params
        .str(key)
        .map_err(|e| ApiError::bad_request(Endpoint::Token, e))
}

/// A WebAuthn response sent as a JSON object (or as a string holding one).
pub fn webauthn_json<T: serde::de::DeserializeOwned>(
    params: &Params,
    key: &str,
) -> Result<T, ApiError> {
    let value = match params.get(key) {
        Some(Value::String(s)) => serde_json::from_str::<Value>(s).ok(),
        Some(v) => Some(v.clone()),
        None => None,
    }
    .ok_or_else(|| {
        ApiError::bad_request(
            Endpoint::Token,
            format!("Missing required parameter: {key}"),
        )
    })?;
    serde_json::from_value(value).map_err(|e| {
        ApiError::bad_request(
            Endpoint::Token,
            format!("{key} is not a WebAuthn response: {e}"),
        )
    })
}

/// `POST /passkey/register`: starts adding a passkey to the account of the user whose
/// access token is presented.
pub async fn native_register(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Result<Params, BodyRejection>,
) -> Result<Json<Value>, ApiError> {
    let ep = Endpoint::Token;
    let params = params.map_err(|r| r.into_api(ep))?;
    let token = bearer_token(&headers).ok_or_else(|| {
        ApiError::from_domain(DomainError::InvalidToken("Missing bearer token".into()), ep)
    })?;
    let now = crate::domain::Clock::now(state.core.clock.as_ref());
    let claims = state
        .core
        .tokens
        .verify_access_token(token, now)
        .map_err(|e| ApiError::from_domain(e, ep))?;
    let user = state
        .core
        .store
        .user(&claims.sub)
        .await
        .map_err(|e| ApiError::from_domain(e.into(), ep))?
        .ok_or_else(|| {
            ApiError::from_domain(
                DomainError::InvalidToken("the user no longer exists".into()),
                ep,
            )
        })?;
    let client_id = field(&params, "client_id")?.unwrap_or(claims.azp);
    let (session, options) = crate::domain::login::passkey::passkey_registration_start(
        &state.core,
        &user,
        Some(&client_id),
    )
    .await
    .map_err(|e| ApiError::from_domain(e, ep))?;
    Ok(Json(json!({
        "auth_session": session,
        "authn_params_public_key": options.public_key,
    })))
}

/// `POST /passkey/challenge`: starts a passkey sign-in. With `username` (and `realm`, the
/// connection) the user's passkeys are allowed; without, any discoverable passkey.
pub async fn native_challenge(
    State(state): State<AppState>,
    params: Result<Params, BodyRejection>,
) -> Result<Json<Value>, ApiError> {
    let ep = Endpoint::Token;
    let params = params.map_err(|r| r.into_api(ep))?;
    let client_id = field(&params, "client_id")?
        .ok_or_else(|| ApiError::bad_request(ep, "Missing required parameter: client_id"))?;
    if state
        .core
        .find_client(&client_id)
        .await
        .map_err(|e| ApiError::from_domain(e, ep))?
        .is_none()
    {
        return Err(ApiError::from_domain(DomainError::ClientAuthFailed, ep));
    }
    let user = match field(&params, "username")? {
        None => None,
        Some(username) => {
            let realm = field(&params, "realm")?
                .ok_or_else(|| ApiError::bad_request(ep, "Missing required parameter: realm"))?;
            Some(
                state
                    .core
                    .user_by_login(&realm, &username)
                    .await
                    .map_err(|e| ApiError::from_domain(e, ep))?
                    .ok_or_else(|| ApiError::bad_request(ep, "This user has no passkey"))?,
            )
        }
    };
    let (session, options) = crate::domain::login::passkey::passkey_login_start(
        &state.core,
        user.as_ref(),
        Some(&client_id),
    )
    .await
    .map_err(|e| ApiError::from_domain(e, ep))?;
    Ok(Json(json!({
        "auth_session": session,
        "authn_params_public_key": options.public_key,
    })))
}

fn page_error(status: StatusCode, message: impl Into<String>) -> Response {
    (
        status,
        Json(json!({"error": "invalid_request", "error_description": message.into()})),
    )
        .into_response()
}

/// A call from a page's script: a readable body carrying this browser's CSRF token.
fn page_call(
    state: &AppState,
    jar: &CookieJar,
    headers: &HeaderMap,
    params: Result<Params, BodyRejection>,
) -> Result<Params, Response> {
    let params = params.map_err(|_| page_error(StatusCode::BAD_REQUEST, "unreadable body"))?;
    let token = params.str("csrf").ok().flatten();
    if !csrf_ok(state, jar, headers, token.as_deref()) {
        return Err(page_error(StatusCode::FORBIDDEN, "Open the page again."));
    }
    Ok(params)
}

/// The login page's sealed request, from a script's call.
fn page_transaction(
    state: &AppState,
    params: Params,
) -> Result<(Params, crate::domain::hosted::LoginTransaction), Response> {
    match params
        .str("tx")
        .ok()
        .flatten()
        .map(|t| state.core.open_transaction(&t))
    {
        Some(Ok(tx)) => Ok((params, tx)),
        _ => Err(page_error(
            StatusCode::BAD_REQUEST,
            "Open the login page again.",
        )),
    }
}

/// `POST /authorize/passkey/start` (from the login page's script): a discoverable sign-in.
pub async fn page_login_start(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    params: Result<Params, BodyRejection>,
) -> Response {
    let (_, tx) =
        match page_call(&state, &jar, &headers, params).and_then(|p| page_transaction(&state, p)) {
            Ok(v) => v,
            Err(r) => return r,
        };
    match crate::domain::login::passkey::passkey_login_start(
        &state.core,
        None,
        tx.params.client_id.as_deref(),
    )
    .await
    {
        Ok((session, options)) => {
            Json(json!({"auth_session": session, "options": options})).into_response()
        }
        Err(e) => page_error(StatusCode::BAD_REQUEST, e.to_string()),
    }
}

/// `POST /authorize/passkey/finish`: the browser's answer; a good one signs the browser in
/// and tells the script where to go (or what to post, for `form_post`).
pub async fn page_login_finish(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    params: Result<Params, BodyRejection>,
) -> Response {
    let (params, tx) =
        match page_call(&state, &jar, &headers, params).and_then(|p| page_transaction(&state, p)) {
            Ok(v) => v,
            Err(r) => return r,
        };
    let checked =
        match check_authorization(&state, &tx.params, "This sign-in request is not valid").await {
            Ok(c) => c,
            Err(_) => {
                return page_error(
                    StatusCode::BAD_REQUEST,
                    "This sign-in request is not valid.",
                );
            }
        };
    let Ok(credential) = webauthn_json::<PublicKeyCredential>(&params, "credential") else {
        return page_error(
            StatusCode::BAD_REQUEST,
            "credential is not a WebAuthn response",
        );
    };
    let session = params
        .str("auth_session")
        .ok()
        .flatten()
        .unwrap_or_default();
    let user = match crate::domain::login::passkey::passkey_login_finish(
        &state.core,
        &session,
        &credential,
        tx.params.client_id.as_deref(),
    )
    .await
    {
        Ok(u) => u,
        Err(e) => return page_error(StatusCode::BAD_REQUEST, e.to_string()),
    };
    let now = crate::domain::Clock::now(state.core.clock.as_ref());
    let answer = match state
        .core
        .authorization_response(&checked.request, &user, now)
        .await
    {
        Ok(a) => a,
        Err(e) => return page_error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    };
    let body = if answer.mode == ResponseMode::FormPost {
        json!({"form": {"action": answer.redirect_uri, "fields": answer.params}})
    } else {
        json!({"redirect": answer.location()})
    };
    match state.core.create_session(&user).await {
        Ok(token) => (jar.add(session_cookie(&state, token)), Json(body)).into_response(),
        Err(_) => Json(body).into_response(),
    }
}

/// `POST /passkey/web/register/start` (from the page offered after a code login): adds a
/// passkey to the signed-in browser's user.
pub async fn page_register_start(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    params: Result<Params, BodyRejection>,
) -> Response {
    if let Err(r) = page_call(&state, &jar, &headers, params) {
        return r;
    }
    let user = match jar.get(SESSION_COOKIE) {
        Some(c) => match state.core.session_user(c.value()).await {
            Ok(Some((user, _))) => user,
            _ => return page_error(StatusCode::UNAUTHORIZED, "Sign in first."),
        },
        None => return page_error(StatusCode::UNAUTHORIZED, "Sign in first."),
    };
    match crate::domain::login::passkey::passkey_registration_start(&state.core, &user, None).await
    {
        Ok((session, options)) => {
            Json(json!({"auth_session": session, "options": options})).into_response()
        }
        Err(e) => page_error(StatusCode::BAD_REQUEST, e.to_string()),
    }
}

/// `POST /passkey/web/register/finish`.
pub async fn page_register_finish(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    params: Result<Params, BodyRejection>,
) -> Response {
    let params = match page_call(&state, &jar, &headers, params) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Ok(credential) = webauthn_json::<RegisterPublicKeyCredential>(&params, "credential") else {
        return page_error(
            StatusCode::BAD_REQUEST,
            "credential is not a WebAuthn response",
        );
    };
    let session = params
        .str("auth_session")
        .ok()
        .flatten()
        .unwrap_or_default();
    let signed_in = match jar.get(SESSION_COOKIE) {
        Some(c) => state.core.session_user(c.value()).await.ok().flatten(),
        None => None,
    };
    let name = params
        .str("name")
        .ok()
        .flatten()
        .unwrap_or_else(|| "Passkey".into());
    match crate::domain::login::passkey::passkey_registration_finish(
        &state.core,
        &session,
        &credential,
        &name,
        None,
    )
    .await
    {
        // The ceremony was started for the session's user; it must still be that user.
        Ok((record, user)) if signed_in.is_some_and(|(u, _)| u.user_id == user.user_id) => {
            (StatusCode::CREATED, Json(json!({"id": record.id}))).into_response()
        }
        Ok((record, user)) => {
            let _ = crate::domain::login::passkey::delete_passkey(
                &state.core,
                &user.user_id,
                &record.id,
            )
            .await;
            page_error(StatusCode::UNAUTHORIZED, "Sign in first.")
        }
        Err(e) => page_error(StatusCode::BAD_REQUEST, e.to_string()),
    }
}

pub async fn script() -> Response {
    let mut r = include_str!("../../assets/passkeys.js").into_response();
    r.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    r
}
