//! The `settings` table: server-wide values by key (the dashboard's choices, the sealed
//! secrets it keeps).

use async_trait::async_trait;

use super::{Backend, SqlStore, bind, run, write};
use crate::domain::UnixTime;
use crate::domain::ports::{SettingEditRule, SettingStore, StoreError};

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

    #[tracing::instrument(level = "debug", skip_all, name = "store.edit_setting")]
    async fn edit_setting(
        &self,
        key: &str,
        initial: &str,
        edit: SettingEditRule<'_>,
        now: UnixTime,
    ) -> Result<Result<String, String>, StoreError> {
        let mut tx = self.writer.begin().await?;
        // The row exists before it is read, so PostgreSQL's row lock serialises even the
        // first two edits (SQLite has a single writer connection).
        let seed = sqlx::query(
            "INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING",
        );
        run(&mut *tx, bind!(seed; key, initial, now)).await?;
        let read = if self.backend == Backend::Postgres {
            "SELECT value FROM settings WHERE key = $1 FOR UPDATE"
        } else {
            "SELECT value FROM settings WHERE key = $1"
        };
        let stored = sqlx::query_scalar::<_, String>(read)
            .bind(key)
            .fetch_one(&mut *tx)
            .await?;
        let value = match edit(&stored) {
            Ok(value) => value,
            Err(why) => {
                tx.rollback().await?;
                return Ok(Err(why));
            }
        };
        let update = sqlx::query("UPDATE settings SET value = $1, updated_at = $2 WHERE key = $3");
        run(&mut *tx, bind!(update; &value, now, key)).await?;
        tx.commit().await?;
        Ok(Ok(value))
    }
}
