//! The dashboard's overview: five aggregate statements over `logs` and `sms_deliveries`,
//! each answered from an index of migration 0017 (`logs_overview`, `sms_deliveries_overview`):
//! logins, countries and receipts from the index alone; failures by reason search the index
//! for the window's failures and read those rows only, for the `description` that entries
//! written before `reason` existed fall back to.

use async_trait::async_trait;

use super::{SqlStore, bind, list, mirror_row};
use crate::domain::UnixTime;
use crate::domain::model::{CountryTexts, DailyLogins, Overview, ProviderDeliveries, ReasonCount};
use crate::domain::ports::{OverviewStore, StoreError};

mirror_row!(DailyRow => DailyLogins { day: i64, connection: String, count: i64 });
mirror_row!(CountryRow => CountryTexts { country: String, sent: i64, logins: i64, refused: i64 });
mirror_row!(ReasonRow => ReasonCount { reason: String, count: i64 });
mirror_row!(DeliveriesRow => ProviderDeliveries {
    provider: String, sent: i64, failed: i64, delivered: i64, total_latency: i64,
    max_latency: Option<i64>,
});

/// Logins a day and connection; `$2` is the client whose logins are not counted.
const LOGINS: &str = "SELECT date / 86400 AS day, COALESCE(connection, '') AS connection,
       COUNT(*) AS count
     FROM logs WHERE type = 's' AND date >= $1 AND (client_id IS NULL OR client_id <> $2)
     GROUP BY date / 86400, COALESCE(connection, '') ORDER BY day, connection";

/// Texts, logins and refusals a country.
const COUNTRIES: &str = "SELECT country,
       CAST(SUM(CASE WHEN type = 'cs' THEN 1 ELSE 0 END) AS BIGINT) AS sent,
       CAST(SUM(CASE WHEN type = 's' THEN 1 ELSE 0 END) AS BIGINT) AS logins,
       CAST(SUM(CASE WHEN type = 'fn' AND reason = 'pumping' THEN 1 ELSE 0 END) AS BIGINT)
         AS refused
     FROM logs WHERE type IN ('cs', 's', 'fn') AND date >= $1 AND country IS NOT NULL
     GROUP BY country ORDER BY sent DESC, country LIMIT 50";

/// Entries of type `$2` a reason (the description where an entry has none).
const REASONS: &str = "SELECT COALESCE(reason, description) AS reason, COUNT(*) AS count
     FROM logs WHERE type = $2 AND date >= $1 AND (reason IS NULL OR reason <> 'pumping')
     GROUP BY COALESCE(reason, description) ORDER BY count DESC, reason LIMIT 20";

const DELIVERIES: &str = "SELECT provider, COUNT(*) AS sent,
       CAST(SUM(CASE WHEN status IN ('undelivered', 'failed', 'canceled') THEN 1 ELSE 0 END)
         AS BIGINT) AS failed,
       CAST(SUM(CASE WHEN status = 'delivered' THEN 1 ELSE 0 END) AS BIGINT) AS delivered,
       CAST(COALESCE(SUM(CASE WHEN status = 'delivered' THEN updated_at - created_at
         ELSE 0 END), 0) AS BIGINT) AS total_latency,
       MAX(CASE WHEN status = 'delivered' THEN updated_at - created_at END) AS max_latency
     FROM sms_deliveries WHERE created_at >= $1 GROUP BY provider ORDER BY provider";

#[async_trait]
impl OverviewStore for SqlStore {
    #[tracing::instrument(level = "debug", skip_all, name = "store.overview")]
    async fn overview(&self, since: UnixTime, leave_out: &str) -> Result<Overview, StoreError> {
        let logins = sqlx::query_as::<_, DailyRow>(LOGINS);
        let logins = list(&self.reader, bind!(logins; since, leave_out)).await?;
        let countries = sqlx::query_as::<_, CountryRow>(COUNTRIES);
        let countries = list(&self.reader, bind!(countries; since)).await?;
        let reasons = |kind: &'static str| {
            let q = sqlx::query_as::<_, ReasonRow>(REASONS);
            list(&self.reader, bind!(q; since, kind))
        };
        let failures = reasons("f").await?;
        let send_errors = reasons("fn").await?;
        let deliveries = sqlx::query_as::<_, DeliveriesRow>(DELIVERIES);
        let deliveries = list(&self.reader, bind!(deliveries; since)).await?;
        Ok(Overview {
            since,
            logins,
            countries,
            failures,
            send_errors,
            deliveries,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SQLite's plan for `statement`, one line a step.
    async fn plan(store: &SqlStore, statement: &str) -> Vec<String> {
        let rows: Vec<(i64, i64, i64, String)> =
            // The statements are this file's own constants.
            sqlx::query_as(sqlx::AssertSqlSafe(format!("EXPLAIN QUERY PLAN {statement}")))
                .fetch_all(&store.reader)
                .await
                .unwrap();
        rows.into_iter().map(|(_, _, _, detail)| detail).collect()
    }

    /// Each statement reads its table through its index, never by a scan of every row: what
    /// keeps the overview fast at a million log rows (benches/overview.rs measures it). All
    /// but the failures' reasons need nothing but the index.
    #[tokio::test]
    async fn every_overview_statement_is_answered_from_its_index() {
        let store = SqlStore::in_memory().await.unwrap();
        for (statement, table, read) in [
            (LOGINS, "logs", "USING COVERING INDEX logs_overview"),
            (COUNTRIES, "logs", "USING COVERING INDEX logs_overview"),
            (
                REASONS,
                "logs",
                "USING INDEX logs_overview (type=? AND date>?)",
            ),
            (
                DELIVERIES,
                "sms_deliveries",
                "USING COVERING INDEX sms_deliveries_overview",
            ),
        ] {
            let steps = plan(&store, statement).await;
            let reads: Vec<&String> = steps.iter().filter(|s| s.contains(table)).collect();
            assert!(!reads.is_empty(), "{steps:?}");
            for step in reads {
                assert!(step.contains(read), "{statement}: {steps:?}");
            }
        }
    }
}
