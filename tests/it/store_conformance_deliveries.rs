//! The delivery records' store methods on SQLite and PostgreSQL: a receipt applied with
//! its counter in one transaction, judged by the rule on the locked row (racing receipts
//! count once), and a WhatsApp message's fallback text taken once.

use std::sync::Arc;

use latchkey::domain::model::{CounterCell, DeliveryChange, DeliveryRecord};
use latchkey::domain::ports::Store;

macro_rules! conformance {
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

fn record(message_id: &str, whatsapp: bool) -> DeliveryRecord {
    DeliveryRecord {
        message_id: message_id.into(),
        connection: "sms".into(),
        provider: "twilio".into(),
        otp_id: "otp-1".into(),
        recipient: "+14155550100".into(),
        whatsapp,
        status: "queued".into(),
        error_code: None,
        fallback_text: whatsapp.then(|| "sealed-text".to_string()),
        created_at: 1_800_000_000,
        updated_at: 1_800_000_000,
    }
}

fn cell() -> CounterCell {
    CounterCell {
        bucket: "pump:undelivered".into(),
        key: "sms:1".into(),
        window_start: 1_800_000_000,
        expires_at: 1_800_003_600,
    }
}

/// The undelivered rule of the domain, in small: a first failure changes and counts.
fn fail_once(before: &DeliveryRecord) -> Option<DeliveryChange> {
    (before.status != "undelivered").then(|| DeliveryChange {
        status: "undelivered".into(),
        error_code: Some(30003),
        count: Some(cell()),
    })
}

async fn a_receipt_changes_the_record_and_its_counter_together(store: Arc<dyn Store>) {
    store.insert_delivery(&record("SM1", false)).await.unwrap();
    assert_eq!(
        store.delivery("SM1").await.unwrap(),
        Some(record("SM1", false))
    );
    let (before, change) = store
        .record_receipt("SM1", 1_800_000_100, &fail_once)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(before.status, "queued");
    assert!(change.is_some());
    let after = store.delivery("SM1").await.unwrap().unwrap();
    assert_eq!(
        (after.status.as_str(), after.error_code, after.updated_at),
        ("undelivered", Some(30003), 1_800_000_100)
    );
    assert_eq!(
        store
            .counter("pump:undelivered", "sms:1", 1_800_000_000)
            .await
            .unwrap(),
        1
    );
    // Racing repeats of the receipt: the rule sees each one after the last, so none counts.
    let mut racing = Vec::new();
    for _ in 0..4 {
        let store = store.clone();
        racing.push(tokio::spawn(async move {
            store
                .record_receipt("SM1", 1_800_000_200, &fail_once)
                .await
                .unwrap()
        }));
    }
    for r in racing {
        assert_eq!(r.await.unwrap().unwrap().1, None);
    }
    assert_eq!(
        store
            .counter("pump:undelivered", "sms:1", 1_800_000_000)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store
            .record_receipt("SM-none", 0, &fail_once)
            .await
            .unwrap(),
        None
    );
}

async fn racing_first_receipts_count_once(store: Arc<dyn Store>) {
    store.insert_delivery(&record("SM2", false)).await.unwrap();
    let mut racing = Vec::new();
    for _ in 0..6 {
        let store = store.clone();
        racing.push(tokio::spawn(async move {
            store
                .record_receipt("SM2", 1_800_000_100, &fail_once)
                .await
                .unwrap()
        }));
    }
    let mut changed = 0;
    for r in racing {
        changed += usize::from(r.await.unwrap().unwrap().1.is_some());
    }
    assert_eq!(changed, 1, "one receipt changed the record");
    assert_eq!(
        store
            .counter("pump:undelivered", "sms:1", 1_800_000_000)
            .await
            .unwrap(),
        1
    );
}

async fn the_fallback_text_is_taken_once(store: Arc<dyn Store>) {
    store.insert_delivery(&record("SM3", true)).await.unwrap();
    let mut racing = Vec::new();
    for _ in 0..6 {
        let store = store.clone();
        racing.push(tokio::spawn(async move {
            store.take_fallback_text("SM3").await.unwrap()
        }));
    }
    let mut taken = Vec::new();
    for r in racing {
        taken.extend(r.await.unwrap());
    }
    assert_eq!(taken, ["sealed-text"]);
    assert_eq!(
        store.delivery("SM3").await.unwrap().unwrap().fallback_text,
        None
    );
    assert_eq!(store.take_fallback_text("SM-none").await.unwrap(), None);
    assert_eq!(store.purge_deliveries(1_800_000_001).await.unwrap(), 1);
    assert_eq!(store.delivery("SM3").await.unwrap(), None);
}

conformance!(
    a_receipt_changes_the_record_and_its_counter_together,
    racing_first_receipts_count_once,
    the_fallback_text_is_taken_once,
);
