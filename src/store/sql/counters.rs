//! The `rate_counters` table: per-window hit counts behind the rate limits, shared by every
//! instance.

use async_trait::async_trait;

use super::{SqlStore, bind};
use crate::domain::UnixTime;
use crate::domain::ports::{CounterStore, StoreError};

#[async_trait]
impl CounterStore for SqlStore {
    async fn hit_counter(
        &self,
        bucket: &str,
        key: &str,
        window: UnixTime,
        expires: UnixTime,
    ) -> Result<i64, StoreError> {
        let hit = sqlx::query_scalar::<_, i64>(
            "INSERT INTO rate_counters (bucket, key, window_start, expires_at, count) VALUES ($1, $2, $3, $4, 1)
             ON CONFLICT (bucket, key, window_start) DO UPDATE SET count = rate_counters.count + 1
             RETURNING count",
        );
        Ok(bind!(hit; bucket, key, window, expires)
            .fetch_one(&self.writer)
            .await?)
    }

    async fn counter(&self, bucket: &str, key: &str, window: UnixTime) -> Result<i64, StoreError> {
        let count = sqlx::query_scalar::<_, i64>(
            "SELECT count FROM rate_counters WHERE bucket = $1 AND key = $2 AND window_start = $3",
        );
        let count = bind!(count; bucket, key, window)
            .fetch_optional(&self.reader)
            .await?;
        Ok(count.unwrap_or(0))
    }
}
