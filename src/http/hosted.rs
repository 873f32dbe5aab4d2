//! The hosted login (our Lock): `GET /authorize` and its two steps (who you are, then the
//! code), sessions that let a later `/authorize` skip the prompt, logout (`/v2/logout`,
//! OIDC's `/oidc/logout`), and `/client/{id}.js` for Lock's discovery of connections.
//!
//! The request travels between steps sealed in a hidden field, so the browser can neither
//! read nor change it and any instance can serve the next step. Every form carries the CSRF
//! token of the browser's cookie; every page forbids framing and inline script.

// Page checks return the finished error page as their `Err` (see `pages`).
#![allow(clippy::result_large_err)]

use askama::Template;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::Cookie;
use serde_json::json;
use std::collections::BTreeMap;
use std::net::SocketAddr;

use super::AppState;
use super::extract::{caller_ip, request_language};
use super::pages::{
    CSRF_FIELD, Checked, LinkParams, NoticePage, SESSION_COOKIE, check_authorization, csrf_cookie,
    csrf_ok, csrf_token, error_page, html, internal, redirect, session_cookie,
};
use super::texts::{self, Texts};
use crate::domain::DomainError;
use crate::domain::connections::ConnectionOptions;
use crate::domain::login::hosted::{LoginTransaction, Prompt, TRANSACTION_LIFETIME};
use crate::domain::login::start::StartRequest;
use crate::domain::model::{Client, Strategy};
use crate::domain::oauth::redirect::{AuthorizationResponse, AuthorizeParams, OAuthError};
use crate::domain::phone;
use crate::domain::{login, oauth};

struct Country {
    region: String,
    code: u16,
    label: String,
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    t: &'static Texts,
    app_name: String,
    logo_uri: Option<String>,
    brand_css: Option<String>,
    tx: String,
    csrf: String,
    error: Option<String>,
    show_sms: bool,
    show_email: bool,
    sms_connection: String,
    email_connection: String,
    countries: Vec<Country>,
    selected_country: String,
    phone_value: String,
    email_value: String,
    passkeys: bool,
}

#[derive(Template)]
#[template(path = "passkey_offer.html")]
struct PasskeyOfferPage {
    t: &'static Texts,
    csrf: String,
    continue_url: String,
}

#[derive(Template)]
#[template(path = "login_code.html")]
struct CodePage {
    t: &'static Texts,
    logo_uri: Option<String>,
    brand_css: Option<String>,
    tx: String,
    csrf: String,
    error: Option<String>,
    connection: String,
    username: String,
    sent_to: &'static str,
    identifier_field: &'static str,
    resend_wait: i64,
    restart: String,
}

/// The flag of a region: its two letters as regional indicator symbols.
fn flag(region: &str) -> String {
    region
        .chars()
        .filter_map(|c| char::from_u32(0x1F1E6 + (c as u32).saturating_sub('A' as u32)))
        .collect()
}

fn countries() -> Vec<Country> {
    phone::calling_codes()
        .iter()
        .map(|c| Country {
            region: c.region.clone(),
            code: c.code,
            label: format!("{} {} +{}", flag(&c.region), c.region, c.code),
        })
        .collect()
}

/// The app's connections of each kind: the first of each strategy, or the one `/authorize`
/// named.
struct Connections {
    sms: Option<String>,
    email: Option<String>,
}

async fn connections(state: &AppState, only: Option<&str>) -> Result<Connections, DomainError> {
    let records = state.core.store.connections().await?;
    let pick = |strategy: Strategy| {
        records
            .iter()
            .filter(|c| c.strategy == strategy)
            .find(|c| only.is_none_or(|o| o == c.name))
            .map(|c| c.name.clone())
    };
    Ok(Connections {
        sms: pick(Strategy::Sms),
        email: pick(Strategy::Email),
    })
}

async fn check(state: &AppState, p: &AuthorizeParams) -> Result<Checked, Response> {
    check_authorization(state, p, "This sign-in request is not valid").await
}

fn oauth_error(checked: &Checked, error: &'static str, description: &str) -> Response {
    redirect(
        &AuthorizationResponse::error(
            &checked.trusted,
            &OAuthError {
                error,
                description: description.into(),
            },
        ),
        &checked.client,
        false,
    )
}

fn brand_css(client: &Client) -> Option<String> {
    client
        .branding
        .primary_color
        .as_ref()
        .map(|_| format!("/assets/brand/{}.css", urlencode(&client.client_id)))
}

fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)])
        .map(|e| e.trim_start_matches('=').to_string())
        .unwrap_or_default()
}

/// Everything a login page needs to render.
struct PageContext<'a> {
    state: &'a AppState,
    jar: &'a CookieJar,
    t: &'static Texts,
    checked: &'a Checked,
    tx: &'a LoginTransaction,
    sealed: String,
    accept_language: Option<String>,
    /// This browser's CSRF token: its cookie's, or a new one the page sets.
    csrf: String,
}

impl PageContext<'_> {
    fn finish(&self, status: StatusCode, body: Result<String, askama::Error>) -> Response {
        let r = html(status, body, Some(&self.checked.request.redirect_uri));
        (
            self.jar
                .clone()
                .add(csrf_cookie(self.state, self.csrf.clone())),
            r,
        )
            .into_response()
    }

    async fn login_page(
        &self,
        status: StatusCode,
        error: Option<&str>,
        phone_value: &str,
        email_value: &str,
    ) -> Response {
        let found = match connections(self.state, self.tx.connection.as_deref()).await {
            Ok(c) => c,
            Err(e) => return internal(e),
        };
        let hint = self.tx.login_hint.clone().unwrap_or_default();
        let page = LoginPage {
            t: self.t,
            app_name: self.checked.client.name.clone(),
            logo_uri: self.checked.client.branding.logo_uri.clone(),
            brand_css: brand_css(&self.checked.client),
            tx: self.sealed.clone(),
            csrf: self.csrf.clone(),
            error: error.map(str::to_string),
            show_sms: found.sms.is_some(),
            show_email: found.email.is_some(),
            sms_connection: found.sms.unwrap_or_default(),
            email_connection: found.email.unwrap_or_default(),
            countries: countries(),
            selected_country: texts::default_region(self.accept_language.as_deref()),
            phone_value: if phone_value.is_empty() && hint.starts_with('+') {
                hint.clone()
            } else {
                phone_value.to_string()
            },
            email_value: if email_value.is_empty() && hint.contains('@') {
                hint
            } else {
                email_value.to_string()
            },
            passkeys: crate::domain::login::passkey::passkeys_enabled(&self.state.core)
                .await
                .unwrap_or_else(|e| {
                    tracing::error!(error = %e, "cannot read the passkeys switch");
                    false
                }),
        };
        self.finish(status, page.render())
    }

    fn code_page(
        &self,
        status: StatusCode,
        connection: &str,
        strategy: Strategy,
        username: &str,
        error: Option<&str>,
    ) -> Response {
        let page = CodePage {
            t: self.t,
            logo_uri: self.checked.client.branding.logo_uri.clone(),
            brand_css: brand_css(&self.checked.client),
            tx: self.sealed.clone(),
            csrf: self.csrf.clone(),
            error: error.map(str::to_string),
            connection: connection.to_string(),
            username: username.to_string(),
            sent_to: match strategy {
                Strategy::Sms => self.t.sent_by_sms,
                Strategy::Email => self.t.sent_by_email,
            },
            identifier_field: match strategy {
                Strategy::Sms => "phone",
                Strategy::Email => "email",
            },
            resend_wait: self.state.core.limits.start_min_gap,
            restart: restart_url(&self.tx.params, self.tx),
        };
        self.finish(status, page.render())
    }
}

/// `/authorize` again with the same request: "use another number".
fn restart_url(p: &AuthorizeParams, tx: &LoginTransaction) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    let mut push = |k: &'static str, v: &Option<String>| {
        if let Some(v) = v {
            pairs.push((k, v.clone()));
        }
    };
    push("client_id", &p.client_id);
    push("redirect_uri", &p.redirect_uri);
    push("response_type", &p.response_type);
    push("response_mode", &p.response_mode);
    push("scope", &p.scope);
    push("state", &p.state);
    push("nonce", &p.nonce);
    push("audience", &p.audience);
    push("code_challenge", &p.code_challenge);
    push("code_challenge_method", &p.code_challenge_method);
    push("connection", &tx.connection);
    push("ui_locales", &tx.ui_locales);
    pairs.push(("prompt", "login".into()));
    format!(
        "/authorize?{}",
        serde_urlencoded::to_string(&pairs).unwrap_or_default()
    )
}

fn accept_language(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// `GET /authorize`.
pub async fn authorize(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.as_deref().unwrap_or("")).unwrap_or_default();
    let params = match LinkParams::parse(pairs) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let authorize = params.authorize();
    let checked = match check(&state, &authorize).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let prompt = match Prompt::parse(params.get("prompt").as_deref()) {
        Ok(p) => p,
        Err(m) => return oauth_error(&checked, "invalid_request", &m),
    };
    let max_age = match params.get("max_age").map(|m| m.parse::<i64>()) {
        None => None,
        Some(Ok(m)) if m >= 0 => Some(m),
        Some(_) => {
            return oauth_error(
                &checked,
                "invalid_request",
                "max_age must be a number of seconds",
            );
        }
    };
    let only = params.get("connection");
    if let Some(name) = &only {
        match state.core.connection_options(name).await {
            Ok(Some(_)) => {}
            Ok(None) => {
                return oauth_error(
                    &checked,
                    "invalid_request",
                    &format!("the connection was not found: {name}"),
                );
            }
            Err(e) => return internal(e),
        }
    }

    // A browser that is signed in gets its answer at once, unless the app asks for a login.
    let session = match jar.get(SESSION_COOKIE) {
        Some(c) if prompt != Prompt::Login => {
            match login::hosted::session_user(&state.core, c.value()).await {
                Ok(s) => s,
                Err(e) => return internal(e),
            }
        }
        _ => None,
    };
    let now = crate::domain::Clock::now(state.core.clock.as_ref());
    if let Some((user, session)) = session
        && max_age.is_none_or(|m| now - session.created_at <= m)
    {
        return match oauth::authorization_code::authorization_response(
            &state.core,
            &checked.request,
            &user,
            session.created_at,
        )
        .await
        {
            Ok(answer) => redirect(&answer, &checked.client, false),
            Err(e) => internal(e),
        };
    }
    if prompt == Prompt::None {
        return oauth_error(&checked, "login_required", "Login required");
    }

    let tx = LoginTransaction {
        params: authorize,
        connection: only,
        login_hint: params.get("login_hint"),
        ui_locales: params.get("ui_locales"),
        expires_at: now + TRANSACTION_LIFETIME,
    };
    let sealed = match login::hosted::seal_transaction(&state.core, &tx) {
        Ok(s) => s,
        Err(e) => return internal(e),
    };
    let accept = accept_language(&headers);
    let ctx = PageContext {
        state: &state,
        jar: &jar,
        t: texts::pick(tx.ui_locales.as_deref(), accept.as_deref()),
        checked: &checked,
        tx: &tx,
        sealed,
        csrf: csrf_token(&state, &jar),
        accept_language: accept,
    };
    ctx.login_page(StatusCode::OK, None, "", "").await
}

/// A step's form: its fields, its CSRF check and its transaction.
struct Step {
    fields: BTreeMap<String, String>,
    tx: LoginTransaction,
    sealed: String,
}

fn read_step(
    state: &AppState,
    jar: &CookieJar,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<Step, Response> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).unwrap_or_default();
    let fields = LinkParams::parse(pairs)?.0;
    if !csrf_ok(
        state,
        jar,
        headers,
        fields.get(CSRF_FIELD).map(String::as_str),
    ) {
        return Err(error_page(
            StatusCode::FORBIDDEN,
            "Please start again",
            "This page expired or was not opened here. Go back to the app and sign in again.",
        ));
    }
    let sealed = fields.get("tx").cloned().unwrap_or_default();
    let tx = login::hosted::open_transaction(&state.core, &sealed)
        .map_err(|e| error_page(StatusCode::BAD_REQUEST, "Please start again", e.to_string()))?;
    Ok(Step { fields, tx, sealed })
}

impl Step {
    fn get(&self, key: &str) -> String {
        self.fields
            .get(key)
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    }
}

/// A step's form, its request checked again, and the connection it names.
struct StepParts {
    step: Step,
    checked: Checked,
    connection: String,
    strategy: Strategy,
    accept_language: Option<String>,
}

async fn begin_step(
    state: &AppState,
    jar: &CookieJar,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<StepParts, Response> {
    let step = read_step(state, jar, headers, body)?;
    let checked = check(state, &step.tx.params).await?;
    let (connection, options) = step_connection(state, &step).await?;
    Ok(StepParts {
        strategy: match options {
            ConnectionOptions::Sms(_) => Strategy::Sms,
            ConnectionOptions::Email(_) => Strategy::Email,
        },
        step,
        checked,
        connection,
        accept_language: accept_language(headers),
    })
}

impl StepParts {
    fn page<'a>(&'a self, state: &'a AppState, jar: &'a CookieJar) -> PageContext<'a> {
        PageContext {
            state,
            jar,
            t: texts::pick(
                self.step.tx.ui_locales.as_deref(),
                self.accept_language.as_deref(),
            ),
            checked: &self.checked,
            tx: &self.step.tx,
            sealed: self.step.sealed.clone(),
            csrf: csrf_token(state, jar),
            accept_language: self.accept_language.clone(),
        }
    }
}

/// The connection a step names, if the transaction allows it.
async fn step_connection(
    state: &AppState,
    step: &Step,
) -> Result<(String, ConnectionOptions), Response> {
    let name = step.get("connection");
    if step
        .tx
        .connection
        .as_ref()
        .is_some_and(|only| *only != name)
    {
        return Err(error_page(
            StatusCode::BAD_REQUEST,
            "Please start again",
            "This connection was not offered.",
        ));
    }
    match state.core.connection_options(&name).await {
        Ok(Some(o)) => Ok((name, o)),
        Ok(None) => Err(error_page(
            StatusCode::BAD_REQUEST,
            "Please start again",
            "This connection does not exist.",
        )),
        Err(e) => Err(internal(e)),
    }
}

/// `POST /authorize/identifier`: sends a code by text or email, or a magic link.
pub async fn identifier(
    State(state): State<AppState>,
    ConnectInfo(socket): ConnectInfo<SocketAddr>,
    jar: CookieJar,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let parts = match begin_step(&state, &jar, &headers, &body).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let ctx = parts.page(&state, &jar);
    let (step, checked, connection, strategy, t) = (
        &parts.step,
        &parts.checked,
        parts.connection.clone(),
        parts.strategy,
        ctx.t,
    );
    let (phone_value, email_value) = (step.get("phone"), step.get("email"));
    let send_link = strategy == Strategy::Email && step.get("send") == "link";
    let username = match strategy {
        Strategy::Sms => {
            // The resend form carries the number already in E.164.
            let region = step.get("country");
            match phone::from_national(&region, &phone_value) {
                Some(n) => n,
                None => {
                    return ctx
                        .login_page(
                            StatusCode::BAD_REQUEST,
                            Some(t.invalid_phone),
                            &phone_value,
                            "",
                        )
                        .await;
                }
            }
        }
        Strategy::Email => email_value.clone(),
    };
    let mut auth_params = BTreeMap::new();
    if send_link {
        let p = &step.tx.params;
        for (k, v) in [
            ("redirect_uri", &p.redirect_uri),
            ("response_type", &p.response_type),
            ("response_mode", &p.response_mode),
            ("scope", &p.scope),
            ("state", &p.state),
            ("nonce", &p.nonce),
            ("audience", &p.audience),
            ("code_challenge", &p.code_challenge),
            ("code_challenge_method", &p.code_challenge_method),
        ] {
            if let Some(v) = v {
                auth_params.insert(k.to_string(), v.clone());
            }
        }
    }
    let request = StartRequest {
        client_id: Some(checked.client.client_id.clone()),
        client_secret: None,
        connection: Some(connection.clone()),
        phone_number: (strategy == Strategy::Sms).then(|| username.clone()),
        email: (strategy == Strategy::Email).then(|| username.clone()),
        send: Some(if send_link { "link" } else { "code" }.into()),
        auth_params,
        hosted: true,
        request_language: request_language(&headers).or_else(|| step.tx.ui_locales.clone()),
        ip: Some(caller_ip(socket, &headers, &state.trusted_proxies)),
        forwarded_for: None,
    };
    match login::start::start(&state.core, request).await {
        Ok(_) if send_link => {
            let page = NoticePage {
                lang: t.lang,
                title: t.link_sent_title.into(),
                message: t.link_sent.into(),
            };
            html(StatusCode::OK, page.render(), None)
        }
        Ok(answer) => {
            let shown = answer.phone_number.or(answer.email).unwrap_or(username);
            ctx.code_page(StatusCode::OK, &connection, strategy, &shown, None)
        }
        Err(e) => {
            let (status, message) = start_failure(t, &e);
            if matches!(e, DomainError::Store(_) | DomainError::Internal(_)) {
                tracing::error!(error = %e, "hosted start failed");
            }
            // A resend from the code page stays on the code page.
            if step.get("step") == "resend" {
                return ctx.code_page(status, &connection, strategy, &username, Some(message));
            }
            ctx.login_page(status, Some(message), &phone_value, &email_value)
                .await
        }
    }
}

fn start_failure(t: &'static Texts, e: &DomainError) -> (StatusCode, &'static str) {
    match e {
        DomainError::BadStartRequest {
            code: "bad.phone_number",
            ..
        } => (StatusCode::BAD_REQUEST, t.invalid_phone),
        DomainError::BadStartRequest {
            code: "bad.email", ..
        } => (StatusCode::BAD_REQUEST, t.invalid_email),
        DomainError::RateLimited(_) => (StatusCode::TOO_MANY_REQUESTS, t.rate_limited),
        DomainError::UserBlocked => (StatusCode::FORBIDDEN, t.blocked),
        DomainError::SignupDisabled => (StatusCode::FORBIDDEN, t.signup_disabled),
        _ => (StatusCode::BAD_GATEWAY, t.not_sent),
    }
}

/// `POST /authorize/code`: the code typed on the page; a right one signs the browser in and
/// answers the app.
pub async fn code(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let parts = match begin_step(&state, &jar, &headers, &body).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let ctx = parts.page(&state, &jar);
    let (step, checked, connection, strategy, t) = (
        &parts.step,
        &parts.checked,
        parts.connection.clone(),
        parts.strategy,
        ctx.t,
    );
    let username = step.get("username");
    let code: String = step
        .get("code")
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let user = match login::code::login_on_page(
        &state.core,
        &checked.client.client_id,
        &connection,
        &username,
        &code,
    )
    .await
    {
        Ok(u) => u,
        Err(e) => {
            let (status, message) = match e {
                DomainError::WrongCode(_) => (StatusCode::BAD_REQUEST, t.wrong_code),
                DomainError::CodeExpired => (StatusCode::BAD_REQUEST, t.expired_code),
                DomainError::TooManyAttempts => (StatusCode::BAD_REQUEST, t.too_many_tries),
                DomainError::RateLimited(_) => (StatusCode::TOO_MANY_REQUESTS, t.rate_limited),
                DomainError::UserBlocked => (StatusCode::FORBIDDEN, t.blocked),
                DomainError::SignupDisabled => (StatusCode::FORBIDDEN, t.signup_disabled),
                other => return internal(other),
            };
            return ctx.code_page(status, &connection, strategy, &username, Some(message));
        }
    };
    let now = crate::domain::Clock::now(state.core.clock.as_ref());
    let answer = match oauth::authorization_code::authorization_response(
        &state.core,
        &checked.request,
        &user,
        now,
    )
    .await
    {
        Ok(a) => a,
        Err(e) => return internal(e),
    };
    // With passkeys on, a user without one is offered to add one before going on.
    let passkeys_on = match crate::domain::login::passkey::passkeys_enabled(&state.core).await {
        Ok(on) => on,
        Err(e) => return internal(e),
    };
    let offer = passkeys_on
        && answer.mode != crate::domain::oauth::redirect::ResponseMode::FormPost
        && state
            .core
            .store
            .passkeys_of_user(&user.user_id)
            .await
            .is_ok_and(|p| p.is_empty());
    let r = if offer {
        let page = PasskeyOfferPage {
            t,
            csrf: ctx.csrf.clone(),
            continue_url: answer.location(),
        };
        ctx.finish(StatusCode::OK, page.render())
    } else {
        redirect(&answer, &checked.client, true)
    };
    match login::hosted::create_session(&state.core, &user).await {
        Ok(token) => (jar.add(session_cookie(&state, token)), r).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "cannot create a session");
            r
        }
    }
}

/// `GET /v2/logout` (Auth0: `client_id`, `returnTo`) and `GET /oidc/logout` (OIDC:
/// `client_id` or `id_token_hint`, `post_logout_redirect_uri`, `state`). Ends the session;
/// goes on only to one of the client's `allowed_logout_urls`.
pub async fn logout(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.as_deref().unwrap_or("")).unwrap_or_default();
    let params = match LinkParams::parse(pairs) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let t = texts::pick(
        params.get("ui_locales").as_deref(),
        accept_language(&headers).as_deref(),
    );
    let target = params
        .get("returnTo")
        .or_else(|| params.get("post_logout_redirect_uri"));
    let client_id = params.get("client_id").or_else(|| {
        params
            .get("id_token_hint")
            .and_then(|hint| state.core.tokens.id_token_audience(&hint))
    });
    // Check where to go before ending anything: a refused request changes nothing.
    let destination = match (&target, &client_id) {
        (None, _) => None,
        (Some(_), None) => {
            return error_page(
                StatusCode::BAD_REQUEST,
                "Cannot return to the app",
                "A return URL needs client_id or id_token_hint.",
            );
        }
        (Some(url), Some(id)) => match state.core.client(id).await {
            Ok(Some(c)) if c.allowed_logout_urls.iter().any(|u| u == url) => Some(url.clone()),
            Ok(_) => {
                return error_page(
                    StatusCode::BAD_REQUEST,
                    "Cannot return to the app",
                    format!("{url} is not in the list of allowed logout URLs of this application."),
                );
            }
            Err(e) => return internal(e),
        },
    };
    if let Some(c) = jar.get(SESSION_COOKIE) {
        let user = login::hosted::session_user(&state.core, c.value())
            .await
            .ok()
            .flatten();
        if let Err(e) = login::hosted::end_session(&state.core, c.value()).await {
            return internal(e);
        }
        if let Some((user, _)) = user {
            state
                .core
                .events
                .log(crate::domain::model::LogEvent {
                    kind: crate::domain::audit::codes::LOGOUT.into(),
                    description: "Logout".into(),
                    client_id: client_id.clone(),
                    user_id: Some(user.user_id),
                    ..Default::default()
                })
                .await;
        }
    }
    let removal = Cookie::build((SESSION_COOKIE, "")).path("/").build();
    let jar = jar.remove(removal);
    let r = match destination {
        Some(url) => {
            let mut location = url;
            if let Some(s) = params.get("state") {
                let sep = if location.contains('?') { '&' } else { '?' };
                location = format!(
                    "{location}{sep}{}",
                    serde_urlencoded::to_string([("state", s)]).unwrap_or_default()
                );
            }
            let mut r = StatusCode::FOUND.into_response();
            if let Ok(v) = HeaderValue::from_str(&location) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r
        }
        None => {
            let page = NoticePage {
                lang: t.lang,
                title: t.logged_out_title.into(),
                message: t.logged_out.into(),
            };
            html(StatusCode::OK, page.render(), None)
        }
    };
    (jar, r).into_response()
}

/// `GET /client/{client_id}.js`: `Auth0.setClient({...})`, which Lock (web, with
/// `configurationBaseUrl`) and Lock.swift read to find the passwordless connections.
pub async fn client_script(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(client_id) = file.strip_suffix(".js") else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let client = match state.core.client(client_id).await {
        Ok(Some(c)) => c,
        // What Auth0's CDN answers for an unknown client, and what Lock.swift expects.
        Ok(None) => return StatusCode::FORBIDDEN.into_response(),
        Err(e) => return internal(e),
    };
    let records = match state.core.store.connections().await {
        Ok(r) => r,
        Err(e) => return internal(e.into()),
    };
    let mut strategies: Vec<serde_json::Value> = Vec::new();
    for strategy in [Strategy::Email, Strategy::Sms] {
        let names: Vec<serde_json::Value> = records
            .iter()
            .filter(|c| c.strategy == strategy)
            .map(|c| json!({"name": c.name}))
            .collect();
        if !names.is_empty() {
            strategies.push(json!({"name": strategy.as_str(), "connections": names}));
        }
    }
    let issuer = state.core.tokens.issuer();
    let config = json!({
        "id": client.client_id,
        "tenant": "latchkey",
        "subscription": "free",
        "authorize": format!("{issuer}authorize"),
        "callback": client.callbacks.first().cloned().unwrap_or_default(),
        "hasAllowedOrigins": false,
        "strategies": strategies,
    });
    let mut r = format!("Auth0.setClient({config});").into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/javascript; charset=utf-8"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=60"),
    );
    r
}

/// `GET /assets/brand/{client_id}.css`: the app's primary colour as a stylesheet, since the
/// pages' CSP allows no inline style.
pub async fn brand_stylesheet(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let client = match file.strip_suffix(".css") {
        Some(id) => state.core.client(id).await.ok().flatten(),
        None => None,
    };
    let Some(color) = client.and_then(|c| c.branding.primary_color) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // The colour was checked to be #rrggbb when the client was saved.
    let css =
        format!(":root {{ --accent: {color}; --accent-hover: {color}; --focus: {color}; }}\n");
    let mut r = css.into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/css; charset=utf-8"),
    );
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=60"),
    );
    r
}

pub async fn login_script() -> Response {
    let mut r = include_str!("../../assets/login.js").into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    r
}
