//! `POST /delivery/twilio/status/{connection}`: where Twilio reports each text's delivery
//! (the `StatusCallback` Latchkey sends with it). Only a request signed by the connection's
//! Twilio account is taken (403 otherwise); what it changes is the domain's
//! ([`crate::domain::channels::status_callback`]). Twilio wants a 2xx and reads nothing.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;

use super::AppState;
use super::error::ApiError;
use crate::domain::channels::status_callback::{self, ReceiptError};

pub fn routes() -> Router<AppState> {
    Router::new().route("/delivery/twilio/status/{connection}", post(twilio_status))
}

async fn twilio_status(
    State(state): State<AppState>,
    Path(connection): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let forbidden = || {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "access_denied",
            "The request is not signed by this connection's Twilio account",
        )
        .into_response()
    };
    let Ok(params) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&body) else {
        return forbidden();
    };
    let signature = headers
        .get("x-twilio-signature")
        .and_then(|v| v.to_str().ok());
    match status_callback::twilio_status(&state.core, &connection, &params, signature).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(ReceiptError::Forbidden) => forbidden(),
        Err(ReceiptError::Failed(e)) => ApiError::internal(e.to_string()).into_response(),
    }
}
