//! `/api/v2/users`: users, for operators; `GET /api/v2/users/{id}` also answers a user's own
//! token with their whole account (see `account`).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::{Caller, CreateUsers, DeleteUsers, Listing, Operator, ReadUsers, UpdateUsers};
use super::error::{ErrorBody, MgmtError, Refusals};
use super::fields::Fields;
use super::input::Body;
use super::paging::{Paging, list_answer};
use crate::domain::management::users::{self as domain, UserChange, UserCreate};
use crate::domain::model::{self, UserQuery, UserSort};
use crate::http::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_users, create_user))
        .routes(routes!(get_user, update_user, delete_user))
        .routes(routes!(users_by_email))
}

#[derive(Serialize, ToSchema)]
pub struct Identity {
    pub user_id: String,
    /// `sms` or `email`.
    pub provider: &'static str,
    pub connection: String,
    #[serde(rename = "isSocial")]
    pub is_social: bool,
}

#[derive(Serialize, ToSchema)]
pub struct User {
    pub user_id: String,
    pub name: String,
    /// Left out of a user's view of their own account.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(required = true, value_type = String)]
    pub nickname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub picture: Option<String>,
    /// Always present, `{}` when empty, as Auth0 shows them to operators; left out of a
    /// user's view of their own account.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Object)]
    pub app_metadata: Option<model::Metadata>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Object)]
    pub user_metadata: Option<model::Metadata>,
    pub created_at: String,
    pub updated_at: String,
    /// `null` before the first login.
    pub last_login: Option<String>,
    pub logins_count: i64,
    pub blocked: bool,
    pub identities: Vec<Identity>,
    /// Verified: a user exists once a code proved the number or address.
    #[serde(flatten)]
    pub contact: model::Contact,
}

list_answer!(UserList, UserPage, User, users);

impl User {
    /// The operator's view of a user.
    pub fn new(u: &model::User) -> Self {
        Self {
            nickname: Some(u.nickname()),
            app_metadata: Some(u.profile.app_metadata.clone()),
            user_metadata: Some(u.profile.user_metadata.clone()),
            ..Self::own(u)
        }
    }

    /// The user's view of their own profile (no nickname, as before it was asked for).
    pub fn own(u: &model::User) -> Self {
        let iso = crate::domain::iso8601;
        Self {
            user_id: u.user_id.clone(),
            name: u.name.clone(),
            nickname: None,
            given_name: u.profile.given_name.clone(),
            family_name: u.profile.family_name.clone(),
            picture: u.profile.picture.clone(),
            app_metadata: None,
            user_metadata: None,
            created_at: iso(u.created_at),
            updated_at: iso(u.updated_at),
            last_login: u.last_login.map(iso),
            logins_count: u.logins_count,
            blocked: u.blocked,
            identities: vec![Identity {
                user_id: u.identity_id().to_string(),
                provider: u.strategy.as_str(),
                connection: u.connection.clone(),
                is_social: false,
            }],
            contact: model::Contact::new(
                u.strategy.recipient_kind(),
                u.recipient.clone(),
                u.verified,
            ),
        }
    }
}

fn user_create(body: &Body) -> Result<UserCreate, MgmtError> {
    let kind = if body.0.get("email").is_some() {
        "email_verified"
    } else {
        "phone_verified"
    };
    let text = |key: &str| body.optional(key);
    Ok(UserCreate {
        connection: body.text("connection")?,
        phone_number: text("phone_number")?,
        email: text("email")?,
        user_id: text("user_id")?,
        name: text("name")?,
        profile: model::Profile {
            given_name: text("given_name")?,
            family_name: text("family_name")?,
            nickname: text("nickname")?,
            picture: text("picture")?,
            app_metadata: body.object("app_metadata")?.unwrap_or_default(),
            user_metadata: body.object("user_metadata")?.unwrap_or_default(),
        },
        verified: body.flag(kind)?.unwrap_or(false),
        blocked: body.flag("blocked")?.unwrap_or(false),
    })
}

fn no_user() -> MgmtError {
    MgmtError::not_found("inexistent_user", "user")
}

fn parse_sort(sort: Option<&str>) -> Result<UserSort, MgmtError> {
    match sort {
        None => Ok(UserSort::default()),
        Some(text) => UserSort::parse(text).ok_or_else(|| {
            MgmtError::bad_query(format!(
                "Query validation error: sort {text:?} must be created_at, updated_at, last_login or logins_count, then :1 or :-1"
            ))
        }),
    }
}

#[utoipa::path(get, path = "/api/v2/users", tag = "users", params(Paging, Fields, ("sort" = Option<String>, Query, description = "created_at, updated_at, last_login or logins_count, then :1 (ascending) or :-1"), ("q" = Option<String>, Query, description = "Auth0's search syntax: name, email, phone_number, user_id (a trailing * matches the start), identities.connection and app_metadata.<key> terms, quoted or not, joined by AND, OR or a space, in parentheses"), ("connection" = Option<String>, Query)), responses((status = 200, description = "Users", body = UserList), Refusals), security(("bearer" = [])))]
async fn list_users(
    Listing { paging, op }: Listing<ReadUsers>,
) -> Result<Json<serde_json::Value>, MgmtError> {
    let search = model::parse_user_search(paging.q.as_deref().unwrap_or(""))
        .map_err(|e| MgmtError::bad_query(format!("Query validation error: {e}")))?;
    let query = UserQuery {
        connection: paging.connection.clone(),
        search,
        sort: parse_sort(paging.sort.as_deref())?,
        slice: paging.slice()?,
        ..UserQuery::default()
    };
    let (users, total) = domain::find_users(op.core(), query).await?;
    let answer: UserList = paging
        .answer(users.iter().map(User::new).collect(), total)?
        .0;
    paging.fields().answer_list(&answer, "users")
}

#[utoipa::path(post, path = "/api/v2/users", tag = "users", request_body = UserCreate, responses((status = 201, description = "The user", body = User), (status = 409, description = "The user exists", body = ErrorBody), Refusals), security(("bearer" = [])))]
async fn create_user(
    op: Operator<CreateUsers>,
    body: Body,
) -> Result<(StatusCode, Json<User>), MgmtError> {
    let user = domain::create_user(op.core(), user_create(&body)?).await?;
    op.changed("Create a user").await;
    Ok((StatusCode::CREATED, Json(User::new(&user))))
}

/// `GET /api/v2/users-by-email`'s query.
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ByEmail {
    /// The address, in any case.
    email: String,
}

/// `GET /api/v2/users-by-email?email=…`: the users with this address, in every email
/// connection (Auth0's answer is a plain array, with no paging).
#[utoipa::path(get, path = "/api/v2/users-by-email", tag = "users", params(ByEmail, Fields), responses((status = 200, description = "The users with the address", body = Vec<User>), Refusals), security(("bearer" = [])))]
async fn users_by_email(
    op: Operator<ReadUsers>,
    super::input::MgmtQuery(q): super::input::MgmtQuery<ByEmail>,
    super::input::MgmtQuery(fields): super::input::MgmtQuery<Fields>,
) -> Result<Json<serde_json::Value>, MgmtError> {
    if !q.email.contains('@') {
        return Err(MgmtError::bad_query(
            "Query validation error: email must be an email address",
        ));
    }
    let query = UserQuery {
        recipient: Some(q.email.trim().to_string()),
        slice: model::Slice {
            limit: 100,
            offset: 0,
        },
        ..UserQuery::default()
    };
    let (users, _) = domain::find_users(op.core(), query).await?;
    fields.answer_list(&users.iter().map(User::new).collect::<Vec<_>>(), "users")
}

/// `GET /api/v2/users/{id}`: any user for an operator (`read:users`), or oneself with a
/// user-bound token (see [`super::account::own_profile`]).
#[utoipa::path(get, path = "/api/v2/users/{user_id}", tag = "users", params(("user_id" = String, Path), Fields), responses((status = 200, description = "The user", body = User), (status = 404, description = "No such user", body = ErrorBody), Refusals), security(("bearer" = [])))]
async fn get_user(
    State(state): State<AppState>,
    Path(user_id): Path<String>,
    super::input::MgmtQuery(fields): super::input::MgmtQuery<Fields>,
    who: Caller,
) -> Result<Response, MgmtError> {
    if !who.0.machine {
        return super::account::own_profile(&state, who, &user_id).await;
    }
    who.scoped::<ReadUsers>()?;
    let user = state.core.store.user(&user_id).await?.ok_or_else(no_user)?;
    Ok(fields.answer(&User::new(&user))?.into_response())
}

/// `PATCH /api/v2/users/{id}`: the profile, metadata, login and `blocked` (a blocked user
/// gets no code, and their refresh tokens and sessions stop answering).
#[utoipa::path(patch, path = "/api/v2/users/{user_id}", tag = "users", params(("user_id" = String, Path)), request_body = UserChange, responses((status = 200, description = "The user", body = User), (status = 404, description = "No such user", body = ErrorBody), Refusals), security(("bearer" = [])))]
async fn update_user(
    Path(id): Path<String>,
    op: Operator<UpdateUsers>,
    body: Body,
) -> Result<Json<User>, MgmtError> {
    let change: UserChange = body.read()?;
    let user = domain::update_user(op.core(), &id, change).await?;
    let user = op.made(user, no_user, "Update a user").await?;
    Ok(Json(User::new(&user)))
}

#[utoipa::path(delete, path = "/api/v2/users/{user_id}", tag = "users", params(("user_id" = String, Path)), responses((status = 204, description = "Deleted"), (status = 404, description = "No such user", body = ErrorBody), Refusals), security(("bearer" = [])))]
async fn delete_user(
    Path(id): Path<String>,
    op: Operator<DeleteUsers>,
) -> Result<StatusCode, MgmtError> {
    let found = op.core().store.delete_user(&id).await?;
    op.deleted(found, no_user, "Delete a user").await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_is_read_or_refused() {
        assert!(parse_sort(None).is_ok());
        assert!(parse_sort(Some("created_at:-1")).is_ok());
        let e = parse_sort(Some("name:1")).err().map(|e| e.to_string());
        assert!(e.is_some_and(|e| {
            e.starts_with("400 invalid_query_string Query validation error: sort \"name:1\"")
        }));
    }
}
