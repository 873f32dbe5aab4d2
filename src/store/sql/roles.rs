//! The `roles`, `role_permissions`, `user_roles` and `user_permissions` tables: roles with
//! the API scopes they give, who holds them, and the scopes users hold directly. A change
//! naming several rows checks that each exists and writes them in one transaction.

use async_trait::async_trait;
use sqlx::{Any, AnyConnection, AnyPool, Encode, Type};

use super::{Row, SqlStore, bind, find, list, mirror_row, run, write};
use crate::domain::UnixTime;
use crate::domain::model::{
    HeldPermission, Holder, Permission, Role, RoleChange, RoleMember, Slice,
};
use crate::domain::ports::{RoleStore, StoreError};

mirror_row!(RoleRow => Role { id: String, name: String, description: String });

mirror_row!(PermissionRow => Permission {
    resource_server_identifier: String, permission_name: String
});

/// A role's holder as read: enough of the user for Auth0's `RoleUser`.
#[derive(sqlx::FromRow)]
struct MemberRow {
    user_id: String,
    name: String,
    strategy: String,
    recipient: String,
    profile: String,
}

impl Row for MemberRow {
    type Record = RoleMember;
    fn into_record(self) -> Result<RoleMember, StoreError> {
        let picture = serde_json::from_str::<serde_json::Value>(&self.profile)
            .ok()
            .and_then(|p| p.get("picture")?.as_str().map(str::to_string));
        Ok(RoleMember {
            user_id: self.user_id,
            name: self.name,
            email: (self.strategy == "email").then_some(self.recipient),
            picture,
        })
    }
}

/// A permission a user holds, with the role that gives it (empty for a direct one).
#[derive(sqlx::FromRow)]
struct HeldRow {
    resource_server_identifier: String,
    permission_name: String,
    role_id: String,
    role_name: String,
}

/// A page of what `page` finds for `key` (its `$1`; the slice's limit and offset are `$2`
/// and `$3`), and how many rows `count` counts for `key` in all.
async fn page_of<'k, R: Row>(
    reader: &AnyPool,
    page: &'static str,
    count: &'static str,
    key: impl Encode<'k, Any> + Type<Any> + Copy + Send + 'k,
    slice: Slice,
) -> Result<(Vec<R::Record>, i64), StoreError> {
    let page = sqlx::query_as::<_, R>(page);
    let rows = list(reader, bind!(page; key, slice.limit, slice.offset)).await?;
    let (total,): (i64,) = sqlx::query_as(count).bind(key).fetch_one(reader).await?;
    Ok((rows, total))
}

async fn exists(
    conn: &mut AnyConnection,
    sql: &'static str,
    key: &str,
) -> Result<bool, StoreError> {
    let found: Option<(i64,)> = sqlx::query_as(sql).bind(key).fetch_optional(conn).await?;
    Ok(found.is_some())
}

const ROLE_EXISTS: &str = "SELECT CAST(1 AS BIGINT) FROM roles WHERE id = $1";
const USER_EXISTS: &str = "SELECT CAST(1 AS BIGINT) FROM users WHERE user_id = $1";

/// Adding and removing one directly held permission, for roles and for users.
const ROLE_PERMISSION: [&str; 2] = [
    "INSERT INTO role_permissions (role_id, resource_server_identifier, permission_name)
     VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    "DELETE FROM role_permissions WHERE role_id = $1 AND resource_server_identifier = $2 AND permission_name = $3",
];
const USER_PERMISSION: [&str; 2] = [
    "INSERT INTO user_permissions (user_id, resource_server_identifier, permission_name)
     VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    "DELETE FROM user_permissions WHERE user_id = $1 AND resource_server_identifier = $2 AND permission_name = $3",
];

/// Whether another role than `id` is named `name`.
async fn name_taken(conn: &mut AnyConnection, name: &str, id: &str) -> Result<bool, StoreError> {
    let found: Option<(String,)> = sqlx::query_as("SELECT id FROM roles WHERE name = $1")
        .bind(name)
        .fetch_optional(conn)
        .await?;
    Ok(found.is_some_and(|(other,)| other != id))
}

#[async_trait]
impl RoleStore for SqlStore {
    #[tracing::instrument(level = "debug", skip_all, name = "store.roles")]
    async fn roles(
        &self,
        name_filter: Option<&str>,
        slice: Slice,
    ) -> Result<(Vec<Role>, i64), StoreError> {
        let pattern = name_filter.map(|f| {
            let escaped = f
                .to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            format!("%{escaped}%")
        });
        page_of::<RoleRow>(
            &self.reader,
            "SELECT id, name, description FROM roles
             WHERE ($1 IS NULL OR LOWER(name) LIKE $1 ESCAPE '\\') ORDER BY name, id LIMIT $2 OFFSET $3",
            "SELECT COUNT(*) FROM roles WHERE ($1 IS NULL OR LOWER(name) LIKE $1 ESCAPE '\\')",
            &pattern,
            slice,
        )
        .await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.role")]
    async fn role(&self, id: &str) -> Result<Option<Role>, StoreError> {
        let one =
            sqlx::query_as::<_, RoleRow>("SELECT id, name, description FROM roles WHERE id = $1");
        find(&self.reader, one.bind(id)).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.insert_role")]
    async fn insert_role(&self, role: &Role, now: UnixTime) -> Result<RoleChange, StoreError> {
        let insert = sqlx::query(
            "INSERT INTO roles (id, name, description, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        );
        let inserted = write(
            &self.writer,
            bind!(insert; &role.id, &role.name, &role.description, now),
        )
        .await?;
        Ok(if inserted == 1 {
            RoleChange::Done
        } else {
            RoleChange::NameTaken
        })
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.update_role")]
    async fn update_role(&self, role: &Role) -> Result<RoleChange, StoreError> {
        let mut tx = self.writer.begin().await?;
        if !exists(&mut tx, ROLE_EXISTS, &role.id).await? {
            return Ok(RoleChange::Missing);
        }
        if name_taken(&mut tx, &role.name, &role.id).await? {
            return Ok(RoleChange::NameTaken);
        }
        let update = sqlx::query("UPDATE roles SET name = $1, description = $2 WHERE id = $3");
        run(
            &mut *tx,
            bind!(update; &role.name, &role.description, &role.id),
        )
        .await?;
        tx.commit().await?;
        Ok(RoleChange::Done)
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.delete_role")]
    async fn delete_role(&self, id: &str) -> Result<bool, StoreError> {
        self.delete_with_dependents(
            id,
            &[
                "DELETE FROM role_permissions WHERE role_id = $1",
                "DELETE FROM user_roles WHERE role_id = $1",
            ],
            "DELETE FROM roles WHERE id = $1",
        )
        .await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.role_permissions")]
    async fn role_permissions(&self, id: &str) -> Result<Vec<Permission>, StoreError> {
        let held = sqlx::query_as::<_, PermissionRow>(
            "SELECT resource_server_identifier, permission_name FROM role_permissions
             WHERE role_id = $1 ORDER BY resource_server_identifier, permission_name",
        );
        list(&self.reader, held.bind(id)).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.role_members")]
    async fn role_members(
        &self,
        id: &str,
        slice: Slice,
    ) -> Result<(Vec<RoleMember>, i64), StoreError> {
        page_of::<MemberRow>(
            &self.reader,
            "SELECT u.user_id, u.name, u.strategy, u.recipient, u.profile FROM user_roles ur
               JOIN users u ON u.user_id = ur.user_id
             WHERE ur.role_id = $1 ORDER BY u.user_id LIMIT $2 OFFSET $3",
            "SELECT COUNT(*) FROM user_roles ur JOIN users u ON u.user_id = ur.user_id WHERE ur.role_id = $1",
            id,
            slice,
        )
        .await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.user_roles")]
    async fn user_roles(
        &self,
        user_id: &str,
        slice: Slice,
    ) -> Result<(Vec<Role>, i64), StoreError> {
        page_of::<RoleRow>(
            &self.reader,
            "SELECT r.id, r.name, r.description FROM user_roles ur JOIN roles r ON r.id = ur.role_id
             WHERE ur.user_id = $1 ORDER BY r.name, r.id LIMIT $2 OFFSET $3",
            "SELECT COUNT(*) FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = $1",
            user_id,
            slice,
        )
        .await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.user_permissions")]
    async fn user_permissions(&self, user_id: &str) -> Result<Vec<HeldPermission>, StoreError> {
        let held: Vec<HeldRow> = sqlx::query_as(
            "SELECT resource_server_identifier, permission_name, '' AS role_id, '' AS role_name
               FROM user_permissions WHERE user_id = $1
             UNION ALL
             SELECT rp.resource_server_identifier, rp.permission_name, r.id AS role_id, r.name AS role_name
               FROM user_roles ur JOIN roles r ON r.id = ur.role_id
               JOIN role_permissions rp ON rp.role_id = ur.role_id
             WHERE ur.user_id = $1
             ORDER BY 1, 2, 3",
        )
        .bind(user_id)
        .fetch_all(&self.reader)
        .await?;
        Ok(held
            .into_iter()
            .map(|h| HeldPermission {
                permission: Permission {
                    resource_server_identifier: h.resource_server_identifier,
                    permission_name: h.permission_name,
                },
                role: (!h.role_id.is_empty()).then_some((h.role_id, h.role_name)),
            })
            .collect())
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.change_permissions")]
    async fn change_permissions(
        &self,
        holder: Holder<'_>,
        permissions: &[Permission],
        add: bool,
    ) -> Result<RoleChange, StoreError> {
        let (exists_sql, id, [insert, delete]) = match holder {
            Holder::Role(id) => (ROLE_EXISTS, id, ROLE_PERMISSION),
            Holder::User(id) => (USER_EXISTS, id, USER_PERMISSION),
        };
        let mut tx = self.writer.begin().await?;
        if !exists(&mut tx, exists_sql, id).await? {
            return Ok(RoleChange::Missing);
        }
        let sql = if add { insert } else { delete };
        for p in permissions {
            let q = bind!(sqlx::query(sql); id, &p.resource_server_identifier, &p.permission_name);
            run(&mut *tx, q).await?;
        }
        tx.commit().await?;
        Ok(RoleChange::Done)
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.change_members")]
    async fn change_members(
        &self,
        holder: Holder<'_>,
        others: &[String],
        add: bool,
        now: UnixTime,
    ) -> Result<RoleChange, StoreError> {
        let (holder_exists, id, other_exists) = match holder {
            Holder::Role(id) => (ROLE_EXISTS, id, USER_EXISTS),
            Holder::User(id) => (USER_EXISTS, id, ROLE_EXISTS),
        };
        let mut tx = self.writer.begin().await?;
        if !exists(&mut tx, holder_exists, id).await? {
            return Ok(RoleChange::Missing);
        }
        for other in others {
            if !exists(&mut tx, other_exists, other).await? {
                return Ok(RoleChange::Unknown(other.clone()));
            }
            let (user_id, role_id) = match holder {
                Holder::Role(_) => (other.as_str(), id),
                Holder::User(_) => (id, other.as_str()),
            };
            let q = if add {
                let insert = sqlx::query(
                    "INSERT INTO user_roles (user_id, role_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                );
                bind!(insert; user_id, role_id, now)
            } else {
                let delete =
                    sqlx::query("DELETE FROM user_roles WHERE user_id = $1 AND role_id = $2");
                bind!(delete; user_id, role_id)
            };
            run(&mut *tx, q).await?;
        }
        tx.commit().await?;
        Ok(RoleChange::Done)
    }
}
