//! CORS on the endpoints a browser app calls. Discovery and the JWKS are open to every
//! origin, as Auth0 serves them. `/oauth/token`, `/oauth/revoke` and `/passwordless/start`
//! admit an origin the client named in the request allows; `/userinfo` (whose token names no
//! client here) one any client allows. A preflight carries no body, so it is answered for an
//! origin any client allows. A request from an origin that is not allowed is refused before
//! its handler runs, so it changes nothing (no text sent, no code used, no token issued).
//! Requests without `Origin` (native apps, servers) and the issuer's own pages pass as they
//! are.

use std::net::SocketAddr;

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, FromRequest, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{Next, from_fn_with_state, map_response};
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;

use super::AppState;
use super::error::ApiError;
use super::extract::{Params, basic_client_credentials, caller_ip, raw_basic_credentials};
use crate::domain::model::{LogEvent, origin_matches, origin_of};

/// The request headers the SDKs send from a page (auth0-spa-js, auth0.js, Lock): a fixed
/// list, as Auth0's is.
const ALLOWED_HEADERS: &str = "content-type, auth0-client, authorization, x-request-language, dpop";
const ALLOWED_METHODS: &str = "GET, POST";
/// How long a browser may keep a preflight's answer, seconds.
const MAX_AGE: &str = "600";

/// An endpoint whose request names its client (`client_id` in the body, or Basic).
pub fn for_named_client(state: &AppState, route: MethodRouter<AppState>) -> MethodRouter<AppState> {
    route
        .options(preflight)
        .layer(from_fn_with_state(state.clone(), named_client))
}

/// `/co/authenticate`: as [`for_named_client`], and the page may send and receive cookies
/// (`Access-Control-Allow-Credentials`), which the login ticket's session needs.
pub fn for_credentialed_client(
    state: &AppState,
    route: MethodRouter<AppState>,
) -> MethodRouter<AppState> {
    for_named_client(state, route).layer(map_response(with_credentials))
}

/// Credentials are allowed only next to an exact origin, never `*`.
async fn with_credentials(mut answer: Response) -> Response {
    let exact = answer
        .headers()
        .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        .is_some_and(|o| o != "*");
    if exact {
        answer.headers_mut().insert(
            header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
            HeaderValue::from_static("true"),
        );
    }
    answer
}

/// An endpoint whose request names no client: an origin any client allows is enough.
pub fn for_any_client(state: &AppState, route: MethodRouter<AppState>) -> MethodRouter<AppState> {
    route
        .options(preflight)
        .layer(from_fn_with_state(state.clone(), any_client))
}

/// Discovery and the JWKS: public documents, readable from any page.
pub fn for_everyone(route: MethodRouter<AppState>) -> MethodRouter<AppState> {
    route.options(open_preflight).layer(map_response(open))
}

/// The `Origin` a browser sent, as text (a value that is not text is still an origin, and
/// one nobody allows).
fn origin(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::ORIGIN)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
}

/// Whether `origin` is the issuer's own (the hosted pages' forms and scripts).
fn is_issuer(state: &AppState, origin: &str) -> bool {
    origin_of(state.core.tokens.issuer()).is_some_and(|own| origin_matches(&own, origin))
}

/// Whether some client allows `origin`; a store failure allows nothing.
async fn any_allows(state: &AppState, origin: &str) -> bool {
    match state.core.clients().await {
        Ok(clients) => clients.iter().any(|c| c.allows_origin(origin)),
        Err(e) => {
            tracing::warn!(error = %e, "CORS: could not read the clients");
            false
        }
    }
}

/// `OPTIONS` on a client endpoint: 204 naming the origin when a client allows it, else 403
/// with no CORS headers. Without `Origin` it is no preflight: it only says what is allowed.
async fn preflight(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(origin) = origin(&headers) else {
        return (StatusCode::NO_CONTENT, [(header::ALLOW, ALLOWED_METHODS)]).into_response();
    };
    if !(is_issuer(&state, &origin) || any_allows(&state, &origin).await) {
        return refusal(&origin);
    }
    let Ok(value) = HeaderValue::from_str(&origin) else {
        return refusal(&origin);
    };
    let mut answer = StatusCode::NO_CONTENT.into_response();
    let h = answer.headers_mut();
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
    h.append(header::VARY, HeaderValue::from_static("Origin"));
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static(ALLOWED_METHODS),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static(ALLOWED_HEADERS),
    );
    h.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static(MAX_AGE),
    );
    answer
}

async fn open_preflight() -> Response {
    let headers = [
        (header::ACCESS_CONTROL_ALLOW_METHODS, "GET"),
        (header::ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS),
        (header::ACCESS_CONTROL_MAX_AGE, MAX_AGE),
    ];
    (StatusCode::NO_CONTENT, headers).into_response()
}

async fn open(mut answer: Response) -> Response {
    answer.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    answer
}

/// Auth0's error shape for an origin that may not call: 403 `access_denied`.
fn refusal(origin: &str) -> Response {
    ApiError::new(
        StatusCode::FORBIDDEN,
        "access_denied",
        format!("Origin {origin} is not allowed."),
    )
    .into_response()
}

/// The handler's answer, readable by the page on `origin`.
fn exposed(mut answer: Response, origin: &str) -> Response {
    if let Ok(value) = HeaderValue::from_str(origin) {
        let h = answer.headers_mut();
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
        h.append(header::VARY, HeaderValue::from_static("Origin"));
    }
    answer
}

async fn any_client(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(origin) = origin(request.headers()) else {
        return next.run(request).await;
    };
    if request.method() == Method::OPTIONS || is_issuer(&state, &origin) {
        return next.run(request).await;
    }
    if !any_allows(&state, &origin).await {
        let event = refusal_event(&state, &request, &origin, None);
        state.core.events.log(event).await;
        return refusal(&origin);
    }
    exposed(next.run(request).await, &origin)
}

async fn named_client(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(origin) = origin(request.headers()) else {
        return next.run(request).await;
    };
    if request.method() == Method::OPTIONS || is_issuer(&state, &origin) {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    // The body is read here once and handed on as it came; the 64 KiB limit is the same.
    let Ok(bytes) = axum::body::to_bytes(body, super::BODY_LIMIT).await else {
        return ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "invalid_request",
            "The request body is too large",
        )
        .into_response();
    };
    let named = named_clients(&parts.headers, &bytes).await;
    let request = Request::from_parts(parts, Body::from(bytes));
    if !all_allow(&state, &named, &origin).await {
        let event = refusal_event(&state, &request, &origin, named.first().map(String::as_str));
        state.core.events.log(event).await;
        return refusal(&origin);
    }
    exposed(next.run(request).await, &origin)
}

/// Every client id the request could be taken to name: the body's `client_id` (read as the
/// handlers read it) and the Basic header's, decoded and as sent. The handlers pick one of
/// these, so each must allow the origin.
async fn named_clients(headers: &HeaderMap, body: &Bytes) -> Vec<String> {
    let mut ids = Vec::new();
    let mut copy = Request::new(Body::from(body.clone()));
    if let Some(ct) = headers.get(header::CONTENT_TYPE) {
        copy.headers_mut().insert(header::CONTENT_TYPE, ct.clone());
    }
    if let Ok(params) = Params::from_request(copy, &()).await
        && let Ok(Some(id)) = params.str("client_id")
    {
        ids.push(id);
    }
    let basic = [
        basic_client_credentials(headers),
        raw_basic_credentials(headers),
    ];
    for (id, _) in basic.into_iter().flatten() {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

/// Whether the named clients that exist all allow `origin`, and at least one exists.
async fn all_allow(state: &AppState, ids: &[String], origin: &str) -> bool {
    let mut found = false;
    for id in ids {
        match state.core.client(id).await {
            Ok(Some(client)) if client.allows_origin(origin) => found = true,
            Ok(Some(_)) | Err(_) => return false,
            Ok(None) => {}
        }
    }
    found
}

/// Auth0's `fco` event ("Failed by CORS").
fn refusal_event(
    state: &AppState,
    request: &Request,
    origin: &str,
    client: Option<&str>,
) -> LogEvent {
    let ip = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(socket)| {
            caller_ip(*socket, request.headers(), &state.trusted_proxies).to_string()
        });
    let shown: String = origin.chars().take(200).collect();
    LogEvent {
        kind: crate::domain::audit::codes::FAILED_CORS.into(),
        description: format!("Origin {shown} is not allowed for {}", request.uri().path()),
        client_id: client.map(str::to_string),
        ip,
        ..Default::default()
    }
}
