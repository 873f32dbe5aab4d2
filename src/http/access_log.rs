//! The access log: one INFO line per request with its request id (also sent back as
//! `X-Request-Id`), method, route template, status and duration, which is also the latency
//! metric. The route template (`/api/v2/users/{user_id}`), never the path or the query, which
//! can carry codes. Each request is also served in its exported server span
//! ([`crate::telemetry::server_span`]).

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

use super::AppState;
use crate::domain::random_token;

const REQUEST_ID: &str = "x-request-id";

/// The route a request matched, carried on its response to [`access_log`] (which runs
/// before routing, so it cannot read it from the request).
#[derive(Clone)]
struct Route(String);

/// Innermost: notes the matched route on the response.
pub async fn note_route(matched: MatchedPath, request: Request, next: Next) -> Response {
    let route = Route(matched.as_str().to_string());
    let mut response = next.run(request).await;
    response.extensions_mut().insert(route);
    response
}

/// An id a proxy in front already gave the request, if it looks like one (so it can be
/// followed across both logs), else a fresh one.
fn request_id(state: &AppState, request: &Request) -> String {
    request
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            (1..=64).contains(&v.len())
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .map(str::to_string)
        // base64url, not hex: long runs of digits in a log line read like a code
        .unwrap_or_else(|| random_token(state.core.random.as_ref(), 16))
}

/// Outermost: times the request and writes its line.
pub async fn access_log(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = request_id(&state, &request);
    let method = request.method().clone();
    let span = crate::telemetry::server_span(&method);
    let mut response = next.run(request).instrument(span.clone()).await;
    let matched = response.extensions().get::<Route>().map(|r| r.0.as_str());
    crate::telemetry::record_response(&span, &method, matched, response.status().as_u16());
    let route = matched.unwrap_or("(no route)").to_string();
    let took = started.elapsed();
    super::prometheus::observe_request(&method, &route, response.status(), took);
    tracing::info!(
        request_id = %id,
        method = %method,
        route = %route,
        status = response.status().as_u16(),
        // One decimal: a millisecond figure to six places would read like a code.
        duration_ms = format_args!("{:.1}", took.as_secs_f64() * 1000.0),
        "request"
    );
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    response
}
