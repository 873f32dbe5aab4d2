//! Auth0's bulk jobs: an operator submits a user import (a file of users for one
//! connection) or export (every user, or one connection's, as gzipped JSON lines or CSV);
//! the job waits in the store and a runner ([`runner`]) works it in the background, on
//! whichever instance claims it first. This module owns submitting and reading jobs, and
//! the signed, expiring link an export's file is downloaded from.

pub mod export;
pub mod import;
pub mod runner;

use super::bad;
use crate::domain::core::Core;
use crate::domain::model::{
    ExportField, ExportFormat, ExportParams, ImportParams, JobKind, JobParams, JobRecord, JobStatus,
};
use crate::domain::{DomainError, UnixTime, random_hex};

/// How long a job (its file, errors and export) is kept: Auth0 deletes job data after 24 h.
pub const JOB_RETENTION: i64 = 24 * 3600;
/// How long an export's download link works once it is shown (Auth0's signed URLs: 60 s).
pub const DOWNLOAD_SECONDS: i64 = 60;
/// What the download link's token is sealed for, so no other sealed value passes as one.
const DOWNLOAD_CONTEXT: &str = "job:export-download";
/// The part of a sealed value that is the same in every one, left out of the link.
const SEALED_PREFIX: &str = "sealed:v1:";

/// A connection's name from its Management API id (`con_<name>`).
pub fn connection_name(connection_id: &str) -> Result<&str, DomainError> {
    connection_id
        .strip_prefix("con_")
        .filter(|n| !n.is_empty())
        .ok_or_else(|| {
            bad(format!(
                "Payload validation error: connection_id {connection_id:?} is not a connection's id (con_…)"
            ))
        })
}

/// The connection's name, after checking the connection exists.
async fn existing_connection(core: &Core, connection_id: &str) -> Result<String, DomainError> {
    let name = connection_name(connection_id)?;
    match core.connection_options(name).await? {
        Some(_) => Ok(name.to_string()),
        None => Err(bad("The connection does not exist.")),
    }
}

fn new_job(core: &Core, kind: JobKind, connection: Option<String>, params: JobParams) -> JobRecord {
    let now = core.clock.now();
    JobRecord {
        id: format!("job_{}", random_hex(core.random.as_ref(), 8)),
        kind,
        status: JobStatus::Pending,
        connection,
        params,
        status_details: None,
        total: 0,
        progress: 0,
        inserted: 0,
        updated: 0,
        failed: 0,
        created_at: now,
        started_at: None,
        updated_at: now,
    }
}

/// Stores an import of `file` into the connection `connection_id` and wakes this
/// instance's runner. The file is read now, so one that is not a users file is refused
/// here rather than failing later.
pub async fn submit_import(
    core: &Core,
    connection_id: &str,
    file: String,
    params: ImportParams,
) -> Result<JobRecord, DomainError> {
    let connection = existing_connection(core, connection_id).await?;
    let rows = import::parse_users_file(&file).map_err(bad)?;
    let mut job = new_job(
        core,
        JobKind::UsersImport,
        Some(connection),
        JobParams::Import(params),
    );
    job.total = i64::try_from(rows.len()).unwrap_or(i64::MAX);
    drop(rows);
    core.store.insert_job(&job, Some(&file)).await?;
    runner::wake();
    Ok(job)
}

/// What an export is asked for.
#[derive(Debug, Clone, Default)]
pub struct ExportRequest {
    pub connection_id: Option<String>,
    pub format: ExportFormat,
    pub fields: Option<Vec<ExportField>>,
    pub limit: Option<i64>,
}

/// Stores an export and wakes this instance's runner.
pub async fn submit_export(core: &Core, asked: ExportRequest) -> Result<JobRecord, DomainError> {
    let connection = match &asked.connection_id {
        Some(id) => Some(existing_connection(core, id).await?),
        None => None,
    };
    if asked.limit.is_some_and(|l| l < 1) {
        return Err(bad("Payload validation error: limit must be at least 1"));
    }
    let fields = export::export_fields(asked.format, asked.fields)
        .map_err(|e| bad(format!("Payload validation error: {e}")))?;
    let params = JobParams::Export(ExportParams {
        format: asked.format,
        fields,
        limit: asked.limit,
    });
    let job = new_job(core, JobKind::UsersExport, connection, params);
    core.store.insert_job(&job, None).await?;
    runner::wake();
    Ok(job)
}

/// The name an export's file is served under (Auth0 names it after the tenant).
pub fn export_file_name(format: ExportFormat) -> String {
    format!("users.{}.gz", format.as_str())
}

/// Where a completed export's file can be downloaded from for the next
/// [`DOWNLOAD_SECONDS`]: a link on this server whose token is sealed with the server
/// secret (it names the job and its expiry, and cannot be guessed or made for another
/// job). `None` for any other job.
pub fn download_location(core: &Core, job: &JobRecord) -> Result<Option<String>, DomainError> {
    if job.kind != JobKind::UsersExport || job.status != JobStatus::Completed {
        return Ok(None);
    }
    let expires = core.clock.now() + DOWNLOAD_SECONDS;
    let sealed = core
        .keys
        .seal(DOWNLOAD_CONTEXT, format!("{} {expires}", job.id).as_bytes())?;
    let token = sealed.strip_prefix(SEALED_PREFIX).unwrap_or(&sealed);
    Ok(Some(format!(
        "{}exports/{}/{}?token={token}",
        core.tokens.issuer(),
        job.id,
        export_file_name(job.export_params().format)
    )))
}

/// The job a download token is for, if it is one of ours and has not expired at `now`.
pub fn download_job(core: &Core, token: &str, now: UnixTime) -> Option<String> {
    let plain = core
        .keys
        .open(DOWNLOAD_CONTEXT, &format!("{SEALED_PREFIX}{token}"))
        .ok()?;
    let plain = String::from_utf8(plain).ok()?;
    let (job_id, expires) = plain.split_once(' ')?;
    let expires: UnixTime = expires.parse().ok()?;
    (now <= expires).then(|| job_id.to_string())
}

/// A job's refused rows, as stored (Auth0's `{user, errors}` objects).
pub async fn job_errors(core: &Core, job_id: &str) -> Result<Vec<serde_json::Value>, DomainError> {
    let rows = core.store.job_errors(job_id).await?;
    rows.iter()
        .map(|r| serde_json::from_str(r).map_err(DomainError::internal))
        .collect()
}

/// `percentage_done` and `time_left_seconds` of a job under way (Auth0 shows them while
/// processing): from the rows done so far and the time they took.
pub fn progress(job: &JobRecord, now: UnixTime) -> Option<(i64, i64)> {
    if job.status != JobStatus::Processing || job.total <= 0 {
        return None;
    }
    let done = job.progress.clamp(0, job.total);
    let percentage = done * 100 / job.total;
    let elapsed = now - job.started_at.unwrap_or(now);
    let left = if done == 0 {
        0
    } else {
        elapsed.max(0) * (job.total - done) / done
    };
    Some((percentage, left))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connection_ids_name_connections() {
        assert_eq!(connection_name("con_sms").ok(), Some("sms"));
        assert!(connection_name("sms").is_err());
        assert!(connection_name("con_").is_err());
    }

    #[test]
    fn progress_is_shown_while_processing() {
        let mut job = JobRecord {
            id: "job_1".into(),
            kind: JobKind::UsersImport,
            status: JobStatus::Processing,
            connection: None,
            params: JobParams::Import(ImportParams::default()),
            status_details: None,
            total: 200,
            progress: 50,
            inserted: 0,
            updated: 0,
            failed: 0,
            created_at: 0,
            started_at: Some(100),
            updated_at: 0,
        };
        assert_eq!(progress(&job, 110), Some((25, 30)));
        job.status = JobStatus::Completed;
        assert_eq!(progress(&job, 110), None);
    }
}
