//! The store's part of Auth0's shapes, on SQLite and PostgreSQL: a signing key's
//! certificate (stored once, the first one kept) and when it was revoked; a client's
//! sealed secret; checkpoint reads of the log; a batch of log entries written as one.

use std::sync::Arc;

use latchkey::domain::OsRandom;
use latchkey::domain::crypto::ServerKeys;
use latchkey::domain::model::*;
use latchkey::domain::ports::Store;
use latchkey::domain::tokens::keys::generate_signing_key;

use crate::store_conformance::conformance;

const NOW: i64 = 1_800_000_000;

async fn signing_keys_keep_their_certificate_and_revocation_time(store: Arc<dyn Store>) {
    let keys = ServerKeys::derive(&[3u8; 32]).unwrap();
    let key = |at| generate_signing_key(&keys, &OsRandom, at, SigningAlg::Rs256).unwrap();
    let k1 = key(NOW);
    let made = k1.cert.clone().unwrap();
    assert!(store.add_signing_key(&k1, false).await.unwrap());
    // a key from before certificates: the first certificate stored stays
    let old = SigningKeyRecord {
        cert: None,
        ..key(NOW + 1)
    };
    assert!(store.add_signing_key(&old, true).await.unwrap());
    assert!(store.certify_signing_key(&old.kid, "first").await.unwrap());
    assert!(!store.certify_signing_key(&old.kid, "second").await.unwrap());
    assert!(!store.certify_signing_key(&k1.kid, "other").await.unwrap());
    let stored = store.signing_keys().await.unwrap();
    let find = |kid: &str| stored.iter().find(|k| k.kid == kid).unwrap().clone();
    assert_eq!(find(&k1.kid).cert.as_deref(), Some(made.as_str()));
    assert_eq!(find(&old.kid).cert.as_deref(), Some("first"));
    assert_eq!(find(&k1.kid).revoked_at, None);
    // revoked by an operator: when is kept
    assert!(store.revoke_signing_key(&k1.kid, NOW + 5).await.unwrap());
    let k1_now = store
        .signing_keys()
        .await
        .unwrap()
        .into_iter()
        .find(|k| k.kid == k1.kid)
        .unwrap();
    assert_eq!(
        (k1_now.state, k1_now.revoked_at),
        (KeyState::Retired, Some(NOW + 5))
    );
    // rotated out twice: retired when the new key came
    let k3 = key(NOW + 10);
    assert!(store.add_signing_key(&k3, true).await.unwrap());
    let k4 = key(NOW + 20);
    assert!(store.add_signing_key(&k4, true).await.unwrap());
    let all = store.signing_keys().await.unwrap();
    let old_now = all.iter().find(|k| k.kid == old.kid).unwrap();
    assert_eq!(
        (old_now.state, old_now.revoked_at),
        (KeyState::Retired, Some(NOW + 20))
    );
    assert!(
        all.iter()
            .find(|k| k.kid == k3.kid)
            .unwrap()
            .revoked_at
            .is_none()
    );
}

async fn keys_from_before_certificates_get_one_at_start(store: Arc<dyn Store>) {
    use latchkey::domain::tokens::key_reload::ensure_keys;
    let keys = ServerKeys::derive(&[3u8; 32]).unwrap();
    let old = SigningKeyRecord {
        cert: None,
        ..generate_signing_key(&keys, &OsRandom, NOW, SigningAlg::Rs256).unwrap()
    };
    assert!(store.add_signing_key(&old, false).await.unwrap());
    let start = || {
        ensure_keys(
            store.as_ref(),
            &keys,
            &OsRandom,
            NOW + 60,
            &[SigningAlg::Rs256],
        )
    };
    assert_eq!(
        start().await.unwrap(),
        vec![],
        "the key is kept, no new one is made"
    );
    let cert =
        |all: Vec<SigningKeyRecord>| all.into_iter().find(|k| k.kid == old.kid).unwrap().cert;
    let first = cert(store.signing_keys().await.unwrap()).expect("a certificate at start");
    assert!(first.starts_with("-----BEGIN CERTIFICATE-----"));
    // the next start keeps it
    start().await.unwrap();
    assert_eq!(cert(store.signing_keys().await.unwrap()), Some(first));
}

async fn a_clients_sealed_secret_round_trips(store: Arc<dyn Store>) {
    let client = Client {
        secret_hash: Some(vec![1]),
        sealed_secret: Some("v1.sealed".into()),
        ..Client::named("sealed-app", "Sealed", vec!["client_credentials".into()])
    };
    store.upsert_client(&client, NOW).await.unwrap();
    assert_eq!(
        store.client("sealed-app").await.unwrap(),
        Some(client.clone())
    );
    let rotated = Client {
        sealed_secret: Some("v2.sealed".into()),
        ..client
    };
    store.upsert_client(&rotated, NOW + 1).await.unwrap();
    let back = store.client("sealed-app").await.unwrap().unwrap();
    assert_eq!(back.sealed_secret.as_deref(), Some("v2.sealed"));
}

async fn the_log_is_read_after_a_checkpoint(store: Arc<dyn Store>) {
    let entries: Vec<LogEvent> = (1..=5)
        .map(|i| LogEvent {
            id: format!("log_{i}"),
            date: NOW + i,
            kind: "s".into(),
            ..Default::default()
        })
        .collect();
    store.record_events(&entries).await.unwrap();
    let after = |from: &str, limit| LogQuery {
        after: Some(from.into()),
        oldest_first: true,
        slice: Slice { offset: 0, limit },
        ..Default::default()
    };
    let (page, total) = store.events(&after("log_2", 2)).await.unwrap();
    let ids: Vec<&str> = page.iter().map(|e| e.id.as_str()).collect();
    assert_eq!((ids, total), (vec!["log_3", "log_4"], 3));
    let (page, _) = store.events(&after("log_5", 2)).await.unwrap();
    assert!(page.is_empty());
}

/// A batch of log entries larger than one statement takes is written whole, or not at all
/// when one of its entries cannot be (here the last repeats the first's id).
async fn a_large_log_batch_is_written_whole_or_not_at_all(store: Arc<dyn Store>) {
    let entry = |i: usize| LogEvent {
        id: format!("log_{i:05}"),
        date: NOW,
        kind: "s".into(),
        description: format!("entry {i}"),
        ip: Some("203.0.113.9".into()),
        ..Default::default()
    };
    let oldest = LogQuery {
        slice: Slice {
            offset: 0,
            limit: 1,
        },
        oldest_first: true,
        ..Default::default()
    };
    let batch: Vec<LogEvent> = (0..1_201).map(entry).collect();
    store.record_events(&batch).await.unwrap();
    let (first, total) = store.events(&oldest).await.unwrap();
    assert_eq!(total, 1_201);
    assert_eq!(first[0], batch[0], "stored as given");
    let mut clashing: Vec<LogEvent> = (5_000..6_100).map(entry).collect();
    clashing.push(entry(5_000));
    assert!(store.record_events(&clashing).await.is_err());
    let (_, total) = store.events(&oldest).await.unwrap();
    assert_eq!(total, 1_201, "none of the failed batch is kept");
}

/// Writes made at the same moment stay apart (on SQLite they are committed in one group):
/// each failing batch leaves nothing, and every other one is kept whole.
async fn concurrent_writes_stay_apart(store: Arc<dyn Store>) {
    store
        .record_events(&[LogEvent {
            id: "log_taken".into(),
            date: NOW,
            kind: "s".into(),
            ..Default::default()
        }])
        .await
        .unwrap();
    let batches: Vec<_> = (0..48)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                let entry = |id: String| LogEvent {
                    id,
                    date: NOW + 1,
                    kind: "s".into(),
                    ..Default::default()
                };
                let mut batch = vec![entry(format!("log_{i}_a")), entry(format!("log_{i}_b"))];
                if i % 3 == 0 {
                    batch.push(entry("log_taken".into()));
                }
                (i, store.record_events(&batch).await.is_ok())
            })
        })
        .collect();
    for batch in batches {
        let (i, written) = batch.await.unwrap();
        assert_eq!(written, i % 3 != 0, "batch {i}");
    }
    let (_, total) = store
        .events(&LogQuery {
            since: Some(NOW + 1),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        total,
        32 * 2,
        "two entries of each batch that was written, none of the rest"
    );
}

conformance!(
    concurrent_writes_stay_apart,
    a_large_log_batch_is_written_whole_or_not_at_all,
    signing_keys_keep_their_certificate_and_revocation_time,
    keys_from_before_certificates_get_one_at_start,
    a_clients_sealed_secret_round_trips,
    the_log_is_read_after_a_checkpoint,
);
