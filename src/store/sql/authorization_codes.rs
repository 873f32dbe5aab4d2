//! The `authorization_codes` table: codes from redirect-based logins, each spent once at
//! `/oauth/token`, judged by [`refresh_rule::judge_code`] inside the spending transaction.

use async_trait::async_trait;

use super::refresh_tokens::{insert_refresh, revoke_family};
use super::{SqlStore, bind, find, mirror_row, run};
use crate::domain::UnixTime;
use crate::domain::model::{AuthorizationCodeRecord, CodeRedemption, RefreshTokenRecord};
use crate::domain::ports::{AuthorizationCodeStore, StoreError};
use crate::domain::tokens::refresh_rule::{self, CodeDecision};

mirror_row!(CodeRow => AuthorizationCodeRecord {
    code_hash: Vec<u8>, client_id: String, user_id: String, redirect_uri: String, scope: String,
    audience: Option<String>, nonce: Option<String>, code_challenge: Option<String>,
    auth_time: i64, expires_at: i64,
    used_at: Option<i64>, refresh_family_id: Option<String>,
});

/// The `authorization_codes` columns in `CodeRow` order. `code_challenge_method` is not
/// among them: every challenge is S256 (`plain` is refused before a code is issued), so the
/// column stays empty.
macro_rules! code_columns {
    () => {
        "code_hash, client_id, user_id, redirect_uri, scope, audience, nonce, code_challenge, auth_time, expires_at, used_at, refresh_family_id"
    };
}

fn by_hash(hash: &[u8]) -> super::QueryAs<'_, CodeRow> {
    let sql = concat!(
        "SELECT ",
        code_columns!(),
        " FROM authorization_codes WHERE code_hash = $1"
    );
    sqlx::query_as(sql).bind(hash)
}

#[async_trait]
impl AuthorizationCodeStore for SqlStore {
    #[tracing::instrument(level = "debug", skip_all, name = "store.insert_authorization_code")]
    async fn insert_authorization_code(
        &self,
        c: &AuthorizationCodeRecord,
    ) -> Result<(), StoreError> {
        let insert = sqlx::query(concat!(
            "INSERT INTO authorization_codes (",
            code_columns!(),
            ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL, NULL)"
        ));
        let insert = bind!(insert; &c.code_hash, &c.client_id, &c.user_id, &c.redirect_uri,
            &c.scope, &c.audience, &c.nonce, &c.code_challenge, c.auth_time, c.expires_at);
        run(&self.writer, insert).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.authorization_code")]
    async fn authorization_code(
        &self,
        hash: &[u8],
    ) -> Result<Option<AuthorizationCodeRecord>, StoreError> {
        find(&self.reader, by_hash(hash)).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.redeem_authorization_code")]
    async fn redeem_authorization_code(
        &self,
        code_hash: &[u8],
        now: UnixTime,
        refresh: Option<&RefreshTokenRecord>,
    ) -> Result<CodeRedemption, StoreError> {
        let mut tx = self.writer.begin().await?;
        // The use is claimed before the code is judged, like a code's try: of two concurrent
        // redemptions only one finds it unused, and on PostgreSQL the row stays locked
        // until this transaction ends.
        let claim = sqlx::query_as::<_, CodeRow>(concat!(
            "UPDATE authorization_codes SET used_at = $1, refresh_family_id = $2
             WHERE code_hash = $3 AND used_at IS NULL RETURNING ",
            code_columns!()
        ));
        let claim = bind!(claim; now, refresh.map(|r| r.family_id.clone()), code_hash);
        if let Some(mut claimed) = find(&mut *tx, claim).await? {
            // Judged as it was before this use: unused, so with no family yet.
            claimed.used_at = None;
            claimed.refresh_family_id = None;
            if refresh_rule::judge_code(&claimed, now) != CodeDecision::Redeem {
                tx.rollback().await?;
                return Ok(CodeRedemption::Invalid);
            }
            if let Some(refresh) = refresh {
                insert_refresh(&mut tx, refresh).await?;
            }
            tx.commit().await?;
            return Ok(CodeRedemption::Redeemed);
        }
        let outcome = match find(&mut *tx, by_hash(code_hash)).await? {
            Some(code) => match refresh_rule::judge_code(&code, now) {
                CodeDecision::Replayed => {
                    if let Some(family) = &code.refresh_family_id {
                        revoke_family(&mut tx, family, now).await?;
                    }
                    CodeRedemption::Replayed
                }
                CodeDecision::Duplicate => CodeRedemption::Duplicate,
                CodeDecision::Redeem | CodeDecision::Refuse => CodeRedemption::Invalid,
            },
            None => CodeRedemption::Invalid,
        };
        tx.commit().await?;
        Ok(outcome)
    }
}
