//! The `signing_keys` table: the sealed keys that sign tokens. For each algorithm one is
//! current at a time, the previous one still published, older ones retired.

use async_trait::async_trait;

use super::{SqlStore, bind, corrupt, list, mirror_row, run, write};
use crate::domain::UnixTime;
use crate::domain::model::{KeyState, SigningAlg, SigningKeyRecord};
use crate::domain::ports::{SigningKeyStore, StoreError};

mirror_row!(KeyRow => SigningKeyRecord {
    kid: String, sealed_private_key: String, created_at: i64, cert: Option<String>,
    revoked_at: Option<i64>;
    state: String => key_state, alg: String => signing_alg,
});

/// Reads a key's state back (a `mirror_row!` conversion).
fn key_state(column: &str, state: String) -> Result<KeyState, StoreError> {
    KeyState::parse(&state).ok_or_else(|| corrupt(column, &state))
}

/// Reads a key's algorithm back (a `mirror_row!` conversion).
fn signing_alg(column: &str, alg: String) -> Result<SigningAlg, StoreError> {
    SigningAlg::parse(&alg).ok_or_else(|| corrupt(column, &alg))
}

#[async_trait]
impl SigningKeyStore for SqlStore {
    #[tracing::instrument(level = "debug", skip_all, name = "store.revoke_signing_key")]
    async fn revoke_signing_key(&self, kid: &str, now: UnixTime) -> Result<bool, StoreError> {
        let retire = sqlx::query(
            "UPDATE signing_keys SET state = 'retired', revoked_at = $2 WHERE kid = $1 AND state = 'previous'",
        );
        Ok(write(&self.writer, bind!(retire; kid, now)).await? == 1)
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.certify_signing_key")]
    async fn certify_signing_key(&self, kid: &str, cert: &str) -> Result<bool, StoreError> {
        // The first certificate stored stays: two instances starting together keep one.
        let certify =
            sqlx::query("UPDATE signing_keys SET cert = $2 WHERE kid = $1 AND cert IS NULL");
        Ok(write(&self.writer, bind!(certify; kid, cert)).await? == 1)
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.signing_keys")]
    async fn signing_keys(&self) -> Result<Vec<SigningKeyRecord>, StoreError> {
        let all = sqlx::query_as::<_, KeyRow>(
            "SELECT kid, alg, sealed_private_key, created_at, state, cert, revoked_at FROM signing_keys ORDER BY created_at DESC, kid",
        );
        list(&self.reader, all).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.add_signing_key")]
    async fn add_signing_key(
        &self,
        key: &SigningKeyRecord,
        replace_current: bool,
    ) -> Result<bool, StoreError> {
        let mut tx = self.writer.begin().await?;
        // Keys of other algorithms are left as they are.
        let alg = key.alg.as_str();
        if replace_current {
            // The key rotated out twice is retired when the new one comes.
            let retire = sqlx::query(
                "UPDATE signing_keys SET state = 'retired', revoked_at = $1 WHERE state = 'previous' AND alg = $2",
            );
            run(&mut *tx, bind!(retire; key.created_at, alg)).await?;
            let step = sqlx::query(
                "UPDATE signing_keys SET state = 'previous' WHERE state = 'current' AND alg = $1",
            );
            run(&mut *tx, step.bind(alg)).await?;
        }
        // The partial unique index allows one current key per algorithm: a first key that
        // lost a start-up race is simply not inserted.
        let insert = sqlx::query(
            "INSERT INTO signing_keys (kid, alg, sealed_private_key, created_at, state, cert) VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (alg) WHERE state = 'current' DO NOTHING",
        );
        let insert = bind!(insert; &key.kid, alg, &key.sealed_private_key, key.created_at,
            KeyState::Current.as_str(), &key.cert);
        let inserted = write(&mut *tx, insert).await? > 0;
        tx.commit().await?;
        Ok(inserted)
    }
}
