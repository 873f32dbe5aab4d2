//! `/api/v2/clients`: applications (Auth0's clients), for operators. A client's secret is
//! in every answer to a caller holding Auth0's `read:client_keys`, and in the answers that
//! make one (creation, rotation).

use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use serde_json::Value;

use super::auth::{
    CreateClients, DeleteClients, Listing, Operator, ReadClients, UpdateClientKeys, UpdateClients,
};
use super::error::{ErrorBody, MgmtError, Refusals};
use super::fields::Fields;
use super::input::{Body, MgmtQuery};
use super::paging::{CheckpointParams, Paging, checkpoint_answer, list_answer};
use crate::domain::core::Core;
use crate::domain::management::caller::ApiCaller;
use crate::domain::management::clients::{self as domain, ClientChanges};
use crate::domain::model;
use crate::http::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_clients, create_client))
        .routes(routes!(get_client, update_client, delete_client))
        .routes(routes!(rotate_client_secret))
}

/// An application (Auth0's client).
#[derive(Clone, Serialize, ToSchema)]
pub struct Client {
    pub client_id: String,
    pub name: String,
    pub callbacks: Vec<String>,
    pub allowed_logout_urls: Vec<String>,
    pub grant_types: Vec<String>,
    /// `none` for a public client, else `client_secret_post`.
    pub token_endpoint_auth_method: &'static str,
    /// `native`, `regular_web` or `non_interactive`.
    pub app_type: &'static str,
    #[schema(value_type = serde_json::Value)]
    pub refresh_token: model::RefreshTokenPolicy,
    #[schema(value_type = serde_json::Value)]
    pub mobile: model::MobileApps,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo_uri: Option<String>,
    pub web_origins: Vec<String>,
    pub allowed_origins: Vec<String>,
    pub cross_origin_authentication: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cross_origin_loc: Option<String>,
    /// `{alg}`: how the client's `id_token`s are signed.
    #[schema(value_type = serde_json::Value)]
    pub jwt_configuration: model::JwtConfiguration,
    /// With `read:client_keys`, and in the answer that made it (creation, rotation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
}

list_answer!(ClientList, ClientPage, Client, clients);
checkpoint_answer!(ClientsAnswer, ClientList, ClientCheckpoint, Client, clients);

/// Auth0's scope that shows client secrets.
const READ_CLIENT_KEYS: &str = "read:client_keys";

/// The client's view for `who`: with its secret if they hold `read:client_keys`.
fn shown(core: &Core, who: &ApiCaller, c: &model::Client) -> Result<Client, MgmtError> {
    let secret = if who.scope.has(READ_CLIENT_KEYS) {
        domain::read_secret(&core.keys, c)?
    } else {
        None
    };
    Ok(Client::new(c, secret))
}

impl Client {
    /// The view of a stored client, with `client_secret` when the caller may see it (see
    /// [`shown`]) or the answer made it.
    fn new(c: &model::Client, client_secret: Option<String>) -> Self {
        let confidential = c.secret_hash.is_some();
        Self {
            client_id: c.client_id.clone(),
            name: c.name.clone(),
            callbacks: c.callbacks.clone(),
            allowed_logout_urls: c.allowed_logout_urls.clone(),
            grant_types: c.grant_types.clone(),
            token_endpoint_auth_method: if confidential {
                "client_secret_post"
            } else {
                "none"
            },
            app_type: if c.grant_types.iter().all(|g| g == "client_credentials") {
                "non_interactive"
            } else if confidential {
                "regular_web"
            } else {
                "native"
            },
            refresh_token: c.refresh_token.clone(),
            mobile: c.mobile.clone(),
            logo_uri: c.branding.logo_uri.clone(),
            web_origins: c.cross_origin.web_origins.clone(),
            allowed_origins: c.cross_origin.allowed_origins.clone(),
            cross_origin_authentication: c.cross_origin.cross_origin_authentication,
            cross_origin_loc: c.cross_origin.cross_origin_loc.clone(),
            jwt_configuration: c.jwt_configuration,
            client_secret,
        }
    }
}

fn client_changes(body: &Body) -> Result<ClientChanges, MgmtError> {
    Ok(ClientChanges {
        name: body.optional("name")?,
        callbacks: body.strings("callbacks")?,
        allowed_logout_urls: body.strings("allowed_logout_urls")?,
        grant_types: body.strings("grant_types")?,
        logo_uri: body.optional("logo_uri")?,
        primary_color: None,
        mobile: body.object("mobile")?,
        refresh_token: body.object("refresh_token")?,
        token_endpoint_auth_method: body.optional("token_endpoint_auth_method")?,
        app_type: body.optional("app_type")?,
        web_origins: body.strings("web_origins")?,
        allowed_origins: body.strings("allowed_origins")?,
        cross_origin_authentication: body.object("cross_origin_authentication")?,
        // Auth0's PATCH takes `null` to clear it.
        cross_origin_loc: match body.0.get("cross_origin_loc") {
            None => None,
            Some(_) => Some(body.optional("cross_origin_loc")?),
        },
        jwt_configuration: body.object("jwt_configuration")?,
    })
}

fn no_client() -> MgmtError {
    MgmtError::not_found("inexistent_client", "client")
}

/// `GET /api/v2/clients`: by page or by checkpoint (`from`, `take`: `{clients, next}`).
#[utoipa::path(get, path = "/api/v2/clients", tag = "clients", params(Paging, CheckpointParams, Fields), responses((status = 200, description = "Clients", body = ClientsAnswer), Refusals), security(("bearer" = [])))]
async fn list_clients(
    Listing { paging, op }: Listing<ReadClients>,
) -> Result<Json<Value>, MgmtError> {
    let all = op.core().store.clients().await?;
    let views = all
        .iter()
        .map(|c| shown(op.core(), &op.who, c))
        .collect::<Result<Vec<_>, _>>()?;
    let answer = match paging.checkpoint()? {
        Some(take) => ClientsAnswer::checkpoint(paging.checkpoint_slice(
            take,
            &views,
            |c| c.client_id.clone(),
            Client::clone,
        )),
        None => ClientsAnswer::Listed(paging.answer_slice(&views, Client::clone)?.0),
    };
    paging.fields().answer_list(&answer, "clients")
}

#[utoipa::path(post, path = "/api/v2/clients", tag = "clients", request_body = ClientChanges, responses((status = 201, description = "The client, with its secret", body = Client), Refusals), security(("bearer" = [])))]
async fn create_client(
    op: Operator<CreateClients>,
    body: Body,
) -> Result<(StatusCode, Json<Client>), MgmtError> {
    let (client, secret) = domain::create_client(op.core(), client_changes(&body)?).await?;
    op.changed("Create a client").await;
    Ok((StatusCode::CREATED, Json(Client::new(&client, secret))))
}

#[utoipa::path(get, path = "/api/v2/clients/{id}", tag = "clients", params(("id" = String, Path), Fields), responses((status = 200, description = "The client", body = Client), (status = 404, description = "No such client", body = ErrorBody), Refusals), security(("bearer" = [])))]
async fn get_client(
    Path(id): Path<String>,
    MgmtQuery(fields): MgmtQuery<Fields>,
    op: Operator<ReadClients>,
) -> Result<Json<Value>, MgmtError> {
    let client = op.core().store.client(&id).await?.ok_or_else(no_client)?;
    fields.answer(&shown(op.core(), &op.who, &client)?)
}

#[utoipa::path(patch, path = "/api/v2/clients/{id}", tag = "clients", params(("id" = String, Path)), request_body = ClientChanges, responses((status = 200, description = "The client", body = Client), (status = 404, description = "No such client", body = ErrorBody), Refusals), security(("bearer" = [])))]
async fn update_client(
    Path(id): Path<String>,
    op: Operator<UpdateClients>,
    body: Body,
) -> Result<Json<Client>, MgmtError> {
    let client = domain::update_client(op.core(), &id, client_changes(&body)?).await?;
    let client = op.made(client, no_client, "Update a client").await?;
    Ok(Json(shown(op.core(), &op.who, &client)?))
}

#[utoipa::path(delete, path = "/api/v2/clients/{id}", tag = "clients", params(("id" = String, Path)), responses((status = 204, description = "Deleted"), (status = 404, description = "No such client", body = ErrorBody), Refusals), security(("bearer" = [])))]
async fn delete_client(
    Path(id): Path<String>,
    op: Operator<DeleteClients>,
) -> Result<StatusCode, MgmtError> {
    let found = domain::delete_client(op.core(), &id).await?;
    op.deleted(found, no_client, "Delete a client").await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v2/clients/{id}/rotate-secret", tag = "clients", params(("id" = String, Path)), responses((status = 200, description = "The client, with its new secret", body = Client), (status = 404, description = "No such client", body = ErrorBody), Refusals), security(("bearer" = [])))]
async fn rotate_client_secret(
    Path(id): Path<String>,
    op: Operator<UpdateClientKeys>,
) -> Result<Json<Client>, MgmtError> {
    let rotated = domain::rotate_client_secret(op.core(), &id).await?;
    let (client, secret) = op
        .made(rotated, no_client, "Rotate a client secret")
        .await?;
    Ok(Json(Client::new(&client, Some(secret))))
}
