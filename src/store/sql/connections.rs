//! The `connections` table: each login connection's strategy and its JSON options.

use async_trait::async_trait;

use super::{SqlStore, bind, corrupt, find, json, list, mirror_row, run};
use crate::domain::UnixTime;
use crate::domain::model::{ConnectionRecord, Strategy};
use crate::domain::ports::{ConnectionStore, StoreError};

/// Reads a strategy column back (a `mirror_row!` conversion).
pub(super) fn strategy(column: &str, s: String) -> Result<Strategy, StoreError> {
    s.parse().map_err(|_| corrupt(column, &s))
}

mirror_row!(ConnectionRow => ConnectionRecord {
    name: String; strategy: String => strategy, options: String => json
});

#[async_trait]
impl ConnectionStore for SqlStore {
    #[tracing::instrument(level = "debug", skip_all, name = "store.upsert_connection")]
    async fn upsert_connection(
        &self,
        c: &ConnectionRecord,
        now: UnixTime,
    ) -> Result<(), StoreError> {
        let upsert = sqlx::query(
            "INSERT INTO connections (name, strategy, options, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
             ON CONFLICT (name) DO UPDATE SET strategy = excluded.strategy, options = excluded.options, updated_at = excluded.updated_at",
        );
        let upsert = bind!(upsert; &c.name, c.strategy.as_str(), c.options.to_string(), now);
        run(&self.writer, upsert).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.delete_connection")]
    async fn delete_connection(&self, name: &str) -> Result<bool, StoreError> {
        self.delete_with_dependents(
            name,
            &[
                "DELETE FROM device_credentials WHERE user_id IN (SELECT user_id FROM users WHERE connection = $1)",
                "DELETE FROM passkeys WHERE user_id IN (SELECT user_id FROM users WHERE connection = $1)",
                "DELETE FROM refresh_tokens WHERE user_id IN (SELECT user_id FROM users WHERE connection = $1)",
                "DELETE FROM sessions WHERE user_id IN (SELECT user_id FROM users WHERE connection = $1)",
                "DELETE FROM authorization_codes WHERE user_id IN (SELECT user_id FROM users WHERE connection = $1)",
                "DELETE FROM webauthn_ceremonies WHERE user_id IN (SELECT user_id FROM users WHERE connection = $1)",
                "DELETE FROM user_roles WHERE user_id IN (SELECT user_id FROM users WHERE connection = $1)",
                "DELETE FROM user_permissions WHERE user_id IN (SELECT user_id FROM users WHERE connection = $1)",
                "DELETE FROM otp_codes WHERE connection = $1",
                "DELETE FROM users WHERE connection = $1",
            ],
            "DELETE FROM connections WHERE name = $1",
        )
        .await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.connection")]
    async fn connection(&self, name: &str) -> Result<Option<ConnectionRecord>, StoreError> {
        let sql = "SELECT name, strategy, options FROM connections WHERE name = $1";
        let by_name = sqlx::query_as::<_, ConnectionRow>(sql).bind(name);
        find(&self.reader, by_name).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.connections")]
    async fn connections(&self) -> Result<Vec<ConnectionRecord>, StoreError> {
        let all = "SELECT name, strategy, options FROM connections ORDER BY name";
        list(&self.reader, sqlx::query_as::<_, ConnectionRow>(all)).await
    }
}
