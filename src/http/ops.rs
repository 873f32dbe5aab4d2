//! Operations endpoints: health for load balancers and process supervisors. `/healthz/live`
//! says the process answers; `/healthz/ready` says it should get traffic (the database
//! answers with its whole schema, a signing key is current, and shutdown has not begun);
//! `/healthz` is the readiness check without the shutdown part, as it always was.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::AppState;
use super::error::ApiError;
use crate::domain::model::KeyState;

/// 200 when the database answers and holds the whole schema; 503 in Auth0's error shape
/// otherwise (an unreachable database, or one emptied or never migrated).
pub async fn healthz(State(state): State<AppState>) -> Response {
    match state.core.store.ping().await {
        Ok(()) => ok(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            unavailable("The database is unavailable or its schema is missing")
        }
    }
}

/// 200 whenever the process can answer at all.
pub async fn live() -> Response {
    ok()
}

/// 200 when this instance should get traffic: [`healthz`], a current signing key in the
/// database, and no shutdown under way (so a load balancer stops sending before the drain).
pub async fn ready(State(state): State<AppState>) -> Response {
    if state.draining.load(std::sync::atomic::Ordering::SeqCst) {
        return unavailable("The server is shutting down");
    }
    let signing = match state.core.store.ping().await {
        Ok(()) => state.core.store.signing_keys().await,
        Err(e) => Err(e),
    };
    match signing {
        Ok(keys) if keys.iter().any(|k| k.state == KeyState::Current) => ok(),
        Ok(_) => unavailable("No signing key is current"),
        Err(e) => {
            tracing::error!(error = %e, "readiness check failed");
            unavailable("The database is unavailable or its schema is missing")
        }
    }
}

fn ok() -> Response {
    (StatusCode::OK, Json(json!({"status": "ok"}))).into_response()
}

fn unavailable(why: &str) -> Response {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "temporarily_unavailable",
        why,
    )
    .into_response()
}
