//! The client-grant, setting-edit and session-extension parts of the store, on both
//! backends (SQLite always, PostgreSQL when a server answers): a grant is created once per
//! client and audience even by racing requests, and never for a missing client; listings
//! filter and page by id; concurrent edits of one setting all land; a session's expiry only
//! moves later.

use std::sync::Arc;

use latchkey::domain::model::*;
use latchkey::domain::ports::Store;

const NOW: i64 = 1_800_000_000;

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

fn grant(id: &str, client_id: &str, audience: &str) -> ClientGrant {
    ClientGrant {
        id: id.into(),
        client_id: client_id.into(),
        audience: audience.into(),
        scope: vec!["read:items".into()],
    }
}

async fn grants_are_made_once_per_client_and_audience(store: Arc<dyn Store>) {
    for id in ["m2m-a", "m2m-b"] {
        store
            .upsert_client(
                &Client::named(id, id, vec!["client_credentials".into()]),
                NOW,
            )
            .await
            .unwrap();
    }
    // Twelve racing creations of one pair: one wins, the others find it taken.
    let mut racing = Vec::new();
    for i in 0..12 {
        let store = store.clone();
        racing.push(tokio::spawn(async move {
            store
                .insert_client_grant(
                    &grant(&format!("cgr_race{i:02}"), "m2m-a", "https://a/"),
                    NOW,
                )
                .await
                .unwrap()
        }));
    }
    let mut outcomes = Vec::new();
    for r in racing {
        outcomes.push(r.await.unwrap());
    }
    assert_eq!(
        outcomes
            .iter()
            .filter(|o| **o == GrantCreation::Created)
            .count(),
        1,
        "{outcomes:?}"
    );
    assert!(
        outcomes
            .iter()
            .all(|o| matches!(o, GrantCreation::Created | GrantCreation::Taken))
    );
    assert_eq!(
        store
            .insert_client_grant(&grant("cgr_nobody", "nobody", "https://a/"), NOW)
            .await
            .unwrap(),
        GrantCreation::NoClient
    );
    for (id, client, audience) in [
        ("cgr_b1", "m2m-b", "https://a/"),
        ("cgr_b2", "m2m-b", "https://b/"),
        ("cgr_a2", "m2m-a", "https://b/"),
    ] {
        assert_eq!(
            store
                .insert_client_grant(&grant(id, client, audience), NOW)
                .await
                .unwrap(),
            GrantCreation::Created
        );
    }
    let page = |client_id: Option<&str>, audience: Option<&str>, from: Option<&str>, slice| {
        let q = GrantQuery {
            client_id: client_id.map(str::to_string),
            audience: audience.map(str::to_string),
            from: from.map(str::to_string),
            slice,
        };
        let store = store.clone();
        async move { store.client_grant_page(&q).await.unwrap() }
    };
    let ids = |grants: &[ClientGrant]| grants.iter().map(|g| g.id.clone()).collect::<Vec<_>>();
    let (all, total) = page(None, None, None, Slice::page(0, 50)).await;
    assert_eq!(total, 4);
    let mut sorted = ids(&all);
    sorted.sort();
    assert_eq!(ids(&all), sorted, "by id");
    let (of_b, total) = page(Some("m2m-b"), None, None, Slice::page(0, 50)).await;
    assert_eq!(
        (ids(&of_b), total),
        (vec!["cgr_b1".to_string(), "cgr_b2".into()], 2)
    );
    let (one, total) = page(Some("m2m-a"), Some("https://b/"), None, Slice::page(0, 50)).await;
    assert_eq!((ids(&one), total), (vec!["cgr_a2".to_string()], 1));
    let (second, total) = page(None, None, None, Slice::page(1, 2)).await;
    assert_eq!((ids(&second), total), (sorted[2..].to_vec(), 4));
    let (from, _) = page(None, None, Some(&sorted[1]), Slice::page(0, 50)).await;
    assert_eq!(
        ids(&from),
        sorted[1..].to_vec(),
        "from is the first id shown"
    );

    // The configuration's upsert keeps the id and changes the scopes.
    let mut again = grant("cgr_other", "m2m-b", "https://a/");
    again.scope = vec!["write:items".into()];
    store.upsert_client_grant(&again, NOW).await.unwrap();
    let kept = store.client_grant("cgr_b1").await.unwrap().unwrap();
    assert_eq!(kept.scope, vec!["write:items".to_string()]);
    assert!(store.client_grant("cgr_other").await.unwrap().is_none());

    let changed = store
        .set_client_grant_scope("cgr_b2", &["a".into(), "b".into()])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(changed.scope, vec!["a".to_string(), "b".into()]);
    assert!(
        store
            .set_client_grant_scope("cgr_none", &[])
            .await
            .unwrap()
            .is_none()
    );
    assert!(store.delete_client_grant("cgr_b2").await.unwrap());
    assert!(!store.delete_client_grant("cgr_b2").await.unwrap());
    // A client's grants go with it.
    assert!(store.delete_client("m2m-a").await.unwrap());
    let (left, total) = page(None, None, None, Slice::page(0, 50)).await;
    assert_eq!((ids(&left), total), (vec!["cgr_b1".to_string()], 1));
}

/// Twelve concurrent edits of one setting, each adding its own key: all twelve land. A
/// refused edit writes nothing.
async fn setting_edits_never_lose_each_other(store: Arc<dyn Store>) {
    let mut edits = Vec::new();
    for i in 0..12 {
        let store = store.clone();
        edits.push(tokio::spawn(async move {
            let add = move |stored: &str| -> Result<String, String> {
                let mut v: serde_json::Value =
                    serde_json::from_str(stored).map_err(|e| e.to_string())?;
                v[format!("k{i}")] = serde_json::Value::from(i);
                Ok(v.to_string())
            };
            store
                .edit_setting("tenant_settings", "{}", &add, NOW)
                .await
                .unwrap()
        }));
    }
    for e in edits {
        assert!(e.await.unwrap().is_ok());
    }
    let stored: serde_json::Value =
        serde_json::from_str(&store.setting("tenant_settings").await.unwrap().unwrap()).unwrap();
    assert_eq!(stored.as_object().unwrap().len(), 12, "{stored}");
    let refuse = |_: &str| -> Result<String, String> { Err("no".into()) };
    let outcome = store
        .edit_setting("tenant_settings", "{}", &refuse, NOW)
        .await
        .unwrap();
    assert_eq!(outcome, Err("no".to_string()));
    let after: serde_json::Value =
        serde_json::from_str(&store.setting("tenant_settings").await.unwrap().unwrap()).unwrap();
    assert_eq!(after, stored);
}

/// A session's expiry moves later, never earlier.
async fn sessions_are_only_extended(store: Arc<dyn Store>) {
    store
        .create_session(&SessionRecord {
            id_hash: b"session-1".to_vec(),
            user_id: "sms|1".into(),
            created_at: NOW,
            expires_at: NOW + 100,
        })
        .await
        .unwrap();
    store.extend_session(b"session-1", NOW + 500).await.unwrap();
    store.extend_session(b"session-1", NOW + 200).await.unwrap();
    let s = store.session(b"session-1").await.unwrap().unwrap();
    assert_eq!(s.expires_at, NOW + 500);
    store.extend_session(b"no-such", NOW + 500).await.unwrap();
}

conformance!(
    grants_are_made_once_per_client_and_audience,
    setting_edits_never_lose_each_other,
    sessions_are_only_extended,
);
