//! The background runner: one task per instance claims waiting jobs from the store (one
//! conditional update, so each job has one runner even with several instances on one
//! database) and works them: an import in batches of [`BATCH`] rows, each batch one store
//! transaction; an export page by page into a gzipped file. A claim is a lease the runner
//! renews with each batch; a job whose runner stopped (a crash, a restart) is claimed again
//! once its lease runs out, and an import goes on from its last written batch.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

use super::export::{self, GzipFile};
use super::import::{self, DUPLICATED_USER, RowError};
use crate::domain::core::Core;
use crate::domain::management::users::checked_user;
use serde_json::Value;

use crate::domain::connections::ConnectionOptions;
use crate::domain::model::{
    ExportFormat, ImportBatch, JobEnd, JobKind, JobRecord, NewUser, Slice, Strategy, UserQuery,
};
use crate::domain::{DomainError, Random, random_hex};

/// Rows per import batch (one transaction, a few multi-row statements).
pub const BATCH: usize = 1000;
/// Users per page an export reads.
const EXPORT_PAGE: i64 = 1000;
/// How long a claim holds without being renewed; each batch renews it.
pub const LEASE_SECONDS: i64 = 120;
/// How often an idle runner looks for jobs submitted through another instance (jobs
/// submitted through this one wake it at once).
const IDLE_POLL: Duration = Duration::from_secs(2);

/// Wakes the runners of this process: a job was submitted.
static WAKE: Notify = Notify::const_new();

pub fn wake() {
    WAKE.notify_waiters();
}

/// Runs jobs until the task is dropped, and purges those past [`super::JOB_RETENTION`].
pub async fn run(core: Arc<Core>) {
    let runner = random_hex(core.random.as_ref(), 8);
    let mut purged_at = None;
    loop {
        // Listening before looking, so a job submitted meanwhile is not missed.
        let woken = WAKE.notified();
        tokio::pin!(woken);
        woken.as_mut().enable();
        let now = core.clock.now();
        if purged_at.is_none_or(|at| now - at >= 3600) {
            purged_at = Some(now);
            if let Err(e) = core.store.purge_jobs(now - super::JOB_RETENTION).await {
                tracing::error!(error = %e, "cannot purge old jobs");
            }
        }
        match core
            .store
            .claim_job(&runner, now, now + LEASE_SECONDS)
            .await
        {
            Ok(Some(job)) => {
                work(&core, &runner, &job).await;
                continue;
            }
            Ok(None) => {}
            Err(e) => tracing::error!(error = %e, "cannot look for jobs"),
        }
        tokio::select! {
            () = &mut woken => {}
            () = tokio::time::sleep(IDLE_POLL) => {}
        }
    }
}

/// Works one claimed job to its end. A failure of the store leaves the job claimed: its
/// lease runs out and a runner takes it up again.
async fn work(core: &Core, runner: &str, job: &JobRecord) {
    use tracing::Instrument;
    let span = tracing::info_span!("job", id = %job.id, kind = job.kind.as_str());
    work_in_span(core, runner, job).instrument(span).await;
}

async fn work_in_span(core: &Core, runner: &str, job: &JobRecord) {
    let ended = match job.kind {
        JobKind::UsersImport => run_import(core, runner, job).await,
        JobKind::UsersExport => run_export(core, runner, job).await,
    };
    let end = match ended {
        Ok(Some(end)) => end,
        // Another runner has the job now.
        Ok(None) => return,
        Err(e) => {
            tracing::error!(error = %e, "job interrupted; it is taken up again when its lease ends");
            return;
        }
    };
    match core
        .store
        .finish_job(&job.id, runner, &end, core.clock.now())
        .await
    {
        Ok(true) => tracing::info!(failed = matches!(end, JobEnd::Failed { .. }), "job ended"),
        Ok(false) => {}
        Err(e) => tracing::error!(error = %e, "cannot record the job's end"),
    }
}

fn failed(details: impl Into<String>) -> Result<Option<JobEnd>, DomainError> {
    Ok(Some(JobEnd::Failed {
        details: details.into(),
    }))
}

/// An import from its last written batch on. `Ok(None)`: the job is another runner's now.
async fn run_import(
    core: &Core,
    runner: &str,
    job: &JobRecord,
) -> Result<Option<JobEnd>, DomainError> {
    let Some(connection) = job.connection.clone() else {
        return failed("The import names no connection.");
    };
    let Some(options) = core.connection_options(&connection).await? else {
        return failed("The connection does not exist.");
    };
    let Some(file) = core.store.job_input(&job.id).await? else {
        return failed("The users file is gone.");
    };
    let rows = match import::parse_users_file(&file) {
        Ok(rows) => rows,
        Err(e) => return failed(e),
    };
    drop(file);
    let rows = Arc::new(rows);
    let params = job.import_params();
    let duplicate = |position: i64| {
        let row = usize::try_from(position)
            .ok()
            .and_then(|i| rows.get(i))
            .cloned()
            .unwrap_or_default();
        let error = RowError {
            code: DUPLICATED_USER,
            message: "The user already exists.".into(),
            path: String::new(),
        };
        import::error_body(&row, &[error])
    };
    // Checking rows is CPU work (phone numbers, addresses): it runs on the blocking pool,
    // the next batch's while the store writes this one.
    let check = |from: usize| {
        let to = (from + BATCH).min(rows.len());
        let (rows, options, random) = (rows.clone(), options.clone(), core.random.clone());
        let connection = connection.clone();
        let checking = tokio::task::spawn_blocking(move || {
            let slice = rows.get(from..to).unwrap_or_default();
            check_rows(slice, from, &connection, &options, random.as_ref())
        });
        (to, checking)
    };
    let first = usize::try_from(job.progress).unwrap_or(0);
    let mut next = (first < rows.len()).then(|| check(first));
    while let Some((end, checking)) = next.take() {
        let (users, refused) = checking.await.map_err(DomainError::internal)?;
        if end < rows.len() {
            next = Some(check(end));
        }
        let batch = ImportBatch {
            job_id: job.id.clone(),
            runner: runner.to_string(),
            connection: connection.clone(),
            upsert: params.upsert,
            users,
            refused,
            progress: i64::try_from(end).unwrap_or(i64::MAX),
            lease_until: core.clock.now() + LEASE_SECONDS,
        };
        let written = core
            .store
            .import_batch(&batch, &duplicate, core.clock.now())
            .await?;
        if written.is_none() {
            return Ok(None);
        }
    }
    Ok(Some(JobEnd::Completed { output: None }))
}

/// Rows `first..` of a file checked for the connection: the users they make, and the
/// refused ones' errors as stored, each with its position in the file.
fn check_rows(
    rows: &[Value],
    first: usize,
    connection: &str,
    options: &ConnectionOptions,
    random: &dyn Random,
) -> CheckedRows {
    let strategy = options.strategy();
    let login_key = match strategy {
        Strategy::Sms => "phone_number",
        Strategy::Email => "email",
    };
    let (mut users, mut refused) = (Vec::with_capacity(rows.len()), Vec::new());
    for (i, row) in rows.iter().enumerate() {
        let position = i64::try_from(first + i).unwrap_or(i64::MAX);
        let checked = import::read_row(row, connection, strategy).and_then(|create| {
            checked_user(options, create, random).map_err(|e| {
                let message = match e {
                    DomainError::InvalidRequest(m) => m,
                    other => other.to_string(),
                };
                vec![import::checked_error(&message, login_key)]
            })
        });
        match checked {
            Ok(user) => users.push((position, user)),
            Err(errors) => refused.push((position, import::error_body(row, &errors))),
        }
    }
    (users, refused)
}

/// What [`check_rows`] makes: `(position, user)` and `(position, error as stored)`.
type CheckedRows = (Vec<(i64, NewUser)>, Vec<(i64, String)>);

/// An export, written whole (an interrupted one starts again).
async fn run_export(
    core: &Core,
    runner: &str,
    job: &JobRecord,
) -> Result<Option<JobEnd>, DomainError> {
    let params = job.export_params();
    let fields = params.fields;
    let mut file = GzipFile::default();
    let io = |e: std::io::Error| DomainError::internal(format!("cannot write the export: {e}"));
    if params.format == ExportFormat::Csv {
        file.write(&export::csv_header(&fields)).map_err(io)?;
    }
    let mut query = UserQuery {
        connection: job.connection.clone(),
        slice: Slice {
            offset: 0,
            limit: EXPORT_PAGE,
        },
        ..UserQuery::default()
    };
    let mut written = 0;
    let mut total = None;
    loop {
        let wanted = params
            .limit
            .map_or(EXPORT_PAGE, |l| (l - written).min(EXPORT_PAGE));
        if wanted <= 0 {
            break;
        }
        query.slice.limit = wanted;
        let (users, all) = core.store.users(&query).await?;
        let total = *total.get_or_insert_with(|| params.limit.map_or(all, |l| l.min(all)));
        if users.is_empty() {
            break;
        }
        for u in &users {
            let object = export::user_object(u);
            let line = match params.format {
                ExportFormat::Json => export::json_line(&object, &fields),
                ExportFormat::Csv => export::csv_line(&object, &fields),
            };
            file.write(&line).map_err(io)?;
        }
        let n = i64::try_from(users.len()).unwrap_or(i64::MAX);
        written += n;
        query.slice.offset += n;
        let now = core.clock.now();
        let ours = core
            .store
            .job_progress(&job.id, runner, written, total, now + LEASE_SECONDS, now)
            .await?;
        if !ours {
            return Ok(None);
        }
    }
    Ok(Some(JobEnd::Completed {
        output: Some(file.finish().map_err(io)?),
    }))
}
