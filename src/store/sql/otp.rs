//! The `otp_codes` table: the one waiting code per connection and recipient, its tries
//! counted atomically, and the code login that spends it (with the user and refresh token
//! that login writes) in one transaction.

use async_trait::async_trait;
use sqlx::AnyConnection;

use super::counters::{lock_counter, set_counter};
use super::users::log_in_and_commit;
use super::{Finish, SqlStore, bind, end, find, mirror_row, run};
use crate::domain::model::{
    Lockout, OtpCheck, OtpLogin, OtpLoginOutcome, OtpRecord, OtpTry, OtpVerdict,
};
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

/// Reserves a try: `$1` connection, `$2` recipient, `$3` the most tries.
const RESERVE: &str = concat!(
    "UPDATE otp_codes SET attempts = attempts + 1
     WHERE connection = $1 AND recipient = $2 AND attempts < $3 RETURNING ",
    otp_columns!()
);

/// The code waiting for `$1` connection, `$2` recipient.
const WAITING: &str = concat!(
    "SELECT ",
    otp_columns!(),
    " FROM otp_codes WHERE connection = $1 AND recipient = $2"
);

/// Stores a new code in place of the waiting one, in `OtpRecord` order without `attempts`.
const REPLACE: &str = "INSERT INTO otp_codes (id, connection, recipient, code_hash, created_at, expires_at, attempts, verify_provider)
     VALUES ($1, $2, $3, $4, $5, $6, 0, $7)
     ON CONFLICT (connection, recipient) DO UPDATE SET id = excluded.id, code_hash = excluded.code_hash,
       created_at = excluded.created_at, expires_at = excluded.expires_at, attempts = 0,
       verify_provider = excluded.verify_provider";

/// Spends the code `$1`.
pub(super) const SPEND: &str = "DELETE FROM otp_codes WHERE id = $1";

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
    judge: &OtpJudge,
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
    let reserve = sqlx::query_as::<_, OtpRow>(RESERVE);
    let reserve = bind!(reserve; connection, recipient, code.max_attempts);
    let Some(stored) = find(&mut *conn, reserve).await? else {
        let dead = find(&mut *conn, waiting_code(connection, recipient)).await?;
        return Ok(not_reserved(dead, judge));
    };
    let (reserved, counted) = judged(stored, judge, wrong_so_far);
    if let Some((lockout, wrong)) = counted {
        set_counter(&mut *conn, &lockout.cell, wrong).await?;
    }
    Ok(reserved)
}

/// What no reservation means: a dead code said as such, or no code.
fn not_reserved(waiting: Option<OtpRecord>, judge: &OtpJudge) -> Reserved {
    match waiting.map(|r| judge(&r)) {
        Some(verdict @ OtpVerdict::Dead(_)) => Reserved::Dead(verdict),
        _ => Reserved::NoCode,
    }
}

/// The verdict on a code whose try was just reserved (`stored` as the reservation returned
/// it), and the lockout's new count if it is a wrong code.
fn judged<'l>(
    mut stored: OtpRecord,
    judge: &OtpJudge,
    wrong_so_far: Option<(&'l Lockout, i64)>,
) -> (Reserved, Option<(&'l Lockout, i64)>) {
    stored.attempts -= 1; // judge the code as it was before this try
    let mut verdict = judge(&stored);
    let mut counted = None;
    if let OtpVerdict::Wrong { tries_left } = &mut verdict
        && let Some((lockout, wrong)) = wrong_so_far
    {
        counted = Some((lockout, wrong + 1));
        // The lockout may close before the code's own tries run out.
        *tries_left = (*tries_left).min(lockout.limit - wrong - 1).max(0);
    }
    (Reserved::Judged(stored, verdict), counted)
}

/// How a login's transaction goes on from its reservation: with the right code (to be
/// spent), or ended here with its outcome (a wrong try is kept; an expired code does not
/// spend a try).
fn settle(reserved: Reserved) -> Settled {
    match reserved {
        Reserved::Judged(stored, OtpVerdict::Accept) => Settled::Spend(stored),
        Reserved::Judged(_, verdict @ OtpVerdict::Wrong { .. }) => {
            Settled::Ended(OtpLoginOutcome::Rejected(verdict), Finish::Commit)
        }
        Reserved::Judged(_, verdict) | Reserved::Dead(verdict) => {
            Settled::Ended(OtpLoginOutcome::Rejected(verdict), Finish::Rollback)
        }
        Reserved::NoCode => Settled::Ended(OtpLoginOutcome::NoCode, Finish::Rollback),
        Reserved::LockedOut => Settled::Ended(OtpLoginOutcome::LockedOut, Finish::Rollback),
    }
}

/// See [`settle`].
enum Settled {
    /// The right code: spend it and log in.
    Spend(OtpRecord),
    /// The login ends here.
    Ended(OtpLoginOutcome, Finish),
}

fn waiting_code<'q>(connection: &'q str, recipient: &'q str) -> super::QueryAs<'q, OtpRow> {
    sqlx::query_as(WAITING).bind(connection).bind(recipient)
}

#[async_trait]
impl OtpStore for SqlStore {
    #[tracing::instrument(level = "debug", skip_all, name = "store.replace_otp")]
    async fn replace_otp(&self, otp: &OtpRecord) -> Result<(), StoreError> {
        if let Some(embedded) = &self.embedded {
            let otp = otp.clone();
            return embedded
                .transact(move |tx| {
                    embedded::replace(tx, &otp)?;
                    Ok(((), Finish::Commit))
                })
                .await;
        }
        let upsert = bind!(sqlx::query(REPLACE); &otp.id, &otp.connection, &otp.recipient,
            &otp.code_hash, otp.created_at, otp.expires_at, &otp.verify_provider);
        run(&self.writer, upsert).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.delete_otp")]
    async fn delete_otp(&self, id: &str) -> Result<(), StoreError> {
        run(&self.writer, sqlx::query(SPEND).bind(id)).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.consume_otp")]
    async fn consume_otp(
        &self,
        login: &OtpLogin,
        judge: OtpJudge,
    ) -> Result<OtpLoginOutcome, StoreError> {
        let login = login.clone();
        match &self.embedded {
            Some(embedded) => {
                embedded
                    .transact(move |tx| embedded::consume(tx, &login, &judge))
                    .await
            }
            None => {
                self.on_writer(|store| async move { consume(&store, &login, &judge).await })
                    .await
            }
        }
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.check_otp")]
    async fn check_otp(&self, code: &OtpTry, judge: OtpJudge) -> Result<OtpCheck, StoreError> {
        let code = code.clone();
        self.on_writer(|store| async move { judge_once(&store, &code, &judge, false).await })
            .await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.spend_otp")]
    async fn spend_otp(&self, code: &OtpTry, judge: OtpJudge) -> Result<OtpCheck, StoreError> {
        let code = code.clone();
        self.on_writer(|store| async move { judge_once(&store, &code, &judge, true).await })
            .await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.latest_otp")]
    async fn latest_otp(&self, conn: &str, to: &str) -> Result<Option<OtpRecord>, StoreError> {
        if let Some(embedded) = &self.embedded {
            return embedded.reads().find::<OtpRow>(WAITING, &[&conn, &to]);
        }
        find(&self.reader, waiting_code(conn, to)).await
    }
}

/// A code login in one transaction (see [`OtpStore::consume_otp`]).
async fn consume(
    store: &SqlStore,
    login: &OtpLogin,
    judge: &OtpJudge,
) -> Result<OtpLoginOutcome, StoreError> {
    let mut tx = store.writer.begin().await?;
    match settle(reserve_try(&mut tx, &login.code, judge).await?) {
        Settled::Spend(stored) => log_in_and_commit(tx, store.backend, &stored.id, login).await,
        Settled::Ended(outcome, finish) => {
            end(tx, finish).await?;
            Ok(outcome)
        }
    }
}

/// One try at a code in its own transaction, under the reservation every use shares (so
/// checks and uses count one set of tries): a right code is deleted when `spend`, else left
/// waiting; a wrong try is kept; an expired code costs no try.
async fn judge_once(
    store: &SqlStore,
    code: &OtpTry,
    judge: &OtpJudge,
    spend: bool,
) -> Result<OtpCheck, StoreError> {
    let mut tx = store.writer.begin().await?;
    let verdict = match reserve_try(&mut tx, code, judge).await? {
        Reserved::Judged(stored, OtpVerdict::Accept) if spend => {
            run(&mut *tx, sqlx::query(SPEND).bind(&stored.id)).await?;
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

// After `otp_columns!`, which they use.
mod embedded;
mod verify;
