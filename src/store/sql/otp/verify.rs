//! Twilio Verify codes in the `otp_codes` table (ours): marking a waiting code as Twilio's,
//! and the three transactions around Twilio's check of it: a try reserved before Twilio is
//! asked, given back when Twilio gave no answer, and the code spent once Twilio approved it.

use async_trait::async_trait;
use sqlx::AnyConnection;

use super::super::counters::{lock_counter, set_counter};
use super::super::users::log_in_and_commit;
use super::super::{SqlStore, bind, find, run};
use super::{OtpRow, waiting_code};
use crate::domain::model::{
    DeadCode, Lockout, OtpLogin, OtpLoginOutcome, OtpTry, OtpVerdict, VerifyTry,
};
use crate::domain::ports::{StoreError, VerifyCodeStore};

/// Takes back one wrong code from the lockout counter, inside the caller's transaction (the
/// counter row stays locked until it ends). A window that has rolled over since the try
/// was reserved has nothing to take back.
async fn give_back(conn: &mut AnyConnection, lockout: Option<&Lockout>) -> Result<(), StoreError> {
    if let Some(lockout) = lockout {
        let wrong = lock_counter(&mut *conn, &lockout.cell).await?;
        if wrong > 0 {
            set_counter(&mut *conn, &lockout.cell, wrong - 1).await?;
        }
    }
    Ok(())
}

#[async_trait]
impl VerifyCodeStore for SqlStore {
    #[tracing::instrument(level = "debug", skip_all, name = "store.mark_otp_verify")]
    async fn mark_otp_verify(
        &self,
        id: &str,
        provider: Option<&str>,
        code_hash: &[u8],
    ) -> Result<bool, StoreError> {
        let mark =
            sqlx::query("UPDATE otp_codes SET verify_provider = $2, code_hash = $3 WHERE id = $1");
        let done = bind!(mark; id, provider, code_hash)
            .execute(&self.writer)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.reserve_verify_try")]
    async fn reserve_verify_try(
        &self,
        code: &OtpTry,
        id: &str,
        now: i64,
    ) -> Result<VerifyTry, StoreError> {
        let mut tx = self.writer.begin().await?;
        // The lockout first, its row locked: concurrent tries are counted one after another.
        let mut wrong_so_far = None;
        if let Some(lockout) = &code.lockout {
            let wrong = lock_counter(&mut tx, &lockout.cell).await?;
            if lockout.locks(wrong) {
                tx.rollback().await?;
                return Ok(VerifyTry::LockedOut);
            }
            wrong_so_far = Some((lockout, wrong));
        }
        let reserve = sqlx::query_as::<_, OtpRow>(concat!(
            "UPDATE otp_codes SET attempts = attempts + 1
             WHERE id = $1 AND connection = $2 AND recipient = $3 AND verify_provider IS NOT NULL
               AND attempts < $4 AND expires_at > $5 RETURNING ",
            otp_columns!()
        ));
        let reserve = bind!(reserve; id, &code.connection, &code.recipient, code.max_attempts, now);
        let Some(stored) = find(&mut *tx, reserve).await? else {
            let waiting = find(&mut *tx, waiting_code(&code.connection, &code.recipient)).await?;
            tx.rollback().await?;
            return Ok(match waiting {
                Some(w) if w.id == id && w.verify_provider.is_some() => {
                    if w.attempts >= code.max_attempts {
                        VerifyTry::Dead(DeadCode::Exhausted)
                    } else {
                        VerifyTry::Dead(DeadCode::Expired)
                    }
                }
                _ => VerifyTry::NoCode,
            });
        };
        // Counted as wrong until Twilio answers otherwise: a guess in flight is already
        // held against the lockout, so concurrent guesses cannot pass it.
        if let Some((lockout, wrong)) = wrong_so_far {
            set_counter(&mut tx, &lockout.cell, wrong + 1).await?;
        }
        tx.commit().await?;
        Ok(VerifyTry::Reserved(stored))
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.release_verify_try")]
    async fn release_verify_try(&self, code: &OtpTry, id: &str) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await?;
        give_back(&mut tx, code.lockout.as_ref()).await?;
        let release = sqlx::query(
            "UPDATE otp_codes SET attempts = attempts - 1
             WHERE id = $1 AND verify_provider IS NOT NULL AND attempts > 0",
        );
        run(&mut *tx, release.bind(id)).await?;
        tx.commit().await?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.consume_verified_otp")]
    async fn consume_verified_otp(
        &self,
        login: &OtpLogin,
        id: &str,
    ) -> Result<OtpLoginOutcome, StoreError> {
        let mut tx = self.writer.begin().await?;
        // Twilio approved it: the try was not a wrong code.
        give_back(&mut tx, login.code.lockout.as_ref()).await?;
        // The claim: a conditional delete, so of two concurrent logins with the same
        // approval only one finds the row (PostgreSQL's row lock makes the second wait and
        // then see it gone; SQLite has one writer).
        let claim = sqlx::query_scalar::<_, String>(
            "DELETE FROM otp_codes WHERE id = $1 AND connection = $2 AND recipient = $3
               AND verify_provider IS NOT NULL AND expires_at > $4 RETURNING id",
        );
        let claim = bind!(claim; id, &login.code.connection, &login.code.recipient, login.now);
        if claim.fetch_optional(&mut *tx).await?.is_none() {
            let waiting = find(
                &mut *tx,
                waiting_code(&login.code.connection, &login.code.recipient),
            )
            .await?;
            tx.commit().await?;
            return Ok(match waiting {
                Some(w) if w.id == id && w.verify_provider.is_some() => {
                    OtpLoginOutcome::Rejected(OtpVerdict::Dead(DeadCode::Expired))
                }
                _ => OtpLoginOutcome::NoCode,
            });
        }
        log_in_and_commit(tx, self.backend, id, login).await
    }
}
