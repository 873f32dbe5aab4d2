//! `/api/v2/client-grants`: which APIs each machine client may get `client_credentials`
//! tokens for, and with which scopes, for operators. Lists page by offset (`page`,
//! `per_page`, `include_totals`) or, with `take` (and `from`), by checkpoint as Auth0 does:
//! `{client_grants, next}`, `next` left out on the last page.

use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::{
    CreateClientGrants, DeleteClientGrants, Listing, Operator, ReadClientGrants, UpdateClientGrants,
};
use super::error::{ErrorBody, MgmtError, Refusals};
use super::input::{Body, MgmtQuery};
use super::paging::{CheckpointParams, Paging};
use crate::domain::management::client_grants::{self as domain, Created};
use crate::domain::model::{self, GrantQuery, Slice};
use crate::http::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_grants, create_grant))
        .routes(routes!(get_grant, update_grant, delete_grant))
}

/// A client grant, as Auth0 shows one it holds no organization or user-access settings for.
#[derive(Serialize, ToSchema)]
pub struct ClientGrant {
    /// `cgr_` and 16 characters.
    pub id: String,
    pub client_id: String,
    pub audience: String,
    pub scope: Vec<String>,
}

impl From<model::ClientGrant> for ClientGrant {
    fn from(g: model::ClientGrant) -> Self {
        Self {
            id: g.id,
            client_id: g.client_id,
            audience: g.audience,
            scope: g.scope,
        }
    }
}

/// `include_totals=true`: the page with the count of every match.
#[derive(Serialize, ToSchema)]
pub struct ClientGrantPage {
    pub start: i64,
    pub limit: i64,
    pub total: i64,
    pub client_grants: Vec<ClientGrant>,
}

/// Checkpoint paging (`take`): the grants, and where the next page starts. Nothing else, so
/// the description tells it from a page with totals.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClientGrantCheckpoint {
    pub client_grants: Vec<ClientGrant>,
    /// The `from` of the next page; absent on the last.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// An array, a page with totals (`include_totals=true`), or a checkpoint page (`take`).
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
pub enum ClientGrantList {
    Items(Vec<ClientGrant>),
    Page(ClientGrantPage),
    Checkpoint(ClientGrantCheckpoint),
}

/// The list's filters; the window (`page`, `per_page`, `include_totals`, `from`, `take`)
/// is [`Paging`]'s.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GrantFilters {
    /// Only the grants for this API
    audience: Option<String>,
    /// Only this client's grants
    client_id: Option<String>,
    /// `true`: only grants any organization may use (none here: organizations are not built)
    allow_any_organization: Option<bool>,
    /// `client` (every grant here) or `user` (none)
    subject_type: Option<String>,
    /// `third_party_clients`: default grants (none here)
    default_for: Option<String>,
}

#[utoipa::path(get, path = "/api/v2/client-grants", tag = "client-grants", params(GrantFilters, Paging, CheckpointParams), responses((status = 200, description = "Client grants", body = ClientGrantList), Refusals), security(("bearer" = [])))]
async fn list_grants(
    Listing { paging, op }: Listing<ReadClientGrants>,
    MgmtQuery(q): MgmtQuery<GrantFilters>,
) -> Result<Json<ClientGrantList>, MgmtError> {
    let take = paging.checkpoint()?;
    let (page, per_page) = match take {
        Some(take) => (0, take),
        None => paging.window()?,
    };
    match q.subject_type.as_deref() {
        None | Some("client" | "user") => {}
        Some(_) => return Err(MgmtError::bad_query("subject_type must be client or user")),
    }
    if q.default_for
        .as_deref()
        .is_some_and(|d| d != "third_party_clients")
    {
        return Err(MgmtError::bad_query(
            "default_for must be third_party_clients",
        ));
    }
    // Every grant here is a plain per-client grant: none allows any organization, grants
    // user access or is a default.
    let none_match = q.allow_any_organization == Some(true)
        || q.subject_type.as_deref() == Some("user")
        || q.default_for.is_some();
    let query = GrantQuery {
        client_id: q.client_id.clone().filter(|c| !c.is_empty()),
        audience: q.audience.clone().filter(|a| !a.is_empty()),
        from: paging.from.clone().filter(|f| !f.is_empty()),
        // One more than the page on checkpoints, to know whether there is a next.
        slice: if take.is_some() {
            Slice::page(0, per_page + 1)
        } else {
            Slice::page(page, per_page)
        },
    };
    let (mut grants, total) = if none_match {
        (Vec::new(), 0)
    } else {
        domain::list_grants(op.core(), &query).await?
    };
    if take.is_some() {
        let next = (grants.len() as i64 > per_page)
            .then(|| grants.split_off(per_page as usize))
            .and_then(|rest| rest.into_iter().next())
            .map(|g| g.id);
        return Ok(Json(ClientGrantList::Checkpoint(ClientGrantCheckpoint {
            client_grants: grants.into_iter().map(Into::into).collect(),
            next,
        })));
    }
    let items: Vec<ClientGrant> = grants.into_iter().map(Into::into).collect();
    Ok(Json(if paging.include_totals.unwrap_or(false) {
        ClientGrantList::Page(ClientGrantPage {
            start: query.slice.offset,
            limit: per_page,
            total,
            client_grants: items,
        })
    } else {
        ClientGrantList::Items(items)
    }))
}

/// A new grant (Auth0's `CreateClientGrantRequestContent`). Organizations, user access,
/// authorization details and default grants are not built: only their defaults are taken.
#[derive(ToSchema)]
#[allow(dead_code)] // described only: the handler reads the body field by field
pub struct ClientGrantCreate {
    pub client_id: String,
    /// An API's identifier: a configured `[[apis]]` entry or `{issuer}api/v2/`.
    pub audience: String,
    pub scope: Option<Vec<String>>,
    /// `deny` only.
    pub organization_usage: Option<String>,
    /// `false` only.
    pub allow_any_organization: Option<bool>,
    /// `client` only.
    pub subject_type: Option<String>,
    /// Empty only.
    pub authorization_details_types: Option<Vec<String>>,
    /// `false` only.
    pub allow_all_scopes: Option<bool>,
}

/// The scopes in `body`, if given (`null` is none at all on a `PATCH`, as on Auth0).
fn scope_of(body: &Body) -> Result<Option<Vec<String>>, MgmtError> {
    match body.0.get("scope") {
        None => Ok(None),
        Some(Value::Null) => Ok(Some(Vec::new())),
        Some(_) => body.strings("scope"),
    }
}

/// Refuses what a grant here cannot be: Auth0's fields for organizations, user access,
/// authorization details and default grants are taken at their defaults only, and
/// anything else is an unknown property.
fn refuse_unbuilt(body: &Body, known: &[&str]) -> Result<(), MgmtError> {
    for (key, value) in &body.0.0 {
        let default = match key.as_str() {
            k if known.contains(&k) => continue,
            "organization_usage" => value.is_null() || *value == "deny",
            "allow_any_organization" | "allow_all_scopes" => {
                value.is_null() || *value == Value::Bool(false)
            }
            "subject_type" => *value == "client",
            "authorization_details_types" => value.as_array().is_some_and(Vec::is_empty),
            "default_for" => false,
            _ => {
                return Err(MgmtError::bad_body(format!(
                    "Payload validation error: 'Additional properties not allowed: {key}'."
                )));
            }
        };
        if !default {
            return Err(MgmtError::bad_body(format!(
                "{key} {value} is not supported: Latchkey's client grants are per-client grants for machine (client credentials) access, without organizations"
            )));
        }
    }
    Ok(())
}

fn no_grant() -> MgmtError {
    MgmtError::not_found("inexistent_client_grant", "client grant")
}

#[utoipa::path(post, path = "/api/v2/client-grants", tag = "client-grants", request_body = ClientGrantCreate, responses((status = 201, description = "The grant", body = ClientGrant), (status = 404, description = "No such client or API", body = ErrorBody), (status = 409, description = "The client has a grant for this API", body = ErrorBody), Refusals), security(("bearer" = [])))]
async fn create_grant(
    op: Operator<CreateClientGrants>,
    body: Body,
) -> Result<(StatusCode, Json<ClientGrant>), MgmtError> {
    refuse_unbuilt(&body, &["client_id", "audience", "scope"])?;
    let client_id = body.text("client_id")?;
    let audience = body.text("audience")?;
    let scope = scope_of(&body)?.unwrap_or_default();
    match domain::create_grant(op.core(), &client_id, &audience, scope).await? {
        Created::Grant(grant) => {
            op.changed("Create a client grant").await;
            Ok((StatusCode::CREATED, Json(grant.into())))
        }
        Created::Taken => Err(MgmtError::new(
            StatusCode::CONFLICT,
            "conflict",
            format!("A client grant already exists between {client_id} and {audience}"),
        )),
        Created::NoClient => Err(MgmtError::new(
            StatusCode::NOT_FOUND,
            "inexistent_client",
            "Client not found",
        )),
        Created::NoApi => Err(MgmtError::new(
            StatusCode::NOT_FOUND,
            "inexistent_resource_server",
            format!("No resource with identifier {audience}"),
        )),
    }
}

#[utoipa::path(get, path = "/api/v2/client-grants/{id}", tag = "client-grants", params(("id" = String, Path)), responses((status = 200, description = "The grant", body = ClientGrant), (status = 404, description = "No such grant", body = ErrorBody), Refusals), security(("bearer" = [])))]
async fn get_grant(
    Path(id): Path<String>,
    op: Operator<ReadClientGrants>,
) -> Result<Json<ClientGrant>, MgmtError> {
    let grant = op
        .core()
        .store
        .client_grant(&id)
        .await?
        .ok_or_else(no_grant)?;
    Ok(Json(grant.into()))
}

/// A change to a grant (Auth0's `UpdateClientGrantRequestContent`): its scopes.
#[derive(ToSchema)]
#[allow(dead_code)] // described only
pub struct ClientGrantChange {
    /// Replaces the scopes; `null` leaves none.
    pub scope: Option<Vec<String>>,
    pub organization_usage: Option<String>,
    pub allow_any_organization: Option<bool>,
    pub authorization_details_types: Option<Vec<String>>,
    pub allow_all_scopes: Option<bool>,
}

#[utoipa::path(patch, path = "/api/v2/client-grants/{id}", tag = "client-grants", params(("id" = String, Path)), request_body = ClientGrantChange, responses((status = 200, description = "The grant", body = ClientGrant), (status = 404, description = "No such grant", body = ErrorBody), Refusals), security(("bearer" = [])))]
async fn update_grant(
    Path(id): Path<String>,
    op: Operator<UpdateClientGrants>,
    body: Body,
) -> Result<Json<ClientGrant>, MgmtError> {
    refuse_unbuilt(&body, &["scope"])?;
    if body.0.0.is_empty() {
        return Err(MgmtError::bad_body(
            "Payload validation error: 'Too few properties defined (0), minimum 1'.",
        ));
    }
    let grant = match scope_of(&body)? {
        Some(scope) => domain::update_scope(op.core(), &id, scope).await?,
        None => op.core().store.client_grant(&id).await?,
    };
    let grant = op.made(grant, no_grant, "Update a client grant").await?;
    Ok(Json(grant.into()))
}

#[utoipa::path(delete, path = "/api/v2/client-grants/{id}", tag = "client-grants", params(("id" = String, Path)), responses((status = 204, description = "Deleted"), (status = 404, description = "No such grant", body = ErrorBody), Refusals), security(("bearer" = [])))]
async fn delete_grant(
    Path(id): Path<String>,
    op: Operator<DeleteClientGrants>,
) -> Result<StatusCode, MgmtError> {
    let found = domain::delete_grant(op.core(), &id).await?;
    op.deleted(found, no_grant, "Delete a client grant").await?;
    Ok(StatusCode::NO_CONTENT)
}
