//! `/api/v2/resource-servers`: APIs (Auth0's resource servers), for operators. `{id}` is
//! the id or the (URL-encoded) identifier, as Auth0 takes it; the built-in Management API
//! is listed and read, never changed.

use axum::Json;
use axum::extract::{Path, RawQuery};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::{
    CreateResourceServers, DeleteResourceServers, Listing, Operator, ReadResourceServers,
    UpdateResourceServers,
};
use super::error::{ErrorBody, MgmtError, Refusals};
use super::input::{Body, payload};
use super::paging::{Paging, list_answer};
use crate::domain::management::resource_servers as domain;
use crate::domain::model::{self, ApiScope, ResourceServerChanges};
use crate::http::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_resource_servers, create_resource_server))
        .routes(routes!(
            get_resource_server,
            update_resource_server,
            delete_resource_server
        ))
}

/// An API (Auth0's resource server).
#[derive(Serialize, ToSchema)]
pub struct ResourceServer {
    pub id: String,
    pub name: String,
    pub identifier: String,
    pub is_system: bool,
    pub scopes: Vec<ApiScope>,
    /// `RS256` or `PS256`.
    pub signing_alg: String,
    pub token_lifetime: i64,
    pub token_lifetime_for_web: i64,
    pub enforce_policies: bool,
    /// `access_token` or `access_token_authz`.
    pub token_dialect: &'static str,
    pub allow_offline_access: bool,
    pub skip_consent_for_verifiable_first_party_clients: bool,
}

list_answer!(
    ResourceServerList,
    ResourceServerPage,
    ResourceServer,
    resource_servers
);

impl From<&model::ResourceServer> for ResourceServer {
    fn from(a: &model::ResourceServer) -> Self {
        let s = &a.settings;
        Self {
            id: a.id.clone(),
            name: a.name.clone(),
            identifier: a.identifier.clone(),
            is_system: a.is_system,
            scopes: a.scopes.clone(),
            signing_alg: s.signing_alg.to_string(),
            token_lifetime: s.token_lifetime,
            token_lifetime_for_web: s.token_lifetime_for_web,
            enforce_policies: s.enforce_policies,
            token_dialect: s.token_dialect.as_str(),
            allow_offline_access: s.allow_offline_access,
            skip_consent_for_verifiable_first_party_clients: s
                .skip_consent_for_verifiable_first_party_clients,
        }
    }
}

/// What `POST` and `PATCH` take (Auth0's names). `identifier` is required on creation and
/// cannot change; a property Latchkey does not know is refused.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResourceServerBody {
    pub identifier: Option<String>,
    #[serde(flatten)]
    pub changes: ResourceServerChanges,
}

/// Auth0's properties Latchkey does not implement, each with the value that means what
/// Latchkey does anyway (`null` means only `null`): a body that carries one with that value
/// (an export sent back, Terraform clearing it) is taken, any other value refused by name.
const NOT_IMPLEMENTED: &[(&str, &str)] = &[
    ("is_system", "false"),
    ("allow_online_access", "false"),
    (
        "subject_type_authorization",
        r#"{"user":{"policy":"allow_all"},"client":{"policy":"require_client_grant"}}"#,
    ),
    ("signing_secret", "null"),
    ("token_encryption", "null"),
    ("consent_policy", "null"),
    ("authorization_details", "null"),
    ("proof_of_possession", "null"),
    ("authorization_policy", "null"),
];

impl ResourceServerBody {
    fn read(body: Body) -> Result<Self, MgmtError> {
        let mut fields = body.0.0;
        for (name, meaning) in NOT_IMPLEMENTED {
            let Some(value) = fields.remove(*name) else {
                continue;
            };
            let same = serde_json::from_str::<Value>(meaning).is_ok_and(|m| m == value);
            if !value.is_null() && !same {
                return Err(MgmtError::bad_body(format!(
                    "{name} is not supported by Latchkey (only {meaning} or null)"
                )));
            }
        }
        payload(Value::Object(fields))
    }
}

fn no_resource_server() -> MgmtError {
    MgmtError::not_found("inexistent_resource_server", "resource server")
}

/// Auth0 refuses changes to its system APIs.
fn system_api() -> MgmtError {
    MgmtError::new(
        StatusCode::FORBIDDEN,
        "operation_not_supported",
        "The Management API is a system resource server: it cannot be changed or deleted",
    )
}

/// The `identifiers` of the query string (`identifiers=…&identifiers=…`, or `identifiers[]`).
fn identifiers(query: Option<&str>) -> Result<Vec<String>, MgmtError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query.unwrap_or(""))
        .map_err(|e| MgmtError::bad_query(e.to_string()))?;
    Ok(pairs
        .into_iter()
        .filter(|(k, _)| k == "identifiers" || k == "identifiers[]")
        .map(|(_, v)| v)
        .collect())
}

/// The stored or built-in API `id` names (its id or identifier).
async fn found(state: &AppState, id: &str) -> Result<model::ResourceServer, MgmtError> {
    domain::find(&state.core, id)
        .await?
        .ok_or_else(no_resource_server)
}

#[utoipa::path(get, path = "/api/v2/resource-servers", tag = "resource-servers", params(Paging, ("identifiers" = Option<Vec<String>>, Query, description = "Only the APIs with these identifiers")), responses((status = 200, description = "APIs", body = ResourceServerList), Refusals), security(("bearer" = [])))]
async fn list_resource_servers(
    Listing { paging, op }: Listing<ReadResourceServers>,
    RawQuery(query): RawQuery,
) -> Result<Json<ResourceServerList>, MgmtError> {
    let wanted = identifiers(query.as_deref())?;
    let mut all = domain::list(op.core()).await?;
    if !wanted.is_empty() {
        all.retain(|a| wanted.contains(&a.identifier));
    }
    paging.answer_slice(&all, |a| ResourceServer::from(a))
}

#[utoipa::path(post, path = "/api/v2/resource-servers", tag = "resource-servers", request_body = ResourceServerBody, responses((status = 201, description = "The API", body = ResourceServer), (status = 409, description = "The identifier is taken", body = ErrorBody), Refusals), security(("bearer" = [])))]
async fn create_resource_server(
    op: Operator<CreateResourceServers>,
    body: Body,
) -> Result<(StatusCode, Json<ResourceServer>), MgmtError> {
    let mut body = ResourceServerBody::read(body)?;
    let identifier = body.identifier.take().ok_or_else(|| {
        MgmtError::bad_body("Payload validation error: Missing required property: identifier")
    })?;
    let api = domain::create(op.core(), &identifier, body.changes).await?;
    op.changed("Create a resource server").await;
    Ok((StatusCode::CREATED, Json(ResourceServer::from(&api))))
}

#[utoipa::path(get, path = "/api/v2/resource-servers/{id}", tag = "resource-servers", params(("id" = String, Path, description = "The id or the identifier")), responses((status = 200, description = "The API", body = ResourceServer), (status = 404, description = "No such API", body = ErrorBody), Refusals), security(("bearer" = [])))]
async fn get_resource_server(
    Path(id): Path<String>,
    op: Operator<ReadResourceServers>,
) -> Result<Json<ResourceServer>, MgmtError> {
    let api = found(&op.state, &id).await?;
    Ok(Json(ResourceServer::from(&api)))
}

#[utoipa::path(patch, path = "/api/v2/resource-servers/{id}", tag = "resource-servers", params(("id" = String, Path, description = "The id or the identifier")), request_body = ResourceServerBody, responses((status = 200, description = "The API", body = ResourceServer), (status = 404, description = "No such API", body = ErrorBody), Refusals), security(("bearer" = [])))]
async fn update_resource_server(
    Path(id): Path<String>,
    op: Operator<UpdateResourceServers>,
    body: Body,
) -> Result<Json<ResourceServer>, MgmtError> {
    let mut body = ResourceServerBody::read(body)?;
    let api = found(&op.state, &id).await?;
    if api.is_system {
        return Err(system_api());
    }
    if body.identifier.take().is_some_and(|i| i != api.identifier) {
        return Err(MgmtError::bad_body("identifier cannot be changed"));
    }
    let api = domain::update(op.core(), api, body.changes).await?;
    let api = op
        .made(api, no_resource_server, "Update a resource server")
        .await?;
    Ok(Json(ResourceServer::from(&api)))
}

#[utoipa::path(delete, path = "/api/v2/resource-servers/{id}", tag = "resource-servers", params(("id" = String, Path, description = "The id or the identifier")), responses((status = 204, description = "Deleted, with its permissions and client grants"), (status = 404, description = "No such API", body = ErrorBody), Refusals), security(("bearer" = [])))]
async fn delete_resource_server(
    Path(id): Path<String>,
    op: Operator<DeleteResourceServers>,
) -> Result<StatusCode, MgmtError> {
    let api = found(&op.state, &id).await?;
    if api.is_system {
        return Err(system_api());
    }
    let found = domain::delete(op.core(), &api).await?;
    op.deleted(found, no_resource_server, "Delete a resource server")
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
