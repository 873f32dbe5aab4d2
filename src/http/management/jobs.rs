//! `/api/v2/jobs`: Auth0's bulk user imports (a multipart file) and exports, their status
//! and an import's refused rows; and `/exports/{job_id}/{file}?token=…`, where a completed export's
//! gzipped file is downloaded with the signed, expiring link its job shows.

use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::{CreateUsers, JobReaders, Operator, ReadUsers};
use super::error::{ErrorBody, MgmtError, Refusals};
use super::input::Body;
use crate::domain::management::jobs as domain;
use crate::domain::model::{ExportField, ExportFormat, ImportParams, JobKind, JobRecord};
use crate::http::AppState;

/// The largest users file an import takes. Auth0 takes 500 KB; a self-hosted server moving
/// a whole user base in one job is worth more than the limit, and the file is read only
/// after the operator's token is checked.
pub const IMPORT_FILE_LIMIT: usize = 64 * 1024 * 1024;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_import))
        .layer(DefaultBodyLimit::max(IMPORT_FILE_LIMIT))
        .routes(routes!(create_export))
        .routes(routes!(get_job))
        .routes(routes!(get_job_errors))
        .route("/exports/{job_id}/{file}", axum::routing::get(download))
}

/// An import's totals (Auth0's `summary`).
#[derive(Serialize, ToSchema)]
pub struct Summary {
    pub failed: i64,
    pub updated: i64,
    pub inserted: i64,
    pub total: i64,
}

/// A job, in Auth0's shape: what every job has, then what its kind and status add.
#[derive(Serialize, ToSchema)]
pub struct Job {
    /// `pending`, `processing`, `completed` or `failed`.
    pub status: &'static str,
    /// `users_import` or `users_export`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub created_at: String,
    pub id: String,
    /// `con_<name>`; absent for an export of every connection.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upsert: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub send_completion_email: Option<bool>,
    /// An export's: `json` (JSON lines) or `csv`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<ExportField>>,
    /// A completed export's download link (this server's, signed, good for 60 s from this
    /// answer).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// While processing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub percentage_done: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_left_seconds: Option<i64>,
    /// An import's totals, once it has started.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<Summary>,
    /// Why a job failed as a whole.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_details: Option<String>,
}

impl Job {
    fn new(state: &AppState, job: &JobRecord) -> Result<Self, MgmtError> {
        let core = &state.core;
        let import = job.kind == JobKind::UsersImport;
        let progress = domain::progress(job, core.clock.now());
        let (import_params, export_params) = (job.import_params(), job.export_params());
        let started = job.started_at.is_some();
        Ok(Self {
            status: job.status.as_str(),
            kind: job.kind.as_str(),
            created_at: crate::domain::iso8601(job.created_at),
            id: job.id.clone(),
            connection_id: job.connection.as_ref().map(|c| format!("con_{c}")),
            connection: job.connection.clone(),
            external_id: import_params.external_id.filter(|_| import),
            upsert: import.then_some(import_params.upsert),
            send_completion_email: import.then_some(import_params.send_completion_email),
            format: (!import).then_some(export_params.format.as_str()),
            limit: export_params.limit.filter(|_| !import),
            fields: (!import).then_some(export_params.fields),
            location: domain::download_location(core, job)?,
            percentage_done: progress.map(|p| p.0),
            time_left_seconds: progress.map(|p| p.1),
            summary: (import && started).then_some(Summary {
                failed: job.failed,
                updated: job.updated,
                inserted: job.inserted,
                total: job.total,
            }),
            status_details: job.status_details.clone(),
        })
    }
}

/// `POST /api/v2/jobs/users-imports`' form.
#[derive(ToSchema)]
#[allow(dead_code)] // the form is read part by part; this describes it
pub struct ImportForm {
    /// A JSON array of users (Auth0's import format) or JSON lines (its export format).
    #[schema(value_type = String, format = Binary)]
    users: Vec<u8>,
    /// `con_<name>` of an SMS or email connection.
    connection_id: String,
    /// `true`: a row whose login exists updates that user (names, picture, metadata,
    /// verified) instead of being refused.
    upsert: Option<bool>,
    external_id: Option<String>,
    /// Accepted and ignored: Latchkey sends no completion email.
    send_completion_email: Option<bool>,
}

fn bad_form(message: impl Into<String>) -> MgmtError {
    MgmtError::bad_body(message)
}

/// A multipart error: over the size limit (413, as Auth0 says it), or a malformed form.
fn multipart_error(status: StatusCode) -> MgmtError {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        return MgmtError::new(
            status,
            "payload_too_large",
            format!("Payload content length greater than maximum allowed: {IMPORT_FILE_LIMIT}"),
        );
    }
    bad_form("Payload validation error: 'Invalid multipart payload format'.")
}

/// A form boolean: `true`/`false` as SDKs send them (strings).
fn form_flag(name: &str, value: &str) -> Result<bool, MgmtError> {
    match value.trim() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(bad_form(format!(
            "Payload validation error: {name} must be true or false"
        ))),
    }
}

#[utoipa::path(post, path = "/api/v2/jobs/users-imports", tag = "jobs", request_body(content = ImportForm, content_type = "multipart/form-data"), responses((status = 202, description = "The job, pending", body = Job), (status = 413, description = "The file is too large", body = ErrorBody), Refusals), security(("bearer" = [])))]
async fn create_import(
    op: Operator<CreateUsers>,
    form: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, Json<Job>), MgmtError> {
    let mut form = form.map_err(|e| multipart_error(e.status()))?;
    let (mut file, mut connection_id) = (None, None);
    let mut params = ImportParams {
        send_completion_email: true,
        ..ImportParams::default()
    };
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|e| multipart_error(e.status()))?
    {
        let name = field.name().unwrap_or("").to_string();
        let bytes = field
            .bytes()
            .await
            .map_err(|e| multipart_error(e.status()))?;
        let text = String::from_utf8(bytes.to_vec())
            .map_err(|_| bad_form(format!("Payload validation error: {name} must be UTF-8")))?;
        match name.as_str() {
            "users" => file = Some(text),
            "connection_id" => connection_id = Some(text.trim().to_string()),
            "upsert" => params.upsert = form_flag("upsert", &text)?,
            "external_id" => params.external_id = Some(text).filter(|t| !t.is_empty()),
            "send_completion_email" => {
                params.send_completion_email = form_flag("send_completion_email", &text)?;
            }
            // Auth0's SDKs send nothing else; anything more is passed over.
            _ => {}
        }
    }
    let file = file.ok_or_else(|| bad_form("Must provide 'users' file as multipart part."))?;
    let connection_id =
        connection_id.ok_or_else(|| bad_form("Must provide 'connection_id' as multipart part."))?;
    let job = domain::submit_import(op.core(), &connection_id, file, params).await?;
    op.changed("Create an import users job").await;
    Ok((StatusCode::ACCEPTED, Json(Job::new(&op.state, &job)?)))
}

/// `POST /api/v2/jobs/users-exports`' body.
#[derive(ToSchema)]
#[allow(dead_code)] // read from the body's properties; this describes it
pub struct ExportCreate {
    /// `con_<name>`; absent: every connection.
    connection_id: Option<String>,
    /// `json` (JSON lines, the default) or `csv`.
    format: Option<String>,
    limit: Option<i64>,
    fields: Option<Vec<ExportField>>,
}

fn export_request(body: &Body) -> Result<domain::ExportRequest, MgmtError> {
    let format = match body.optional("format")?.as_deref() {
        None | Some("json") => ExportFormat::Json,
        Some("csv") => ExportFormat::Csv,
        Some(other) => {
            return Err(MgmtError::bad_body(format!(
                "Payload validation error: format {other:?} must be json or csv"
            )));
        }
    };
    let limit = match body.0.get("limit") {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.parse().ok(),
        Some(_) => None,
    };
    if body.0.get("limit").is_some_and(|v| !v.is_null()) && limit.is_none() {
        return Err(MgmtError::bad_body(
            "Payload validation error: limit must be an integer",
        ));
    }
    Ok(domain::ExportRequest {
        connection_id: body.optional("connection_id")?,
        format,
        fields: body.object("fields")?,
        limit,
    })
}

#[utoipa::path(post, path = "/api/v2/jobs/users-exports", tag = "jobs", request_body = ExportCreate, responses((status = 200, description = "The job, pending", body = Job), Refusals), security(("bearer" = [])))]
async fn create_export(op: Operator<ReadUsers>, body: Body) -> Result<Json<Job>, MgmtError> {
    let job = domain::submit_export(op.core(), export_request(&body)?).await?;
    op.changed("Create an export users job").await;
    Ok(Json(Job::new(&op.state, &job)?))
}

fn no_job() -> MgmtError {
    MgmtError::not_found("inexistent_job", "job")
}

#[utoipa::path(get, path = "/api/v2/jobs/{id}", tag = "jobs", params(("id" = String, Path)), responses((status = 200, description = "The job", body = Job), (status = 404, description = "No such job", body = ErrorBody), Refusals), security(("bearer" = [])))]
async fn get_job(Path(id): Path<String>, op: Operator<JobReaders>) -> Result<Json<Job>, MgmtError> {
    let job = op.core().store.job(&id).await?.ok_or_else(no_job)?;
    Ok(Json(Job::new(&op.state, &job)?))
}

/// One refused row: the row as given (passwords hidden) and why.
#[derive(Serialize, ToSchema)]
pub struct RowErrors {
    #[schema(value_type = Object)]
    pub user: Value,
    pub errors: Vec<RowError>,
}

#[derive(Serialize, ToSchema)]
pub struct RowError {
    pub code: String,
    pub message: String,
    pub path: String,
}

/// `GET /api/v2/jobs/{id}/errors`: an import's refused rows; a job that failed as a whole
/// answers with itself (its `status_details` says why); 204 when there is nothing to tell.
#[utoipa::path(get, path = "/api/v2/jobs/{id}/errors", tag = "jobs", params(("id" = String, Path)), responses((status = 200, description = "The refused rows, or the failed job", body = Vec<RowErrors>), (status = 204, description = "No errors"), (status = 404, description = "No such job", body = ErrorBody), Refusals), security(("bearer" = [])))]
async fn get_job_errors(
    Path(id): Path<String>,
    op: Operator<JobReaders>,
) -> Result<Response, MgmtError> {
    let job = op.core().store.job(&id).await?.ok_or_else(no_job)?;
    if job.status_details.is_some() {
        return Ok(Json(Job::new(&op.state, &job)?).into_response());
    }
    let errors = domain::job_errors(op.core(), &id).await?;
    if errors.is_empty() {
        return Ok(StatusCode::NO_CONTENT.into_response());
    }
    Ok(Json(errors).into_response())
}

/// The download link's query: the token [`Job::location`] signed.
#[derive(serde::Deserialize)]
struct DownloadQuery {
    token: Option<String>,
}

/// A completed export's file, for a link [`Job::location`] made that has not expired. The
/// token rides in the query string, which request logs leave out.
async fn download(
    State(state): State<AppState>,
    Path((job_id, file)): Path<(String, String)>,
    query: Result<axum::extract::Query<DownloadQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, MgmtError> {
    let core = &state.core;
    let gone = || MgmtError::new(StatusCode::NOT_FOUND, "not_found", "Not Found");
    let token = query.ok().and_then(|q| q.0.token).ok_or_else(gone)?;
    let signed_for = domain::download_job(core, &token, core.clock.now()).ok_or_else(gone)?;
    if signed_for != job_id {
        return Err(gone());
    }
    let job = core.store.job(&job_id).await?.ok_or_else(gone)?;
    if file != domain::export_file_name(job.export_params().format) {
        return Err(gone());
    }
    let bytes = core.store.job_output(&job_id).await?.ok_or_else(gone)?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/gzip".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}
