//! The `device_credentials` and `used_assertions` tables: device keys registered by apps,
//! and the device JWTs already used with them (each is good once).

use async_trait::async_trait;

use super::{SqlStore, bind, find, list, mirror_row, run, write};
use crate::domain::UnixTime;
use crate::domain::model::DeviceCredentialRecord;
use crate::domain::ports::{DeviceCredentialStore, StoreError};

mirror_row!(DeviceRow => DeviceCredentialRecord {
    id: String, user_id: String, client_id: String, device_name: String, device_id: String,
    alg: String, public_key: String, created_at: i64,
});

/// The `device_credentials` columns in `DeviceRow` order.
macro_rules! device_columns {
    () => {
        "id, user_id, client_id, device_name, device_id, alg, public_key, created_at"
    };
}

/// `SELECT` of the `DeviceRow` columns, then `$rest`.
macro_rules! select_devices {
    ($rest:literal) => {
        concat!(
            "SELECT ",
            device_columns!(),
            " FROM device_credentials ",
            $rest
        )
    };
}

/// A device key as stored (short, for the signatures below).
type Device = DeviceCredentialRecord;

#[async_trait]
impl DeviceCredentialStore for SqlStore {
    #[tracing::instrument(level = "debug", skip_all, name = "store.add_device_credential")]
    async fn add_device_credential(&self, c: &DeviceCredentialRecord) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await?;
        let replaced = sqlx::query(
            "DELETE FROM device_credentials WHERE user_id = $1 AND client_id = $2 AND device_id = $3",
        );
        run(
            &mut *tx,
            bind!(replaced; &c.user_id, &c.client_id, &c.device_id),
        )
        .await?;
        let insert = sqlx::query(concat!(
            "INSERT INTO device_credentials (",
            device_columns!(),
            ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
        ));
        let insert = bind!(insert; &c.id, &c.user_id, &c.client_id, &c.device_name, &c.device_id,
            &c.alg, &c.public_key, c.created_at);
        run(&mut *tx, insert).await?;
        Ok(tx.commit().await?)
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.device_credential")]
    async fn device_credential(&self, id: &str) -> Result<Option<Device>, StoreError> {
        let by_id = sqlx::query_as::<_, DeviceRow>(select_devices!("WHERE id = $1"));
        find(&self.reader, by_id.bind(id)).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.device_credentials")]
    async fn device_credentials(&self, user_id: &str) -> Result<Vec<Device>, StoreError> {
        let sql = select_devices!("WHERE user_id = $1 ORDER BY created_at, id");
        let of_user = sqlx::query_as::<_, DeviceRow>(sql).bind(user_id);
        list(&self.reader, of_user).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.delete_device_credential")]
    async fn delete_device_credential(&self, id: &str) -> Result<bool, StoreError> {
        let delete = sqlx::query("DELETE FROM device_credentials WHERE id = $1").bind(id);
        Ok(write(&self.writer, delete).await? == 1)
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.record_assertion")]
    async fn record_assertion(
        &self,
        hash: &[u8],
        expires_at: UnixTime,
    ) -> Result<bool, StoreError> {
        let first_use = sqlx::query(
            "INSERT INTO used_assertions (token_hash, expires_at) VALUES ($1, $2) ON CONFLICT (token_hash) DO NOTHING",
        );
        Ok(write(&self.writer, first_use.bind(hash).bind(expires_at)).await? == 1)
    }
}
