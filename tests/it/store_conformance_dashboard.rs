//! The dashboard sign-in's store method, `spend_otp`, on SQLite and PostgreSQL: the code is
//! judged and spent in one transaction with the lockout and three tries, exactly one of
//! racing right codes passes, and no user is created or touched, not even an end user with
//! the same address.

use std::sync::Arc;

use latchkey::domain::model::{
    CounterCell, DeadCode, Lockout, NewUser, OtpCheck, OtpLogin, OtpLoginOutcome, OtpRecord,
    OtpTry, OtpVerdict, Strategy,
};
use latchkey::domain::otp;
use latchkey::domain::ports::{OtpJudge, Store};

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

const NOW: i64 = 1_800_000_000;
const ADMIN: &str = "ops@example.com";
const NAMESPACE: &str = "dashboard:email";

fn code(connection: &str, hash: &[u8], id: &str, expires_at: i64) -> OtpRecord {
    OtpRecord {
        id: id.into(),
        connection: connection.into(),
        recipient: ADMIN.into(),
        code_hash: hash.to_vec(),
        created_at: NOW,
        expires_at,
        attempts: 0,
        verify_provider: None,
    }
}

fn lockout(limit: i64) -> Lockout {
    Lockout {
        cell: CounterCell {
            bucket: "wrong:recipient".into(),
            key: format!("{NAMESPACE}:{ADMIN}"),
            window_start: NOW - NOW % 3600,
            expires_at: NOW - NOW % 3600 + 3600,
        },
        limit,
    }
}

fn attempt(lockout: Option<Lockout>) -> OtpTry {
    OtpTry {
        connection: NAMESPACE.into(),
        recipient: ADMIN.into(),
        max_attempts: otp::MAX_WRONG_TRIES,
        lockout,
    }
}

async fn spend(store: &dyn Store, presented: &[u8], lockout: Option<Lockout>) -> OtpCheck {
    let presented = presented.to_vec();
    let judge: OtpJudge = Arc::new(move |s: &OtpRecord| otp::judge(s, &presented, NOW + 1));
    store
        .spend_otp(&attempt(lockout), judge.clone())
        .await
        .unwrap()
}

async fn wrong_so_far(store: &dyn Store) -> i64 {
    let cell = lockout(10).cell;
    store
        .counter(&cell.bucket, &cell.key, cell.window_start)
        .await
        .unwrap()
}

/// A right code is spent once; wrong ones count at the code and in the lockout; an
/// expired one costs no try; a locked-out recipient is not judged.
async fn a_dashboard_code_is_spent_once_under_the_same_rules(store: Arc<dyn Store>) {
    let s = store.as_ref();
    assert_eq!(spend(s, b"right", None).await, OtpCheck::NoCode);
    s.replace_otp(&code(NAMESPACE, b"right", "d1", NOW + 180))
        .await
        .unwrap();
    assert_eq!(
        spend(s, b"wrong", Some(lockout(10))).await,
        OtpCheck::Judged(OtpVerdict::Wrong { tries_left: 2 })
    );
    let waiting = s.latest_otp(NAMESPACE, ADMIN).await.unwrap().unwrap();
    assert_eq!(waiting.attempts, 1, "the wrong try is kept");
    assert_eq!(wrong_so_far(s).await, 1, "and counted in the lockout");
    assert_eq!(
        spend(s, b"right", Some(lockout(10))).await,
        OtpCheck::Judged(OtpVerdict::Accept)
    );
    assert!(
        s.latest_otp(NAMESPACE, ADMIN).await.unwrap().is_none(),
        "a right code is spent"
    );
    assert_eq!(spend(s, b"right", None).await, OtpCheck::NoCode, "replayed");
    assert_eq!(wrong_so_far(s).await, 1, "a right code is not counted");

    // Three wrong tries kill the code, the right one included.
    s.replace_otp(&code(NAMESPACE, b"right", "d2", NOW + 180))
        .await
        .unwrap();
    for tries_left in (0..otp::MAX_WRONG_TRIES).rev() {
        assert_eq!(
            spend(s, b"wrong", None).await,
            OtpCheck::Judged(OtpVerdict::Wrong { tries_left })
        );
    }
    assert_eq!(
        spend(s, b"right", None).await,
        OtpCheck::Judged(OtpVerdict::Dead(DeadCode::Exhausted))
    );

    // An expired code is refused and costs no try.
    s.replace_otp(&code(NAMESPACE, b"right", "d3", NOW))
        .await
        .unwrap();
    assert_eq!(
        spend(s, b"right", None).await,
        OtpCheck::Judged(OtpVerdict::Dead(DeadCode::Expired))
    );
    assert_eq!(
        s.latest_otp(NAMESPACE, ADMIN)
            .await
            .unwrap()
            .unwrap()
            .attempts,
        0
    );

    // At the lockout's limit nothing is judged, not even the right code.
    s.replace_otp(&code(NAMESPACE, b"right", "d4", NOW + 180))
        .await
        .unwrap();
    assert_eq!(
        spend(s, b"right", Some(lockout(1))).await,
        OtpCheck::LockedOut
    );
    assert!(s.latest_otp(NAMESPACE, ADMIN).await.unwrap().is_some());
}

/// Of racing sign-ins with the right code, exactly one passes.
async fn racing_right_codes_spend_a_dashboard_code_once(store: Arc<dyn Store>) {
    store
        .replace_otp(&code(NAMESPACE, b"right", "r1", NOW + 180))
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            spend(store.as_ref(), b"right", None).await
        }));
    }
    let mut accepted = 0;
    for t in tasks {
        match t.await.unwrap() {
            OtpCheck::Judged(OtpVerdict::Accept) => accepted += 1,
            OtpCheck::NoCode => {}
            other => panic!("a racing right code found {other:?}"),
        }
    }
    assert_eq!(accepted, 1);
}

/// An end user with the administrator's address, and their own waiting code, are left as
/// they were; no user is created for the address.
async fn spending_a_dashboard_code_touches_no_user(store: Arc<dyn Store>) {
    let s = store.as_ref();
    // The end user logs in once to the tenant's email connection.
    s.replace_otp(&code("email", b"theirs", "u1", NOW + 180))
        .await
        .unwrap();
    let judge: OtpJudge = Arc::new(move |r: &OtpRecord| otp::judge(r, b"theirs", NOW + 1));
    let login = OtpLogin {
        code: OtpTry {
            connection: "email".into(),
            ..attempt(None)
        },
        now: NOW + 1,
        allow_signup: true,
        new_user: NewUser {
            user_id: "email|0123456789abcdef01234567".into(),
            connection: "email".into(),
            strategy: Strategy::Email,
            recipient: ADMIN.into(),
            name: ADMIN.into(),
            profile: Default::default(),
            verified: true,
            blocked: false,
        },
        refresh_token: None,
    };
    assert!(matches!(
        s.consume_otp(&login, judge.clone()).await.unwrap(),
        OtpLoginOutcome::LoggedIn { .. }
    ));
    let before = s.user_by_recipient("email", ADMIN).await.unwrap().unwrap();
    s.replace_otp(&code("email", b"theirs", "u2", NOW + 180))
        .await
        .unwrap();

    // The administrator's dashboard code, for the same address.
    s.replace_otp(&code(NAMESPACE, b"admin", "a1", NOW + 180))
        .await
        .unwrap();
    assert_eq!(
        spend(s, b"admin", None).await,
        OtpCheck::Judged(OtpVerdict::Accept)
    );
    let after = s.user_by_recipient("email", ADMIN).await.unwrap().unwrap();
    assert_eq!(after, before, "the end user is untouched");
    assert!(
        s.user_by_recipient(NAMESPACE, ADMIN)
            .await
            .unwrap()
            .is_none(),
        "no user for the dashboard"
    );
    let theirs = s.latest_otp("email", ADMIN).await.unwrap().unwrap();
    assert_eq!(
        (theirs.id.as_str(), theirs.attempts),
        ("u2", 0),
        "the end user's own waiting code is not the dashboard's"
    );
    // And the end user's code does not open the dashboard.
    assert_eq!(spend(s, b"theirs", None).await, OtpCheck::NoCode);
}

conformance!(
    a_dashboard_code_is_spent_once_under_the_same_rules,
    racing_right_codes_spend_a_dashboard_code_once,
    spending_a_dashboard_code_touches_no_user,
);
