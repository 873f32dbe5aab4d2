//! The `logs` table: the record of what happened, paged and filtered for the Management
//! API's `/logs`.

use async_trait::async_trait;

use rusqlite::types::ToSql;

use super::embedded;
use super::{Finish, Query, SqlStore, bind, list, mirror_row, run};
use crate::domain::model::{LogEvent, LogQuery};
use crate::domain::ports::{EventStore, StoreError};

mirror_row!(EventRow => LogEvent {
    id: String, date: i64, kind: String, description: String, client_id: Option<String>,
    connection: Option<String>, user_id: Option<String>, ip: Option<String>,
    country: Option<String>, reason: Option<String>,
});

/// One entry, on the embedded connection (where a statement costs no trip between threads,
/// so one prepared statement run per entry beats a statement text per batch size).
const INSERT_ONE: &str = "INSERT INTO logs (id, date, type, description, client_id, connection, user_id, ip, country, reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

/// Entries per `INSERT`: ten parameters each stays far below SQLite's limit of 32,766 bound
/// parameters and PostgreSQL's 65,535.
const MAX_ROWS_PER_INSERT: usize = 500;

/// One `INSERT` of every entry in `events` (at most [`MAX_ROWS_PER_INSERT`]). Its text
/// depends on the batch's size, so it is not kept as a prepared statement: a cache entry
/// per size would push out the login's statements. (Numbered `$n` placeholders, which both
/// backends read; sqlx's `QueryBuilder` over `Any` writes none PostgreSQL takes.)
fn insert_events(events: &[LogEvent]) -> Query<'_> {
    let mut sql = String::from(
        "INSERT INTO logs (id, date, type, description, client_id, connection, user_id, ip, country, reason) VALUES ",
    );
    for row in 0..events.len() {
        let first = row * 10;
        let values = (first + 1..=first + 10)
            .map(|n| format!("${n}"))
            .collect::<Vec<_>>()
            .join(", ");
        sql.push_str(if row == 0 { "(" } else { ", (" });
        sql.push_str(&values);
        sql.push(')');
    }
    let mut insert = sqlx::query(sqlx::AssertSqlSafe(sql)).persistent(false);
    for e in events {
        insert = bind!(insert; &e.id, e.date, &e.kind, &e.description, &e.client_id,
            &e.connection, &e.user_id, &e.ip, &e.country, &e.reason);
    }
    insert
}

/// Absent filters are NULL parameters, so one statement serves every combination; the page
/// and the count share it.
const FILTER: &str =
    "($1 IS NULL OR type = $1) AND ($2 IS NULL OR user_id = $2) AND ($3 IS NULL OR client_id = $3)
     AND ($4 IS NULL OR date >= $4) AND ($5 IS NULL OR date < $5) AND ($6 IS NULL OR id = $6)
     AND ($7 IS NULL OR id > $7)";

#[async_trait]
impl EventStore for SqlStore {
    /// One multi-row `INSERT` per batch: one round trip (one call on SQLite's writer) however
    /// many entries the log writer gathered. A batch too large for one statement is split,
    /// inside one transaction.
    #[tracing::instrument(level = "debug", skip_all, name = "store.record_events")]
    async fn record_events(&self, events: &[LogEvent]) -> Result<(), StoreError> {
        let events = events.to_vec();
        if let Some(embedded) = &self.embedded {
            return embedded
                .transact(move |tx| {
                    for e in &events {
                        let values: [&dyn ToSql; 10] = [
                            &e.id,
                            &e.date,
                            &e.kind,
                            &e.description,
                            &e.client_id,
                            &e.connection,
                            &e.user_id,
                            &e.ip,
                            &e.country,
                            &e.reason,
                        ];
                        embedded::write(tx, INSERT_ONE, &values)?;
                    }
                    Ok(((), Finish::Commit))
                })
                .await;
        }
        self.on_writer(|store| async move {
            if events.len() <= MAX_ROWS_PER_INSERT {
                return run(&store.writer, insert_events(&events)).await;
            }
            let mut tx = store.writer.begin().await?;
            for chunk in events.chunks(MAX_ROWS_PER_INSERT) {
                run(&mut *tx, insert_events(chunk)).await?;
            }
            tx.commit().await?;
            Ok(())
        })
        .await
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
