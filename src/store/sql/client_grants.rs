//! The `client_grants` table: the APIs each machine client may call, with the scopes (a
//! JSON array), one grant per client and audience.

use async_trait::async_trait;

use super::{SqlStore, bind, find, json, list, mirror_row, run, to_json, write};
use crate::domain::UnixTime;
use crate::domain::model::{ClientGrant, GrantCreation, GrantQuery};
use crate::domain::ports::{ClientGrantStore, StoreError};

mirror_row!(GrantRow => ClientGrant {
    id: String, client_id: String, audience: String; scope: String => json
});

const COLUMNS: &str = "id, client_id, audience, scope";
/// Absent filters are NULL parameters, so one statement serves every combination.
const FILTER: &str = "($1 IS NULL OR client_id = $1) AND ($2 IS NULL OR audience = $2)";

#[async_trait]
impl ClientGrantStore for SqlStore {
    #[tracing::instrument(level = "debug", skip_all, name = "store.upsert_client_grant")]
    async fn upsert_client_grant(&self, g: &ClientGrant, now: UnixTime) -> Result<(), StoreError> {
        let upsert = sqlx::query(
            "INSERT INTO client_grants (id, client_id, audience, scope, created_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (client_id, audience) DO UPDATE SET scope = excluded.scope",
        );
        let upsert = bind!(upsert; &g.id, &g.client_id, &g.audience, to_json(&g.scope)?, now);
        run(&self.writer, upsert).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.insert_client_grant")]
    async fn insert_client_grant(
        &self,
        g: &ClientGrant,
        now: UnixTime,
    ) -> Result<GrantCreation, StoreError> {
        // One statement: the client must exist and the pair be free when the row lands, so
        // a client deleted meanwhile leaves no orphan grant and two creations cannot both win.
        let insert = sqlx::query(
            "INSERT INTO client_grants (id, client_id, audience, scope, created_at)
             SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM clients WHERE client_id = $2)
             ON CONFLICT DO NOTHING",
        );
        let insert = bind!(insert; &g.id, &g.client_id, &g.audience, to_json(&g.scope)?, now);
        if write(&self.writer, insert).await? == 1 {
            return Ok(GrantCreation::Created);
        }
        // Nothing was written: say why (the reads only name the cause).
        let client =
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM clients WHERE client_id = $1")
                .bind(&g.client_id)
                .fetch_one(&self.writer)
                .await?;
        Ok(if client == 0 {
            GrantCreation::NoClient
        } else {
            GrantCreation::Taken
        })
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.client_grants")]
    async fn client_grants(&self, client_id: &str) -> Result<Vec<ClientGrant>, StoreError> {
        let grants = sqlx::query_as::<_, GrantRow>(
            "SELECT id, client_id, audience, scope FROM client_grants WHERE client_id = $1 ORDER BY audience",
        );
        list(&self.reader, grants.bind(client_id)).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.client_grant")]
    async fn client_grant(&self, id: &str) -> Result<Option<ClientGrant>, StoreError> {
        let grant = sqlx::query_as::<_, GrantRow>(
            "SELECT id, client_id, audience, scope FROM client_grants WHERE id = $1",
        );
        find(&self.reader, grant.bind(id)).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.client_grant_page")]
    async fn client_grant_page(
        &self,
        q: &GrantQuery,
    ) -> Result<(Vec<ClientGrant>, i64), StoreError> {
        let page = format!(
            "SELECT {COLUMNS} FROM client_grants WHERE {FILTER} AND ($3 IS NULL OR id >= $3)
             ORDER BY id LIMIT $4 OFFSET $5"
        );
        let page = sqlx::query_as::<_, GrantRow>(sqlx::AssertSqlSafe(page));
        let page = bind!(page; &q.client_id, &q.audience, &q.from, q.slice.limit, q.slice.offset);
        let grants = list(&self.reader, page).await?;
        let count = format!("SELECT COUNT(*) FROM client_grants WHERE {FILTER}");
        let count = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(count));
        let total = bind!(count; &q.client_id, &q.audience)
            .fetch_one(&self.reader)
            .await?;
        Ok((grants, total))
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.set_client_grant_scope")]
    async fn set_client_grant_scope(
        &self,
        id: &str,
        scope: &[String],
    ) -> Result<Option<ClientGrant>, StoreError> {
        let update = sqlx::query_as::<_, GrantRow>(
            "UPDATE client_grants SET scope = $1 WHERE id = $2
             RETURNING id, client_id, audience, scope",
        );
        find(&self.writer, bind!(update; to_json(&scope)?, id)).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.delete_client_grant")]
    async fn delete_client_grant(&self, id: &str) -> Result<bool, StoreError> {
        let delete = sqlx::query("DELETE FROM client_grants WHERE id = $1").bind(id);
        Ok(write(&self.writer, delete).await? == 1)
    }
}
