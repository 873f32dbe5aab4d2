//! Housekeeping: the [`PurgeStore`] statements, one per table, that delete what has
//! expired. Listed together because they differ only in the statement.

use async_trait::async_trait;

use super::{SqlStore, write};
use crate::domain::UnixTime;
use crate::domain::ports::{PurgeStore, StoreError};

/// Each method runs its `DELETE … WHERE <time> < $1` with `before` as `$1`.
macro_rules! purges {
    ($($method:ident: $statement:literal,)+) => {
        #[async_trait]
        impl PurgeStore for SqlStore {
            $(async fn $method(&self, before: UnixTime) -> Result<u64, StoreError> {
                write(&self.writer, sqlx::query($statement).bind(before)).await
            })+
        }
    };
}

purges! {
    purge_expired_otps: "DELETE FROM otp_codes WHERE expires_at < $1",
    purge_authorization_codes: "DELETE FROM authorization_codes WHERE expires_at < $1",
    purge_sessions: "DELETE FROM sessions WHERE expires_at < $1",
    purge_login_tickets: "DELETE FROM login_tickets WHERE expires_at < $1",
    purge_assertions: "DELETE FROM used_assertions WHERE expires_at < $1",
    purge_ceremonies: "DELETE FROM webauthn_ceremonies WHERE expires_at < $1",
    purge_events: "DELETE FROM logs WHERE date < $1",
    purge_counters: "DELETE FROM rate_counters WHERE expires_at < $1",
}
