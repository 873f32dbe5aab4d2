//! The `passkeys` and `webauthn_ceremonies` tables: users' WebAuthn credentials, and the
//! short-lived ceremonies that register or use them (each finished at most once).

use async_trait::async_trait;

use super::{SqlStore, bind, find, list, mirror_row, run, write};
use crate::domain::UnixTime;
use crate::domain::model::{CeremonyRecord, PasskeyRecord};
use crate::domain::ports::{PasskeyStore, StoreError};

mirror_row!(PasskeyRow => PasskeyRecord {
    id: String, user_id: String, user_handle: String, name: String, credential: String,
    created_at: i64, last_used_at: Option<i64>,
});

mirror_row!(CeremonyRow => CeremonyRecord {
    id: String, kind: String, user_id: Option<String>, client_id: Option<String>, state: String,
    expires_at: i64,
});

/// The `passkeys` columns in `PasskeyRow` order.
macro_rules! passkey_columns {
    () => {
        "id, user_id, user_handle, name, credential, created_at, last_used_at"
    };
}

/// `SELECT` of the `PasskeyRow` columns, then `$rest`.
macro_rules! select_passkeys {
    ($rest:literal) => {
        concat!("SELECT ", passkey_columns!(), " FROM passkeys ", $rest)
    };
}

const PASSKEYS_OF_USER: &str = select_passkeys!("WHERE user_id = $1 ORDER BY created_at, id");

#[async_trait]
impl PasskeyStore for SqlStore {
    #[tracing::instrument(level = "debug", skip_all, name = "store.insert_ceremony")]
    async fn insert_ceremony(&self, c: &CeremonyRecord, keep: i64) -> Result<(), StoreError> {
        let insert = sqlx::query(
            "INSERT INTO webauthn_ceremonies (id, kind, user_id, client_id, state, expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
        );
        let insert =
            bind!(insert; &c.id, &c.kind, &c.user_id, &c.client_id, &c.state, c.expires_at);
        run(&self.writer, insert).await?;
        // The new one and the `keep - 1` newest others stay. Every insert trims after itself,
        // so however inserts interleave, the last trim leaves at most `keep`.
        let trim = sqlx::query(
            "DELETE FROM webauthn_ceremonies WHERE id <> $1 AND id NOT IN (
                 SELECT id FROM webauthn_ceremonies WHERE id <> $1
                 ORDER BY expires_at DESC, id DESC LIMIT $2)",
        );
        run(&self.writer, trim.bind(&c.id).bind((keep - 1).max(0))).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.take_ceremony")]
    async fn take_ceremony(
        &self,
        id: &str,
        kind: &str,
        now: UnixTime,
    ) -> Result<Option<CeremonyRecord>, StoreError> {
        // One statement: of two instances taking the same ceremony, one gets the row.
        let take = sqlx::query_as::<_, CeremonyRow>(
            "DELETE FROM webauthn_ceremonies WHERE id = $1 AND kind = $2
             RETURNING id, kind, user_id, client_id, state, expires_at",
        );
        let taken = find(&self.writer, take.bind(id).bind(kind)).await?;
        Ok(taken.filter(|c| c.expires_at > now))
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.add_passkey")]
    async fn add_passkey(&self, p: &PasskeyRecord) -> Result<bool, StoreError> {
        let insert = sqlx::query(concat!(
            "INSERT INTO passkeys (",
            passkey_columns!(),
            ") VALUES ($1, $2, $3, $4, $5, $6, NULL) ON CONFLICT (id) DO NOTHING"
        ));
        let insert = bind!(insert; &p.id, &p.user_id, &p.user_handle, &p.name, &p.credential,
            p.created_at);
        Ok(write(&self.writer, insert).await? == 1)
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.passkeys_of_user")]
    async fn passkeys_of_user(&self, user_id: &str) -> Result<Vec<PasskeyRecord>, StoreError> {
        list::<PasskeyRow>(&self.reader, sqlx::query_as(PASSKEYS_OF_USER).bind(user_id)).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.passkey")]
    async fn passkey(&self, id: &str) -> Result<Option<PasskeyRecord>, StoreError> {
        let by_id = sqlx::query_as::<_, PasskeyRow>(select_passkeys!("WHERE id = $1"));
        find(&self.reader, by_id.bind(id)).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.touch_passkey")]
    async fn touch_passkey(
        &self,
        id: &str,
        credential: &str,
        now: UnixTime,
    ) -> Result<(), StoreError> {
        let touch =
            sqlx::query("UPDATE passkeys SET credential = $1, last_used_at = $2 WHERE id = $3");
        run(&self.writer, bind!(touch; credential, now, id)).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.delete_passkey")]
    async fn delete_passkey(&self, id: &str, user_id: &str) -> Result<bool, StoreError> {
        let delete = sqlx::query("DELETE FROM passkeys WHERE id = $1 AND user_id = $2");
        Ok(write(&self.writer, delete.bind(id).bind(user_id)).await? == 1)
    }
}
