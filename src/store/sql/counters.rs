//! The `rate_counters` table: per-window hit counts behind the rate limits, shared by every
//! instance. Limits that check before they count do both in one transaction over locked
//! rows ([`lock_counter`], then [`set_counter`]), so racing requests are judged one by one.

use async_trait::async_trait;
use rusqlite::types::ToSql;
use sqlx::AnyConnection;

use super::embedded::{scalar, write};
use super::{Finish, SqlStore, bind, run};
use crate::domain::UnixTime;
use crate::domain::model::{CounterCell, Tallied};
use crate::domain::ports::{CounterStore, StoreError, TallyRule};

/// Locks the counter `$1` bucket, `$2` key, `$3` window (created at 0 with `$4` expiry if
/// missing) and returns its count.
pub(super) const LOCK_COUNTER: &str = "INSERT INTO rate_counters (bucket, key, window_start, expires_at, count) VALUES ($1, $2, $3, $4, 0)
     ON CONFLICT (bucket, key, window_start) DO UPDATE SET count = rate_counters.count
     RETURNING count";

/// Sets the counter `$1` bucket, `$2` key, `$3` window to `$4`, expiring at `$5`.
pub(super) const SET_COUNTER: &str = "UPDATE rate_counters SET count = $4, expires_at = $5
     WHERE bucket = $1 AND key = $2 AND window_start = $3";

/// Counts a hit on the counter `$1` bucket, `$2` key, `$3` window (created with `$4` expiry
/// if missing) and returns its count.
const HIT_COUNTER: &str = "INSERT INTO rate_counters (bucket, key, window_start, expires_at, count) VALUES ($1, $2, $3, $4, 1)
     ON CONFLICT (bucket, key, window_start) DO UPDATE SET count = rate_counters.count + 1
     RETURNING count";

/// Forgets every window of the counter `$1` bucket, `$2` key.
const CLEAR_COUNTER: &str = "DELETE FROM rate_counters WHERE bucket = $1 AND key = $2";

/// The count a `rate_counters` upsert (`… RETURNING count`) gave on the embedded connection.
pub(super) fn embedded_count(
    tx: &rusqlite::Connection,
    sql: &str,
    values: &[&dyn ToSql],
) -> Result<i64, StoreError> {
    scalar(tx, sql, values)?
        .ok_or_else(|| StoreError::Corrupt("rate_counters: the upsert returned no count".into()))
}

/// The counter's value, with its row locked until the transaction ends (created at 0 if
/// missing: on PostgreSQL a concurrent creator waits for this one, and SQLite has one
/// writer anyway).
pub(super) async fn lock_counter(
    conn: &mut AnyConnection,
    cell: &CounterCell,
) -> Result<i64, StoreError> {
    let lock = sqlx::query_scalar::<_, i64>(LOCK_COUNTER);
    Ok(
        bind!(lock; &cell.bucket, &cell.key, cell.window_start, cell.expires_at)
            .fetch_one(&mut *conn)
            .await?,
    )
}

/// Sets a counter locked by [`lock_counter`] in the same transaction.
pub(super) async fn set_counter(
    conn: &mut AnyConnection,
    cell: &CounterCell,
    value: i64,
) -> Result<(), StoreError> {
    let set = sqlx::query(SET_COUNTER);
    run(
        &mut *conn,
        bind!(set; &cell.bucket, &cell.key, cell.window_start, value, cell.expires_at),
    )
    .await
}

#[async_trait]
impl CounterStore for SqlStore {
    #[tracing::instrument(level = "debug", skip_all, name = "store.hit_counter")]
    async fn hit_counter(
        &self,
        bucket: &str,
        key: &str,
        window: UnixTime,
        expires: UnixTime,
    ) -> Result<i64, StoreError> {
        // On SQLite a hit is one of the login's writes: a unit on the writer thread, committed
        // with its group, not a trip through sqlx's writer connection beside the group.
        if let Some(embedded) = &self.embedded {
            let (bucket, key) = (bucket.to_string(), key.to_string());
            return embedded
                .transact(move |tx| {
                    let values: [&dyn ToSql; 4] = [&bucket, &key, &window, &expires];
                    Ok((embedded_count(tx, HIT_COUNTER, &values)?, Finish::Commit))
                })
                .await;
        }
        let hit = sqlx::query_scalar::<_, i64>(HIT_COUNTER);
        Ok(bind!(hit; bucket, key, window, expires)
            .fetch_one(&self.writer)
            .await?)
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.counter")]
    async fn counter(&self, bucket: &str, key: &str, window: UnixTime) -> Result<i64, StoreError> {
        let count = sqlx::query_scalar::<_, i64>(
            "SELECT count FROM rate_counters WHERE bucket = $1 AND key = $2 AND window_start = $3",
        );
        let count = bind!(count; bucket, key, window)
            .fetch_optional(&self.reader)
            .await?;
        Ok(count.unwrap_or(0))
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.clear_counter")]
    async fn clear_counter(&self, bucket: &str, key: &str) -> Result<(), StoreError> {
        if let Some(embedded) = &self.embedded {
            let (bucket, key) = (bucket.to_string(), key.to_string());
            return embedded
                .transact(move |tx| {
                    write(tx, CLEAR_COUNTER, &[&bucket, &key])?;
                    Ok(((), Finish::Commit))
                })
                .await;
        }
        let clear = sqlx::query(CLEAR_COUNTER);
        run(&self.writer, bind!(clear; bucket, key)).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.tally")]
    async fn tally(
        &self,
        cells: &[CounterCell],
        rule: TallyRule<'_>,
    ) -> Result<Tallied, StoreError> {
        // Rows are locked in one order everywhere, so two tallies cannot deadlock.
        let mut order: Vec<usize> = (0..cells.len()).collect();
        order.sort_by(|&a, &b| {
            let key = |c: &CounterCell| (c.bucket.clone(), c.key.clone(), c.window_start);
            key(&cells[a]).cmp(&key(&cells[b]))
        });
        let mut tx = self.writer.begin().await?;
        let mut before = vec![0; cells.len()];
        for i in order {
            before[i] = lock_counter(&mut tx, &cells[i]).await?;
        }
        let Some(after) = rule(&before) else {
            tx.rollback().await?;
            return Ok(Tallied {
                before,
                counted: false,
            });
        };
        if after.len() != cells.len() {
            tx.rollback().await?;
            return Err(StoreError::Corrupt(format!(
                "a counter rule gave {} values for {} counters",
                after.len(),
                cells.len()
            )));
        }
        for ((cell, old), new) in cells.iter().zip(&before).zip(&after) {
            if old != new {
                set_counter(&mut tx, cell, *new).await?;
            }
        }
        tx.commit().await?;
        Ok(Tallied {
            before,
            counted: true,
        })
    }
}
