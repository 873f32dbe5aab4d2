//! The `logs` table: the record of what happened, paged and filtered for the Management
//! API's `/logs`.

use async_trait::async_trait;

use super::{SqlStore, bind, list, mirror_row, run};
use crate::domain::model::{LogEvent, LogQuery};
use crate::domain::ports::{EventStore, StoreError};

mirror_row!(EventRow => LogEvent {
    id: String, date: i64, kind: String, description: String, client_id: Option<String>,
    connection: Option<String>, user_id: Option<String>, ip: Option<String>,
    country: Option<String>, reason: Option<String>,
});

/// Absent filters are NULL parameters, so one statement serves every combination; the page
/// and the count share it.
const FILTER: &str =
    "($1 IS NULL OR type = $1) AND ($2 IS NULL OR user_id = $2) AND ($3 IS NULL OR client_id = $3)
     AND ($4 IS NULL OR date >= $4) AND ($5 IS NULL OR date < $5) AND ($6 IS NULL OR id = $6)
     AND ($7 IS NULL OR id > $7)";

#[async_trait]
impl EventStore for SqlStore {
    #[tracing::instrument(level = "debug", skip_all, name = "store.record_events")]
    async fn record_events(&self, events: &[LogEvent]) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await?;
        for e in events {
            let insert = sqlx::query(
                "INSERT INTO logs (id, date, type, description, client_id, connection, user_id, ip,
                   country, reason)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            );
            let insert = bind!(insert; &e.id, e.date, &e.kind, &e.description, &e.client_id,
                &e.connection, &e.user_id, &e.ip, &e.country, &e.reason);
            run(&mut *tx, insert).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.events")]
    async fn events(&self, q: &LogQuery) -> Result<(Vec<LogEvent>, i64), StoreError> {
        // The order clause is one of two fixed strings, never input.
        let order = if q.oldest_first { "id" } else { "id DESC" };
        let sql = format!(
            "SELECT id, date, type AS kind, description, client_id, connection, user_id, ip, country,
               reason FROM logs
             WHERE {FILTER} ORDER BY {order} LIMIT $8 OFFSET $9"
        );
        let page = sqlx::query_as::<_, EventRow>(sqlx::AssertSqlSafe(sql));
        let page = bind!(page; &q.kind, &q.user_id, &q.client_id, q.since, q.until, &q.id, &q.after,
            q.slice.limit, q.slice.offset);
        let events = list(&self.reader, page).await?;
        let count = format!("SELECT COUNT(*) FROM logs WHERE {FILTER}");
        let count = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(count));
        let count =
            bind!(count; &q.kind, &q.user_id, &q.client_id, q.since, q.until, &q.id, &q.after);
        let total = count.fetch_one(&self.reader).await?;
        Ok((events, total))
    }
}
