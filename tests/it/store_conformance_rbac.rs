//! The store's APIs, roles and permissions on both backends: what a user holds on an API
//! (directly and through roles, one query), and that deleting a scope, an API, a role, a
//! user or a connection takes what hung off it in the same transaction.

use std::sync::Arc;

use latchkey::domain::model::*;
use latchkey::domain::ports::Store;

const NOW: i64 = 1_800_000_000;
const API: &str = "https://items.example/";

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

conformance!(
    apis_round_trip_and_their_identifiers_are_unique,
    permissions_come_directly_and_through_roles,
    deleting_a_scope_an_api_or_a_role_takes_its_permissions,
    deleting_a_user_or_their_connection_takes_their_roles,
    role_changes_naming_an_unknown_record_write_nothing,
);

fn api(id: &str, identifier: &str, scopes: &[&str]) -> ResourceServer {
    ResourceServer {
        scopes: scopes
            .iter()
            .map(|s| ApiScope {
                value: s.to_string(),
                description: format!("{s} things"),
            })
            .collect(),
        settings: ApiSettings {
            enforce_policies: true,
            token_lifetime: 3600,
            ..ApiSettings::default()
        },
        ..ResourceServer::new(id.into(), identifier.into())
    }
}

fn permission(name: &str) -> Permission {
    Permission {
        resource_server_identifier: API.into(),
        permission_name: name.into(),
    }
}

fn role(id: &str, name: &str) -> Role {
    Role {
        id: id.into(),
        name: name.into(),
        description: format!("{name}s"),
    }
}

async fn user(s: &dyn Store, id: &str, connection: &str) {
    let new = NewUser {
        user_id: id.into(),
        connection: connection.into(),
        strategy: Strategy::Sms,
        recipient: format!(
            "+1415555{:04}",
            id.bytes().map(u32::from).sum::<u32>() % 10_000
        ),
        name: id.into(),
        profile: Default::default(),
        verified: true,
        blocked: false,
    };
    assert!(s.insert_user(&new, NOW).await.unwrap(), "{id}");
}

async fn held(s: &dyn Store, user_id: &str) -> Vec<String> {
    s.user_api_permissions(user_id, API).await.unwrap()
}

/// A fresh store with the API (`read`, `write`, `admin`) and two users.
async fn seeded(store: &Arc<dyn Store>) {
    let s = store.as_ref();
    assert!(
        s.insert_resource_server(&api("a1", API, &["read", "write", "admin"]), NOW)
            .await
            .unwrap()
    );
    user(s, "sms|ann", "sms").await;
    user(s, "sms|bob", "sms").await;
}

async fn apis_round_trip_and_their_identifiers_are_unique(store: Arc<dyn Store>) {
    let s = store.as_ref();
    let first = api("a1", API, &["read"]);
    assert!(s.insert_resource_server(&first, NOW).await.unwrap());
    assert!(
        !s.insert_resource_server(&api("a2", API, &[]), NOW)
            .await
            .unwrap(),
        "an identifier names one API"
    );
    assert_eq!(s.resource_server(API).await.unwrap().as_ref(), Some(&first));
    assert_eq!(
        s.resource_server("a1").await.unwrap().as_ref(),
        Some(&first)
    );
    assert_eq!(s.resource_server("nope").await.unwrap(), None);
    let mut changed = first.clone();
    changed.name = "Items".into();
    changed.settings.token_dialect = TokenDialect::AccessTokenAuthz;
    assert!(s.update_resource_server(&changed, NOW + 1).await.unwrap());
    assert_eq!(s.resource_servers().await.unwrap(), vec![changed]);
    assert!(
        !s.update_resource_server(&api("zz", "https://z/", &[]), NOW)
            .await
            .unwrap()
    );
}

async fn permissions_come_directly_and_through_roles(store: Arc<dyn Store>) {
    seeded(&store).await;
    let s = store.as_ref();
    assert_eq!(
        s.insert_role(&role("rol_r", "reader"), NOW).await.unwrap(),
        RoleChange::Done
    );
    assert_eq!(
        s.insert_role(&role("rol_x", "reader"), NOW).await.unwrap(),
        RoleChange::NameTaken
    );
    assert_eq!(
        s.insert_role(&role("rol_w", "writer"), NOW).await.unwrap(),
        RoleChange::Done
    );
    let read = [permission("read")];
    assert_eq!(
        s.change_permissions(Holder::Role("rol_r"), &read, true)
            .await
            .unwrap(),
        RoleChange::Done
    );
    // twice is once
    s.change_permissions(Holder::Role("rol_r"), &read, true)
        .await
        .unwrap();
    s.change_permissions(
        Holder::Role("rol_w"),
        &[permission("read"), permission("write")],
        true,
    )
    .await
    .unwrap();
    assert_eq!(s.role_permissions("rol_r").await.unwrap(), read.to_vec());
    assert_eq!(
        s.change_members(Holder::User("sms|ann"), &["rol_r".into()], true, NOW)
            .await
            .unwrap(),
        RoleChange::Done
    );
    s.change_permissions(Holder::User("sms|ann"), &[permission("admin")], true)
        .await
        .unwrap();
    assert_eq!(held(s, "sms|ann").await, vec!["admin", "read"]);
    assert_eq!(held(s, "sms|bob").await, Vec::<String>::new());
    assert_eq!(
        s.change_members(
            Holder::Role("rol_w"),
            &["sms|ann".into(), "sms|bob".into()],
            true,
            NOW
        )
        .await
        .unwrap(),
        RoleChange::Done
    );
    assert_eq!(
        held(s, "sms|ann").await,
        vec!["admin", "read", "write"],
        "a union"
    );
    assert_eq!(held(s, "sms|bob").await, vec!["read", "write"]);
    let (roles, total) = s.user_roles("sms|ann", Slice::page(0, 1)).await.unwrap();
    assert_eq!((roles.len(), total), (1, 2));
    assert_eq!(roles[0].name, "reader", "by name");
    let (members, total) = s.role_members("rol_w", Slice::page(0, 50)).await.unwrap();
    assert_eq!(total, 2);
    assert_eq!(members[0].user_id, "sms|ann");
    let ann = s.user_permissions("sms|ann").await.unwrap();
    assert_eq!(ann.len(), 4, "{ann:?}");
    assert!(
        ann.iter()
            .any(|h| h.permission == permission("admin") && h.role.is_none())
    );
    assert!(
        ann.iter().any(|h| h.permission == permission("read")
            && h.role == Some(("rol_w".into(), "writer".into())))
    );
    let (found, total) = s.roles(Some("RITE"), Slice::page(0, 50)).await.unwrap();
    assert_eq!((found.len(), total), (1, 1), "any case");
    assert_eq!(
        s.roles(Some("%"), Slice::page(0, 50)).await.unwrap().1,
        0,
        "literal"
    );
    // taking away
    s.change_members(Holder::User("sms|ann"), &["rol_w".into()], false, NOW)
        .await
        .unwrap();
    s.change_permissions(Holder::Role("rol_r"), &read, false)
        .await
        .unwrap();
    s.change_permissions(Holder::User("sms|ann"), &[permission("admin")], false)
        .await
        .unwrap();
    assert_eq!(held(s, "sms|ann").await, Vec::<String>::new());
    let renamed = role("rol_r", "writer");
    assert_eq!(
        s.update_role(&renamed).await.unwrap(),
        RoleChange::NameTaken
    );
    assert_eq!(
        s.update_role(&role("rol_r", "viewer")).await.unwrap(),
        RoleChange::Done
    );
    assert_eq!(s.role("rol_r").await.unwrap().unwrap().name, "viewer");
    assert_eq!(
        s.update_role(&role("rol_none", "x")).await.unwrap(),
        RoleChange::Missing
    );
}

async fn deleting_a_scope_an_api_or_a_role_takes_its_permissions(store: Arc<dyn Store>) {
    seeded(&store).await;
    let s = store.as_ref();
    s.insert_role(&role("rol_a", "all"), NOW).await.unwrap();
    let all = [permission("read"), permission("write"), permission("admin")];
    s.change_permissions(Holder::Role("rol_a"), &all, true)
        .await
        .unwrap();
    s.change_members(Holder::User("sms|ann"), &["rol_a".into()], true, NOW)
        .await
        .unwrap();
    s.change_permissions(Holder::User("sms|bob"), &all, true)
        .await
        .unwrap();
    s.upsert_client_grant(
        &ClientGrant {
            id: "cgr_1".into(),
            client_id: "svc".into(),
            audience: API.into(),
            scope: vec!["read".into()],
        },
        NOW,
    )
    .await
    .unwrap();

    // The API stops defining `admin`: nobody holds it any more.
    let narrower = api("a1", API, &["read", "write"]);
    assert!(s.update_resource_server(&narrower, NOW).await.unwrap());
    assert_eq!(held(s, "sms|ann").await, vec!["read", "write"]);
    assert_eq!(held(s, "sms|bob").await, vec!["read", "write"]);
    assert_eq!(s.role_permissions("rol_a").await.unwrap().len(), 2);

    // The role goes: with it, what it gave.
    assert!(s.delete_role("rol_a").await.unwrap());
    assert!(!s.delete_role("rol_a").await.unwrap());
    assert_eq!(held(s, "sms|ann").await, Vec::<String>::new());
    assert_eq!(
        s.user_roles("sms|ann", Slice::page(0, 50)).await.unwrap().1,
        0
    );

    // The API goes: every permission on it, and the client grants for it.
    assert!(s.delete_resource_server(API).await.unwrap());
    assert_eq!(held(s, "sms|bob").await, Vec::<String>::new());
    assert!(s.user_permissions("sms|bob").await.unwrap().is_empty());
    assert!(s.client_grants("svc").await.unwrap().is_empty());
    assert!(s.resource_server(API).await.unwrap().is_none());
    assert!(!s.delete_resource_server(API).await.unwrap());
}

async fn deleting_a_user_or_their_connection_takes_their_roles(store: Arc<dyn Store>) {
    seeded(&store).await;
    let s = store.as_ref();
    s.upsert_connection(
        &ConnectionRecord {
            name: "doomed".into(),
            strategy: Strategy::Sms,
            options: serde_json::json!({}),
        },
        NOW,
    )
    .await
    .unwrap();
    user(s, "sms|cat", "doomed").await;
    s.insert_role(&role("rol_r", "reader"), NOW).await.unwrap();
    s.change_permissions(Holder::Role("rol_r"), &[permission("read")], true)
        .await
        .unwrap();
    for u in ["sms|ann", "sms|bob", "sms|cat"] {
        s.change_members(Holder::User(u), &["rol_r".into()], true, NOW)
            .await
            .unwrap();
        s.change_permissions(Holder::User(u), &[permission("write")], true)
            .await
            .unwrap();
    }
    assert!(s.delete_user("sms|ann").await.unwrap());
    assert!(s.delete_connection("doomed").await.unwrap());
    let (members, total) = s.role_members("rol_r", Slice::page(0, 50)).await.unwrap();
    assert_eq!(total, 1);
    assert_eq!(members[0].user_id, "sms|bob");
    // A user made again with a deleted one's id starts with nothing.
    user(s, "sms|ann", "sms").await;
    assert_eq!(held(s, "sms|ann").await, Vec::<String>::new());
    assert_eq!(held(s, "sms|bob").await, vec!["read", "write"]);
}

async fn role_changes_naming_an_unknown_record_write_nothing(store: Arc<dyn Store>) {
    seeded(&store).await;
    let s = store.as_ref();
    s.insert_role(&role("rol_r", "reader"), NOW).await.unwrap();
    assert_eq!(
        s.change_members(
            Holder::Role("rol_r"),
            &["sms|ann".into(), "sms|ghost".into()],
            true,
            NOW
        )
        .await
        .unwrap(),
        RoleChange::Unknown("sms|ghost".into())
    );
    assert_eq!(
        s.role_members("rol_r", Slice::page(0, 50)).await.unwrap().1,
        0,
        "not even ann"
    );
    assert_eq!(
        s.change_members(
            Holder::User("sms|ann"),
            &["rol_r".into(), "rol_ghost".into()],
            true,
            NOW
        )
        .await
        .unwrap(),
        RoleChange::Unknown("rol_ghost".into())
    );
    assert_eq!(
        s.user_roles("sms|ann", Slice::page(0, 50)).await.unwrap().1,
        0
    );
    assert_eq!(
        s.change_members(Holder::Role("rol_ghost"), &["sms|ann".into()], true, NOW)
            .await
            .unwrap(),
        RoleChange::Missing
    );
    assert_eq!(
        s.change_members(Holder::User("sms|ghost"), &["rol_r".into()], true, NOW)
            .await
            .unwrap(),
        RoleChange::Missing
    );
    assert_eq!(
        s.change_permissions(Holder::User("sms|ghost"), &[permission("read")], true)
            .await
            .unwrap(),
        RoleChange::Missing
    );
    assert_eq!(
        s.change_permissions(Holder::Role("rol_ghost"), &[permission("read")], true)
            .await
            .unwrap(),
        RoleChange::Missing
    );
}
