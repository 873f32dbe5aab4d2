//! One suite of store behaviour, run against both backends: SQLite always, PostgreSQL when
//! a server answers (and in CI, where it must). Every security-relevant multi-step change is
//! exercised here, including the races.

use std::sync::Arc;

use latchkey::domain::crypto::ServerKeys;
use latchkey::domain::model::*;
use latchkey::domain::ports::{OtpJudge, Store};
use latchkey::domain::tokens::keys::generate_signing_key;
use latchkey::domain::tokens::refresh_rule::{DUPLICATE_WINDOW, RefreshAttempt};
use latchkey::domain::{OsRandom, otp};

const NOW: i64 = 1_800_000_000;

fn code(connection: &str, recipient: &str, hash: &[u8], id: &str) -> OtpRecord {
    OtpRecord {
        id: id.into(),
        connection: connection.into(),
        recipient: recipient.into(),
        code_hash: hash.to_vec(),
        created_at: NOW,
        expires_at: NOW + 180,
        attempts: 0,
        verify_provider: None,
    }
}

fn login(recipient: &str, refresh: Option<RefreshTokenRecord>) -> OtpLogin {
    OtpLogin {
        code: code_try(recipient, otp::MAX_WRONG_TRIES, None),
        now: NOW + 1,
        allow_signup: true,
        new_user: NewUser {
            user_id: format!("sms|{}", latchkey::domain::random_hex(&OsRandom, 12)),
            connection: "sms".into(),
            strategy: Strategy::Sms,
            recipient: recipient.into(),
            name: recipient.into(),
            profile: Default::default(),
            verified: true,
            blocked: false,
        },
        refresh_token: refresh,
    }
}

fn code_try(recipient: &str, max_attempts: i64, lockout: Option<&Lockout>) -> OtpTry {
    OtpTry {
        connection: "sms".into(),
        recipient: recipient.into(),
        max_attempts,
        lockout: lockout.cloned(),
    }
}

async fn try_code(store: &dyn Store, recipient: &str, presented: &[u8]) -> OtpLoginOutcome {
    let presented = presented.to_vec();
    let judge: OtpJudge = Arc::new(move |s: &OtpRecord| otp::judge(s, &presented, NOW + 1));
    store
        .consume_otp(&login(recipient, None), judge.clone())
        .await
        .unwrap()
}

fn refresh_record(id: &str, family: &str, user: &str) -> RefreshTokenRecord {
    RefreshTokenRecord {
        id: id.into(),
        token_hash: latchkey::domain::crypto::sha256(id.as_bytes()),
        family_id: family.into(),
        client_id: "app".into(),
        user_id: user.into(),
        scope: "openid offline_access".into(),
        audience: None,
        device: None,
        created_at: NOW,
        family_expires_at: Some(NOW + 1000),
        idle_expires_at: Some(NOW + 100),
        rotated_at: None,
        revoked_at: None,
    }
}

/// One use of a refresh token: at `now`, rotating to `replacement` if any, with `leeway`
/// and, for expiring tokens, the idle expiry it moves to.
fn attempt(
    now: i64,
    replacement: Option<&RefreshTokenRecord>,
    leeway: i64,
    new_idle_expiry: Option<i64>,
) -> RefreshAttempt<'_> {
    RefreshAttempt {
        now,
        leeway,
        replacement,
        new_idle_expiry,
    }
}

async fn codes_follow_the_rules(store: Arc<dyn Store>) {
    let s = store.as_ref();
    // newest only
    s.replace_otp(&code("sms", "+14155550001", b"first", "c1"))
        .await
        .unwrap();
    s.replace_otp(&code("sms", "+14155550001", b"second", "c2"))
        .await
        .unwrap();
    assert_eq!(
        try_code(s, "+14155550001", b"first").await,
        OtpLoginOutcome::Rejected(OtpVerdict::Wrong { tries_left: 2 })
    );
    let OtpLoginOutcome::LoggedIn { user, created } = try_code(s, "+14155550001", b"second").await
    else {
        panic!("the newest code logs in")
    };
    assert!(created);
    assert_eq!(user.logins_count, 1);
    // single use
    assert_eq!(
        try_code(s, "+14155550001", b"second").await,
        OtpLoginOutcome::NoCode
    );
    // the second login finds the same user
    s.replace_otp(&code("sms", "+14155550001", b"third", "c3"))
        .await
        .unwrap();
    let OtpLoginOutcome::LoggedIn {
        user: again,
        created,
    } = try_code(s, "+14155550001", b"third").await
    else {
        panic!()
    };
    assert!(!created);
    assert_eq!(again.user_id, user.user_id);
    assert_eq!(again.logins_count, 2);
    assert_eq!(
        s.user(&user.user_id).await.unwrap().unwrap().logins_count,
        2
    );
    assert_eq!(
        s.user_by_recipient("sms", "+14155550001")
            .await
            .unwrap()
            .unwrap()
            .user_id,
        user.user_id
    );

    // a blocked user's right code changes nothing; unblocked, the same code works
    assert!(s.set_user_blocked(&user.user_id, true, NOW).await.unwrap());
    s.replace_otp(&code("sms", "+14155550001", b"fourth", "c3b"))
        .await
        .unwrap();
    assert_eq!(
        try_code(s, "+14155550001", b"fourth").await,
        OtpLoginOutcome::Blocked
    );
    assert!(s.user(&user.user_id).await.unwrap().unwrap().blocked);
    assert_eq!(
        s.user(&user.user_id).await.unwrap().unwrap().logins_count,
        2
    );
    assert!(s.set_user_blocked(&user.user_id, false, NOW).await.unwrap());
    assert!(matches!(
        try_code(s, "+14155550001", b"fourth").await,
        OtpLoginOutcome::LoggedIn { created: false, .. }
    ));
    assert!(!s.set_user_blocked("sms|nobody", true, NOW).await.unwrap());

    // three wrong tries kill the code
    s.replace_otp(&code("sms", "+14155550002", b"right", "c4"))
        .await
        .unwrap();
    // each wrong try says how many are left, down to the last one
    for tries_left in [2, 1, 0] {
        assert_eq!(
            try_code(s, "+14155550002", b"wrong").await,
            OtpLoginOutcome::Rejected(OtpVerdict::Wrong { tries_left })
        );
    }
    assert_eq!(
        try_code(s, "+14155550002", b"right").await,
        OtpLoginOutcome::Rejected(OtpVerdict::Dead(DeadCode::Exhausted))
    );

    // an expired code does not spend tries, and is not accepted
    let mut old = code("sms", "+14155550003", b"right", "c5");
    old.expires_at = NOW;
    s.replace_otp(&old).await.unwrap();
    for _ in 0..5 {
        assert_eq!(
            try_code(s, "+14155550003", b"right").await,
            OtpLoginOutcome::Rejected(OtpVerdict::Dead(DeadCode::Expired))
        );
    }

    // sign-up disabled: the code is spent, no user is made
    s.replace_otp(&code("sms", "+14155550004", b"right", "c6"))
        .await
        .unwrap();
    let mut closed = login("+14155550004", None);
    closed.allow_signup = false;
    let judge: OtpJudge = Arc::new(move |st: &OtpRecord| otp::judge(st, b"right", NOW + 1));
    assert_eq!(
        s.consume_otp(&closed, judge.clone()).await.unwrap(),
        OtpLoginOutcome::SignupDisabled
    );
    assert!(
        s.user_by_recipient("sms", "+14155550004")
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        try_code(s, "+14155550004", b"right").await,
        OtpLoginOutcome::NoCode
    );

    // deletion after a failed send
    s.replace_otp(&code("sms", "+14155550005", b"right", "c7"))
        .await
        .unwrap();
    s.delete_otp("c7").await.unwrap();
    assert_eq!(
        try_code(s, "+14155550005", b"right").await,
        OtpLoginOutcome::NoCode
    );

    // purge
    s.replace_otp(&old).await.unwrap();
    assert!(s.purge_expired_otps(NOW + 1).await.unwrap() >= 1);
}

async fn racing_codes_have_one_winner_and_three_guesses(store: Arc<dyn Store>) {
    store
        .replace_otp(&code("sms", "+14155550010", b"right", "r1"))
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            try_code(store.as_ref(), "+14155550010", b"right").await
        }));
    }
    let mut winners = 0;
    for t in tasks {
        if matches!(t.await.unwrap(), OtpLoginOutcome::LoggedIn { .. }) {
            winners += 1;
        }
    }
    assert_eq!(winners, 1);

    // twenty parallel guesses are judged at most three times
    store
        .replace_otp(&code("sms", "+14155550011", b"right", "r2"))
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for i in 0..20u8 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            try_code(store.as_ref(), "+14155550011", &[i]).await
        }));
    }
    let mut judged = 0;
    for t in tasks {
        if let OtpLoginOutcome::Rejected(OtpVerdict::Wrong { .. }) = t.await.unwrap() {
            judged += 1;
        }
    }
    assert_eq!(judged, 3);
}

/// Stores a refresh token the way production does: with the login that issues it.
async fn issue(s: &dyn Store, token: &RefreshTokenRecord) {
    let recipient = format!(
        "+1415555{:04}",
        token.id.len() * 100 + token.id.bytes().map(usize::from).sum::<usize>() % 100
    );
    s.replace_otp(&code(
        "sms",
        &recipient,
        b"right",
        &format!("otp-{}", token.id),
    ))
    .await
    .unwrap();
    let judge: OtpJudge = Arc::new(move |st: &OtpRecord| otp::judge(st, b"right", NOW + 1));
    let outcome = s
        .consume_otp(&login(&recipient, Some(token.clone())), judge.clone())
        .await
        .unwrap();
    assert!(matches!(outcome, OtpLoginOutcome::LoggedIn { .. }));
}

async fn refresh_tokens_rotate_once_and_reuse_revokes_the_family(store: Arc<dyn Store>) {
    let s = store.as_ref();
    let first = refresh_record("t1", "fam", "sms|u");
    issue(s, &first).await;
    assert_eq!(
        s.refresh_token(&first.token_hash)
            .await
            .unwrap()
            .unwrap()
            .family_id,
        "fam"
    );
    // non-rotating use moves the idle expiry
    assert!(matches!(
        s.use_refresh_token(
            &first.token_hash,
            &attempt(NOW + 50, None, 0, Some(NOW + 150))
        )
        .await
        .unwrap(),
        RefreshUse::Accepted(_)
    ));
    assert_eq!(
        s.refresh_token(&first.token_hash)
            .await
            .unwrap()
            .unwrap()
            .idle_expires_at,
        Some(NOW + 150)
    );
    // idle past the (moved) expiry: invalid
    assert_eq!(
        s.use_refresh_token(&first.token_hash, &attempt(NOW + 150, None, 0, None))
            .await
            .unwrap(),
        RefreshUse::Invalid
    );

    let a = refresh_record("a", "fam2", "sms|u");
    issue(s, &a).await;
    let b = refresh_record("b", "fam2", "sms|u");
    assert!(matches!(
        s.use_refresh_token(&a.token_hash, &attempt(NOW + 1, Some(&b), 0, None))
            .await
            .unwrap(),
        RefreshUse::Accepted(_)
    ));
    // a again at once (the same request sent twice): a duplicate, refused, and b lives on
    for now in [NOW + 1, NOW + DUPLICATE_WINDOW] {
        assert_eq!(
            s.use_refresh_token(&a.token_hash, &attempt(now, None, 0, None))
                .await
                .unwrap(),
            RefreshUse::Duplicate
        );
    }
    let b_now = s.refresh_token(&b.token_hash).await.unwrap().unwrap();
    assert_eq!((b_now.revoked_at, b_now.rotated_at), (None, None));
    // a again after the duplicate window: reuse, and b dies with its family
    let later = NOW + 1 + DUPLICATE_WINDOW;
    assert_eq!(
        s.use_refresh_token(&a.token_hash, &attempt(later, None, 0, None))
            .await
            .unwrap(),
        RefreshUse::Reused
    );
    assert_eq!(
        s.use_refresh_token(&b.token_hash, &attempt(later, None, 0, None))
            .await
            .unwrap(),
        RefreshUse::Invalid
    );

    // inside the leeway a rotated token is accepted again
    let c = refresh_record("c", "fam3", "sms|u");
    issue(s, &c).await;
    let d = refresh_record("d", "fam3", "sms|u");
    let e = refresh_record("e", "fam3", "sms|u");
    assert!(matches!(
        s.use_refresh_token(&c.token_hash, &attempt(NOW, Some(&d), 10, None))
            .await
            .unwrap(),
        RefreshUse::Accepted(_)
    ));
    assert!(matches!(
        s.use_refresh_token(&c.token_hash, &attempt(NOW + 5, Some(&e), 10, None))
            .await
            .unwrap(),
        RefreshUse::Accepted(_)
    ));
    assert_eq!(
        s.use_refresh_token(&c.token_hash, &attempt(NOW + 10, None, 10, None))
            .await
            .unwrap(),
        RefreshUse::Reused
    );

    // concurrent rotations of one token without leeway: exactly one wins, and the others,
    // duplicates of it, leave its replacement alive
    let base = refresh_record("race", "fam4", "sms|u");
    issue(s, &base).await;
    let mut tasks = Vec::new();
    for i in 0..10 {
        let store = store.clone();
        let hash = base.token_hash.clone();
        tasks.push(tokio::spawn(async move {
            let next = refresh_record(&format!("race-{i}"), "fam4", "sms|u");
            let outcome = store
                .use_refresh_token(&hash, &attempt(NOW + 1, Some(&next), 0, None))
                .await
                .unwrap();
            (outcome, next)
        }));
    }
    let mut winners = Vec::new();
    for t in tasks {
        match t.await.unwrap() {
            (RefreshUse::Accepted(_), next) => winners.push(next),
            (RefreshUse::Duplicate | RefreshUse::Invalid, next) => {
                assert_eq!(s.refresh_token(&next.token_hash).await.unwrap(), None)
            }
            (RefreshUse::Reused, _) => panic!("a concurrent duplicate revoked the family"),
        }
    }
    assert_eq!(winners.len(), 1);
    let won = s
        .refresh_token(&winners[0].token_hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(won.revoked_at, None);
    assert!(matches!(
        s.use_refresh_token(&won.token_hash, &attempt(NOW + 2, None, 0, None))
            .await
            .unwrap(),
        RefreshUse::Accepted(_)
    ));

    // revocation is per client
    let f = refresh_record("f", "fam5", "sms|u");
    issue(s, &f).await;
    assert!(
        !s.revoke_refresh_token(&f.token_hash, "other", NOW)
            .await
            .unwrap()
    );
    assert!(
        s.revoke_refresh_token(&f.token_hash, "app", NOW)
            .await
            .unwrap()
    );
    assert!(
        !s.revoke_refresh_token(&f.token_hash, "app", NOW)
            .await
            .unwrap()
    );
    assert_eq!(
        s.use_refresh_token(&f.token_hash, &attempt(NOW, None, 0, None))
            .await
            .unwrap(),
        RefreshUse::Invalid
    );
}

/// A code login stores its refresh token for the user it logs in, with sign-up and
/// without; a blocked user's login stores none.
async fn a_code_login_stores_its_refresh_token_for_the_user(store: Arc<dyn Store>) {
    let s = store.as_ref();
    let judge: OtpJudge = Arc::new(move |st: &OtpRecord| otp::judge(st, b"right", NOW + 1));
    s.replace_otp(&code("sms", "+14155550020", b"right", "r1"))
        .await
        .unwrap();
    let signup = login("+14155550020", Some(refresh_record("rt-1", "f-1", "")));
    let OtpLoginOutcome::LoggedIn { user, created } =
        s.consume_otp(&signup, judge.clone()).await.unwrap()
    else {
        panic!("the sign-up logs in")
    };
    assert!(created);
    let stored = s
        .refresh_token(&signup.refresh_token.unwrap().token_hash)
        .await
        .unwrap();
    assert_eq!(stored.unwrap().user_id, user.user_id);

    // without sign-up, an existing user logs in and gets the token
    s.replace_otp(&code("sms", "+14155550020", b"right", "r2"))
        .await
        .unwrap();
    let mut returning = login("+14155550020", Some(refresh_record("rt-2", "f-2", "")));
    returning.allow_signup = false;
    let OtpLoginOutcome::LoggedIn {
        user: again,
        created,
    } = s.consume_otp(&returning, judge.clone()).await.unwrap()
    else {
        panic!("the user logs in again")
    };
    assert!(!created);
    assert_eq!(
        (again.user_id.as_str(), again.logins_count),
        (user.user_id.as_str(), 2)
    );
    let stored = s
        .refresh_token(&returning.refresh_token.unwrap().token_hash)
        .await
        .unwrap();
    assert_eq!(stored.unwrap().user_id, user.user_id);

    // blocked: nothing changes, no token is stored, the code is kept
    assert!(s.set_user_blocked(&user.user_id, true, NOW).await.unwrap());
    s.replace_otp(&code("sms", "+14155550020", b"right", "r3"))
        .await
        .unwrap();
    let blocked = login("+14155550020", Some(refresh_record("rt-3", "f-3", "")));
    assert_eq!(
        s.consume_otp(&blocked, judge.clone()).await.unwrap(),
        OtpLoginOutcome::Blocked
    );
    let token_hash = blocked.refresh_token.unwrap().token_hash;
    assert!(s.refresh_token(&token_hash).await.unwrap().is_none());
    assert_eq!(
        s.user(&user.user_id).await.unwrap().unwrap().logins_count,
        2
    );
    assert!(s.latest_otp("sms", "+14155550020").await.unwrap().is_some());
}

async fn signing_keys_have_one_current(store: Arc<dyn Store>) {
    let keys = ServerKeys::derive(&[3u8; 32]).unwrap();
    let key = |at, alg| generate_signing_key(&keys, &OsRandom, at, alg).unwrap();
    let k1 = key(NOW, SigningAlg::Rs256);
    let k2 = key(NOW, SigningAlg::Rs256);
    assert!(store.add_signing_key(&k1, false).await.unwrap());
    // a second "first key" (another instance starting at the same time) is not added
    assert!(!store.add_signing_key(&k2, false).await.unwrap());
    // another algorithm has a current key of its own
    let es1 = key(NOW, SigningAlg::Es256);
    assert!(store.add_signing_key(&es1, false).await.unwrap());
    assert!(
        !store
            .add_signing_key(&key(NOW, SigningAlg::Es256), false)
            .await
            .unwrap()
    );
    let k3 = key(NOW + 1, SigningAlg::Rs256);
    assert!(store.add_signing_key(&k3, true).await.unwrap());
    let k4 = key(NOW + 2, SigningAlg::Rs256);
    assert!(store.add_signing_key(&k4, true).await.unwrap());
    let ed1 = key(NOW + 2, SigningAlg::EdDsa);
    assert!(store.add_signing_key(&ed1, true).await.unwrap());
    let states: std::collections::HashMap<String, (KeyState, SigningAlg)> = store
        .signing_keys()
        .await
        .unwrap()
        .into_iter()
        .map(|k| (k.kid, (k.state, k.alg)))
        .collect();
    assert_eq!(states.len(), 5);
    assert_eq!(states[&k4.kid], (KeyState::Current, SigningAlg::Rs256));
    assert_eq!(states[&k3.kid], (KeyState::Previous, SigningAlg::Rs256));
    assert_eq!(states[&k1.kid], (KeyState::Retired, SigningAlg::Rs256));
    // rotating RS256 twice and making the first EdDSA key left the ES256 key current
    assert_eq!(states[&es1.kid], (KeyState::Current, SigningAlg::Es256));
    assert_eq!(states[&ed1.kid], (KeyState::Current, SigningAlg::EdDsa));
    let es2 = key(NOW + 3, SigningAlg::Es256);
    assert!(store.add_signing_key(&es2, true).await.unwrap());
    // only the previous key can be revoked, once
    assert!(!store.revoke_signing_key(&k4.kid, 0).await.unwrap());
    assert!(!store.revoke_signing_key(&k1.kid, 0).await.unwrap());
    assert!(store.revoke_signing_key(&k3.kid, 0).await.unwrap());
    assert!(!store.revoke_signing_key(&k3.kid, 0).await.unwrap());
    let current = store.signing_keys().await.unwrap();
    let state = |kid: &str| current.iter().find(|k| k.kid == kid).unwrap().state;
    assert_eq!(state(&k4.kid), KeyState::Current);
    assert_eq!(state(&k3.kid), KeyState::Retired);
    assert_eq!(state(&es2.kid), KeyState::Current);
    assert_eq!(state(&es1.kid), KeyState::Previous);
    assert_eq!(state(&ed1.kid), KeyState::Current);
}

async fn clients_and_connections_round_trip(store: Arc<dyn Store>) {
    let client = Client {
        client_id: "app".into(),
        name: "App".into(),
        secret_hash: Some(vec![1, 2, 3]),
        sealed_secret: Some("sealed".into()),
        callbacks: vec!["https://a.example/cb".into()],
        grant_types: vec!["refresh_token".into()],
        refresh_token: RefreshTokenPolicy::default(),
        mobile: MobileApps {
            ios: Some(IosApp {
                team_id: "ABCDE12345".into(),
                app_bundle_identifier: "com.example.app".into(),
            }),
            android: None,
        },
        allowed_logout_urls: vec!["https://a.example/bye".into()],
        branding: ClientBranding {
            logo_uri: Some("https://a.example/logo.png".into()),
            primary_color: Some("#0f766e".into()),
        },
        cross_origin: CrossOrigin {
            web_origins: vec!["https://a.example".into()],
            allowed_origins: vec!["https://*.a.example".into()],
            cross_origin_authentication: true,
            cross_origin_loc: Some("https://a.example/co".into()),
        },
        jwt_configuration: JwtConfiguration {
            alg: SigningAlg::Es256,
            lifetime_in_seconds: 600,
            secret_encoded: Some(false),
        },
    };
    store.upsert_client(&client, NOW).await.unwrap();
    assert_eq!(store.client("app").await.unwrap().unwrap(), client);
    let renamed = Client {
        name: "Renamed".into(),
        ..client
    };
    store.upsert_client(&renamed, NOW + 1).await.unwrap();
    assert_eq!(store.clients().await.unwrap(), vec![renamed]);
    assert!(store.client("nope").await.unwrap().is_none());

    let conn = ConnectionRecord {
        name: "sms".into(),
        strategy: Strategy::Sms,
        options: serde_json::json!({"provider": "log", "template": "@@password@@"}),
    };
    store.upsert_connection(&conn, NOW).await.unwrap();
    assert_eq!(store.connection("sms").await.unwrap().unwrap(), conn);
    assert_eq!(store.connections().await.unwrap().len(), 1);
    store.ping().await.unwrap();
}

async fn check(store: &dyn Store, recipient: &str, presented: &[u8]) -> Option<OtpVerdict> {
    let presented = presented.to_vec();
    let judge: OtpJudge = Arc::new(move |s: &OtpRecord| otp::judge(s, &presented, NOW + 1));
    match store
        .check_otp(
            &code_try(recipient, otp::MAX_WRONG_TRIES, None),
            judge.clone(),
        )
        .await
        .unwrap()
    {
        OtpCheck::NoCode => None,
        OtpCheck::Judged(verdict) => Some(verdict),
        OtpCheck::LockedOut => panic!("no lockout was asked for"),
    }
}

async fn checking_a_code_does_not_use_it(store: Arc<dyn Store>) {
    let r = "+14155550020";
    assert_eq!(check(store.as_ref(), r, b"right").await, None);
    store
        .replace_otp(&code("sms", r, b"right", "k1"))
        .await
        .unwrap();
    // a right code stays valid however often it is checked
    for _ in 0..4 {
        assert_eq!(
            check(store.as_ref(), r, b"right").await,
            Some(OtpVerdict::Accept)
        );
    }
    assert_eq!(
        store.latest_otp("sms", r).await.unwrap().unwrap().attempts,
        0
    );
    // wrong checks and wrong uses share one count of three
    assert_eq!(
        check(store.as_ref(), r, b"wrong").await,
        Some(OtpVerdict::Wrong { tries_left: 2 })
    );
    assert_eq!(
        try_code(store.as_ref(), r, b"wrong").await,
        OtpLoginOutcome::Rejected(OtpVerdict::Wrong { tries_left: 1 })
    );
    assert!(matches!(
        try_code(store.as_ref(), r, b"right").await,
        OtpLoginOutcome::LoggedIn { .. }
    ));
    assert_eq!(check(store.as_ref(), r, b"right").await, None, "used up");

    store
        .replace_otp(&code("sms", r, b"right", "k2"))
        .await
        .unwrap();
    for tries_left in [2, 1, 0] {
        assert_eq!(
            check(store.as_ref(), r, b"wrong").await,
            Some(OtpVerdict::Wrong { tries_left })
        );
    }
    assert_eq!(
        check(store.as_ref(), r, b"right").await,
        Some(OtpVerdict::Dead(DeadCode::Exhausted))
    );
}

/// A magic link looked at before its button is pressed: racing looks at a wrong code are
/// each counted (no lost update lets a fourth guess in), a look at an expired code costs no
/// try, and a right look leaves the code for its use.
async fn racing_checks_count_every_wrong_try(store: Arc<dyn Store>) {
    let r = "+14155550025";
    store
        .replace_otp(&code("sms", r, b"right", "q1"))
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for i in 0..20u8 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            check(store.as_ref(), r, &[b'w', i]).await
        }));
    }
    let (mut left, mut dead) = (Vec::new(), 0);
    for t in tasks {
        match t.await.unwrap() {
            Some(OtpVerdict::Wrong { tries_left }) => left.push(tries_left),
            Some(OtpVerdict::Dead(DeadCode::Exhausted)) => dead += 1,
            other => panic!("unexpected {other:?}"),
        }
    }
    // each wrong look saw the count the one before it left
    left.sort_unstable();
    assert_eq!((left, dead), (vec![0, 1, 2], 17));
    assert_eq!(
        store.latest_otp("sms", r).await.unwrap().unwrap().attempts,
        3
    );
    assert_eq!(
        try_code(store.as_ref(), r, b"right").await,
        OtpLoginOutcome::Rejected(OtpVerdict::Dead(DeadCode::Exhausted))
    );

    // two wrong looks at once leave one try, which the right code then uses
    store
        .replace_otp(&code("sms", r, b"right", "q2"))
        .await
        .unwrap();
    let (a, b) = tokio::join!(
        check(store.as_ref(), r, b"wrong-a"),
        check(store.as_ref(), r, b"wrong-b")
    );
    let mut left: Vec<_> = [a, b]
        .into_iter()
        .map(|v| match v {
            Some(OtpVerdict::Wrong { tries_left }) => tries_left,
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    left.sort_unstable();
    assert_eq!(left, [1, 2]);
    assert_eq!(
        check(store.as_ref(), r, b"right").await,
        Some(OtpVerdict::Accept)
    );
    assert!(matches!(
        try_code(store.as_ref(), r, b"right").await,
        OtpLoginOutcome::LoggedIn { .. }
    ));

    // an expired code: looks cost nothing, and it stays expired
    let mut old = code("sms", r, b"right", "q3");
    old.expires_at = NOW;
    store.replace_otp(&old).await.unwrap();
    for presented in [&b"wrong"[..], b"right"] {
        assert_eq!(
            check(store.as_ref(), r, presented).await,
            Some(OtpVerdict::Dead(DeadCode::Expired))
        );
    }
    assert_eq!(
        store.latest_otp("sms", r).await.unwrap().unwrap().attempts,
        0
    );
}

fn authorization_code(hash: &[u8], expires_at: i64) -> AuthorizationCodeRecord {
    AuthorizationCodeRecord {
        code_hash: hash.to_vec(),
        client_id: "app".into(),
        user_id: "email|0123456789abcdef01234567".into(),
        redirect_uri: "https://app.example/cb".into(),
        scope: "openid email offline_access".into(),
        audience: None,
        nonce: Some("n-0S6".into()),
        code_challenge: Some("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM".into()),
        auth_time: NOW,
        expires_at,
        used_at: None,
        refresh_family_id: None,
    }
}

async fn authorization_codes_are_single_use(store: Arc<dyn Store>) {
    let user = "email|0123456789abcdef01234567";
    let first = authorization_code(b"code-1", NOW + 60);
    store.insert_authorization_code(&first).await.unwrap();
    assert_eq!(
        store.authorization_code(b"code-1").await.unwrap().unwrap(),
        first
    );
    let refresh = refresh_record("ac-r1", "ac-fam-1", user);
    assert_eq!(
        store
            .redeem_authorization_code(b"code-1", NOW + 1, Some(&refresh))
            .await
            .unwrap(),
        CodeRedemption::Redeemed
    );
    let stored = store
        .refresh_token(&refresh.token_hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.revoked_at, None);
    let spent = store.authorization_code(b"code-1").await.unwrap().unwrap();
    assert_eq!(spent.used_at, Some(NOW + 1));
    assert_eq!(spent.refresh_family_id.as_deref(), Some("ac-fam-1"));

    // the code again at once (the same request sent twice): refused, nothing revoked
    for now in [NOW + 1, NOW + DUPLICATE_WINDOW] {
        assert_eq!(
            store
                .redeem_authorization_code(b"code-1", now, None)
                .await
                .unwrap(),
            CodeRedemption::Duplicate
        );
    }
    let stored = store
        .refresh_token(&refresh.token_hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.revoked_at, None);
    // the code again later: refused, and what its first use issued is revoked
    let later = NOW + 1 + DUPLICATE_WINDOW;
    assert_eq!(
        store
            .redeem_authorization_code(b"code-1", later, None)
            .await
            .unwrap(),
        CodeRedemption::Replayed
    );
    let stored = store
        .refresh_token(&refresh.token_hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.revoked_at, Some(later));

    // expired and unknown codes
    store
        .insert_authorization_code(&authorization_code(b"code-2", NOW + 60))
        .await
        .unwrap();
    assert_eq!(
        store
            .redeem_authorization_code(b"code-2", NOW + 60, None)
            .await
            .unwrap(),
        CodeRedemption::Invalid
    );
    assert_eq!(
        store
            .redeem_authorization_code(b"nope", NOW, None)
            .await
            .unwrap(),
        CodeRedemption::Invalid
    );
    assert_eq!(store.purge_authorization_codes(NOW + 61).await.unwrap(), 2);
    assert!(store.authorization_code(b"code-1").await.unwrap().is_none());
}

async fn racing_authorization_codes_have_one_winner(store: Arc<dyn Store>) {
    let user = "email|0123456789abcdef01234567";
    store
        .insert_authorization_code(&authorization_code(b"race", NOW + 60))
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for i in 0..12 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let refresh = refresh_record(&format!("race-r{i}"), &format!("race-f{i}"), user);
            let outcome = store
                .redeem_authorization_code(b"race", NOW + 1, Some(&refresh))
                .await
                .unwrap();
            (outcome, refresh)
        }));
    }
    let mut winners = Vec::new();
    let mut losers = Vec::new();
    for t in tasks {
        match t.await.unwrap() {
            (CodeRedemption::Redeemed, refresh) => winners.push(refresh),
            (CodeRedemption::Duplicate, refresh) => losers.push(refresh),
            (CodeRedemption::Replayed, _) => panic!("a concurrent duplicate revoked the winner"),
            (CodeRedemption::Invalid, _) => panic!("a live code was called invalid"),
        }
    }
    assert_eq!((winners.len(), losers.len()), (1, 11));
    // the losers' tokens were never stored; the winner's was, and the duplicates left it
    let won = store
        .refresh_token(&winners[0].token_hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(won.revoked_at, None);
    for lost in losers {
        assert_eq!(store.refresh_token(&lost.token_hash).await.unwrap(), None);
    }
    // a replay after the duplicate window still revokes what the first use issued
    let later = NOW + 1 + DUPLICATE_WINDOW;
    assert_eq!(
        store
            .redeem_authorization_code(b"race", later, None)
            .await
            .unwrap(),
        CodeRedemption::Replayed
    );
    let won = store
        .refresh_token(&winners[0].token_hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(won.revoked_at, Some(later));
}

async fn deleting_a_user_removes_every_way_in(store: Arc<dyn Store>) {
    let s = store.as_ref();
    let recipient = "+14155550077";
    s.replace_otp(&code("sms", recipient, b"right", "del-1"))
        .await
        .unwrap();
    let judge: OtpJudge = Arc::new(move |st: &OtpRecord| otp::judge(st, b"right", NOW + 1));
    let refresh = refresh_record("del-r1", "del-f1", "");
    let OtpLoginOutcome::LoggedIn { user, .. } = s
        .consume_otp(&login(recipient, Some(refresh.clone())), judge.clone())
        .await
        .unwrap()
    else {
        panic!("no login")
    };
    let id = user.user_id.clone();
    s.add_device_credential(&DeviceCredentialRecord {
        id: "dcr_del".into(),
        user_id: id.clone(),
        client_id: "app".into(),
        device_name: "phone".into(),
        device_id: "d".into(),
        alg: "ES256".into(),
        public_key: "pem".into(),
        created_at: NOW,
    })
    .await
    .unwrap();
    assert!(
        s.add_passkey(&PasskeyRecord {
            id: "cred-del".into(),
            user_id: id.clone(),
            user_handle: "h".into(),
            name: "Passkey".into(),
            credential: "{}".into(),
            created_at: NOW,
            last_used_at: None,
        })
        .await
        .unwrap()
    );
    s.create_session(&SessionRecord {
        id_hash: b"session-del".to_vec(),
        user_id: id.clone(),
        created_at: NOW,
        expires_at: NOW + 100,
    })
    .await
    .unwrap();
    let mut code_record = authorization_code(b"code-del", NOW + 60);
    code_record.user_id = id.clone();
    s.insert_authorization_code(&code_record).await.unwrap();
    s.replace_otp(&code("sms", recipient, b"next", "del-2"))
        .await
        .unwrap();

    assert!(s.delete_user(&id).await.unwrap());
    assert!(s.user(&id).await.unwrap().is_none());
    assert!(s.device_credentials(&id).await.unwrap().is_empty());
    assert!(s.passkey("cred-del").await.unwrap().is_none());
    assert!(s.session(b"session-del").await.unwrap().is_none());
    assert!(s.authorization_code(b"code-del").await.unwrap().is_none());
    assert!(
        s.refresh_token(&refresh.token_hash)
            .await
            .unwrap()
            .is_none()
    );
    assert!(s.latest_otp("sms", recipient).await.unwrap().is_none());
    assert!(!s.delete_user(&id).await.unwrap(), "already gone");
}

async fn users_and_log_entries_are_listed_and_filtered(store: Arc<dyn Store>) {
    let s = store.as_ref();
    for (i, (connection, recipient)) in [
        ("sms", "+14155550081"),
        ("sms", "+14155550082"),
        ("email", "a@b.example"),
    ]
    .iter()
    .enumerate()
    {
        let new = NewUser {
            user_id: format!("u{i}"),
            connection: connection.to_string(),
            strategy: if *connection == "sms" {
                Strategy::Sms
            } else {
                Strategy::Email
            },
            recipient: recipient.to_string(),
            name: recipient.to_string(),
            profile: Default::default(),
            verified: true,
            blocked: false,
        };
        assert!(s.insert_user(&new, NOW + i as i64).await.unwrap());
        assert!(
            !s.insert_user(&new, NOW).await.unwrap(),
            "the same recipient twice"
        );
    }
    let page =
        |connection: Option<&str>, recipient: Option<&str>, offset: i64, limit: i64| UserQuery {
            connection: connection.map(str::to_string),
            recipient: recipient.map(str::to_string),
            recipient_contains: None,
            recipient_prefix: None,
            search: None,
            sort: UserSort::default(),
            slice: Slice { offset, limit },
        };
    let (all, total) = s.users(&page(None, None, 0, 10)).await.unwrap();
    assert_eq!((all.len(), total), (3, 3));
    assert_eq!(all[0].user_id, "u0", "oldest first");
    let newest_first = UserQuery {
        sort: UserSort::CreatedDesc,
        ..page(None, None, 0, 10)
    };
    let (all, _) = s.users(&newest_first).await.unwrap();
    let order: Vec<&str> = all.iter().map(|u| u.user_id.as_str()).collect();
    assert_eq!(order, ["u2", "u1", "u0"]);
    // A part of the login, any case; LIKE's wildcards are taken literally.
    for (part, found) in [("555008", 2), ("A@B", 1), ("+1415", 2), ("%", 0), ("_", 0)] {
        let (_, total) = s
            .users(&UserQuery {
                recipient_contains: Some(part.into()),
                ..page(None, None, 0, 10)
            })
            .await
            .unwrap();
        assert_eq!(total, found, "{part}");
    }
    for (start, found) in [("+1415555008", 2), ("A@", 1), ("555008", 0)] {
        let (_, total) = s
            .users(&UserQuery {
                recipient_prefix: Some(start.into()),
                ..page(None, None, 0, 10)
            })
            .await
            .unwrap();
        assert_eq!(total, found, "starts with {start}");
    }
    let (sms, total) = s.users(&page(Some("sms"), None, 1, 1)).await.unwrap();
    assert_eq!((sms.len(), total, sms[0].user_id.as_str()), (1, 2, "u1"));
    let (one, total) = s
        .users(&page(None, Some("a@b.example"), 0, 10))
        .await
        .unwrap();
    assert_eq!((one.len(), total, one[0].user_id.as_str()), (1, 1, "u2"));

    let entries: Vec<LogEvent> = [
        ("log_1", "s", "u0", 0),
        ("log_2", "f", "u1", 10),
        ("log_3", "s", "u1", 20),
    ]
    .iter()
    .map(|(id, kind, user, at)| LogEvent {
        id: id.to_string(),
        date: NOW + at,
        kind: kind.to_string(),
        description: "d".into(),
        client_id: Some("app".into()),
        user_id: Some(user.to_string()),
        ..Default::default()
    })
    .collect();
    s.record_events(&entries).await.unwrap();
    let q = |kind: Option<&str>, user: Option<&str>| LogQuery {
        kind: kind.map(str::to_string),
        user_id: user.map(str::to_string),
        client_id: None,
        slice: Slice {
            offset: 0,
            limit: 10,
        },
        ..Default::default()
    };
    let (entries, total) = s.events(&q(None, None)).await.unwrap();
    assert_eq!(total, 3);
    assert_eq!(entries[0].id, "log_3", "newest first");
    let (entries, total) = s.events(&q(Some("s"), Some("u1"))).await.unwrap();
    assert_eq!((total, entries[0].id.as_str()), (1, "log_3"));
    let window = LogQuery {
        since: Some(NOW + 10),
        until: Some(NOW + 20),
        ..q(None, None)
    };
    let (entries, total) = s.events(&window).await.unwrap();
    assert_eq!(
        (total, entries.len(), entries[0].id.as_str()),
        (1, 1, "log_2")
    );
    let (_, total) = s
        .events(&LogQuery {
            since: Some(NOW + 10),
            ..q(None, None)
        })
        .await
        .unwrap();
    assert_eq!(total, 2);
    let (entries, _) = s
        .events(&LogQuery {
            oldest_first: true,
            ..q(None, None)
        })
        .await
        .unwrap();
    assert_eq!(entries[0].id, "log_1", "oldest first when asked");
    let (entries, total) = s
        .events(&LogQuery {
            id: Some("log_2".into()),
            ..q(None, None)
        })
        .await
        .unwrap();
    assert_eq!(
        (total, entries[0].kind.as_str()),
        (1, "f"),
        "one entry by id"
    );
    assert_eq!(s.purge_events(NOW + 21).await.unwrap(), 3);
}

async fn signing_out_everywhere_ends_sessions_and_refresh_tokens(store: Arc<dyn Store>) {
    let s = store.as_ref();
    let recipient = "+14155550078";
    s.replace_otp(&code("sms", recipient, b"right", "out-1"))
        .await
        .unwrap();
    let judge: OtpJudge = Arc::new(move |st: &OtpRecord| otp::judge(st, b"right", NOW + 1));
    let refresh = refresh_record("out-r1", "out-f1", "");
    let OtpLoginOutcome::LoggedIn { user, .. } = s
        .consume_otp(&login(recipient, Some(refresh.clone())), judge.clone())
        .await
        .unwrap()
    else {
        panic!("no login")
    };
    let id = user.user_id.clone();
    for session in [b"session-out-1".as_slice(), b"session-out-2"] {
        s.create_session(&SessionRecord {
            id_hash: session.to_vec(),
            user_id: id.clone(),
            created_at: NOW,
            expires_at: NOW + 100,
        })
        .await
        .unwrap();
    }
    // The login's token is rotated: the old one is revoked too (it could be replayed within
    // the leeway) but not counted as live; its replacement is the one live token.
    let replacement = refresh_record("out-r2", "out-f1", &id);
    s.use_refresh_token(
        &refresh.token_hash,
        &attempt(NOW + 1, Some(&replacement), 0, None),
    )
    .await
    .unwrap();
    // Someone else's session stays.
    s.create_session(&SessionRecord {
        id_hash: b"session-other".to_vec(),
        user_id: "sms|other".into(),
        created_at: NOW,
        expires_at: NOW + 100,
    })
    .await
    .unwrap();

    assert_eq!(s.end_user_sessions(&id, NOW + 5).await.unwrap(), (2, 1));
    assert!(s.session(b"session-out-1").await.unwrap().is_none());
    assert!(s.session(b"session-out-2").await.unwrap().is_none());
    assert!(s.session(b"session-other").await.unwrap().is_some());
    for token in [&refresh, &replacement] {
        let stored = s.refresh_token(&token.token_hash).await.unwrap().unwrap();
        assert_eq!(stored.revoked_at, Some(NOW + 5), "{}", token.id);
    }
    assert!(s.user(&id).await.unwrap().is_some(), "the user stays");
    assert_eq!(
        s.end_user_sessions(&id, NOW + 6).await.unwrap(),
        (0, 0),
        "nothing left to end"
    );
}

async fn deleting_a_connection_removes_its_users(store: Arc<dyn Store>) {
    let s = store.as_ref();
    let record = ConnectionRecord {
        name: "doomed".into(),
        strategy: Strategy::Sms,
        options: serde_json::json!({}),
    };
    s.upsert_connection(&record, NOW).await.unwrap();
    let keep = NewUser {
        user_id: "sms|keep".into(),
        connection: "sms".into(),
        strategy: Strategy::Sms,
        recipient: "+14155550091".into(),
        name: "keep".into(),
        profile: Default::default(),
        verified: true,
        blocked: false,
    };
    let doomed = NewUser {
        user_id: "sms|doomed".into(),
        connection: "doomed".into(),
        recipient: "+14155550092".into(),
        name: "doomed".into(),
        ..keep.clone()
    };
    for u in [&keep, &doomed] {
        assert!(s.insert_user(u, NOW).await.unwrap());
        s.create_session(&SessionRecord {
            id_hash: u.user_id.as_bytes().to_vec(),
            user_id: u.user_id.clone(),
            created_at: NOW,
            expires_at: NOW + 100,
        })
        .await
        .unwrap();
    }
    s.replace_otp(&code("doomed", "+14155550092", b"right", "doomed-1"))
        .await
        .unwrap();

    assert!(s.delete_connection("doomed").await.unwrap());
    assert!(s.connection("doomed").await.unwrap().is_none());
    assert!(s.user("sms|doomed").await.unwrap().is_none());
    assert!(s.session(b"sms|doomed").await.unwrap().is_none());
    assert!(
        s.latest_otp("doomed", "+14155550092")
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        s.user("sms|keep").await.unwrap().is_some(),
        "other connections stay"
    );
    assert!(s.session(b"sms|keep").await.unwrap().is_some());
    assert!(
        !s.delete_connection("doomed").await.unwrap(),
        "already gone"
    );
}

async fn a_login_without_a_code_is_counted(store: Arc<dyn Store>) {
    let s = store.as_ref();
    let new = NewUser {
        user_id: "sms|counted".into(),
        connection: "sms".into(),
        strategy: Strategy::Sms,
        recipient: "+14155550093".into(),
        name: "counted".into(),
        profile: Default::default(),
        verified: true,
        blocked: false,
    };
    assert!(s.insert_user(&new, NOW).await.unwrap());
    s.record_login("sms|counted", NOW + 7).await.unwrap();
    s.record_login("sms|counted", NOW + 9).await.unwrap();
    let user = s.user("sms|counted").await.unwrap().unwrap();
    assert_eq!((user.logins_count, user.last_login), (2, Some(NOW + 9)));
}

fn cell(bucket: &str, key: &str) -> CounterCell {
    CounterCell {
        bucket: bucket.into(),
        key: key.into(),
        window_start: NOW - NOW % 3600,
        expires_at: NOW - NOW % 3600 + 3600,
    }
}

/// Check-and-count is one step: racing tallies never pass the rule's limit, a refused one
/// changes nothing, and tallies over the same counters in another order do not deadlock.
/// Racing hits on one counter each count once and each see their own count (1 to 30, every
/// one once); the store's reading agrees; clearing forgets every window of that counter
/// only, and the next hit starts again at 1.
async fn racing_hits_count_once_each_and_clearing_starts_over(store: Arc<dyn Store>) {
    let mut tasks = Vec::new();
    for _ in 0..30 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            store.hit_counter("h", "k", NOW, NOW + 60).await.unwrap()
        }));
    }
    let mut seen = Vec::new();
    for t in tasks {
        seen.push(t.await.unwrap());
    }
    seen.sort_unstable();
    assert_eq!(seen, (1..=30).collect::<Vec<i64>>());
    assert_eq!(store.counter("h", "k", NOW).await.unwrap(), 30);
    assert_eq!(
        store
            .hit_counter("h", "k", NOW + 60, NOW + 120)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store
            .hit_counter("h", "other", NOW, NOW + 60)
            .await
            .unwrap(),
        1
    );
    store.clear_counter("h", "k").await.unwrap();
    assert_eq!(store.counter("h", "k", NOW).await.unwrap(), 0);
    assert_eq!(store.counter("h", "k", NOW + 60).await.unwrap(), 0);
    assert_eq!(store.counter("h", "other", NOW).await.unwrap(), 1);
    assert_eq!(store.hit_counter("h", "k", NOW, NOW + 60).await.unwrap(), 1);
}

async fn racing_tallies_never_pass_their_limit(store: Arc<dyn Store>) {
    let (a, b) = (cell("t", "a"), cell("t", "b"));
    let mut tasks = Vec::new();
    for i in 0..20 {
        let store = store.clone();
        // half list the counters the other way round
        let cells = if i % 2 == 0 {
            vec![a.clone(), b.clone()]
        } else {
            vec![b.clone(), a.clone()]
        };
        let a_first = i % 2 == 0;
        tasks.push(tokio::spawn(async move {
            // at most 5 events; `a` counts them, `b` counts them twice
            let rule = move |v: &[i64]| {
                let (x, y) = if a_first { (v[0], v[1]) } else { (v[1], v[0]) };
                (x < 5).then(|| {
                    if a_first {
                        vec![x + 1, y + 2]
                    } else {
                        vec![y + 2, x + 1]
                    }
                })
            };
            store.tally(&cells, &rule).await.unwrap()
        }));
    }
    let mut counted = 0;
    for t in tasks {
        if t.await.unwrap().counted {
            counted += 1;
        }
    }
    assert_eq!(counted, 5);
    assert_eq!(store.counter("t", "a", a.window_start).await.unwrap(), 5);
    assert_eq!(store.counter("t", "b", b.window_start).await.unwrap(), 10);
    // a refusal reports what it found and writes nothing
    let refused = store
        .tally(std::slice::from_ref(&a), &|_: &[i64]| None)
        .await
        .unwrap();
    assert_eq!(
        refused,
        Tallied {
            before: vec![5],
            counted: false
        }
    );
    let fresh = store
        .tally(&[cell("t", "fresh")], &|v: &[i64]| Some(vec![v[0] + 7]))
        .await
        .unwrap();
    assert_eq!(fresh.before, vec![0]);
    assert_eq!(
        store.counter("t", "fresh", a.window_start).await.unwrap(),
        7
    );
    // a rule that answers for the wrong number of counters is an error, not a write
    assert!(
        store
            .tally(std::slice::from_ref(&a), &|_: &[i64]| Some(vec![]))
            .await
            .is_err()
    );
    assert_eq!(store.counter("t", "a", a.window_start).await.unwrap(), 5);
}

/// The wrong-code lockout is checked and counted in the code's own transaction: parallel
/// wrong guesses are judged at most `limit` times, and then even the right code is locked
/// out; checks share the count.
async fn racing_wrong_codes_never_pass_the_lockout(store: Arc<dyn Store>) {
    let r = "+14155550030";
    let lockout = Lockout {
        cell: cell("wrong:recipient", &format!("sms:{r}")),
        limit: 2,
    };
    store
        .replace_otp(&code("sms", r, b"right", "l1"))
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for i in 0..20u8 {
        let (store, lockout) = (store.clone(), lockout.clone());
        tasks.push(tokio::spawn(async move {
            let mut login = login(r, None);
            // a code dies after three wrong tries; a lockout of two comes first
            login.code.lockout = Some(lockout);
            let presented = vec![i];
            let judge: OtpJudge = Arc::new(move |s: &OtpRecord| otp::judge(s, &presented, NOW + 1));
            store.consume_otp(&login, judge.clone()).await.unwrap()
        }));
    }
    let (mut left, mut locked) = (Vec::new(), 0);
    for t in tasks {
        match t.await.unwrap() {
            OtpLoginOutcome::Rejected(OtpVerdict::Wrong { tries_left }) => left.push(tries_left),
            OtpLoginOutcome::LockedOut => locked += 1,
            other => panic!("unexpected {other:?}"),
        }
    }
    // the tries left follow the lockout, which closes before the code's own three
    left.sort_unstable();
    assert_eq!((left, locked), (vec![0, 1], 18));
    let w = &lockout.cell;
    assert_eq!(
        store
            .counter(&w.bucket, &w.key, w.window_start)
            .await
            .unwrap(),
        2
    );
    // locked out: the right code is not judged, and the code keeps its tries
    let mut right = login(r, None);
    right.code.lockout = Some(lockout.clone());
    let judge: OtpJudge = Arc::new(move |s: &OtpRecord| otp::judge(s, b"right", NOW + 1));
    assert_eq!(
        store.consume_otp(&right, judge.clone()).await.unwrap(),
        OtpLoginOutcome::LockedOut
    );
    assert_eq!(
        store
            .check_otp(&code_try(r, 100, Some(&lockout)), judge.clone())
            .await
            .unwrap(),
        OtpCheck::LockedOut
    );
    assert_eq!(
        store.latest_otp("sms", r).await.unwrap().unwrap().attempts,
        2
    );

    // below the limit, a right code logs in and is not counted; a wrong check is
    let other = "+14155550031";
    let lockout = Lockout {
        cell: cell("wrong:recipient", &format!("sms:{other}")),
        limit: 4,
    };
    store
        .replace_otp(&code("sms", other, b"right", "l2"))
        .await
        .unwrap();
    let wrong_judge: OtpJudge = Arc::new(move |s: &OtpRecord| otp::judge(s, b"wrong", NOW + 1));
    assert_eq!(
        store
            .check_otp(&code_try(other, 3, Some(&lockout)), wrong_judge.clone())
            .await
            .unwrap(),
        OtpCheck::Judged(OtpVerdict::Wrong { tries_left: 2 })
    );
    let mut right = login(other, None);
    right.code.lockout = Some(lockout.clone());
    assert!(matches!(
        store.consume_otp(&right, judge.clone()).await.unwrap(),
        OtpLoginOutcome::LoggedIn { .. }
    ));
    let w = &lockout.cell;
    assert_eq!(
        store
            .counter(&w.bucket, &w.key, w.window_start)
            .await
            .unwrap(),
        1
    );
}

fn ceremony(id: &str, expires_at: i64) -> CeremonyRecord {
    CeremonyRecord {
        id: id.into(),
        kind: "authenticate".into(),
        user_id: None,
        client_id: Some("app".into()),
        state: "{}".into(),
        expires_at,
    }
}

async fn ceremonies_are_capped_and_the_oldest_go(store: Arc<dyn Store>) {
    let s = store.as_ref();
    // Five ceremonies with a cap of three: the two that expire soonest go.
    for (i, expires_at) in [NOW + 10, NOW + 20, NOW + 30, NOW + 40, NOW + 50]
        .into_iter()
        .enumerate()
    {
        s.insert_ceremony(&ceremony(&format!("c{i}"), expires_at), 3)
            .await
            .unwrap();
    }
    for gone in ["c0", "c1"] {
        assert!(
            s.take_ceremony(gone, "authenticate", NOW)
                .await
                .unwrap()
                .is_none(),
            "{gone}"
        );
    }
    // The newest stays even when it expires with others in the same second.
    s.insert_ceremony(&ceremony("a-tie", NOW + 50), 2)
        .await
        .unwrap();
    assert!(
        s.take_ceremony("a-tie", "authenticate", NOW)
            .await
            .unwrap()
            .is_some()
    );
    let left = [
        s.take_ceremony("c2", "authenticate", NOW).await.unwrap(),
        s.take_ceremony("c3", "authenticate", NOW).await.unwrap(),
        s.take_ceremony("c4", "authenticate", NOW).await.unwrap(),
    ];
    assert_eq!(
        left.iter()
            .flatten()
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>(),
        ["c4"],
        "with a cap of two, the new one and the newest other stay"
    );
}

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
/// For the other areas' suites (`store_conformance_<area>.rs`).
pub(crate) use conformance;

fn login_ticket(hash: &[u8], client_id: &str, expires_at: i64) -> LoginTicketRecord {
    LoginTicketRecord {
        ticket_hash: hash.to_vec(),
        client_id: client_id.into(),
        user_id: "sms|0123456789abcdef01234567".into(),
        connection: "sms".into(),
        session_hash: b"session".to_vec(),
        verifier_hash: b"verifier".to_vec(),
        co_id: "co-id".into(),
        created_at: NOW,
        expires_at,
        used_at: None,
    }
}

/// A login ticket is redeemed once, only by its client, only before it expires; twelve
/// concurrent redemptions of one ticket have exactly one winner; expired ones are purged.
async fn login_tickets_are_single_use(store: Arc<dyn Store>) {
    for (hash, expires) in [
        (&b"t-1"[..], NOW + 60),
        (b"t-race", NOW + 60),
        (b"t-old", NOW + 5),
    ] {
        store
            .create_login_ticket(&login_ticket(hash, "spa", expires))
            .await
            .unwrap();
    }
    assert!(
        store
            .redeem_login_ticket(b"t-1", "other-client", NOW)
            .await
            .unwrap()
            .is_none(),
        "another client's ticket"
    );
    // Read without being spent (the fallback page's look-up), by its own client only.
    for _ in 0..2 {
        let seen = store.login_ticket(b"t-1", "spa", NOW).await.unwrap();
        assert_eq!(seen.map(|t| t.co_id), Some("co-id".to_string()));
    }
    assert!(
        store
            .login_ticket(b"t-1", "other-client", NOW)
            .await
            .unwrap()
            .is_none()
    );
    let won = store
        .redeem_login_ticket(b"t-1", "spa", NOW + 1)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(won.used_at, Some(NOW + 1));
    assert_eq!(won.session_hash, b"session");
    assert!(
        store
            .redeem_login_ticket(b"t-1", "spa", NOW + 2)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .login_ticket(b"t-1", "spa", NOW + 2)
            .await
            .unwrap()
            .is_none(),
        "a spent ticket is not seen"
    );
    assert!(
        store
            .login_ticket(b"t-old", "spa", NOW + 5)
            .await
            .unwrap()
            .is_none(),
        "nor an expired one"
    );
    assert!(
        store
            .redeem_login_ticket(b"t-old", "spa", NOW + 5)
            .await
            .unwrap()
            .is_none(),
        "expired at its expires_at"
    );
    let mut tasks = Vec::new();
    for _ in 0..12 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            store
                .redeem_login_ticket(b"t-race", "spa", NOW + 1)
                .await
                .unwrap()
        }));
    }
    let mut winners = 0;
    for t in tasks {
        winners += usize::from(t.await.unwrap().is_some());
    }
    assert_eq!(winners, 1);
    assert_eq!(store.purge_login_tickets(NOW + 61).await.unwrap(), 3);
}

/// A user's edit runs its rule on the stored user inside one transaction: a missing user,
/// a refusal and a taken login change nothing; eight edits racing to one login have one
/// winner on either backend.
async fn user_edits_are_one_transaction(store: Arc<dyn Store>) {
    let s = store.as_ref();
    let user = |i: usize| {
        NewUser::from_login(
            format!("sms|edit{i}"),
            "sms".into(),
            Strategy::Sms,
            format!("+1415555{:04}", 7000 + i),
            "n".into(),
        )
    };
    for i in 0..9 {
        assert!(s.insert_user(&user(i), NOW).await.unwrap());
    }
    let to = |login: &'static str| {
        move |u: &User| {
            Ok(User {
                recipient: login.into(),
                ..u.clone()
            })
        }
    };
    let missing = s
        .edit_user("sms|nobody", &to("+14155559999"), NOW)
        .await
        .unwrap();
    assert_eq!(missing, UserEdited::Missing);
    let refuse = |_: &User| Err("no".to_string());
    let refused = s.edit_user("sms|edit0", &refuse, NOW + 1).await.unwrap();
    assert_eq!(refused, UserEdited::Refused("no".into()));
    // A refused move keeps everything, the user's waiting code included (its deletion is
    // rolled back with the edit); a move that lands drops it.
    s.replace_otp(&code("sms", "+14155557000", b"c", "edit-code"))
        .await
        .unwrap();
    let taken = s
        .edit_user("sms|edit0", &to("+14155557001"), NOW + 1)
        .await
        .unwrap();
    assert_eq!(taken, UserEdited::Taken);
    let waiting = s.latest_otp("sms", "+14155557000").await.unwrap();
    assert_eq!(waiting.map(|c| c.id), Some("edit-code".to_string()));
    let kept = s.user("sms|edit0").await.unwrap().unwrap();
    assert_eq!(
        (kept.recipient.as_str(), kept.updated_at),
        ("+14155557000", NOW)
    );

    let mut tasks = Vec::new();
    for i in 1..9 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            store
                .edit_user(&format!("sms|edit{i}"), &to("+14155558888"), NOW + 2)
                .await
                .unwrap()
        }));
    }
    let mut won = 0;
    for t in tasks {
        match t.await.unwrap() {
            UserEdited::Done(u) => {
                won += 1;
                assert_eq!(
                    (u.recipient.as_str(), u.updated_at),
                    ("+14155558888", NOW + 2)
                );
            }
            other => assert_eq!(other, UserEdited::Taken),
        }
    }
    assert_eq!(won, 1);
    let holder = s.user_by_recipient("sms", "+14155558888").await.unwrap();
    assert!(holder.is_some());
    let moved = s
        .edit_user("sms|edit0", &to("+14155557999"), NOW + 3)
        .await
        .unwrap();
    assert!(matches!(moved, UserEdited::Done(_)), "{moved:?}");
    assert!(s.latest_otp("sms", "+14155557000").await.unwrap().is_none());
}

/// Settings are kept by key, replaced, and deleted once.
async fn settings_are_kept_replaced_and_deleted(store: Arc<dyn Store>) {
    let s = store.as_ref();
    assert_eq!(s.setting("k").await.unwrap(), None);
    s.put_setting("k", "one", NOW).await.unwrap();
    s.put_setting("k", "two", NOW + 1).await.unwrap();
    assert_eq!(s.setting("k").await.unwrap().as_deref(), Some("two"));
    assert!(s.delete_setting("k").await.unwrap());
    assert!(!s.delete_setting("k").await.unwrap());
    assert_eq!(s.setting("k").await.unwrap(), None);
}

/// Auth0's user search as the store runs it, the same on both backends: names in any case,
/// logins of their own kind, id prefixes compared exactly, `app_metadata` keys (strings and
/// numbers), AND inside OR, and LIKE's wildcards taken literally.
async fn users_are_searched_by_their_fields(store: Arc<dyn Store>) {
    let s = store.as_ref();
    let mut ann = NewUser::from_login(
        "email|Ann1".into(),
        "email".into(),
        Strategy::Email,
        "mary-jane@example.com".into(),
        "Ann Lee".into(),
    );
    ann.profile.app_metadata = serde_json::json!({"plan": "gold", "seats": 3})
        .as_object()
        .cloned()
        .unwrap();
    let bob = NewUser::from_login(
        "sms|bob_1".into(),
        "sms".into(),
        Strategy::Sms,
        "+14155550150".into(),
        "Bob".into(),
    );
    let odd = NewUser::from_login(
        "email|odd".into(),
        "email".into(),
        Strategy::Email,
        "mary_jane%x@example.com".into(),
        "Odd".into(),
    );
    for u in [&ann, &bob, &odd] {
        assert!(s.insert_user(u, NOW).await.unwrap());
    }
    let found = |q: &str| {
        let search = parse_user_search(q).unwrap();
        let store = store.clone();
        async move {
            let query = UserQuery {
                search,
                slice: Slice::page(0, 50),
                ..UserQuery::default()
            };
            let (users, total) = store.users(&query).await.unwrap();
            let mut ids: Vec<String> = users.into_iter().map(|u| u.user_id).collect();
            ids.sort();
            assert_eq!(ids.len() as i64, total);
            ids
        }
    };
    assert_eq!(found("name:\"ann lee\"").await, ["email|Ann1"]);
    assert_eq!(found("name:ann*").await, ["email|Ann1"]);
    assert_eq!(found("email:mary-jane*").await, ["email|Ann1"]);
    assert_eq!(
        found("email:mary_*").await,
        ["email|odd"],
        "_ is no wildcard"
    );
    assert_eq!(found("phone_number:\\+14155550150").await, ["sms|bob_1"]);
    assert!(
        found("email:\\+14155550150").await.is_empty(),
        "a number is no email"
    );
    assert_eq!(found("user_id:email*").await, ["email|Ann1", "email|odd"]);
    assert!(
        found("user_id:EMAIL*").await.is_empty(),
        "ids compare exactly"
    );
    assert_eq!(found("app_metadata.plan:gold").await, ["email|Ann1"]);
    assert_eq!(found("app_metadata.seats:3").await, ["email|Ann1"]);
    assert!(found("app_metadata.plan:silver").await.is_empty());
    // A value is a parameter, never SQL: quotes and comments match nothing.
    assert!(found("name:\"x' OR '1'='1\"").await.is_empty());
    assert!(
        found("app_metadata.plan:\"gold' OR 1=1 --\"")
            .await
            .is_empty()
    );
    assert!(
        found("user_id:\"email|odd'; DELETE FROM users; --\"")
            .await
            .is_empty()
    );
    assert_eq!(
        found("user_id:email*").await.len(),
        2,
        "nothing was deleted"
    );
    assert_eq!(
        found("connection:sms OR (connection:email AND name:odd)").await,
        ["email|odd", "sms|bob_1"]
    );
}

/// A code login proves the login of a user an operator created unproved, on the sign-up
/// path and on the login-only path alike.
async fn a_code_login_proves_the_login(store: Arc<dyn Store>) {
    let s = store.as_ref();
    let judge: OtpJudge = Arc::new(move |st: &OtpRecord| otp::judge(st, b"right", NOW + 1));
    for (number, allow_signup) in [("+14155550031", true), ("+14155550032", false)] {
        let mut made = NewUser::from_login(
            format!("sms|made{allow_signup}"),
            "sms".into(),
            Strategy::Sms,
            number.into(),
            number.into(),
        );
        made.verified = false;
        assert!(s.insert_user(&made, NOW).await.unwrap());
        s.replace_otp(&code("sms", number, b"right", &format!("v{allow_signup}")))
            .await
            .unwrap();
        let mut attempt = login(number, None);
        attempt.allow_signup = allow_signup;
        let OtpLoginOutcome::LoggedIn { user, created } =
            s.consume_otp(&attempt, judge.clone()).await.unwrap()
        else {
            panic!("the made user logs in")
        };
        assert!(!created);
        assert_eq!(
            (user.user_id.as_str(), user.verified),
            (made.user_id.as_str(), true)
        );
        let stored = s.user(&made.user_id).await.unwrap().unwrap();
        assert!(stored.verified, "signup {allow_signup}");
    }
}

conformance!(
    a_code_login_proves_the_login,
    users_are_searched_by_their_fields,
    settings_are_kept_replaced_and_deleted,
    user_edits_are_one_transaction,
    codes_follow_the_rules,
    racing_codes_have_one_winner_and_three_guesses,
    refresh_tokens_rotate_once_and_reuse_revokes_the_family,
    signing_keys_have_one_current,
    a_code_login_stores_its_refresh_token_for_the_user,
    clients_and_connections_round_trip,
    checking_a_code_does_not_use_it,
    racing_checks_count_every_wrong_try,
    authorization_codes_are_single_use,
    racing_authorization_codes_have_one_winner,
    deleting_a_user_removes_every_way_in,
    users_and_log_entries_are_listed_and_filtered,
    signing_out_everywhere_ends_sessions_and_refresh_tokens,
    deleting_a_connection_removes_its_users,
    a_login_without_a_code_is_counted,
    racing_hits_count_once_each_and_clearing_starts_over,
    racing_tallies_never_pass_their_limit,
    racing_wrong_codes_never_pass_the_lockout,
    ceremonies_are_capped_and_the_oldest_go,
    login_tickets_are_single_use,
);
