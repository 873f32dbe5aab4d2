//! The store's part of Auth0's shapes, on SQLite and PostgreSQL: a signing key's
//! certificate (stored once, the first one kept) and when it was revoked; a client's
//! sealed secret; checkpoint reads of the log.

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

conformance!(
    signing_keys_keep_their_certificate_and_revocation_time,
    keys_from_before_certificates_get_one_at_start,
    a_clients_sealed_secret_round_trips,
    the_log_is_read_after_a_checkpoint,
);
