//! The job store on both backends: claiming (of concurrent claims exactly one wins; a
//! lapsed lease passes the job on and the old runner's writes are refused), an import
//! batch (each row lands whole or is refused with its error, in one transaction, upsert
//! included), and a job's end and purge.

use std::sync::Arc;

use latchkey::domain::model::*;
use latchkey::domain::ports::Store;

const NOW: i64 = 1_800_000_000;

macro_rules! both_backends {
    ($($case:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    let db = crate::support::db::TestDb::sqlite();
                    super::$case(db.store().await).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    let Some(db) = crate::support::db::TestDb::postgres().await else { return };
                    super::$case(db.store().await).await;
                }
            )*
        }
    };
}

fn job(id: &str, created_at: i64) -> JobRecord {
    JobRecord {
        id: id.into(),
        kind: JobKind::UsersImport,
        status: JobStatus::Pending,
        connection: Some("sms".into()),
        params: JobParams::Import(ImportParams::default()),
        status_details: None,
        total: 6,
        progress: 0,
        inserted: 0,
        updated: 0,
        failed: 0,
        created_at,
        started_at: None,
        updated_at: created_at,
    }
}

fn user(id: &str, phone: &str, name: &str) -> NewUser {
    NewUser {
        user_id: format!("sms|{id}"),
        connection: "sms".into(),
        strategy: Strategy::Sms,
        recipient: phone.into(),
        name: name.into(),
        profile: Box::default(),
        verified: false,
        blocked: false,
    }
}

fn batch(job_id: &str, runner: &str, users: Vec<(i64, NewUser)>, upsert: bool) -> ImportBatch {
    ImportBatch {
        job_id: job_id.into(),
        runner: runner.into(),
        connection: "sms".into(),
        upsert,
        progress: users.iter().map(|(p, _)| p + 1).max().unwrap_or(0),
        users,
        refused: Vec::new(),
        lease_until: NOW + 100,
    }
}

fn duplicate(position: i64) -> String {
    format!("{{\"duplicate\": {position}}}")
}

async fn claimed_job(store: &dyn Store, id: &str, runner: &str) -> JobRecord {
    store.insert_job(&job(id, NOW), Some("[]")).await.unwrap();
    let claimed = store.claim_job(runner, NOW, NOW + 100).await.unwrap();
    claimed.unwrap_or_else(|| panic!("{id} is not claimed"))
}

/// Eight runners claim one job at once: exactly one gets it. Nobody else gets it while the
/// lease holds; once it lapses another runner does, and the first one's batch is refused
/// with nothing written.
async fn one_runner_claims_a_job(store: Arc<dyn Store>) {
    assert_eq!(store.claim_job("r0", NOW, NOW + 100).await.unwrap(), None);
    store
        .insert_job(&job("job_race", NOW), Some("[]"))
        .await
        .unwrap();
    let mut claims = tokio::task::JoinSet::new();
    for r in 0..8 {
        let store = store.clone();
        claims.spawn(async move {
            let runner = format!("r{r}");
            let got = store.claim_job(&runner, NOW, NOW + 100).await.unwrap();
            got.map(|j| (runner, j))
        });
    }
    let mut winners = Vec::new();
    while let Some(done) = claims.join_next().await {
        winners.extend(done.unwrap());
    }
    assert_eq!(winners.len(), 1, "{winners:?}");
    let (first, claimed) = winners.remove(0);
    assert_eq!(
        (claimed.status, claimed.started_at),
        (JobStatus::Processing, Some(NOW))
    );
    assert_eq!(
        store.claim_job("late", NOW + 50, NOW + 150).await.unwrap(),
        None
    );
    // The lease lapses (its runner stopped): the job is claimed again, and goes on.
    let again = store.claim_job("next", NOW + 101, NOW + 200).await.unwrap();
    assert_eq!(again.map(|j| j.id).as_deref(), Some("job_race"));
    let stale = batch(
        "job_race",
        &first,
        vec![(0, user("a", "+14155550001", "A"))],
        false,
    );
    assert_eq!(
        store
            .import_batch(&stale, &duplicate, NOW + 102)
            .await
            .unwrap(),
        None
    );
    assert!(
        store.user("sms|a").await.unwrap().is_none(),
        "nothing written"
    );
    assert!(
        !store
            .finish_job(
                "job_race",
                &first,
                &JobEnd::Completed { output: None },
                NOW + 103
            )
            .await
            .unwrap()
    );
    assert!(
        store
            .finish_job(
                "job_race",
                "next",
                &JobEnd::Completed { output: None },
                NOW + 103
            )
            .await
            .unwrap()
    );
    let done = store.job("job_race").await.unwrap().unwrap();
    assert_eq!(done.status, JobStatus::Completed);
    assert_eq!(
        store.claim_job("r0", NOW + 500, NOW + 600).await.unwrap(),
        None
    );
}

/// A batch lands its good rows and refuses, each whole, a row whose id or login is taken
/// (by a stored user or an earlier row of the file), with the refused rows' errors and the
/// job's counters written with them.
async fn a_batch_is_all_or_nothing_per_row(store: Arc<dyn Store>) {
    assert!(
        store
            .insert_user(&user("old", "+14155550000", "Old"), NOW)
            .await
            .unwrap()
    );
    claimed_job(store.as_ref(), "job_rows", "r").await;
    let mut b = batch(
        "job_rows",
        "r",
        vec![
            (0, user("new1", "+14155550001", "New 1")),
            (1, user("old", "+14155550002", "Taken id")),
            (2, user("new3", "+14155550000", "Taken login")),
            (3, user("new4", "+14155550001", "Login given twice")),
            (5, user("new5", "+14155550005", "New 5")),
        ],
        false,
    );
    b.refused = vec![(4, "{\"refused\": 4}".into())];
    let counts = store.import_batch(&b, &duplicate, NOW).await.unwrap();
    assert_eq!(
        counts,
        Some(ImportCounts {
            inserted: 2,
            updated: 0,
            failed: 4
        })
    );
    assert_eq!(
        store.job_errors("job_rows").await.unwrap(),
        [
            "{\"duplicate\": 1}",
            "{\"duplicate\": 2}",
            "{\"duplicate\": 3}",
            "{\"refused\": 4}"
        ]
    );
    let old = store.user("sms|old").await.unwrap().unwrap();
    assert_eq!(
        (old.recipient.as_str(), old.name.as_str()),
        ("+14155550000", "Old")
    );
    assert_eq!(store.user("sms|new1").await.unwrap().unwrap().name, "New 1");
    for gone in ["sms|new3", "sms|new4"] {
        assert!(store.user(gone).await.unwrap().is_none(), "{gone}");
    }
    let job = store.job("job_rows").await.unwrap().unwrap();
    assert_eq!(
        (job.progress, job.inserted, job.updated, job.failed),
        (6, 2, 0, 4)
    );

    // With upsert, a row whose login is stored updates that user (keeping their id).
    let mut changed = user("other", "+14155550000", "Renamed");
    changed.profile.user_metadata = serde_json::json!({"a": 1}).as_object().cloned().unwrap();
    changed.verified = true;
    let up = batch(
        "job_rows",
        "r",
        vec![(6, changed), (7, user("new7", "+14155550007", "New 7"))],
        true,
    );
    let counts = store.import_batch(&up, &duplicate, NOW + 1).await.unwrap();
    assert_eq!(
        counts,
        Some(ImportCounts {
            inserted: 1,
            updated: 1,
            failed: 0
        })
    );
    let old = store.user("sms|old").await.unwrap().unwrap();
    assert_eq!(old.name, "Renamed");
    assert!(old.verified);
    assert_eq!(
        old.profile.user_metadata.get("a"),
        Some(&serde_json::json!(1))
    );
    assert!(store.user("sms|other").await.unwrap().is_none());
    let job = store.job("job_rows").await.unwrap().unwrap();
    assert_eq!((job.progress, job.inserted, job.updated), (8, 3, 1));
}

/// A job's input is kept until it ends; an export's file after; old jobs are purged with
/// their errors.
async fn a_job_ends_with_its_output_and_is_purged(store: Arc<dyn Store>) {
    claimed_job(store.as_ref(), "job_end", "r").await;
    assert_eq!(
        store.job_input("job_end").await.unwrap().as_deref(),
        Some("[]")
    );
    assert!(store.job_output("job_end").await.unwrap().is_none());
    let mut b = batch("job_end", "r", Vec::new(), false);
    b.refused = vec![(0, "{}".into())];
    store.import_batch(&b, &duplicate, NOW).await.unwrap();
    assert!(
        store
            .job_progress("job_end", "r", 3, 9, NOW + 100, NOW)
            .await
            .unwrap()
    );
    assert!(
        !store
            .job_progress("job_end", "x", 3, 9, NOW + 100, NOW)
            .await
            .unwrap()
    );
    let output = JobEnd::Completed {
        output: Some(vec![0x1f, 0x8b, 1, 2]),
    };
    assert!(
        store
            .finish_job("job_end", "r", &output, NOW + 1)
            .await
            .unwrap()
    );
    assert_eq!(
        store.job_output("job_end").await.unwrap(),
        Some(vec![0x1f, 0x8b, 1, 2])
    );
    assert!(store.job_input("job_end").await.unwrap().is_none());
    let failed = claimed_job(store.as_ref(), "job_failed", "r").await;
    let end = JobEnd::Failed {
        details: "The connection does not exist.".into(),
    };
    assert!(store.finish_job(&failed.id, "r", &end, NOW).await.unwrap());
    let failed = store.job("job_failed").await.unwrap().unwrap();
    assert_eq!(
        (failed.status, failed.status_details.as_deref()),
        (JobStatus::Failed, Some("The connection does not exist."))
    );
    store
        .insert_job(&job("job_new", NOW + 10), None)
        .await
        .unwrap();
    assert_eq!(store.purge_jobs(NOW + 5).await.unwrap(), 2);
    assert!(store.job("job_end").await.unwrap().is_none());
    assert!(store.job_errors("job_end").await.unwrap().is_empty());
    assert!(store.job("job_new").await.unwrap().is_some());
}

both_backends!(
    one_runner_claims_a_job,
    a_batch_is_all_or_nothing_per_row,
    a_job_ends_with_its_output_and_is_purged,
);
