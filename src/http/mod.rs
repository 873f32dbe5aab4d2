//! The HTTP surface: routes per API, shared middleware (body limit, timeout, tracing with
//! credentials kept out of logs, panic catching), and the app state handlers share.

pub mod access_log;
pub mod apps;
pub mod authentication;
pub mod cors;
pub mod dashboard;
pub mod delivery_receipts;
pub mod error;
pub mod extract;
pub mod hosted;
pub mod management;
pub mod oidc;
pub mod ops;
pub mod pages;
pub mod passkeys;
pub mod prometheus;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::sensitive_headers::SetSensitiveRequestHeadersLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::domain::core::Core;
use error::ApiError;

/// Request bodies here are a few hundred bytes; anything near this is not a client of ours.
pub const BODY_LIMIT: usize = 64 * 1024;
/// Covers the slowest path (a Twilio send with its retries).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Clone)]
pub struct AppState {
    pub core: Arc<Core>,
    /// Proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Arc<Vec<crate::domain::limits::Cidr>>,
    /// Who may use the dashboard, by email address.
    pub admin_emails: Arc<Vec<String>>,
    /// Set once shutdown begins: `/healthz/ready` then answers 503 while requests drain.
    pub draining: Arc<std::sync::atomic::AtomicBool>,
    /// `/metrics` here, behind `[metrics] bearer_token_file`; `None`: a 404.
    pub metrics: Option<Arc<prometheus::MainEndpoint>>,
}

/// The span each request runs in: its method and path, never its query string, which can
/// carry a live code (`verification_code=…` of a magic link) or an authorization code.
/// Headers are not recorded either (Authorization and Cookie are also marked sensitive).
fn request_span(request: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    tracing::debug_span!(
        "request",
        method = %request.method(),
        path = %request.uri().path(),
        version = ?request.version(),
    )
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route(
            "/passwordless/start",
            cors::for_named_client(&state, post(authentication::start)),
        )
        .route(
            "/oauth/token",
            cors::for_named_client(&state, post(authentication::token)),
        )
        .route("/oauth/ro", post(authentication::resource_owner))
        .route(
            "/oauth/revoke",
            cors::for_named_client(&state, post(authentication::revoke)),
        )
        .route(
            "/co/authenticate",
            cors::for_credentialed_client(&state, post(authentication::co_authenticate)),
        )
        .route("/co/verify", post(hosted::co_verify))
        .route("/passwordless/verify", post(authentication::verify))
        .route(
            "/passwordless/verify_redirect",
            get(pages::link_landing).post(pages::link_confirm),
        )
        .route(
            "/passwordless/verify_redirect/resend",
            post(pages::link_resend),
        )
        .route("/{platform}/{app_id}/email", get(pages::native_link))
        .route("/assets/latchkey.css", get(pages::stylesheet))
        .route("/assets/login.js", get(hosted::login_script))
        .route(
            "/assets/libphonenumber-min.js",
            get(hosted::phone_formatter_script),
        )
        .route("/assets/web_message.js", get(pages::web_message_script))
        .route("/assets/co_verify.js", get(hosted::co_verify_script))
        .route("/assets/brand/{file}", get(hosted::brand_stylesheet))
        .route("/authorize", get(hosted::authorize))
        .route("/authorize/identifier", post(hosted::identifier))
        .route("/authorize/code", post(hosted::code))
        .route("/v2/logout", get(hosted::logout))
        .route("/oidc/logout", get(hosted::logout))
        .route("/client/{file}", get(hosted::client_script))
        .route(
            "/user/geoloc/country",
            cors::for_any_client(&state, get(hosted::geoloc_country)),
        )
        .route(
            "/.well-known/apple-app-site-association",
            get(apps::apple_app_site_association),
        )
        .route(
            "/apple-app-site-association",
            get(apps::apple_app_site_association),
        )
        .route("/.well-known/assetlinks.json", get(apps::asset_links))
        .route(
            "/userinfo",
            cors::for_any_client(&state, get(authentication::userinfo)),
        )
        .route(
            "/.well-known/openid-configuration",
            cors::for_everyone(get(oidc::discovery)),
        )
        .route(
            "/.well-known/jwks.json",
            cors::for_everyone(get(oidc::jwks)),
        )
        .route("/healthz", get(ops::healthz))
        .route("/healthz/live", get(ops::live))
        .route("/healthz/ready", get(ops::ready))
        .route("/metrics", get(prometheus::scrape_with_token))
        .merge(passkeys::routes())
        .merge(management::router())
        .merge(dashboard::routes())
        .merge(delivery_receipts::routes())
        .route_layer(axum::middleware::from_fn(access_log::note_route))
        .fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, "not_found", "Not found") })
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            access_log::access_log,
        ))
        .with_state(state)
        .layer(CatchPanicLayer::custom(|_| {
            ApiError::internal("handler panicked".into()).into_response()
        }))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            REQUEST_TIMEOUT,
        ))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .layer(SetSensitiveRequestHeadersLayer::new([
            header::AUTHORIZATION,
            header::COOKIE,
        ]))
}
