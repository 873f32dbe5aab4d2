//! The dashboard overview's aggregate queries at a million log rows: fills a fresh SQLite
//! database (and PostgreSQL when `OVERVIEW_BENCH_PG` names a server, e.g.
//! `postgres://postgres@127.0.0.1:5432`) with 1,000,000 log entries over 30 days (the
//! retention) and 20,000 delivery receipts, then times `OverviewStore::overview` over the
//! last 14 days, as `/admin/overview` asks. `cargo bench --bench overview`.

// A benchmark that cannot set up may panic: it measures nothing then anyway.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use latchkey::domain::model::{DeliveryRecord, LogEvent};
use latchkey::domain::ports::{OverviewStore, Store};
use latchkey::store::sql::SqlStore;

const ROWS: usize = 1_000_000;
const RECEIPTS: usize = 20_000;
const NOW: i64 = 1_800_000_000;
const DAY: i64 = 86_400;
const COUNTRIES: [&str; 8] = ["FR", "GB", "US", "DE", "BR", "IN", "NG", "ID"];
const REASONS: [&str; 4] = [
    "wrong_code",
    "code_expired",
    "too_many_attempts",
    "user_blocked",
];

/// Entry `i` of the fill: logins, codes sent, failures, failed sends and admin changes in
/// about the proportions a busy tenant has, spread evenly over 30 days.
fn entry(i: usize) -> LogEvent {
    let date = NOW - (i as i64 * 30 * DAY / ROWS as i64);
    let sms = !i.is_multiple_of(3);
    let country = sms.then(|| COUNTRIES[i % COUNTRIES.len()].to_string());
    let (kind, reason) = match i % 20 {
        0..=7 => ("s", None),
        8..=13 => ("cs", None),
        14..=16 => ("f", Some(REASONS[i % REASONS.len()].to_string())),
        17 => (
            "fn",
            Some(
                if i.is_multiple_of(2) {
                    "pumping"
                } else {
                    "twilio"
                }
                .to_string(),
            ),
        ),
        _ => ("sapi", None),
    };
    LogEvent {
        id: format!("{date:012}{i:08}"),
        date,
        kind: kind.into(),
        description: "bench".into(),
        client_id: Some(format!("client-{}", i % 5)),
        connection: Some(if sms { "sms" } else { "email" }.into()),
        user_id: Some(format!("sms|{:024x}", i % 50_000)),
        ip: Some("203.0.113.9".into()),
        country: country.filter(|_| kind != "sapi"),
        reason,
    }
}

async fn fill(store: &dyn Store) {
    let started = Instant::now();
    let mut batch = Vec::with_capacity(10_000);
    for i in 0..ROWS {
        batch.push(entry(i));
        if batch.len() == 10_000 {
            store.record_events(&batch).await.unwrap();
            batch.clear();
        }
    }
    for i in 0..RECEIPTS {
        let created_at = NOW - (i as i64 * 30 * DAY / RECEIPTS as i64);
        let status = ["delivered", "delivered", "delivered", "undelivered", "sent"][i % 5];
        store
            .insert_delivery(&DeliveryRecord {
                message_id: format!("SM{i:032}"),
                connection: "sms".into(),
                provider: ["twilio", "vonage"][i % 2].into(),
                otp_id: i.to_string(),
                recipient: "+33612345678".into(),
                whatsapp: false,
                status: status.into(),
                error_code: (status == "undelivered").then_some(30003),
                fallback_text: None,
                created_at,
                updated_at: created_at + (i % 9) as i64,
            })
            .await
            .unwrap();
    }
    eprintln!(
        "filled {ROWS} log rows and {RECEIPTS} receipts in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

fn bench_on(c: &mut Criterion, name: &str, url: &str, rt: &tokio::runtime::Runtime) {
    let store = rt.block_on(SqlStore::open(url)).unwrap();
    rt.block_on(fill(&store));
    let since = (NOW / DAY - 13) * DAY;
    let once = rt
        .block_on(store.overview(since, "latchkey-dashboard"))
        .unwrap();
    let logins: i64 = once.logins.iter().map(|l| l.count).sum();
    eprintln!(
        "{name}: {logins} logins in the window, {} countries",
        once.countries.len()
    );
    let mut group = c.benchmark_group("overview");
    group.sample_size(10);
    group.bench_function(
        format!("the overview's queries over 1M log rows ({name})"),
        |b| {
            b.iter(|| {
                rt.block_on(store.overview(since, "latchkey-dashboard"))
                    .unwrap()
            })
        },
    );
    group.finish();
}

fn overview(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("overview.sqlite").display());
    bench_on(c, "SQLite", &url, &rt);
    if let Ok(server) = std::env::var("OVERVIEW_BENCH_PG") {
        let name = format!("latchkey_overview_{}", std::process::id());
        let admin = format!("{server}/postgres");
        rt.block_on(async {
            use sqlx::Connection;
            sqlx::any::install_default_drivers();
            let mut conn = sqlx::AnyConnection::connect(&admin).await.unwrap();
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(&mut conn)
                .await
                .unwrap();
        });
        bench_on(c, "PostgreSQL", &format!("{server}/{name}"), &rt);
        rt.block_on(async {
            use sqlx::Connection;
            let mut conn = sqlx::AnyConnection::connect(&admin).await.unwrap();
            let drop = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(drop))
                .execute(&mut conn)
                .await;
        });
    }
}

criterion_group!(benches, overview);
criterion_main!(benches);
