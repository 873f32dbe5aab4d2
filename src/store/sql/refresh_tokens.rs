//! The `refresh_tokens` table: tokens by hash, grouped in families by rotation, and the
//! transaction that applies [`refresh_rule::decide`] to a presented token.

use async_trait::async_trait;
use sqlx::AnyConnection;

use super::{SqlStore, bind, find, list, mirror_row, run, write};
use crate::domain::UnixTime;
use crate::domain::model::{RefreshTokenRecord, RefreshUse};
use crate::domain::ports::{RefreshTokenStore, StoreError};
use crate::domain::tokens::refresh_rule::{self, RefreshAttempt, RefreshDecision};

mirror_row!(RefreshRow => RefreshTokenRecord {
    id: String, token_hash: Vec<u8>, family_id: String, client_id: String, user_id: String,
    scope: String, audience: Option<String>, device: Option<String>, created_at: i64,
    family_expires_at: Option<i64>, idle_expires_at: Option<i64>, rotated_at: Option<i64>,
    revoked_at: Option<i64>,
});

/// Stores a new token inside the caller's transaction (code logins and redemptions store
/// theirs with the rest of the login).
/// Stores a new refresh token, its fields in `RefreshTokenRecord` order from `$1`.
pub(super) const INSERT_REFRESH: &str = "INSERT INTO refresh_tokens (id, token_hash, family_id, client_id, user_id, scope, audience, device, created_at, family_expires_at, idle_expires_at, rotated_at, revoked_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL, NULL)";

pub(super) async fn insert_refresh(
    conn: &mut AnyConnection,
    t: &RefreshTokenRecord,
) -> Result<(), StoreError> {
    let insert = sqlx::query(INSERT_REFRESH);
    let insert = bind!(insert; &t.id, &t.token_hash, &t.family_id, &t.client_id, &t.user_id,
        &t.scope, &t.audience, &t.device, t.created_at, t.family_expires_at, t.idle_expires_at);
    run(conn, insert).await
}

/// Revokes every live token of a family, inside the caller's transaction.
pub(super) async fn revoke_family(
    conn: &mut AnyConnection,
    family_id: &str,
    now: UnixTime,
) -> Result<(), StoreError> {
    let revoke = sqlx::query(
        "UPDATE refresh_tokens SET revoked_at = $1 WHERE family_id = $2 AND revoked_at IS NULL",
    );
    run(conn, revoke.bind(now).bind(family_id)).await
}

/// A refresh token by its hash (`$1`).
const BY_HASH: &str = "SELECT * FROM refresh_tokens WHERE token_hash = $1";

fn by_hash(hash: &[u8]) -> super::QueryAs<'_, RefreshRow> {
    sqlx::query_as(BY_HASH).bind(hash)
}

#[async_trait]
impl RefreshTokenStore for SqlStore {
    #[tracing::instrument(level = "debug", skip_all, name = "store.refresh_token")]
    async fn refresh_token(&self, hash: &[u8]) -> Result<Option<RefreshTokenRecord>, StoreError> {
        if let Some(embedded) = &self.embedded {
            return embedded.reads().find::<RefreshRow>(BY_HASH, &[&hash]);
        }
        find(&self.reader, by_hash(hash)).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.use_refresh_token")]
    async fn use_refresh_token(
        &self,
        hash: &[u8],
        attempt: &RefreshAttempt<'_>,
    ) -> Result<RefreshUse, StoreError> {
        let mut tx = self.writer.begin().await?;
        let Some(token) = find(&mut *tx, by_hash(hash)).await? else {
            return Ok(RefreshUse::Invalid);
        };
        let now = attempt.now;
        // Conditional writes: if another request rotated or revoked this token since the
        // read above, nothing matches and this one loses the race.
        let claimed = match refresh_rule::decide(&token, attempt) {
            RefreshDecision::Refuse => return Ok(RefreshUse::Invalid),
            RefreshDecision::RefuseDuplicate => return Ok(RefreshUse::Duplicate),
            RefreshDecision::RevokeFamily => {
                revoke_family(&mut tx, &token.family_id, now).await?;
                tx.commit().await?;
                return Ok(RefreshUse::Reused);
            }
            RefreshDecision::Rotate => {
                let claim = sqlx::query(
                    "UPDATE refresh_tokens SET rotated_at = $1 WHERE id = $2 AND rotated_at IS NULL AND revoked_at IS NULL",
                );
                write(&mut *tx, claim.bind(now).bind(&token.id)).await? > 0
            }
            RefreshDecision::RotateAgain => {
                let unrevoked = sqlx::query_scalar::<_, i64>(
                    "SELECT 1 FROM refresh_tokens WHERE id = $1 AND revoked_at IS NULL",
                );
                unrevoked
                    .bind(&token.id)
                    .fetch_optional(&mut *tx)
                    .await?
                    .is_some()
            }
            RefreshDecision::ExtendIdle(idle) => {
                let extend = sqlx::query(
                    "UPDATE refresh_tokens SET idle_expires_at = $1 WHERE id = $2 AND revoked_at IS NULL",
                );
                write(&mut *tx, extend.bind(idle).bind(&token.id)).await? > 0
            }
            RefreshDecision::Accept => true,
        };
        if !claimed {
            tx.rollback().await?;
            return Ok(RefreshUse::Invalid);
        }
        if let Some(new) = attempt.replacement {
            insert_refresh(&mut tx, new).await?;
        }
        tx.commit().await?;
        Ok(RefreshUse::Accepted(Box::new(token)))
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.revoke_refresh_token")]
    async fn revoke_refresh_token(
        &self,
        hash: &[u8],
        client_id: &str,
        now: UnixTime,
    ) -> Result<bool, StoreError> {
        let revoke = sqlx::query(
            "UPDATE refresh_tokens SET revoked_at = $1 WHERE token_hash = $2 AND client_id = $3 AND revoked_at IS NULL",
        );
        Ok(write(&self.writer, revoke.bind(now).bind(hash).bind(client_id)).await? > 0)
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.insert_refresh_token")]
    async fn insert_refresh_token(&self, token: &RefreshTokenRecord) -> Result<(), StoreError> {
        let mut conn = self.writer.acquire().await?;
        insert_refresh(&mut conn, token).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.refresh_tokens_of_user")]
    async fn refresh_tokens_of_user(
        &self,
        id: &str,
    ) -> Result<Vec<RefreshTokenRecord>, StoreError> {
        let live = sqlx::query_as::<_, RefreshRow>(
            "SELECT * FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL AND rotated_at IS NULL ORDER BY created_at, id",
        );
        list(&self.reader, live.bind(id)).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.revoke_refresh_token_by_id")]
    async fn revoke_refresh_token_by_id(
        &self,
        id: &str,
        now: UnixTime,
    ) -> Result<bool, StoreError> {
        let revoke = sqlx::query(
            "UPDATE refresh_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
        );
        Ok(write(&self.writer, revoke.bind(now).bind(id)).await? == 1)
    }
}
