//! Applications: the list and creating one (`list`); per application its callbacks, logout
//! URLs, grant types, branding, refresh-token policy and native apps (`edit`, saved by
//! `save`); secret rotation (the secret is shown once, on the page that made it, never in a
//! URL); deletion. The dashboard's own client is never listed nor editable here.

mod edit;
mod list;
mod save;

use axum::Router;
use axum::response::Response;
use axum::routing::{get, post};

use super::DASHBOARD_CLIENT;
use super::chrome::{internal, not_found};
use crate::domain::model::{
    Client, GRANT_AUTHORIZATION_CODE, GRANT_CLIENT_CREDENTIALS, GRANT_IMPLICIT, GRANT_JWT_BEARER,
    GRANT_LEGACY_RO, GRANT_LEGACY_RO_JWT_BEARER, GRANT_PASSWORDLESS_OTP, GRANT_REFRESH_TOKEN,
    GRANT_WEBAUTHN,
};
use crate::http::AppState;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/applications", get(list::list).post(list::create))
        .route("/admin/applications/{id}", get(edit::edit).post(save::save))
        .route(
            "/admin/applications/{id}/rotate-secret",
            post(edit::rotate_secret),
        )
        .route("/admin/applications/{id}/delete", post(edit::delete))
}

/// The grants an application may be given, as the form names them (`grant-<index>`), with
/// the message key of each one's label.
const GRANTS: &[(&str, &str)] = &[
    (GRANT_PASSWORDLESS_OTP, "dash-app-grant-passwordless"),
    (GRANT_REFRESH_TOKEN, "dash-app-grant-refresh-token"),
    (
        GRANT_AUTHORIZATION_CODE,
        "dash-app-grant-authorization-code",
    ),
    (GRANT_IMPLICIT, "dash-app-grant-implicit"),
    (GRANT_JWT_BEARER, "dash-app-grant-jwt-bearer"),
    (GRANT_WEBAUTHN, "dash-app-grant-webauthn"),
    (GRANT_LEGACY_RO, "dash-app-grant-legacy-ro"),
    (
        GRANT_LEGACY_RO_JWT_BEARER,
        "dash-app-grant-legacy-ro-jwt-bearer",
    ),
    (
        GRANT_CLIENT_CREDENTIALS,
        "dash-app-grant-client-credentials",
    ),
];

/// An application the dashboard may change: any but its own.
async fn editable(state: &AppState, id: &str) -> Result<Client, Response> {
    if id == DASHBOARD_CLIENT {
        return Err(not_found("application"));
    }
    match state.core.store.client(id).await {
        Ok(Some(c)) => Ok(c),
        Ok(None) => Err(not_found("application")),
        Err(e) => Err(internal(e)),
    }
}
