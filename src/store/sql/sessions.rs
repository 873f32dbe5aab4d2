//! The `sessions` table: hosted-login sessions, by the hash of their cookie.

use async_trait::async_trait;

use super::{SqlStore, bind, find, mirror_row, run, write};
use crate::domain::model::SessionRecord;
use crate::domain::ports::{SessionStore, StoreError};

mirror_row!(SessionRow => SessionRecord {
    id_hash: Vec<u8>, user_id: String, created_at: i64, expires_at: i64
});

#[async_trait]
impl SessionStore for SqlStore {
    #[tracing::instrument(level = "debug", skip_all, name = "store.create_session")]
    async fn create_session(&self, s: &SessionRecord) -> Result<(), StoreError> {
        let insert = "INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)";
        let insert = bind!(sqlx::query(insert); &s.id_hash, &s.user_id, s.created_at, s.expires_at);
        run(&self.writer, insert).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.session")]
    async fn session(&self, id_hash: &[u8]) -> Result<Option<SessionRecord>, StoreError> {
        let sql =
            "SELECT id_hash, user_id, created_at, expires_at FROM sessions WHERE id_hash = $1";
        find(
            &self.reader,
            sqlx::query_as::<_, SessionRow>(sql).bind(id_hash),
        )
        .await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.delete_session")]
    async fn delete_session(&self, id_hash: &[u8]) -> Result<bool, StoreError> {
        let delete = sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(id_hash);
        Ok(write(&self.writer, delete).await? == 1)
    }
}
