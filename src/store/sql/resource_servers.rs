//! The `resource_servers` table: APIs with their scopes and token settings as JSON, and the
//! read of what a user holds on one (`user_permissions` and, through `user_roles`,
//! `role_permissions`).

use async_trait::async_trait;

use super::{SqlStore, bind, find, json, list, mirror_row, run, to_json, write};
use crate::domain::UnixTime;
use crate::domain::model::ResourceServer;
use crate::domain::ports::{ResourceServerStore, StoreError};

mirror_row!(ApiRow => ResourceServer {
    id: String, identifier: String, name: String;
    scopes: String => json, settings: String => json, is_system: i64 => never_system,
});

/// Stored APIs are never the built-in Management API.
fn never_system(_column: &str, _value: i64) -> Result<bool, StoreError> {
    Ok(false)
}

/// `SELECT` of the `ApiRow` columns, then `$rest`.
macro_rules! select_apis {
    ($rest:literal) => {
        concat!(
            "SELECT id, identifier, name, scopes, settings, CAST(0 AS BIGINT) AS is_system FROM resource_servers ",
            $rest
        )
    };
}

#[async_trait]
impl ResourceServerStore for SqlStore {
    #[tracing::instrument(level = "debug", skip_all, name = "store.resource_servers")]
    async fn resource_servers(&self) -> Result<Vec<ResourceServer>, StoreError> {
        let all = sqlx::query_as::<_, ApiRow>(select_apis!("ORDER BY created_at, id"));
        list(&self.reader, all).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.resource_server")]
    async fn resource_server(&self, key: &str) -> Result<Option<ResourceServer>, StoreError> {
        // An identifier wins over an id that happens to be spelled the same.
        let one = sqlx::query_as::<_, ApiRow>(select_apis!(
            "WHERE identifier = $1 OR id = $1 ORDER BY CASE WHEN identifier = $1 THEN 0 ELSE 1 END LIMIT 1"
        ));
        find(&self.reader, one.bind(key)).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.insert_resource_server")]
    async fn insert_resource_server(
        &self,
        api: &ResourceServer,
        now: UnixTime,
    ) -> Result<bool, StoreError> {
        let insert = sqlx::query(
            "INSERT INTO resource_servers (id, identifier, name, scopes, settings, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT DO NOTHING",
        );
        let insert = bind!(insert; &api.id, &api.identifier, &api.name, to_json(&api.scopes)?,
            to_json(&api.settings)?, now);
        Ok(write(&self.writer, insert).await? == 1)
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.update_resource_server")]
    async fn update_resource_server(
        &self,
        api: &ResourceServer,
        now: UnixTime,
    ) -> Result<bool, StoreError> {
        let mut tx = self.writer.begin().await?;
        let stored = find(
            &mut *tx,
            sqlx::query_as::<_, ApiRow>(select_apis!("WHERE id = $1")).bind(&api.id),
        )
        .await?;
        let Some(stored) = stored else {
            return Ok(false);
        };
        let update = sqlx::query(
            "UPDATE resource_servers SET name = $1, scopes = $2, settings = $3, updated_at = $4 WHERE id = $5",
        );
        let update = bind!(update; &api.name, to_json(&api.scopes)?, to_json(&api.settings)?,
            now, &api.id);
        run(&mut *tx, update).await?;
        // A scope the API stops defining is nobody's permission any more.
        for gone in stored.scopes.iter().filter(|s| !api.defines(&s.value)) {
            for table in [
                "DELETE FROM role_permissions WHERE resource_server_identifier = $1 AND permission_name = $2",
                "DELETE FROM user_permissions WHERE resource_server_identifier = $1 AND permission_name = $2",
            ] {
                let delete = sqlx::query(table)
                    .bind(&stored.identifier)
                    .bind(&gone.value);
                run(&mut *tx, delete).await?;
            }
        }
        tx.commit().await?;
        Ok(true)
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.delete_resource_server")]
    async fn delete_resource_server(&self, identifier: &str) -> Result<bool, StoreError> {
        self.delete_with_dependents(
            identifier,
            &[
                "DELETE FROM role_permissions WHERE resource_server_identifier = $1",
                "DELETE FROM user_permissions WHERE resource_server_identifier = $1",
                "DELETE FROM client_grants WHERE audience = $1",
            ],
            "DELETE FROM resource_servers WHERE identifier = $1",
        )
        .await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.user_api_permissions")]
    async fn user_api_permissions(
        &self,
        user_id: &str,
        identifier: &str,
    ) -> Result<Vec<String>, StoreError> {
        let held: Vec<(String,)> = sqlx::query_as(
            "SELECT permission_name FROM user_permissions WHERE user_id = $1 AND resource_server_identifier = $2
             UNION
             SELECT rp.permission_name FROM user_roles ur
               JOIN role_permissions rp ON rp.role_id = ur.role_id
             WHERE ur.user_id = $1 AND rp.resource_server_identifier = $2
             ORDER BY 1",
        )
        .bind(user_id)
        .bind(identifier)
        .fetch_all(&self.reader)
        .await?;
        Ok(held.into_iter().map(|(p,)| p).collect())
    }
}
