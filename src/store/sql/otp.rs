//! The `otp_codes` table: the one waiting code per connection and recipient, its tries
//! counted atomically, and the code login that spends it (with the user and refresh token
//! that login writes) in one transaction.

use async_trait::async_trait;
use sqlx::AnyConnection;

use super::counters::{lock_counter, set_counter};
use super::users::log_in_and_commit;
use super::{SqlStore, bind, find, mirror_row, run};
use crate::domain::model::{OtpCheck, OtpLogin, OtpLoginOutcome, OtpRecord, OtpTry, OtpVerdict};
use crate::domain::ports::{OtpJudge, OtpStore, StoreError};

mirror_row!(OtpRow => OtpRecord {
    id: String, connection: String, recipient: String, code_hash: Vec<u8>, created_at: i64,
    expires_at: i64, attempts: i64, verify_provider: Option<String>,
});

/// The `otp_codes` columns in `OtpRow` order.
macro_rules! otp_columns {
    () => {
        "id, connection, recipient, code_hash, created_at, expires_at, attempts, verify_provider"
    };
}

/// What reserving a try at a code found.
enum Reserved {
    /// The recipient is locked out by wrong codes: nothing was judged.
    LockedOut,
    /// A try was reserved; the code as it was before it, and its verdict.
    Judged(OtpRecord, OtpVerdict),
    /// No try left (the code was killed by wrong tries), or otherwise dead.
    Dead(OtpVerdict),
    NoCode,
}

/// The first step of using or checking a code, inside the caller's transaction. The try is
/// reserved before the code is judged: the increment is atomic, so concurrent guesses can
/// never judge more than `max_attempts` tries between them, and on PostgreSQL the row stays
/// locked until the transaction ends. The caller commits a wrong try and rolls back the rest
/// (an expired code does not spend a try).
///
/// The per-recipient lockout comes first: its counter row is locked (and stays locked until
/// the transaction ends), so concurrent guesses are judged one after another against it, and
/// a wrong code is counted in it before the next guess reads it.
async fn reserve_try(
    conn: &mut AnyConnection,
    code: &OtpTry,
    judge: OtpJudge<'_>,
) -> Result<Reserved, StoreError> {
    let (connection, recipient) = (code.connection.as_str(), code.recipient.as_str());
    let mut wrong_so_far = None;
    if let Some(lockout) = &code.lockout {
        let wrong = lock_counter(&mut *conn, &lockout.cell).await?;
        if lockout.locks(wrong) {
            return Ok(Reserved::LockedOut);
        }
        wrong_so_far = Some((lockout, wrong));
    }
    let reserve = sqlx::query_as::<_, OtpRow>(concat!(
        "UPDATE otp_codes SET attempts = attempts + 1
         WHERE connection = $1 AND recipient = $2 AND attempts < $3 RETURNING ",
        otp_columns!()
    ));
    let reserve = bind!(reserve; connection, recipient, code.max_attempts);
    let Some(mut stored) = find(&mut *conn, reserve).await? else {
        let dead = find(&mut *conn, waiting_code(connection, recipient)).await?;
        return Ok(match dead.map(|r| judge(&r)) {
            Some(verdict @ OtpVerdict::Dead(_)) => Reserved::Dead(verdict),
            _ => Reserved::NoCode,
        });
    };
    stored.attempts -= 1; // judge the code as it was before this try
    let mut verdict = judge(&stored);
    if let OtpVerdict::Wrong { tries_left } = &mut verdict
        && let Some((lockout, wrong)) = wrong_so_far
    {
        set_counter(&mut *conn, &lockout.cell, wrong + 1).await?;
        // The lockout may close before the code's own tries run out.
        *tries_left = (*tries_left).min(lockout.limit - wrong - 1).max(0);
    }
    Ok(Reserved::Judged(stored, verdict))
}

fn waiting_code<'q>(connection: &'q str, recipient: &'q str) -> super::QueryAs<'q, OtpRow> {
    sqlx::query_as(concat!(
        "SELECT ",
        otp_columns!(),
        " FROM otp_codes WHERE connection = $1 AND recipient = $2"
    ))
    .bind(connection)
    .bind(recipient)
}

#[async_trait]
impl OtpStore for SqlStore {
    #[tracing::instrument(level = "debug", skip_all, name = "store.replace_otp")]
    async fn replace_otp(&self, otp: &OtpRecord) -> Result<(), StoreError> {
        let upsert = sqlx::query(
            "INSERT INTO otp_codes (id, connection, recipient, code_hash, created_at, expires_at, attempts, verify_provider)
             VALUES ($1, $2, $3, $4, $5, $6, 0, $7)
             ON CONFLICT (connection, recipient) DO UPDATE SET id = excluded.id, code_hash = excluded.code_hash,
               created_at = excluded.created_at, expires_at = excluded.expires_at, attempts = 0,
               verify_provider = excluded.verify_provider",
        );
        let upsert = bind!(upsert; &otp.id, &otp.connection, &otp.recipient, &otp.code_hash,
            otp.created_at, otp.expires_at, &otp.verify_provider);
        run(&self.writer, upsert).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.delete_otp")]
    async fn delete_otp(&self, id: &str) -> Result<(), StoreError> {
        let delete = sqlx::query("DELETE FROM otp_codes WHERE id = $1").bind(id);
        run(&self.writer, delete).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.consume_otp")]
    async fn consume_otp(
        &self,
        login: &OtpLogin,
        judge: OtpJudge<'_>,
    ) -> Result<OtpLoginOutcome, StoreError> {
        let mut tx = self.writer.begin().await?;
        let reserved = reserve_try(&mut tx, &login.code, judge).await?;
        let stored = match reserved {
            Reserved::Judged(stored, OtpVerdict::Accept) => stored,
            Reserved::Judged(_, verdict @ OtpVerdict::Wrong { .. }) => {
                tx.commit().await?;
                return Ok(OtpLoginOutcome::Rejected(verdict));
            }
            // An expired code does not spend a try.
            Reserved::Judged(_, verdict) | Reserved::Dead(verdict) => {
                tx.rollback().await?;
                return Ok(OtpLoginOutcome::Rejected(verdict));
            }
            Reserved::NoCode => {
                tx.rollback().await?;
                return Ok(OtpLoginOutcome::NoCode);
            }
            Reserved::LockedOut => {
                tx.rollback().await?;
                return Ok(OtpLoginOutcome::LockedOut);
            }
        };
        log_in_and_commit(tx, self.backend, &stored.id, login).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.check_otp")]
    async fn check_otp(&self, code: &OtpTry, judge: OtpJudge<'_>) -> Result<OtpCheck, StoreError> {
        judge_once(self, code, judge, false).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.spend_otp")]
    async fn spend_otp(&self, code: &OtpTry, judge: OtpJudge<'_>) -> Result<OtpCheck, StoreError> {
        judge_once(self, code, judge, true).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.latest_otp")]
    async fn latest_otp(&self, conn: &str, to: &str) -> Result<Option<OtpRecord>, StoreError> {
        find(&self.reader, waiting_code(conn, to)).await
    }
}

/// One try at a code in its own transaction, under the reservation every use shares (so
/// checks and uses count one set of tries): a right code is deleted when `spend`, else left
/// waiting; a wrong try is kept; an expired code costs no try.
async fn judge_once(
    store: &SqlStore,
    code: &OtpTry,
    judge: OtpJudge<'_>,
    spend: bool,
) -> Result<OtpCheck, StoreError> {
    let mut tx = store.writer.begin().await?;
    let verdict = match reserve_try(&mut tx, code, judge).await? {
        Reserved::Judged(stored, OtpVerdict::Accept) if spend => {
            let delete = sqlx::query("DELETE FROM otp_codes WHERE id = $1").bind(&stored.id);
            run(&mut *tx, delete).await?;
            tx.commit().await?;
            return Ok(OtpCheck::Judged(OtpVerdict::Accept));
        }
        Reserved::Judged(_, verdict) | Reserved::Dead(verdict) => OtpCheck::Judged(verdict),
        Reserved::NoCode => OtpCheck::NoCode,
        Reserved::LockedOut => OtpCheck::LockedOut,
    };
    if matches!(verdict, OtpCheck::Judged(OtpVerdict::Wrong { .. })) {
        tx.commit().await?;
    } else {
        tx.rollback().await?;
    }
    Ok(verdict)
}

// After `otp_columns!`, which it uses.
mod verify;
