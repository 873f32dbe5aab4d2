//! Operations endpoints: health for load balancers and process supervisors.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::AppState;
use super::error::ApiError;

/// 200 when the database answers and holds the whole schema; 503 in Auth0's error shape
/// otherwise (an unreachable database, or one emptied or never migrated).
pub async fn healthz(State(state): State<AppState>) -> Response {
    match state.core.store.ping().await {
        Ok(()) => (StatusCode::OK, Json(json!({"status": "ok"}))).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "temporarily_unavailable",
                "The database is unavailable or its schema is missing",
            )
            .into_response()
        }
    }
}
