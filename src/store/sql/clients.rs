//! The `clients` table: applications, with their JSON-encoded settings (their grants are in
//! `client_grants`).

use async_trait::async_trait;

use super::{SqlStore, bind, find, json, list, mirror_row, run, to_json};
use crate::domain::UnixTime;
use crate::domain::model::Client;
use crate::domain::ports::{ClientStore, StoreError};

mirror_row!(ClientRow => Client {
    client_id: String, name: String, secret_hash: Option<Vec<u8>>, sealed_secret: Option<String>;
    callbacks: String => json, grant_types: String => json, refresh_token: String => json,
    mobile: String => json, allowed_logout_urls: String => json, branding: String => json,
    cross_origin: String => json, jwt_configuration: String => json,
});

/// `SELECT` of the `ClientRow` columns, then `$rest` (a macro so queries stay
/// `&'static str`).
macro_rules! select_clients {
    ($rest:literal) => {
        concat!(
            "SELECT client_id, name, secret_hash, sealed_secret, callbacks, grant_types, refresh_token, mobile, allowed_logout_urls, branding, cross_origin, jwt_configuration FROM clients ",
            $rest
        )
    };
}

#[async_trait]
impl ClientStore for SqlStore {
    #[tracing::instrument(level = "debug", skip_all, name = "store.upsert_client")]
    async fn upsert_client(&self, c: &Client, now: UnixTime) -> Result<(), StoreError> {
        let upsert = sqlx::query(
            "INSERT INTO clients (client_id, name, secret_hash, callbacks, grant_types, refresh_token, created_at, updated_at, mobile, allowed_logout_urls, branding, cross_origin, jwt_configuration, sealed_secret)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10, $11, $12, $13)
             ON CONFLICT (client_id) DO UPDATE SET name = excluded.name, secret_hash = excluded.secret_hash,
               sealed_secret = excluded.sealed_secret,
               callbacks = excluded.callbacks, grant_types = excluded.grant_types,
               refresh_token = excluded.refresh_token, updated_at = excluded.updated_at,
               mobile = excluded.mobile, allowed_logout_urls = excluded.allowed_logout_urls,
               branding = excluded.branding, cross_origin = excluded.cross_origin,
               jwt_configuration = excluded.jwt_configuration",
        );
        let upsert = bind!(upsert; &c.client_id, &c.name, &c.secret_hash, to_json(&c.callbacks)?,
            to_json(&c.grant_types)?, to_json(&c.refresh_token)?, now, to_json(&c.mobile)?,
            to_json(&c.allowed_logout_urls)?, to_json(&c.branding)?, to_json(&c.cross_origin)?,
            to_json(&c.jwt_configuration)?, &c.sealed_secret);
        run(&self.writer, upsert).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.client")]
    async fn client(&self, client_id: &str) -> Result<Option<Client>, StoreError> {
        let by_id = sqlx::query_as::<_, ClientRow>(select_clients!("WHERE client_id = $1"));
        find(&self.reader, by_id.bind(client_id)).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.clients")]
    async fn clients(&self) -> Result<Vec<Client>, StoreError> {
        let sql = select_clients!("ORDER BY created_at, client_id");
        list(&self.reader, sqlx::query_as::<_, ClientRow>(sql)).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.delete_client")]
    async fn delete_client(&self, client_id: &str) -> Result<bool, StoreError> {
        self.delete_with_dependents(
            client_id,
            &[
                "DELETE FROM client_grants WHERE client_id = $1",
                "DELETE FROM refresh_tokens WHERE client_id = $1",
                "DELETE FROM device_credentials WHERE client_id = $1",
                "DELETE FROM authorization_codes WHERE client_id = $1",
            ],
            "DELETE FROM clients WHERE client_id = $1",
        )
        .await
    }
}
