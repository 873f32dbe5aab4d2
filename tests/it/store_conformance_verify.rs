//! The Twilio Verify codes' store methods on SQLite and PostgreSQL: a try reserved before
//! Twilio is asked only at the waiting, live Verify code with tries left (and racing
//! reservations never pass three), held against the lockout; a try given back; and the
//! code spent after Twilio's approval by exactly one of racing logins.

use std::sync::Arc;

use latchkey::domain::model::{
    CounterCell, DeadCode, Lockout, NewUser, OtpLogin, OtpLoginOutcome, OtpRecord, OtpTry,
    OtpVerdict, Strategy, VerifyTry,
};
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

const NOW: i64 = 1_800_000_000;
const TO: &str = "+14155550123";

fn code(id: &str) -> OtpRecord {
    OtpRecord {
        id: id.into(),
        connection: "sms".into(),
        recipient: TO.into(),
        code_hash: b"latchkey-code-hash".to_vec(),
        created_at: NOW,
        expires_at: NOW + 300,
        attempts: 0,
        verify_provider: None,
    }
}

/// A Verify code `id`, stored and marked as Twilio's.
async fn verify_code(store: &dyn Store, id: &str) {
    store.replace_otp(&code(id)).await.unwrap();
    assert!(
        store
            .mark_otp_verify(id, Some("twilio_verify"), b"never")
            .await
            .unwrap()
    );
}

fn lockout(limit: i64) -> Lockout {
    Lockout {
        cell: CounterCell {
            bucket: "wrong:recipient".into(),
            key: format!("sms:{TO}"),
            window_start: NOW - NOW.rem_euclid(3600),
            expires_at: NOW - NOW.rem_euclid(3600) + 3600,
        },
        limit,
    }
}

fn code_try(lockout: Option<Lockout>) -> OtpTry {
    OtpTry {
        connection: "sms".into(),
        recipient: TO.into(),
        max_attempts: 3,
        lockout,
    }
}

fn login(lockout: Option<Lockout>) -> OtpLogin {
    OtpLogin {
        code: code_try(lockout),
        now: NOW + 1,
        allow_signup: true,
        new_user: NewUser {
            user_id: format!(
                "sms|{}",
                latchkey::domain::random_hex(&latchkey::domain::OsRandom, 12)
            ),
            connection: "sms".into(),
            strategy: Strategy::Sms,
            recipient: TO.into(),
            name: TO.into(),
            profile: Default::default(),
            verified: true,
            blocked: false,
        },
        refresh_token: None,
    }
}

async fn wrong_codes(store: &dyn Store, lockout: &Lockout) -> i64 {
    store
        .counter(
            &lockout.cell.bucket,
            &lockout.cell.key,
            lockout.cell.window_start,
        )
        .await
        .unwrap()
}

async fn marking_makes_a_code_twilios_and_a_new_start_makes_it_latchkeys_again(
    store: Arc<dyn Store>,
) {
    verify_code(store.as_ref(), "otp-1").await;
    let stored = store.latest_otp("sms", TO).await.unwrap().unwrap();
    assert_eq!(stored.verify_provider.as_deref(), Some("twilio_verify"));
    assert_eq!(stored.code_hash, b"never");
    // A newer code replaces it whole: the old id can no longer be marked.
    store.replace_otp(&code("otp-2")).await.unwrap();
    let stored = store.latest_otp("sms", TO).await.unwrap().unwrap();
    assert_eq!(stored.verify_provider, None);
    assert!(
        !store
            .mark_otp_verify("otp-1", Some("x"), b"n")
            .await
            .unwrap()
    );
}

async fn a_try_is_reserved_only_at_the_live_waiting_verify_code(store: Arc<dyn Store>) {
    // Latchkey's own code is not one.
    store.replace_otp(&code("otp-1")).await.unwrap();
    assert_eq!(
        store
            .reserve_verify_try(&code_try(None), "otp-1", NOW + 1)
            .await
            .unwrap(),
        VerifyTry::NoCode
    );
    verify_code(store.as_ref(), "otp-1").await;
    // Another id (a replaced code) is not the waiting one.
    assert_eq!(
        store
            .reserve_verify_try(&code_try(None), "otp-0", NOW + 1)
            .await
            .unwrap(),
        VerifyTry::NoCode
    );
    // Expired: dead, and no try counted.
    assert_eq!(
        store
            .reserve_verify_try(&code_try(None), "otp-1", NOW + 300)
            .await
            .unwrap(),
        VerifyTry::Dead(DeadCode::Expired)
    );
    for n in 1..=3 {
        match store
            .reserve_verify_try(&code_try(None), "otp-1", NOW + 1)
            .await
            .unwrap()
        {
            VerifyTry::Reserved(r) => assert_eq!(r.attempts, n),
            other => panic!("try {n}: {other:?}"),
        }
    }
    assert_eq!(
        store
            .reserve_verify_try(&code_try(None), "otp-1", NOW + 1)
            .await
            .unwrap(),
        VerifyTry::Dead(DeadCode::Exhausted)
    );
}

async fn racing_reservations_never_pass_three_tries(store: Arc<dyn Store>) {
    verify_code(store.as_ref(), "otp-1").await;
    let gate = Arc::new(tokio::sync::Barrier::new(20));
    let tries: Vec<_> = (0..20)
        .map(|_| {
            let (store, gate) = (store.clone(), gate.clone());
            tokio::spawn(async move {
                gate.wait().await;
                store
                    .reserve_verify_try(&code_try(None), "otp-1", NOW + 1)
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut reserved = 0;
    for t in tries {
        if let VerifyTry::Reserved(_) = t.await.unwrap() {
            reserved += 1;
        }
    }
    assert_eq!(reserved, 3);
    assert_eq!(
        store.latest_otp("sms", TO).await.unwrap().unwrap().attempts,
        3
    );
}

async fn a_reserved_try_counts_in_the_lockout_until_given_back(store: Arc<dyn Store>) {
    verify_code(store.as_ref(), "otp-1").await;
    let lock = lockout(2);
    let held = code_try(Some(lock.clone()));
    let reserve = || store.reserve_verify_try(&held, "otp-1", NOW + 1);
    assert!(matches!(reserve().await.unwrap(), VerifyTry::Reserved(_)));
    assert_eq!(wrong_codes(store.as_ref(), &lock).await, 1);
    // No answer from Twilio: the try is given back, at the code and in the lockout.
    store
        .release_verify_try(&code_try(Some(lock.clone())), "otp-1")
        .await
        .unwrap();
    assert_eq!(wrong_codes(store.as_ref(), &lock).await, 0);
    assert_eq!(
        store.latest_otp("sms", TO).await.unwrap().unwrap().attempts,
        0
    );
    assert!(matches!(reserve().await.unwrap(), VerifyTry::Reserved(_)));
    assert!(matches!(reserve().await.unwrap(), VerifyTry::Reserved(_)));
    // Two held against the lockout's limit of two: locked out, and nothing counted.
    assert_eq!(reserve().await.unwrap(), VerifyTry::LockedOut);
    assert_eq!(
        store.latest_otp("sms", TO).await.unwrap().unwrap().attempts,
        2
    );
}

async fn an_approved_code_is_spent_once_and_its_try_given_back(store: Arc<dyn Store>) {
    verify_code(store.as_ref(), "otp-1").await;
    let lock = lockout(10);
    let reserved = store
        .reserve_verify_try(&code_try(Some(lock.clone())), "otp-1", NOW + 1)
        .await
        .unwrap();
    assert!(matches!(reserved, VerifyTry::Reserved(_)));
    let outcome = store
        .consume_verified_otp(&login(Some(lock.clone())), "otp-1")
        .await
        .unwrap();
    assert!(
        matches!(outcome, OtpLoginOutcome::LoggedIn { created: true, .. }),
        "{outcome:?}"
    );
    assert_eq!(
        wrong_codes(store.as_ref(), &lock).await,
        0,
        "a right code is not wrong"
    );
    assert!(store.latest_otp("sms", TO).await.unwrap().is_none());
    // A replay finds nothing.
    assert_eq!(
        store
            .consume_verified_otp(&login(None), "otp-1")
            .await
            .unwrap(),
        OtpLoginOutcome::NoCode
    );
    // Only a Verify code is spent this way, and only while it lives.
    store.replace_otp(&code("otp-2")).await.unwrap();
    assert_eq!(
        store
            .consume_verified_otp(&login(None), "otp-2")
            .await
            .unwrap(),
        OtpLoginOutcome::NoCode
    );
    verify_code(store.as_ref(), "otp-3").await;
    let mut late = login(None);
    late.now = NOW + 300;
    assert_eq!(
        store.consume_verified_otp(&late, "otp-3").await.unwrap(),
        OtpLoginOutcome::Rejected(OtpVerdict::Dead(DeadCode::Expired))
    );
}

async fn racing_approvals_log_in_once(store: Arc<dyn Store>) {
    // Twenty at once, let go together, so that the race really happens.
    for round in 0..3 {
        let id = format!("otp-{round}");
        verify_code(store.as_ref(), &id).await;
        let gate = Arc::new(tokio::sync::Barrier::new(20));
        let logins: Vec<_> = (0..20)
            .map(|_| {
                let (store, id, gate) = (store.clone(), id.clone(), gate.clone());
                tokio::spawn(async move {
                    gate.wait().await;
                    store.consume_verified_otp(&login(None), &id).await.unwrap()
                })
            })
            .collect();
        let mut logged_in = 0;
        for l in logins {
            match l.await.unwrap() {
                OtpLoginOutcome::LoggedIn { .. } => logged_in += 1,
                OtpLoginOutcome::NoCode => {}
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(logged_in, 1, "round {round}");
    }
}

conformance!(
    marking_makes_a_code_twilios_and_a_new_start_makes_it_latchkeys_again,
    a_try_is_reserved_only_at_the_live_waiting_verify_code,
    racing_reservations_never_pass_three_tries,
    a_reserved_try_counts_in_the_lockout_until_given_back,
    an_approved_code_is_spent_once_and_its_try_given_back,
    racing_approvals_log_in_once,
);
