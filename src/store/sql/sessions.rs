//! The `sessions` table: hosted-login sessions, by the hash of their cookie; and the
//! `login_tickets` a cross-origin login leaves for its session to redeem at `/authorize`.

use async_trait::async_trait;

use super::{SqlStore, bind, find, mirror_row, run, write};
use crate::domain::UnixTime;
use crate::domain::model::{LoginTicketRecord, SessionRecord};
use crate::domain::ports::{SessionStore, StoreError};

mirror_row!(SessionRow => SessionRecord {
    id_hash: Vec<u8>, user_id: String, created_at: i64, expires_at: i64
});

mirror_row!(TicketRow => LoginTicketRecord {
    ticket_hash: Vec<u8>, client_id: String, user_id: String, connection: String,
    session_hash: Vec<u8>, verifier_hash: Vec<u8>, co_id: String, created_at: i64,
    expires_at: i64, used_at: Option<i64>,
});

#[async_trait]
impl SessionStore for SqlStore {
    #[tracing::instrument(level = "debug", skip_all, name = "store.create_session")]
    async fn create_session(&self, s: &SessionRecord) -> Result<(), StoreError> {
        let insert = "INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)";
        let insert = bind!(sqlx::query(insert); &s.id_hash, &s.user_id, s.created_at, s.expires_at);
        run(&self.writer, insert).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.session")]
    async fn session(&self, id_hash: &[u8]) -> Result<Option<SessionRecord>, StoreError> {
        let sql =
            "SELECT id_hash, user_id, created_at, expires_at FROM sessions WHERE id_hash = $1";
        find(
            &self.reader,
            sqlx::query_as::<_, SessionRow>(sql).bind(id_hash),
        )
        .await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.delete_session")]
    async fn delete_session(&self, id_hash: &[u8]) -> Result<bool, StoreError> {
        let delete = sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(id_hash);
        Ok(write(&self.writer, delete).await? == 1)
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.extend_session")]
    async fn extend_session(&self, id_hash: &[u8], expires_at: UnixTime) -> Result<(), StoreError> {
        let extend = sqlx::query(
            "UPDATE sessions SET expires_at = $1 WHERE id_hash = $2 AND expires_at < $1",
        );
        run(&self.writer, bind!(extend; expires_at, id_hash)).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.create_login_ticket")]
    async fn create_login_ticket(&self, t: &LoginTicketRecord) -> Result<(), StoreError> {
        let insert = sqlx::query(
            "INSERT INTO login_tickets (ticket_hash, client_id, user_id, connection, session_hash,
               verifier_hash, co_id, created_at, expires_at, used_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL)",
        );
        let insert = bind!(insert; &t.ticket_hash, &t.client_id, &t.user_id, &t.connection,
            &t.session_hash, &t.verifier_hash, &t.co_id, t.created_at, t.expires_at);
        run(&self.writer, insert).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.login_ticket")]
    async fn login_ticket(
        &self,
        ticket_hash: &[u8],
        client_id: &str,
        now: UnixTime,
    ) -> Result<Option<LoginTicketRecord>, StoreError> {
        let read = sqlx::query_as::<_, TicketRow>(
            "SELECT ticket_hash, client_id, user_id, connection, session_hash, verifier_hash,
               co_id, created_at, expires_at, used_at FROM login_tickets
             WHERE ticket_hash = $1 AND client_id = $2 AND used_at IS NULL AND expires_at > $3",
        );
        find(&self.reader, bind!(read; ticket_hash, client_id, now)).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.redeem_login_ticket")]
    async fn redeem_login_ticket(
        &self,
        ticket_hash: &[u8],
        client_id: &str,
        now: UnixTime,
    ) -> Result<Option<LoginTicketRecord>, StoreError> {
        // One statement claims the ticket: of two concurrent redemptions, only one finds it
        // unused, on either backend.
        let claim = sqlx::query_as::<_, TicketRow>(
            "UPDATE login_tickets SET used_at = $1
             WHERE ticket_hash = $2 AND client_id = $3 AND used_at IS NULL AND expires_at > $1
             RETURNING ticket_hash, client_id, user_id, connection, session_hash, verifier_hash,
               co_id, created_at, expires_at, used_at",
        );
        find(&self.writer, bind!(claim; now, ticket_hash, client_id)).await
    }
}
