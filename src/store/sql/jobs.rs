//! The `jobs`, `job_inputs` and `job_errors` tables: background imports and exports, the claim that gives
//! a job to one runner, and an import's batches (multi-row statements, one transaction
//! each).

use std::collections::HashSet;

use async_trait::async_trait;

use super::users::profile_json;
use super::{SqlStore, bind, corrupt, find, json, run, write};
use crate::domain::UnixTime;
use crate::domain::model::{
    ImportBatch, ImportCounts, JobEnd, JobKind, JobParams, JobRecord, JobStatus, NewUser,
};
use crate::domain::ports::{DuplicateRow, JobStore, StoreError};

#[derive(sqlx::FromRow)]
struct JobRow {
    id: String,
    kind: String,
    status: String,
    connection: Option<String>,
    params: String,
    status_details: Option<String>,
    total: i64,
    progress: i64,
    inserted: i64,
    updated: i64,
    failed: i64,
    created_at: i64,
    started_at: Option<i64>,
    updated_at: i64,
}

impl super::Row for JobRow {
    type Record = JobRecord;
    fn into_record(self) -> Result<JobRecord, StoreError> {
        Ok(JobRecord {
            kind: JobKind::parse(&self.kind).ok_or_else(|| corrupt("jobs.kind", &self.kind))?,
            status: JobStatus::parse(&self.status)
                .ok_or_else(|| corrupt("jobs.status", &self.status))?,
            params: json::<JobParams>("jobs.params", self.params)?,
            id: self.id,
            connection: self.connection,
            status_details: self.status_details,
            total: self.total,
            progress: self.progress,
            inserted: self.inserted,
            updated: self.updated,
            failed: self.failed,
            created_at: self.created_at,
            started_at: self.started_at,
            updated_at: self.updated_at,
        })
    }
}

/// The `jobs` columns in `JobRow` order.
macro_rules! job_columns {
    () => {
        "id, kind, status, connection, params, status_details, total, progress, inserted, updated, failed, created_at, started_at, updated_at"
    };
}

/// The most rows one multi-row statement carries: 8 parameters a user keeps each
/// statement within both backends' parameter limits (SQLite's 32,766, PostgreSQL's 65,535).
const ROWS_PER_STATEMENT: usize = 1000;

/// `($a, $b, …), (…)`: `rows` groups of `width` parameters, numbered from `$first`.
fn placeholders(rows: usize, width: usize, first: usize) -> String {
    let mut sql = String::with_capacity(rows * width * 5);
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..width {
            if c > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("${}", first + r * width + c));
        }
        sql.push(')');
    }
    sql
}

/// Inserts `users` (one statement per [`ROWS_PER_STATEMENT`]), skipping any whose id or
/// login is taken; the `(user_id, recipient)` of those that landed.
async fn insert_users(
    conn: &mut sqlx::AnyConnection,
    users: &[&NewUser],
    now: UnixTime,
) -> Result<HashSet<(String, String)>, StoreError> {
    let mut landed = HashSet::new();
    for chunk in users.chunks(ROWS_PER_STATEMENT) {
        // `$1` is the time, each user's 8 values follow.
        let values = placeholders(chunk.len(), 8, 2).replace(')', ", $1, $1, NULL, 0)");
        let sql = format!(
            "INSERT INTO users (user_id, connection, strategy, recipient, name, blocked, verified, profile, created_at, updated_at, last_login, logins_count)
             VALUES {values} ON CONFLICT DO NOTHING RETURNING user_id, recipient"
        );
        // Every value is a parameter; the statement's text depends on the row count alone.
        let mut q = sqlx::query_as::<_, (String, String)>(sqlx::AssertSqlSafe(sql)).bind(now);
        for u in chunk {
            q = bind!(q; &u.user_id, &u.connection, u.strategy.as_str(), &u.recipient, &u.name,
                i64::from(u.blocked), i64::from(u.verified), profile_json(&u.profile)?);
        }
        landed.extend(q.fetch_all(&mut *conn).await?);
    }
    Ok(landed)
}

/// Inserts `(position, body)` errors of `job_id`.
async fn insert_errors(
    conn: &mut sqlx::AnyConnection,
    job_id: &str,
    errors: &[(i64, String)],
) -> Result<(), StoreError> {
    for chunk in errors.chunks(ROWS_PER_STATEMENT) {
        let values = placeholders(chunk.len(), 2, 2).replace('(', "($1, ");
        let sql = format!("INSERT INTO job_errors (job_id, position, body) VALUES {values}");
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(job_id);
        for (position, body) in chunk {
            q = q.bind(*position).bind(body.as_str());
        }
        run(&mut *conn, q).await?;
    }
    Ok(())
}

/// With upsert: of `users`, those whose login the connection has already, updated in place
/// (Auth0 overwrites the upsertable attributes: names, picture, metadata, verified). The
/// positions updated.
async fn upsert_existing(
    conn: &mut sqlx::AnyConnection,
    connection: &str,
    users: &[(i64, NewUser)],
    now: UnixTime,
) -> Result<HashSet<i64>, StoreError> {
    let mut existing = HashSet::new();
    for chunk in users.chunks(ROWS_PER_STATEMENT) {
        let params = (0..chunk.len())
            .map(|i| format!("${}", i + 2))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT recipient FROM users WHERE connection = $1 AND recipient IN ({params})"
        );
        let mut q = sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql)).bind(connection);
        for (_, u) in chunk {
            q = q.bind(u.recipient.as_str());
        }
        existing.extend(q.fetch_all(&mut *conn).await?);
    }
    let mut updated = HashSet::new();
    let mut seen = HashSet::new();
    for (position, u) in users {
        // A login given twice in one file is updated once; the second row is a duplicate.
        if !existing.contains(&u.recipient) || !seen.insert(u.recipient.as_str()) {
            continue;
        }
        let update = "UPDATE users SET name = $1, profile = $2, verified = $3, updated_at = $4
              WHERE connection = $5 AND recipient = $6";
        let update = bind!(sqlx::query(update); &u.name, profile_json(&u.profile)?,
            i64::from(u.verified), now, connection, &u.recipient);
        run(&mut *conn, update).await?;
        updated.insert(*position);
    }
    Ok(updated)
}

#[async_trait]
impl JobStore for SqlStore {
    #[tracing::instrument(level = "debug", skip_all, name = "store.insert_job")]
    async fn insert_job(&self, job: &JobRecord, input: Option<&str>) -> Result<(), StoreError> {
        let insert = sqlx::query(
            "INSERT INTO jobs (id, kind, status, connection, params, total, progress, inserted, updated, failed, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, 0, 0, 0, 0, $7, $7)",
        );
        let params = serde_json::to_string(&job.params).map_err(|e| corrupt("jobs.params", e))?;
        let insert = bind!(insert; &job.id, job.kind.as_str(), job.status.as_str(),
            &job.connection, params, job.total, job.created_at);
        let mut tx = self.writer.begin().await?;
        run(&mut *tx, insert).await?;
        if let Some(input) = input {
            let file = sqlx::query("INSERT INTO job_inputs (job_id, input) VALUES ($1, $2)");
            run(&mut *tx, file.bind(&job.id).bind(input)).await?;
        }
        Ok(tx.commit().await?)
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.job")]
    async fn job(&self, id: &str) -> Result<Option<JobRecord>, StoreError> {
        let sql = concat!("SELECT ", job_columns!(), " FROM jobs WHERE id = $1");
        find(&self.reader, sqlx::query_as::<_, JobRow>(sql).bind(id)).await
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.job_errors")]
    async fn job_errors(&self, id: &str) -> Result<Vec<String>, StoreError> {
        let sql = "SELECT body FROM job_errors WHERE job_id = $1 ORDER BY position";
        Ok(sqlx::query_scalar(sql)
            .bind(id)
            .fetch_all(&self.reader)
            .await?)
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.job_input")]
    async fn job_input(&self, id: &str) -> Result<Option<String>, StoreError> {
        let sql = "SELECT input FROM job_inputs WHERE job_id = $1";
        Ok(sqlx::query_scalar(sql)
            .bind(id)
            .fetch_optional(&self.reader)
            .await?)
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.job_output")]
    async fn job_output(&self, id: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let sql = "SELECT output FROM jobs WHERE id = $1 AND status = 'completed'";
        let output: Option<Option<Vec<u8>>> = sqlx::query_scalar(sql)
            .bind(id)
            .fetch_optional(&self.reader)
            .await?;
        Ok(output.flatten())
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.claim_job")]
    async fn claim_job(
        &self,
        runner: &str,
        now: UnixTime,
        lease_until: UnixTime,
    ) -> Result<Option<JobRecord>, StoreError> {
        const CLAIMABLE: &str =
            "(status = 'pending' OR (status = 'processing' AND lease_until < $1))";
        let candidates =
            format!("SELECT id FROM jobs WHERE {CLAIMABLE} ORDER BY created_at, id LIMIT 8");
        let candidates: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(candidates))
            .bind(now)
            .fetch_all(&self.writer)
            .await?;
        for id in candidates {
            // The condition is checked again by the update itself: of two runners that read
            // the same candidate, the first update takes it and the second touches no row.
            let claim = format!(
                "UPDATE jobs SET status = 'processing', runner = $2, lease_until = $3,
                   started_at = COALESCE(started_at, $1), updated_at = $1
                 WHERE id = $4 AND {CLAIMABLE} RETURNING {}",
                job_columns!()
            );
            let claim = sqlx::query_as::<_, JobRow>(sqlx::AssertSqlSafe(claim));
            let claimed = find(
                &self.writer,
                bind!(claim; now, runner, lease_until, id.as_str()),
            )
            .await?;
            if claimed.is_some() {
                return Ok(claimed);
            }
        }
        Ok(None)
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.import_batch")]
    async fn import_batch(
        &self,
        batch: &ImportBatch,
        duplicate: DuplicateRow<'_>,
        now: UnixTime,
    ) -> Result<Option<ImportCounts>, StoreError> {
        let mut tx = self.writer.begin().await?;
        // First, so a runner that lost its job writes nothing of it.
        let ours = "UPDATE jobs SET lease_until = $1, updated_at = $2
              WHERE id = $3 AND runner = $4 AND status = 'processing'";
        let ours = bind!(sqlx::query(ours); batch.lease_until, now, &batch.job_id, &batch.runner);
        if write(&mut *tx, ours).await? == 0 {
            return Ok(None);
        }
        let updated = if batch.upsert {
            upsert_existing(&mut tx, &batch.connection, &batch.users, now).await?
        } else {
            HashSet::new()
        };
        let fresh: Vec<&(i64, NewUser)> = batch
            .users
            .iter()
            .filter(|(position, _)| !updated.contains(position))
            .collect();
        let landed = insert_users(
            &mut tx,
            &fresh.iter().map(|(_, u)| u).collect::<Vec<_>>(),
            now,
        )
        .await?;
        // Each landed (id, login) is the first row that carried it; later ones are
        // duplicates within the file.
        let mut claimed: HashSet<(&str, &str)> = HashSet::new();
        let mut errors = batch.refused.clone();
        let mut inserted = 0;
        for (position, u) in fresh {
            let key = (u.user_id.as_str(), u.recipient.as_str());
            if landed.contains(&(u.user_id.clone(), u.recipient.clone())) && claimed.insert(key) {
                inserted += 1;
            } else {
                errors.push((*position, duplicate(*position)));
            }
        }
        insert_errors(&mut tx, &batch.job_id, &errors).await?;
        let counts = ImportCounts {
            inserted,
            updated: i64::try_from(updated.len()).unwrap_or(i64::MAX),
            failed: i64::try_from(errors.len()).unwrap_or(i64::MAX),
        };
        let progress = "UPDATE jobs SET progress = $1, inserted = inserted + $2,
              updated = updated + $3, failed = failed + $4 WHERE id = $5";
        let progress = bind!(sqlx::query(progress); batch.progress, counts.inserted,
            counts.updated, counts.failed, &batch.job_id);
        run(&mut *tx, progress).await?;
        tx.commit().await?;
        Ok(Some(counts))
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.job_progress")]
    async fn job_progress(
        &self,
        id: &str,
        runner: &str,
        progress: i64,
        total: i64,
        lease_until: UnixTime,
        now: UnixTime,
    ) -> Result<bool, StoreError> {
        let update = "UPDATE jobs SET progress = $1, total = $2, lease_until = $3, updated_at = $4
              WHERE id = $5 AND runner = $6 AND status = 'processing'";
        let update = bind!(sqlx::query(update); progress, total, lease_until, now, id, runner);
        Ok(write(&self.writer, update).await? == 1)
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.finish_job")]
    async fn finish_job(
        &self,
        id: &str,
        runner: &str,
        end: &JobEnd,
        now: UnixTime,
    ) -> Result<bool, StoreError> {
        let (status, details, output) = match end {
            JobEnd::Completed { output } => (JobStatus::Completed, None, output.as_deref()),
            JobEnd::Failed { details } => (JobStatus::Failed, Some(details.as_str()), None),
        };
        let update = "UPDATE jobs SET status = $1, status_details = $2, output = $3,
              lease_until = NULL, updated_at = $4
              WHERE id = $5 AND runner = $6 AND status = 'processing'";
        let update = bind!(sqlx::query(update); status.as_str(), details, output, now, id, runner);
        let mut tx = self.writer.begin().await?;
        if write(&mut *tx, update).await? == 0 {
            return Ok(false);
        }
        // The file is not needed any more once the job has ended.
        let input = sqlx::query("DELETE FROM job_inputs WHERE job_id = $1").bind(id);
        run(&mut *tx, input).await?;
        tx.commit().await?;
        Ok(true)
    }

    #[tracing::instrument(level = "debug", skip_all, name = "store.purge_jobs")]
    async fn purge_jobs(&self, before: UnixTime) -> Result<u64, StoreError> {
        let mut tx = self.writer.begin().await?;
        for dependent in [
            "DELETE FROM job_errors WHERE job_id IN (SELECT id FROM jobs WHERE created_at < $1)",
            "DELETE FROM job_inputs WHERE job_id IN (SELECT id FROM jobs WHERE created_at < $1)",
        ] {
            run(&mut *tx, sqlx::query(dependent).bind(before)).await?;
        }
        let jobs = sqlx::query("DELETE FROM jobs WHERE created_at < $1").bind(before);
        let purged = write(&mut *tx, jobs).await?;
        tx.commit().await?;
        Ok(purged)
    }
}

#[cfg(test)]
mod tests {
    use super::placeholders;

    #[test]
    fn placeholders_number_each_row_in_turn() {
        assert_eq!(placeholders(2, 3, 2), "($2, $3, $4), ($5, $6, $7)");
        assert_eq!(placeholders(1, 1, 1), "($1)");
    }
}
