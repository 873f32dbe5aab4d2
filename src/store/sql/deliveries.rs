//! The `sms_deliveries` table: texts a provider reports on, by its message id. A receipt
//! is applied in one transaction over the locked row, with the counter it adds to.

use async_trait::async_trait;

use super::{SqlStore, bind, find, mirror_row, run, write};
use crate::domain::UnixTime;
use crate::domain::model::{DeliveryChange, DeliveryRecord};
use crate::domain::ports::{DeliveryRule, DeliveryStore, StoreError};

mirror_row!(DeliveryRow => DeliveryRecord {
    message_id: String, connection: String, provider: String, otp_id: String,
    recipient: String, status: String, error_code: Option<i64>, fallback_text: Option<String>,
    created_at: i64, updated_at: i64;
    whatsapp: i64 => flag,
});

fn flag(_: &str, value: i64) -> Result<bool, StoreError> {
    Ok(value != 0)
}

macro_rules! delivery_columns {
    () => {
        "message_id, connection, provider, otp_id, recipient, status, error_code, \
         fallback_text, created_at, updated_at, whatsapp"
    };
}

#[async_trait]
impl DeliveryStore for SqlStore {
    #[tracing::instrument(level = "debug", skip_all, name = "store.insert_delivery")]
    async fn insert_delivery(&self, r: &DeliveryRecord) -> Result<(), StoreError> {
        let insert = sqlx::query(concat!(
            "INSERT INTO sms_deliveries (",
            delivery_columns!(),
            ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
        ));
        run(
            &self.writer,
            bind!(insert; &r.message_id, &r.connection, &r.provider, &r.otp_id, &r.recipient,
                  &r.status, r.error_code, &r.fallback_text, r.created_at, r.updated_at,
                  i64::from(r.whatsapp)),
        )
        .await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.delivery")]
    async fn delivery(&self, message_id: &str) -> Result<Option<DeliveryRecord>, StoreError> {
        let q = sqlx::query_as::<_, DeliveryRow>(concat!(
            "SELECT ",
            delivery_columns!(),
            " FROM sms_deliveries WHERE message_id = $1"
        ));
        find(&self.reader, q.bind(message_id)).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.record_receipt")]
    async fn record_receipt(
        &self,
        message_id: &str,
        now: UnixTime,
        rule: DeliveryRule<'_>,
    ) -> Result<Option<(DeliveryRecord, Option<DeliveryChange>)>, StoreError> {
        let mut tx = self.writer.begin().await?;
        // A write that changes nothing, to lock the row (on PostgreSQL; SQLite has one
        // writer) until the change is written: two receipts are applied one after the other.
        let lock = sqlx::query_as::<_, DeliveryRow>(concat!(
            "UPDATE sms_deliveries SET updated_at = updated_at WHERE message_id = $1 RETURNING ",
            delivery_columns!()
        ));
        let Some(before) = find(&mut *tx, lock.bind(message_id)).await? else {
            return Ok(None);
        };
        let change = rule(&before);
        if let Some(c) = &change {
            let update = sqlx::query(
                "UPDATE sms_deliveries SET status = $2, error_code = $3, updated_at = $4
                 WHERE message_id = $1",
            );
            run(
                &mut *tx,
                bind!(update; message_id, &c.status, c.error_code, now),
            )
            .await?;
            if let Some(cell) = &c.count {
                let hit = sqlx::query(
                    "INSERT INTO rate_counters (bucket, key, window_start, expires_at, count)
                     VALUES ($1, $2, $3, $4, 1)
                     ON CONFLICT (bucket, key, window_start) DO UPDATE SET count = rate_counters.count + 1",
                );
                run(
                    &mut *tx,
                    bind!(hit; &cell.bucket, &cell.key, cell.window_start, cell.expires_at),
                )
                .await?;
            }
        }
        tx.commit().await?;
        Ok(Some((before, change)))
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.take_fallback_text")]
    async fn take_fallback_text(&self, message_id: &str) -> Result<Option<String>, StoreError> {
        let mut tx = self.writer.begin().await?;
        // Locked while it is read (see `record_receipt`); a racing take waits, then finds
        // the text gone.
        let lock = sqlx::query_scalar::<_, String>(
            "UPDATE sms_deliveries SET updated_at = updated_at
             WHERE message_id = $1 AND fallback_text IS NOT NULL RETURNING fallback_text",
        );
        let text = lock.bind(message_id).fetch_optional(&mut *tx).await?;
        if text.is_some() {
            let clear =
                sqlx::query("UPDATE sms_deliveries SET fallback_text = NULL WHERE message_id = $1");
            run(&mut *tx, clear.bind(message_id)).await?;
        }
        tx.commit().await?;
        Ok(text)
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.purge_deliveries")]
    async fn purge_deliveries(&self, before: UnixTime) -> Result<u64, StoreError> {
        write(
            &self.writer,
            sqlx::query("DELETE FROM sms_deliveries WHERE created_at < $1").bind(before),
        )
        .await
    }
}
