//! The `settings` table: server-wide values by key (the dashboard's choices, the sealed
//! secrets it keeps).

use async_trait::async_trait;

use super::{SqlStore, bind, run, write};
use crate::domain::UnixTime;
use crate::domain::ports::{SettingStore, StoreError};

#[async_trait]
impl SettingStore for SqlStore {
    #[tracing::instrument(level = "debug", skip_all, name = "store.setting")]
    async fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        let value = sqlx::query_scalar::<_, String>("SELECT value FROM settings WHERE key = $1");
        Ok(value.bind(key).fetch_optional(&self.reader).await?)
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.put_setting")]
    async fn put_setting(&self, key: &str, value: &str, now: UnixTime) -> Result<(), StoreError> {
        let upsert = sqlx::query(
            "INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        );
        run(&self.writer, bind!(upsert; key, value, now)).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.delete_setting")]
    async fn delete_setting(&self, key: &str) -> Result<bool, StoreError> {
        let delete = sqlx::query("DELETE FROM settings WHERE key = $1").bind(key);
        Ok(write(&self.writer, delete).await? > 0)
    }
}
