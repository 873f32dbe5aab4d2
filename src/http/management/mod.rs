//! Auth0's Management API: operators' machine tokens (`client_credentials`) on clients,
//! users, connections, signing keys, logs and the email provider; users' own tokens on
//! their device credentials and authentication methods; Lock v1's public-key endpoints.
//! Each resource's file registers its routes with their OpenAPI entries; this module puts
//! them together and serves the description at `/api/v2/openapi.json`.

mod account;
mod auth;
mod client_grants;
mod clients;
mod connections;
mod device_credentials;
mod email_provider;
mod error;
mod fields;
mod input;
mod jobs;
mod logs;
mod paging;
mod resource_servers;
mod roles;
mod signing_keys;
mod tenant_settings;
mod users;

use std::sync::Arc;

use axum::Json;
use axum::routing::get;
use utoipa_axum::router::OpenApiRouter;

use super::AppState;

pub use error::MgmtError;
use fields::FieldsMayBeLeftOut;

/// The description's frame; the paths come from each resource's routes.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(title = "Latchkey Management API", description = "Auth0's Management API v2 shapes, for operators (client_credentials tokens)."),
    modifiers(&BearerAuth)
)]
struct ManagementApi;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// Records an operator's change in the event log (Auth0's `sapi`).
async fn changed(state: &AppState, who: &crate::domain::management::caller::ApiCaller, what: &str) {
    state.core.events.api_operation(&who.user_id, what).await;
}

/// Every Management API route, and its description.
fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(<ManagementApi as utoipa::OpenApi>::openapi())
        .merge(clients::routes())
        .merge(users::routes())
        .merge(connections::routes())
        .merge(signing_keys::routes())
        .merge(logs::routes())
        .merge(email_provider::routes())
        .merge(device_credentials::routes())
        .merge(account::routes())
        .merge(client_grants::routes())
        .merge(tenant_settings::routes())
        .merge(resource_servers::routes())
        .merge(roles::routes())
        .merge(jobs::routes())
}

/// The Management API's routes, with `GET /api/v2/openapi.json`; any other `/api/v2` path
/// gets a 404 in the Management API's error shape (as Auth0 answers), not the
/// Authentication API's.
pub fn router() -> axum::Router<AppState> {
    let (router, mut openapi) = api().split_for_parts();
    utoipa::Modify::modify(&FieldsMayBeLeftOut, &mut openapi);
    let openapi = Arc::new(openapi);
    router
        .route(
            "/api/v2/openapi.json",
            get(move || {
                let openapi = openapi.clone();
                async move { Json(openapi.as_ref().clone()) }
            }),
        )
        .route("/api/v2/{*rest}", axum::routing::any(unknown_path))
}

async fn unknown_path() -> MgmtError {
    MgmtError::new(axum::http::StatusCode::NOT_FOUND, "not_found", "Not Found")
}

/// The description as served.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut openapi = api().into_openapi();
    // After the routes' schemas are in: a `modifiers` entry would run before them.
    utoipa::Modify::modify(&FieldsMayBeLeftOut, &mut openapi);
    openapi
}
