//! The `otp_codes` transactions of a code login on the embedded connection (see
//! `store::sql::embedded`): the same statements and rules as the sqlx path beside them, in
//! one call each.

use rusqlite::Connection;
use rusqlite::types::ToSql;

use super::super::Finish;
use super::super::counters::{LOCK_COUNTER, SET_COUNTER, embedded_count};
use super::super::embedded::{find, write};
use super::super::users::log_in_embedded;
use super::{OtpRow, REPLACE, RESERVE, Reserved, Settled, WAITING, judged, not_reserved, settle};
use crate::domain::model::{CounterCell, OtpLogin, OtpLoginOutcome, OtpRecord, OtpTry};
use crate::domain::ports::{OtpJudge, StoreError};

/// Stores `otp` in place of the waiting code.
pub(in crate::store::sql) fn replace(tx: &Connection, otp: &OtpRecord) -> Result<(), StoreError> {
    let values: [&dyn ToSql; 7] = [
        &otp.id,
        &otp.connection,
        &otp.recipient,
        &otp.code_hash,
        &otp.created_at,
        &otp.expires_at,
        &otp.verify_provider,
    ];
    write(tx, REPLACE, &values)?;
    Ok(())
}

/// A code login (see [`crate::domain::ports::OtpStore::consume_otp`]) and how its
/// transaction ends.
pub(in crate::store::sql) fn consume(
    tx: &Connection,
    login: &OtpLogin,
    judge: &OtpJudge,
) -> Result<(OtpLoginOutcome, Finish), StoreError> {
    match settle(reserve_try(tx, &login.code, judge)?) {
        Settled::Spend(stored) => log_in_embedded(tx, &stored.id, login),
        Settled::Ended(outcome, finish) => Ok((outcome, finish)),
    }
}

/// `super::reserve_try` on the embedded connection.
fn reserve_try(tx: &Connection, code: &OtpTry, judge: &OtpJudge) -> Result<Reserved, StoreError> {
    let mut wrong_so_far = None;
    if let Some(lockout) = &code.lockout {
        let wrong = lock_counter(tx, &lockout.cell)?;
        if lockout.locks(wrong) {
            return Ok(Reserved::LockedOut);
        }
        wrong_so_far = Some((lockout, wrong));
    }
    let values: [&dyn ToSql; 3] = [&code.connection, &code.recipient, &code.max_attempts];
    let Some(stored) = find::<OtpRow>(tx, RESERVE, &values)? else {
        let waiting = find::<OtpRow>(tx, WAITING, &values[..2])?;
        return Ok(not_reserved(waiting, judge));
    };
    let (reserved, counted) = judged(stored, judge, wrong_so_far);
    if let Some((lockout, wrong)) = counted {
        let cell = &lockout.cell;
        let values: [&dyn ToSql; 5] = [
            &cell.bucket,
            &cell.key,
            &cell.window_start,
            &wrong,
            &cell.expires_at,
        ];
        write(tx, SET_COUNTER, &values)?;
    }
    Ok(reserved)
}

/// `counters::lock_counter` on the embedded connection (SQLite has one writer, so the
/// "lock" is the transaction itself).
fn lock_counter(tx: &Connection, cell: &CounterCell) -> Result<i64, StoreError> {
    let values: [&dyn ToSql; 4] = [
        &cell.bucket,
        &cell.key,
        &cell.window_start,
        &cell.expires_at,
    ];
    embedded_count(tx, LOCK_COUNTER, &values)
}
