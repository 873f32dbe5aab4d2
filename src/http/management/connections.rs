//! `/api/v2/connections`: the SMS and email connections, for operators.

use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use serde::Serialize;
use serde_json::{Value, json};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::{
    CreateConnections, DeleteConnections, Listing, Operator, ReadConnections, UpdateConnections,
};
use super::error::{ErrorBody, MgmtError, Refusals};
use super::fields::Fields;
use super::input::{Body, MgmtQuery};
use super::paging::{CheckpointParams, Paging, checkpoint_answer, list_answer};
use crate::domain::management::connections as domain;
use crate::domain::model::{ConnectionRecord, Strategy, UnknownStrategy};
use crate::http::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_connections, create_connection))
        .routes(routes!(
            get_connection,
            update_connection,
            delete_connection
        ))
}

#[derive(Serialize, ToSchema)]
pub struct Connection {
    /// `con_<name>`.
    pub id: String,
    pub name: String,
    /// `sms` or `email`.
    pub strategy: &'static str,
    /// Auth0's option names; secrets (`twilio_token`, `gateway_authentication.secret`, and
    /// those of `failover` providers) are never returned.
    pub options: Value,
    pub realms: Vec<String>,
    pub is_domain_connection: bool,
}

list_answer!(ConnectionList, ConnectionPage, Connection, connections);
checkpoint_answer!(
    ConnectionsAnswer,
    ConnectionList,
    ConnectionCheckpoint,
    Connection,
    connections
);

impl Connection {
    fn new(c: &ConnectionRecord) -> Self {
        let mut options = c.options.clone();
        crate::domain::connections::sms_routes::strip_secrets(&mut options);
        if c.strategy == Strategy::Email {
            show_built_in_templates(&mut options);
        }
        Self {
            id: format!("con_{}", c.name),
            name: c.name.clone(),
            strategy: c.strategy.as_str(),
            options,
            realms: vec![c.name.clone()],
            is_domain_connection: false,
        }
    }
}

/// An email connection without templates of its own (one stored before the first start
/// wrote the built-in ones out) shows the built-in ones, which are what it sends: an
/// export of it then re-imports (auth0-deploy-cli checks that `email.body` shows the code).
fn show_built_in_templates(options: &mut Value) {
    let Some(options) = options.as_object_mut() else {
        return;
    };
    let Some(email) = options
        .entry("email")
        .or_insert_with(|| json!({}))
        .as_object_mut()
    else {
        return;
    };
    let parts = ["subject", "body", "text_body"];
    if parts
        .iter()
        .any(|p| email.get(*p).is_some_and(|v| !v.is_null()))
    {
        return;
    }
    let built_in = crate::domain::connections::email_template::EmailTemplate::built_in();
    for (part, text) in parts
        .into_iter()
        .zip([built_in.subject, built_in.body, built_in.text_body])
    {
        email.insert(part.to_string(), json!(text));
    }
}

/// `POST /api/v2/connections`'s body.
#[derive(ToSchema)]
pub struct ConnectionCreate {
    pub name: String,
    /// `sms` or `email`.
    #[schema(value_type = String, required = true)]
    pub strategy: Option<Strategy>,
    /// As in the configuration file's `[connections.options]`.
    #[schema(value_type = Option<Value>)]
    pub options: Value,
}

impl ConnectionCreate {
    fn read(body: &Body) -> Result<Self, MgmtError> {
        Ok(Self {
            name: body.text("name")?,
            options: body.0.get("options").cloned().unwrap_or_else(|| json!({})),
            strategy: strategy_of(body)?,
        })
    }
}

/// `PATCH /api/v2/connections/{id}`'s body.
#[derive(ToSchema)]
pub struct ConnectionUpdate {
    /// Replaced as a whole; a secret left out (`twilio_token`, `gateway_authentication.secret`,
    /// a `failover` provider's, by its name) keeps the stored one while its endpoint stays.
    pub options: Value,
    /// Must be the connection's own, if given.
    #[schema(ignore)]
    pub strategy: Option<Strategy>,
}

impl ConnectionUpdate {
    fn read(body: &Body) -> Result<Self, MgmtError> {
        Ok(Self {
            options: body.0.get("options").cloned().ok_or_else(|| {
                MgmtError::bad_body("Payload validation error: Missing required property: options")
            })?,
            strategy: strategy_of(body)?,
        })
    }
}

fn no_connection() -> MgmtError {
    MgmtError::not_found("inexistent_connection", "connection")
}

/// A connection's name from its id (`con_<name>`, or the bare name).
fn name_of(id: &str) -> &str {
    id.strip_prefix("con_").unwrap_or(id)
}

fn strategy_of(body: &Body) -> Result<Option<Strategy>, MgmtError> {
    match body.optional("strategy").ok().flatten() {
        None => Ok(None),
        Some(name) => name
            .parse()
            .map(Some)
            .map_err(|e: UnknownStrategy| MgmtError::bad_body(e.to_string())),
    }
}

/// `GET /api/v2/connections`: by page (`page`, `per_page`, `include_totals`) or by
/// checkpoint (`from`, `take`: `{connections, next}`, what auth0-python 5.x and node
/// `auth0` v6+ ask for), filtered by `strategy` and `name`.
#[utoipa::path(get, path = "/api/v2/connections", tag = "connections", params(Paging, CheckpointParams, Fields, ("strategy" = Option<String>, Query), ("name" = Option<String>, Query)), responses((status = 200, description = "Connections", body = ConnectionsAnswer), Refusals), security(("bearer" = [])))]
async fn list_connections(
    Listing { paging, op }: Listing<ReadConnections>,
    MgmtQuery(name): MgmtQuery<NameFilter>,
) -> Result<Json<Value>, MgmtError> {
    let wanted = paging.strategy.as_deref();
    let all: Vec<_> = op
        .core()
        .store
        .connections()
        .await?
        .into_iter()
        .filter(|c| wanted.is_none_or(|s| s == c.strategy.as_str()))
        .filter(|c| name.name.as_deref().is_none_or(|n| n == c.name))
        .collect();
    let answer = match paging.checkpoint()? {
        Some(take) => ConnectionsAnswer::checkpoint(paging.checkpoint_slice(
            take,
            &all,
            |c| format!("con_{}", c.name),
            Connection::new,
        )),
        None => ConnectionsAnswer::Listed(paging.answer_slice(&all, Connection::new)?.0),
    };
    paging.fields().answer_list(&answer, "connections")
}

/// `GET /api/v2/connections`' `name` filter.
#[derive(serde::Deserialize)]
struct NameFilter {
    name: Option<String>,
}

/// `POST /api/v2/connections` `{name, strategy: "sms" | "email", options}`.
#[utoipa::path(post, path = "/api/v2/connections", tag = "connections", request_body = ConnectionCreate, responses((status = 201, description = "The connection", body = Connection), (status = 409, description = "The connection exists", body = ErrorBody), Refusals), security(("bearer" = [])))]
async fn create_connection(
    op: Operator<CreateConnections>,
    body: Body,
) -> Result<(StatusCode, Json<Connection>), MgmtError> {
    let new = ConnectionCreate::read(&body)?;
    let record =
        domain::save_connection(op.core(), &new.name, new.strategy, new.options, true).await?;
    let record = op
        .made(record, no_connection, "Create a connection")
        .await?;
    Ok((StatusCode::CREATED, Json(Connection::new(&record))))
}

#[utoipa::path(get, path = "/api/v2/connections/{id}", tag = "connections", params(("id" = String, Path), Fields), responses((status = 200, description = "The connection", body = Connection), (status = 404, description = "No such connection", body = ErrorBody), Refusals), security(("bearer" = [])))]
async fn get_connection(
    Path(id): Path<String>,
    MgmtQuery(fields): MgmtQuery<Fields>,
    op: Operator<ReadConnections>,
) -> Result<Json<Value>, MgmtError> {
    let c = op
        .core()
        .store
        .connection(name_of(&id))
        .await?
        .ok_or_else(no_connection)?;
    fields.answer(&Connection::new(&c))
}

/// `PATCH /api/v2/connections/{id}` `{options}`: the options are replaced as a whole, as in
/// Auth0; a Twilio token left out keeps the stored one.
#[utoipa::path(patch, path = "/api/v2/connections/{id}", tag = "connections", params(("id" = String, Path)), request_body = ConnectionUpdate, responses((status = 200, description = "The connection", body = Connection), (status = 404, description = "No such connection", body = ErrorBody), Refusals), security(("bearer" = [])))]
async fn update_connection(
    Path(id): Path<String>,
    op: Operator<UpdateConnections>,
    body: Body,
) -> Result<Json<Connection>, MgmtError> {
    let change = ConnectionUpdate::read(&body)?;
    let record = domain::save_connection(
        op.core(),
        name_of(&id),
        change.strategy,
        change.options,
        false,
    )
    .await?;
    let record = op
        .made(record, no_connection, "Update a connection")
        .await?;
    Ok(Json(Connection::new(&record)))
}

/// `DELETE /api/v2/connections/{id}`: the connection and its users go, as in Auth0 (which
/// answers 202 because it deletes in the background; here it is done when the answer comes).
#[utoipa::path(delete, path = "/api/v2/connections/{id}", tag = "connections", params(("id" = String, Path)), responses((status = 202, description = "Deleted, with its users", body = Value), (status = 404, description = "No such connection", body = ErrorBody), Refusals), security(("bearer" = [])))]
async fn delete_connection(
    Path(id): Path<String>,
    op: Operator<DeleteConnections>,
) -> Result<(StatusCode, Json<Value>), MgmtError> {
    let name = name_of(&id);
    let found = domain::delete_connection(op.core(), name).await?;
    op.deleted(
        found,
        no_connection,
        &format!("Delete the connection {name}"),
    )
    .await?;
    Ok((StatusCode::ACCEPTED, Json(json!({}))))
}
