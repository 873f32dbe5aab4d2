//! The store's part for background jobs (user imports and exports): submitting one, a
//! runner claiming it (one runner per job, across instances), an import's batches, and the
//! job's end.

use async_trait::async_trait;

use super::StoreError;
use crate::domain::UnixTime;
use crate::domain::model::{ImportBatch, ImportCounts, JobEnd, JobRecord};

/// The error stored for a batch's row the store refused because its user id or login is
/// taken, from the row's position in the file (a domain rule, called inside the
/// transaction).
pub type DuplicateRow<'a> = &'a (dyn Fn(i64) -> String + Send + Sync);

#[async_trait]
pub trait JobStore: Send + Sync {
    /// Stores a new (pending) job with its input (an import's file).
    async fn insert_job(&self, job: &JobRecord, input: Option<&str>) -> Result<(), StoreError>;
    async fn job(&self, id: &str) -> Result<Option<JobRecord>, StoreError>;
    /// An import's refused rows (as stored), in file order.
    async fn job_errors(&self, id: &str) -> Result<Vec<String>, StoreError>;
    /// A job's input (an import's file).
    async fn job_input(&self, id: &str) -> Result<Option<String>, StoreError>;
    /// A completed export's file.
    async fn job_output(&self, id: &str) -> Result<Option<Vec<u8>>, StoreError>;
    /// Claims the oldest job that is pending, or processing under a lease that ended before
    /// `now` (its runner stopped), for `runner` until `lease_until`: one conditional update,
    /// so of two runners claiming at once exactly one gets the job.
    async fn claim_job(
        &self,
        runner: &str,
        now: UnixTime,
        lease_until: UnixTime,
    ) -> Result<Option<JobRecord>, StoreError>;
    /// Writes one import batch in one transaction: each user inserted (or, with upsert, the
    /// user holding its login updated), each refused row's error and the job's counters and
    /// progress; a row whose id or login is taken gets `duplicate`'s error. Each row lands
    /// whole or not at all. `None` (and nothing written) when the job is no longer
    /// `batch.runner`'s.
    async fn import_batch(
        &self,
        batch: &ImportBatch,
        duplicate: DuplicateRow<'_>,
        now: UnixTime,
    ) -> Result<Option<ImportCounts>, StoreError>;
    /// Moves `runner`'s job on: `progress` rows done of `total`, the lease to `lease_until`;
    /// `false` when the job is no longer the runner's.
    async fn job_progress(
        &self,
        id: &str,
        runner: &str,
        progress: i64,
        total: i64,
        lease_until: UnixTime,
        now: UnixTime,
    ) -> Result<bool, StoreError>;
    /// Ends `runner`'s job; `false` when it is no longer the runner's.
    async fn finish_job(
        &self,
        id: &str,
        runner: &str,
        end: &JobEnd,
        now: UnixTime,
    ) -> Result<bool, StoreError>;
    /// Deletes jobs (with their input, output and errors) created before `before`.
    async fn purge_jobs(&self, before: UnixTime) -> Result<u64, StoreError>;
}
