//! Background jobs (Auth0's `/api/v2/jobs`): a user import or export, where it stands, and
//! what one import batch hands the store.

use serde::{Deserialize, Serialize};

use super::user::NewUser;
use crate::domain::UnixTime;

/// What a job does (Auth0's `type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    UsersImport,
    UsersExport,
}

impl JobKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            JobKind::UsersImport => "users_import",
            JobKind::UsersExport => "users_export",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "users_import" => Some(JobKind::UsersImport),
            "users_export" => Some(JobKind::UsersExport),
            _ => None,
        }
    }
}

/// Where a job stands (Auth0's `status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobStatus {
    Pending,
    Processing,
    Completed,
    Failed,
}

impl JobStatus {
    pub const fn as_str(self) -> &'static str {
        match self {
            JobStatus::Pending => "pending",
            JobStatus::Processing => "processing",
            JobStatus::Completed => "completed",
            JobStatus::Failed => "failed",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "pending" => Some(JobStatus::Pending),
            "processing" => Some(JobStatus::Processing),
            "completed" => Some(JobStatus::Completed),
            "failed" => Some(JobStatus::Failed),
            _ => None,
        }
    }
}

/// An import's options, as given with the file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportParams {
    /// Update the user a row's login already belongs to instead of refusing the row.
    pub upsert: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Accepted as Auth0 takes it; Latchkey sends no completion email.
    pub send_completion_email: bool,
}

/// An export's file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// One JSON object per line (Auth0's "JSON compatible" export).
    #[default]
    Json,
    Csv,
}

impl ExportFormat {
    pub const fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Json => "json",
            ExportFormat::Csv => "csv",
        }
    }
}

/// One field of an export: the user's property (`user_metadata.country`,
/// `identities[0].connection`), and the name it takes in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ExportField {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub export_as: Option<String>,
}

/// An export's options.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ExportParams {
    pub format: ExportFormat,
    pub fields: Vec<ExportField>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
}

/// A job's options, by kind (stored as JSON).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum JobParams {
    Import(ImportParams),
    Export(ExportParams),
}

/// A job as stored (without its input and output, which can be large).
#[derive(Debug, Clone, PartialEq)]
pub struct JobRecord {
    /// `job_<16 hex>`.
    pub id: String,
    pub kind: JobKind,
    pub status: JobStatus,
    /// The connection's name; `None`: an export of every connection.
    pub connection: Option<String>,
    pub params: JobParams,
    /// Why a job failed as a whole.
    pub status_details: Option<String>,
    /// Rows in the file (import) or users to write (export), and how many are done.
    pub total: i64,
    pub progress: i64,
    pub inserted: i64,
    pub updated: i64,
    pub failed: i64,
    pub created_at: UnixTime,
    pub started_at: Option<UnixTime>,
    pub updated_at: UnixTime,
}

impl JobRecord {
    /// The import's options (defaults for an export).
    pub fn import_params(&self) -> ImportParams {
        match &self.params {
            JobParams::Import(p) => p.clone(),
            JobParams::Export(_) => ImportParams::default(),
        }
    }

    /// The export's options (defaults for an import).
    pub fn export_params(&self) -> ExportParams {
        match &self.params {
            JobParams::Export(p) => p.clone(),
            JobParams::Import(_) => ExportParams::default(),
        }
    }
}

/// One batch of an import, written in one transaction by
/// [`crate::domain::ports::JobStore::import_batch`]: the rows that read as users (each
/// lands whole or is refused whole), the rows refused already (their error, as stored),
/// and where the job stands after it.
#[derive(Debug, Clone)]
pub struct ImportBatch {
    pub job_id: String,
    /// The runner that claimed the job: a batch of a job another runner took over is
    /// refused.
    pub runner: String,
    pub connection: String,
    pub upsert: bool,
    /// `(position in the file, user)`.
    pub users: Vec<(i64, NewUser)>,
    /// `(position in the file, error as stored)`.
    pub refused: Vec<(i64, String)>,
    /// The job's `progress` once the batch is written.
    pub progress: i64,
    /// The claim's new end.
    pub lease_until: UnixTime,
}

/// What a batch did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportCounts {
    pub inserted: i64,
    pub updated: i64,
    pub failed: i64,
}

/// How a job ends: completed (an export with its file) or failed, with why.
#[derive(Debug, Clone, PartialEq)]
pub enum JobEnd {
    Completed { output: Option<Vec<u8>> },
    Failed { details: String },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back() {
        for k in [JobKind::UsersImport, JobKind::UsersExport] {
            assert_eq!(JobKind::parse(k.as_str()), Some(k));
        }
        for s in [
            JobStatus::Pending,
            JobStatus::Processing,
            JobStatus::Completed,
            JobStatus::Failed,
        ] {
            assert_eq!(JobStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(JobStatus::parse("expired"), None);
    }

    #[test]
    fn params_round_trip_as_stored() {
        let import = JobParams::Import(ImportParams {
            upsert: true,
            external_id: Some("x".into()),
            send_completion_email: false,
        });
        let export = JobParams::Export(ExportParams {
            format: ExportFormat::Csv,
            fields: vec![ExportField {
                name: "email".into(),
                export_as: None,
            }],
            limit: Some(5),
        });
        for p in [import, export] {
            let text = serde_json::to_string(&p).unwrap_or_default();
            assert_eq!(serde_json::from_str::<JobParams>(&text).ok(), Some(p));
        }
    }
}
