//! Passkeys over HTTP. For native apps, Auth0's passkey API: `POST /passkey/register` (with
//! the user's access token) and `POST /passkey/challenge` answer an `auth_session` and the
//! WebAuthn options; the response goes to `/oauth/token` with grant
//! `urn:okta:params:oauth:grant-type:webauthn` (see `authentication`). For the hosted pages:
//! sign in with a passkey on `/authorize`, and add one after a code login.

// Page checks return the finished error page as their `Err` (see `pages`).
#![allow(clippy::result_large_err)]

use axum::Json;
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum_extra::extract::CookieJar;
use serde::Serialize;
use serde_json::{Value, json};
use webauthn_rs::prelude::{PublicKeyCredential, RegisterPublicKeyCredential};
use webauthn_rs_proto::{PublicKeyCredentialCreationOptions, PublicKeyCredentialRequestOptions};

use super::AppState;
use super::error::{ApiError, Endpoint};
use super::extract::{BodyRejection, Params, bearer_token, caller_ip};
use super::pages::{SESSION_COOKIE, check_authorization, csrf_ok, session_cookie};
use crate::domain::DomainError;
use crate::domain::login::passkey;
use crate::domain::model::User;
use crate::domain::oauth::redirect::ResponseMode;

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/passkey/register", post(native_register))
        .route("/passkey/challenge", post(native_challenge))
        .route("/authorize/passkey/start", post(page_login_start))
        .route("/authorize/passkey/finish", post(page_login_finish))
        .route("/passkey/web/register/start", post(page_register_start))
        .route("/passkey/web/register/finish", post(page_register_finish))
        .route("/assets/passkeys.js", get(script))
}

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

/// What a native app gets to start a ceremony: its id and the WebAuthn public-key options.
#[derive(Serialize)]
struct NativeCeremony<T> {
    auth_session: String,
    authn_params_public_key: T,
}

fn native_answer<T>(auth_session: String, authn_params_public_key: T) -> Json<NativeCeremony<T>> {
    Json(NativeCeremony {
        auth_session,
        authn_params_public_key,
    })
}

/// A domain refusal at the token endpoint's vocabulary.
fn token_error(e: DomainError) -> ApiError {
    ApiError::from_domain(e, Endpoint::Token)
}

/// `POST /passkey/register`: starts adding a passkey to the account of the user whose
/// access token is presented.
async fn native_register(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Result<Params, BodyRejection>,
) -> Result<Json<NativeCeremony<PublicKeyCredentialCreationOptions>>, ApiError> {
    let params = params.map_err(|r| r.into_api(Endpoint::Token))?;
    let token = bearer_token(&headers)
        .ok_or_else(|| token_error(DomainError::InvalidToken("Missing bearer token".into())))?;
    let now = crate::domain::Clock::now(state.core.clock.as_ref());
    let claims = state
        .core
        .tokens
        .verify_access_token(token, now)
        .map_err(token_error)?;
    let user = state
        .core
        .store
        .user(&claims.sub)
        .await
        .map_err(|e| token_error(e.into()))?
        .ok_or_else(|| {
            token_error(DomainError::InvalidToken(
                "the user no longer exists".into(),
            ))
        })?;
    let client_id = field(&params, "client_id")?.unwrap_or(claims.azp);
    let (session, options) =
        passkey::passkey_registration_start(&state.core, &user, Some(&client_id))
            .await
            .map_err(token_error)?;
    Ok(native_answer(session, options.public_key))
}

/// `POST /passkey/challenge`: starts a passkey sign-in. With `username` (and `realm`, the
/// connection) the user's passkeys are allowed; without, any discoverable passkey.
async fn native_challenge(
    State(state): State<AppState>,
    ConnectInfo(socket): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    params: Result<Params, BodyRejection>,
) -> Result<Json<NativeCeremony<PublicKeyCredentialRequestOptions>>, ApiError> {
    let ep = Endpoint::Token;
    let ip = caller_ip(socket, &headers, &state.trusted_proxies);
    passkey::limit_login_start(&state.core, ip)
        .await
        .map_err(token_error)?;
    let params = params.map_err(|r| r.into_api(ep))?;
    let client_id = field(&params, "client_id")?
        .ok_or_else(|| ApiError::bad_request(ep, "Missing required parameter: client_id"))?;
    if state
        .core
        .client(&client_id)
        .await
        .map_err(token_error)?
        .is_none()
    {
        return Err(token_error(DomainError::ClientAuthFailed));
    }
    let user = match field(&params, "username")? {
        None => None,
        Some(username) => {
            let realm = field(&params, "realm")?
                .ok_or_else(|| ApiError::bad_request(ep, "Missing required parameter: realm"))?;
            let user = crate::domain::login::code::user_by_login(&state.core, &realm, &username)
                .await
                .map_err(token_error)?;
            Some(user.ok_or_else(|| ApiError::bad_request(ep, "This user has no passkey"))?)
        }
    };
    let (session, options) =
        passkey::passkey_login_start(&state.core, user.as_ref(), Some(&client_id))
            .await
            .map_err(token_error)?;
    Ok(native_answer(session, options.public_key))
}

fn page_error(status: StatusCode, message: impl Into<String>) -> Response {
    (
        status,
        Json(json!({"error": "invalid_request", "error_description": message.into()})),
    )
        .into_response()
}

/// A refusal of a page's call, worded by the domain.
fn refused(e: DomainError) -> Response {
    page_error(StatusCode::BAD_REQUEST, e.to_string())
}

fn sign_in_first() -> Response {
    page_error(StatusCode::UNAUTHORIZED, "Sign in first.")
}

/// What a page's script gets to start a ceremony: its id and the WebAuthn options.
#[derive(Serialize)]
struct PageCeremony<T> {
    auth_session: String,
    options: T,
}

impl<T: Serialize> PageCeremony<T> {
    /// The answer to a start call: the ceremony the domain started, or its refusal.
    fn answer(started: Result<(String, T), DomainError>) -> Result<Response, Response> {
        let (auth_session, options) = started.map_err(refused)?;
        Ok(Json(Self {
            auth_session,
            options,
        })
        .into_response())
    }
}

/// A call from a page's script: a readable body carrying this browser's CSRF token.
struct PageCall {
    jar: CookieJar,
    params: Params,
}

impl FromRequest<AppState> for PageCall {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = req.into_parts();
        let Ok(jar) = CookieJar::from_request_parts(&mut parts, state).await;
        let headers = parts.headers.clone();
        let params = Params::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(|_| page_error(StatusCode::BAD_REQUEST, "unreadable body"))?;
        let token = params.str("csrf").ok().flatten();
        if !csrf_ok(state, &jar, &headers, token.as_deref()) {
            return Err(page_error(StatusCode::FORBIDDEN, "Open the page again."));
        }
        Ok(Self { jar, params })
    }
}

/// The login page's sealed request, from a script's call.
fn page_transaction(
    state: &AppState,
    params: &Params,
) -> Result<crate::domain::login::hosted::LoginTransaction, Response> {
    match params
        .str("tx")
        .ok()
        .flatten()
        .map(|t| crate::domain::login::hosted::open_transaction(&state.core, &t))
    {
        Some(Ok(tx)) => Ok(tx),
        _ => Err(page_error(
            StatusCode::BAD_REQUEST,
            "Open the login page again.",
        )),
    }
}

/// The browser's WebAuthn answer, and the ceremony (`auth_session`) it finishes.
fn page_credential<T: serde::de::DeserializeOwned>(
    params: &Params,
) -> Result<(T, String), Response> {
    let credential = webauthn_json::<T>(params, "credential").map_err(|_| {
        page_error(
            StatusCode::BAD_REQUEST,
            "credential is not a WebAuthn response",
        )
    })?;
    let session = params
        .str("auth_session")
        .ok()
        .flatten()
        .unwrap_or_default();
    Ok((credential, session))
}

/// The user this browser is signed in as, if any.
async fn signed_in(state: &AppState, jar: &CookieJar) -> Option<User> {
    let cookie = jar.get(SESSION_COOKIE)?;
    let (user, _) = crate::domain::login::hosted::session_user(&state.core, cookie.value())
        .await
        .ok()
        .flatten()?;
    Some(user)
}

/// `POST /authorize/passkey/start` (from the login page's script): a discoverable sign-in.
async fn page_login_start(
    State(state): State<AppState>,
    ConnectInfo(socket): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    PageCall { params, .. }: PageCall,
) -> Result<Response, Response> {
    let ip = caller_ip(socket, &headers, &state.trusted_proxies);
    passkey::limit_login_start(&state.core, ip)
        .await
        .map_err(|e| token_error(e).into_response())?;
    let tx = page_transaction(&state, &params)?;
    let started =
        passkey::passkey_login_start(&state.core, None, tx.params.client_id.as_deref()).await;
    PageCeremony::answer(started)
}

/// `POST /authorize/passkey/finish`: the browser's answer; a good one signs the browser in
/// and tells the script where to go (or what to post, for `form_post`).
async fn page_login_finish(
    State(state): State<AppState>,
    PageCall { jar, params }: PageCall,
) -> Result<Response, Response> {
    let tx = page_transaction(&state, &params)?;
    let checked = check_authorization(&state, &tx.params, crate::domain::i18n::english())
        .await
        .map_err(|_| {
            page_error(
                StatusCode::BAD_REQUEST,
                "This sign-in request is not valid.",
            )
        })?;
    let (credential, session) = page_credential::<PublicKeyCredential>(&params)?;
    let user = passkey::passkey_login_finish(
        &state.core,
        &session,
        &credential,
        tx.params.client_id.as_deref(),
    )
    .await
    .map_err(refused)?;
    let now = crate::domain::Clock::now(state.core.clock.as_ref());
    let answer = crate::domain::oauth::authorization_code::authorization_response(
        &state.core,
        &checked.request,
        &user,
        now,
    )
    .await
    .map_err(|e| page_error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    let body = if answer.mode == ResponseMode::FormPost {
        json!({"form": {"action": answer.redirect_uri, "fields": answer.params}})
    } else {
        json!({"redirect": answer.location()})
    };
    Ok(
        match crate::domain::login::hosted::create_session(&state.core, &user).await {
            Ok(token) => (jar.add(session_cookie(&state, token).await), Json(body)).into_response(),
            Err(_) => Json(body).into_response(),
        },
    )
}

/// `POST /passkey/web/register/start` (from the page offered after a code login): adds a
/// passkey to the signed-in browser's user.
async fn page_register_start(
    State(state): State<AppState>,
    PageCall { jar, .. }: PageCall,
) -> Result<Response, Response> {
    let user = signed_in(&state, &jar).await.ok_or_else(sign_in_first)?;
    PageCeremony::answer(passkey::passkey_registration_start(&state.core, &user, None).await)
}

/// `POST /passkey/web/register/finish`.
async fn page_register_finish(
    State(state): State<AppState>,
    PageCall { jar, params }: PageCall,
) -> Result<Response, Response> {
    let (credential, session) = page_credential::<RegisterPublicKeyCredential>(&params)?;
    let signed_in = signed_in(&state, &jar).await;
    let name = params
        .str("name")
        .ok()
        .flatten()
        .unwrap_or_else(|| "Passkey".into());
    let (record, user) =
        passkey::passkey_registration_finish(&state.core, &session, &credential, &name, None)
            .await
            .map_err(refused)?;
    // The ceremony was started for the session's user; it must still be that user.
    if signed_in.is_some_and(|u| u.user_id == user.user_id) {
        return Ok((StatusCode::CREATED, Json(json!({"id": record.id}))).into_response());
    }
    let _ = passkey::delete_passkey(&state.core, &user.user_id, &record.id).await;
    Err(sign_in_first())
}

async fn script() -> Response {
    let mut r = include_str!("../../assets/passkeys.js").into_response();
    r.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    r
}
