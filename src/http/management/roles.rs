//! `/api/v2/roles` (roles, their permissions and users) and `/api/v2/users/{id}/roles` and
//! `/permissions` (a user's roles and direct permissions), for operators, in Auth0's shapes:
//! a permission is `{resource_server_identifier, permission_name}`.

use axum::Json;
use axum::extract::{Path, RawQuery};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::{
    AddRoleMembers, AssignUserRoles, CreateRoles, DeleteRoles, Listing, Operator, ReadRoleMembers,
    ReadRoles, ReadUsers, RemoveUserRoles, UpdateRoles, UpdateUsers,
};
use super::error::{ErrorBody, MgmtError, Refusals};
use super::input::Body;
use super::paging::{Paging, checkpoint_answer, list_answer};
use crate::domain::core::Core;
use crate::domain::management::roles::{self as domain, RoleRefusal};
use crate::domain::model::{self, HeldPermission, Holder, Permission};
use crate::http::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_roles, create_role))
        .routes(routes!(get_role, update_role, delete_role))
        .routes(routes!(
            list_role_permissions,
            add_role_permissions,
            remove_role_permissions
        ))
        .routes(routes!(list_role_users, add_role_users))
        .routes(routes!(list_user_roles, add_user_roles, remove_user_roles))
        .routes(routes!(
            list_user_permissions,
            add_user_permissions,
            remove_user_permissions
        ))
}

/// A role.
#[derive(Serialize, ToSchema)]
pub struct Role {
    pub id: String,
    pub name: String,
    pub description: String,
}

impl From<model::Role> for Role {
    fn from(r: model::Role) -> Self {
        Self {
            id: r.id,
            name: r.name,
            description: r.description,
        }
    }
}

list_answer!(RoleList, RolePage, Role, roles);

/// A permission as listed: the API's scope, with its description and the API's name.
#[derive(Clone, Serialize, ToSchema)]
pub struct PermissionView {
    pub resource_server_identifier: String,
    pub permission_name: String,
    pub resource_server_name: String,
    pub description: String,
    /// A user's permissions only: `[{source_id, source_name, source_type: DIRECT | ROLE}]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sources: Option<Vec<Source>>,
}

/// Where a user's permission comes from.
#[derive(Clone, Serialize, ToSchema)]
pub struct Source {
    pub source_id: String,
    pub source_name: String,
    /// `DIRECT` or `ROLE`.
    pub source_type: &'static str,
}

list_answer!(PermissionList, PermissionPage, PermissionView, permissions);

/// A user holding a role.
#[derive(Serialize, ToSchema)]
pub struct RoleUser {
    pub user_id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub picture: Option<String>,
}

list_answer!(RoleUserList, RoleUserPage, RoleUser, users);

/// `POST /roles` and `PATCH /roles/{id}`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleBody {
    /// Required on creation; unique.
    pub name: Option<String>,
    pub description: Option<String>,
}

/// `{"permissions": [{resource_server_identifier, permission_name}]}`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PermissionsBody {
    pub permissions: Vec<PermissionRequest>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PermissionRequest {
    pub resource_server_identifier: String,
    pub permission_name: String,
}

/// `{"users": ["sms|…"]}`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UsersBody {
    pub users: Vec<String>,
}

/// `{"roles": ["rol_…"]}`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RolesBody {
    pub roles: Vec<String>,
}

fn permissions(body: Body) -> Result<Vec<Permission>, MgmtError> {
    Ok(body
        .read::<PermissionsBody>()?
        .permissions
        .into_iter()
        .map(|p| Permission {
            resource_server_identifier: p.resource_server_identifier,
            permission_name: p.permission_name,
        })
        .collect())
}

/// `{"users": [...]}`'s ids.
fn users_of(body: Body) -> Result<Vec<String>, MgmtError> {
    Ok(body.read::<UsersBody>()?.users)
}

/// `{"roles": [...]}`'s ids.
fn roles_of(body: Body) -> Result<Vec<String>, MgmtError> {
    Ok(body.read::<RolesBody>()?.roles)
}

fn no_role() -> MgmtError {
    MgmtError::not_found("inexistent_role", "role")
}

fn no_user() -> MgmtError {
    MgmtError::new(
        StatusCode::NOT_FOUND,
        "inexistent_user",
        "The user does not exist.",
    )
}

/// A refusal in the API's words: `missing` for the path's record, a 404 naming what in
/// the body is unknown, or the domain's.
fn refused(missing: fn() -> MgmtError, what: &str) -> impl Fn(RoleRefusal) -> MgmtError + '_ {
    move |r| match r {
        RoleRefusal::Missing => missing(),
        RoleRefusal::Unknown(id) => MgmtError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("The {what} {id} does not exist"),
        ),
        RoleRefusal::Domain(e) => e.into(),
    }
}

/// The refusals of a change about `holder`: its own 404, or a 404 naming what in the body
/// (a role's users, a user's roles) does not exist.
fn refused_for(holder: Holder<'_>) -> impl Fn(RoleRefusal) -> MgmtError {
    match holder {
        Holder::Role(_) => refused(no_role, "user"),
        Holder::User(_) => refused(no_user, "role"),
    }
}

/// Waits for a change about `holder` and, once made, records it as `what`.
async fn settle<S>(
    op: &Operator<S>,
    holder: Holder<'_>,
    change: impl std::future::Future<Output = Result<(), RoleRefusal>>,
    what: &str,
) -> Result<(), MgmtError> {
    change.await.map_err(refused_for(holder))?;
    op.changed(what).await;
    Ok(())
}

/// Declares the handlers that change what a role or a user holds: each takes the path's
/// holder and the body's list, makes the domain's change (adding or not), records it as
/// `$what` and answers `$answer`; the endpoints differ only in these.
macro_rules! holding_changes {
    ($($(#[$m:meta])* $name:ident($id:ident, $scopes:ty) -> $out:ty {
        $holder:ident, $list:path, $change:path, $add:literal, $what:literal => $answer:expr
    })+) => {
        $(
            $(#[$m])*
            async fn $name(
                Path($id): Path<String>,
                op: Operator<$scopes>,
                body: Body,
            ) -> Result<$out, MgmtError> {
                let holder = Holder::$holder(&$id);
                let list = $list(body)?;
                let change = $change(op.core(), holder, &list, $add);
                settle(&op, holder, change, $what).await?;
                Ok($answer)
            }
        )+
    };
}

/// The query string's `name` value, if any.
fn query_value(query: Option<&str>, name: &str) -> Result<Option<String>, MgmtError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query.unwrap_or(""))
        .map_err(|e| MgmtError::bad_query(e.to_string()))?;
    Ok(pairs.into_iter().find(|(k, _)| k == name).map(|(_, v)| v))
}

/// Permissions as listed, with their API's name and the scope's description.
async fn views(
    core: &Core,
    held: Vec<HeldPermission>,
    sources: bool,
) -> Result<Vec<PermissionView>, MgmtError> {
    let apis = core.store.resource_servers().await?;
    let mut out: Vec<PermissionView> = Vec::new();
    for h in held {
        let api = apis
            .iter()
            .find(|a| a.identifier == h.permission.resource_server_identifier);
        let source = match h.role {
            None => Source {
                source_id: String::new(),
                source_name: String::new(),
                source_type: "DIRECT",
            },
            Some((id, name)) => Source {
                source_id: id,
                source_name: name,
                source_type: "ROLE",
            },
        };
        // One item per permission, its sources together (as Auth0 lists them).
        if let Some(seen) = out.iter_mut().find(|v| {
            v.resource_server_identifier == h.permission.resource_server_identifier
                && v.permission_name == h.permission.permission_name
        }) {
            if let Some(s) = seen.sources.as_mut() {
                s.push(source);
            }
            continue;
        }
        out.push(PermissionView {
            resource_server_name: api.map(|a| a.name.clone()).unwrap_or_default(),
            description: api
                .and_then(|a| {
                    a.scopes
                        .iter()
                        .find(|s| s.value == h.permission.permission_name)
                })
                .map(|s| s.description.clone())
                .unwrap_or_default(),
            resource_server_identifier: h.permission.resource_server_identifier,
            permission_name: h.permission.permission_name,
            sources: sources.then(|| vec![source]),
        });
    }
    Ok(out)
}

#[utoipa::path(get, path = "/api/v2/roles", tag = "roles", params(Paging, ("name_filter" = Option<String>, Query, description = "Only the roles whose name contains this, any case")), responses((status = 200, description = "Roles", body = RoleList), Refusals), security(("bearer" = [])))]
async fn list_roles(
    Listing { paging, op }: Listing<ReadRoles>,
    RawQuery(query): RawQuery,
) -> Result<Json<RoleList>, MgmtError> {
    let filter = query_value(query.as_deref(), "name_filter")?.filter(|f| !f.is_empty());
    let (roles, total) = op
        .core()
        .store
        .roles(filter.as_deref(), paging.slice()?)
        .await?;
    paging.answer(roles.into_iter().map(Role::from).collect(), total)
}

#[utoipa::path(post, path = "/api/v2/roles", tag = "roles", request_body = RoleBody, responses((status = 200, description = "The role", body = Role), (status = 409, description = "The name is taken", body = ErrorBody), Refusals), security(("bearer" = [])))]
async fn create_role(op: Operator<CreateRoles>, body: Body) -> Result<Json<Role>, MgmtError> {
    let body: RoleBody = body.read()?;
    let name = body.name.ok_or_else(|| {
        MgmtError::bad_body("Payload validation error: Missing required property: name")
    })?;
    let role = domain::create(op.core(), name, body.description.unwrap_or_default()).await?;
    op.changed("Create a role").await;
    Ok(Json(role.into()))
}

#[utoipa::path(get, path = "/api/v2/roles/{id}", tag = "roles", params(("id" = String, Path)), responses((status = 200, description = "The role", body = Role), (status = 404, description = "No such role", body = ErrorBody), Refusals), security(("bearer" = [])))]
async fn get_role(
    Path(id): Path<String>,
    op: Operator<ReadRoles>,
) -> Result<Json<Role>, MgmtError> {
    let role = op.core().store.role(&id).await?.ok_or_else(no_role)?;
    Ok(Json(role.into()))
}

#[utoipa::path(patch, path = "/api/v2/roles/{id}", tag = "roles", params(("id" = String, Path)), request_body = RoleBody, responses((status = 200, description = "The role", body = Role), (status = 404, description = "No such role", body = ErrorBody), (status = 409, description = "The name is taken", body = ErrorBody), Refusals), security(("bearer" = [])))]
async fn update_role(
    Path(id): Path<String>,
    op: Operator<UpdateRoles>,
    body: Body,
) -> Result<Json<Role>, MgmtError> {
    let body: RoleBody = body.read()?;
    let role = domain::update(op.core(), &id, body.name, body.description)
        .await
        .map_err(refused(no_role, "role"))?;
    op.changed("Update a role").await;
    Ok(Json(role.into()))
}

#[utoipa::path(delete, path = "/api/v2/roles/{id}", tag = "roles", params(("id" = String, Path)), responses((status = 200, description = "Deleted, with its permissions and memberships: `{}`", body = Object), (status = 404, description = "No such role", body = ErrorBody), Refusals), security(("bearer" = [])))]
async fn delete_role(
    Path(id): Path<String>,
    op: Operator<DeleteRoles>,
) -> Result<Json<Value>, MgmtError> {
    let found = op.core().store.delete_role(&id).await?;
    op.deleted(found, no_role, "Delete a role").await?;
    Ok(Json(json!({})))
}

#[utoipa::path(get, path = "/api/v2/roles/{id}/permissions", tag = "roles", params(("id" = String, Path), Paging), responses((status = 200, description = "The role's permissions", body = PermissionList), (status = 404, description = "No such role", body = ErrorBody), Refusals), security(("bearer" = [])))]
async fn list_role_permissions(
    Path(id): Path<String>,
    Listing { paging, op }: Listing<ReadRoles>,
) -> Result<Json<PermissionList>, MgmtError> {
    let store = &op.core().store;
    store.role(&id).await?.ok_or_else(no_role)?;
    let held = store
        .role_permissions(&id)
        .await?
        .into_iter()
        .map(|permission| HeldPermission {
            permission,
            role: None,
        })
        .collect();
    paging.answer_slice(&views(op.core(), held, false).await?, PermissionView::clone)
}

checkpoint_answer!(RoleUsers, RoleUserList, RoleUserCheckpoint, RoleUser, users);

fn role_user(m: model::RoleMember) -> RoleUser {
    RoleUser {
        user_id: m.user_id,
        name: m.name,
        email: m.email,
        picture: m.picture,
    }
}

#[utoipa::path(get, path = "/api/v2/roles/{id}/users", tag = "roles", params(("id" = String, Path), Paging, ("take" = Option<i64>, Query, description = "Checkpoint paging: 1 to 100 users"), ("from" = Option<String>, Query, description = "Checkpoint paging: the `next` of the answer before")), responses((status = 200, description = "The role's users", body = RoleUsers), (status = 404, description = "No such role", body = ErrorBody), Refusals), security(("bearer" = [])))]
async fn list_role_users(
    Path(id): Path<String>,
    Listing { paging, op }: Listing<ReadRoleMembers>,
) -> Result<Json<RoleUsers>, MgmtError> {
    let store = &op.core().store;
    store.role(&id).await?.ok_or_else(no_role)?;
    let Some(take) = paging.checkpoint()? else {
        let (members, total) = store.role_members(&id, paging.slice()?).await?;
        let Json(list) = paging.answer(members.into_iter().map(role_user).collect(), total)?;
        return Ok(Json(RoleUsers::Listed(list)));
    };
    // A role's users page by offset: `next` is where the next page starts.
    let from: i64 = match paging.from.as_deref().filter(|f| !f.is_empty()) {
        Some(f) => f.parse().ok().filter(|f| *f >= 0).ok_or_else(|| {
            MgmtError::bad_query("from must be the next value of the page before")
        })?,
        None => 0,
    };
    let slice = model::Slice {
        offset: from,
        limit: take,
    };
    let (members, total) = store.role_members(&id, slice).await?;
    let end = from.saturating_add(members.len() as i64);
    let users = members.into_iter().map(role_user).collect();
    Ok(Json(RoleUsers::checkpoint((
        users,
        (end < total).then(|| end.to_string()),
    ))))
}

#[utoipa::path(get, path = "/api/v2/users/{user_id}/roles", tag = "users", params(("user_id" = String, Path), Paging), responses((status = 200, description = "The user's roles", body = RoleList), (status = 404, description = "No such user", body = ErrorBody), Refusals), security(("bearer" = [])))]
async fn list_user_roles(
    Path(user_id): Path<String>,
    Listing { paging, op }: Listing<ReadRoleMembers>,
) -> Result<Json<RoleList>, MgmtError> {
    let store = &op.core().store;
    store.user(&user_id).await?.ok_or_else(no_user)?;
    let (roles, total) = store.user_roles(&user_id, paging.slice()?).await?;
    paging.answer(roles.into_iter().map(Role::from).collect(), total)
}

#[utoipa::path(get, path = "/api/v2/users/{user_id}/permissions", tag = "users", params(("user_id" = String, Path), Paging), responses((status = 200, description = "What the user holds, directly and through roles, with its sources", body = PermissionList), (status = 404, description = "No such user", body = ErrorBody), Refusals), security(("bearer" = [])))]
async fn list_user_permissions(
    Path(user_id): Path<String>,
    Listing { paging, op }: Listing<ReadUsers>,
) -> Result<Json<PermissionList>, MgmtError> {
    let store = &op.core().store;
    store.user(&user_id).await?.ok_or_else(no_user)?;
    let held = store.user_permissions(&user_id).await?;
    paging.answer_slice(&views(op.core(), held, true).await?, PermissionView::clone)
}

holding_changes! {
    #[utoipa::path(post, path = "/api/v2/roles/{id}/permissions", tag = "roles", params(("id" = String, Path)), request_body = PermissionsBody, responses((status = 201, description = "Added: `{}`", body = Object), (status = 404, description = "No such role", body = ErrorBody), Refusals), security(("bearer" = [])))]
    add_role_permissions(id, UpdateRoles) -> (StatusCode, Json<Value>) {
        Role, permissions, domain::change_permissions, true, "Add permissions to a role" => (StatusCode::CREATED, Json(json!({})))
    }

    #[utoipa::path(delete, path = "/api/v2/roles/{id}/permissions", tag = "roles", params(("id" = String, Path)), request_body = PermissionsBody, responses((status = 204, description = "Removed"), (status = 404, description = "No such role", body = ErrorBody), Refusals), security(("bearer" = [])))]
    remove_role_permissions(id, UpdateRoles) -> StatusCode {
        Role, permissions, domain::change_permissions, false, "Remove permissions from a role" => StatusCode::NO_CONTENT
    }

    #[utoipa::path(post, path = "/api/v2/roles/{id}/users", tag = "roles", params(("id" = String, Path)), request_body = UsersBody, responses((status = 200, description = "Assigned: `{}`", body = Object), (status = 404, description = "No such role or user", body = ErrorBody), Refusals), security(("bearer" = [])))]
    add_role_users(id, AddRoleMembers) -> Json<Value> {
        Role, users_of, domain::change_members, true, "Assign users to a role" => Json(json!({}))
    }

    #[utoipa::path(post, path = "/api/v2/users/{user_id}/roles", tag = "users", params(("user_id" = String, Path)), request_body = RolesBody, responses((status = 204, description = "Assigned"), (status = 404, description = "No such user or role", body = ErrorBody), Refusals), security(("bearer" = [])))]
    add_user_roles(user_id, AssignUserRoles) -> StatusCode {
        User, roles_of, domain::change_members, true, "Assign roles to a user" => StatusCode::NO_CONTENT
    }

    #[utoipa::path(delete, path = "/api/v2/users/{user_id}/roles", tag = "users", params(("user_id" = String, Path)), request_body = RolesBody, responses((status = 204, description = "Removed"), (status = 404, description = "No such user or role", body = ErrorBody), Refusals), security(("bearer" = [])))]
    remove_user_roles(user_id, RemoveUserRoles) -> StatusCode {
        User, roles_of, domain::change_members, false, "Remove roles from a user" => StatusCode::NO_CONTENT
    }

    #[utoipa::path(post, path = "/api/v2/users/{user_id}/permissions", tag = "users", params(("user_id" = String, Path)), request_body = PermissionsBody, responses((status = 201, description = "Added: `{}`", body = Object), (status = 404, description = "No such user", body = ErrorBody), Refusals), security(("bearer" = [])))]
    add_user_permissions(user_id, UpdateUsers) -> (StatusCode, Json<Value>) {
        User, permissions, domain::change_permissions, true, "Assign permissions to a user" => (StatusCode::CREATED, Json(json!({})))
    }

    #[utoipa::path(delete, path = "/api/v2/users/{user_id}/permissions", tag = "users", params(("user_id" = String, Path)), request_body = PermissionsBody, responses((status = 204, description = "Removed"), (status = 404, description = "No such user", body = ErrorBody), Refusals), security(("bearer" = [])))]
    remove_user_permissions(user_id, UpdateUsers) -> StatusCode {
        User, permissions, domain::change_permissions, false, "Remove permissions from a user" => StatusCode::NO_CONTENT
    }
}
