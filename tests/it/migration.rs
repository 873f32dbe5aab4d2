//! A move from Auth0: 1,000 users in Auth0's export format (half SMS, half email, with
//! metadata) are imported through the jobs API; then each of them logs in with a code (the
//! fake Twilio, the real SMTP sink) and gets an id_token whose `sub` is their old Auth0 id,
//! with their profile in its claims and their metadata in `GET /users/{id}`.

use std::collections::HashMap;
use std::sync::Arc;

use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::task::JoinSet;

use crate::jobs_api::import;
use crate::support::{
    NATIVE_APP, OPS, OTP_GRANT, SMTP_PASS, SMTP_USER, TestApp, email_config, operators,
    smtp::SmtpSink, spawn_app_with,
};

const USERS: usize = 1000;
/// Logins in flight at once.
const PARALLEL: usize = 16;

/// The `i`th user's 24-hex id: unique by its first five characters; a letter at least every
/// six characters, so no run of digits in it reads as a six-digit code in the log check.
fn auth0_id(i: usize) -> String {
    let mut hash = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut id = format!("{i:05x}f");
    while id.len() < 24 {
        let nibble = (hash & 0xf) as u32;
        hash = hash.rotate_right(4);
        let digit = if id.len() % 6 == 5 {
            10 + nibble % 6
        } else {
            nibble
        };
        id.push(char::from_digit(digit, 16).unwrap());
    }
    id
}

/// The `i`th user of the fixture, as Auth0's export writes one (JSON lines): even ones
/// SMS users, odd ones email users, each with a 24-hex id and both metadata objects.
fn exported_user(i: usize) -> Value {
    let hex = auth0_id(i);
    let common = json!({
        "name": format!("Migrant {i}"),
        "given_name": "Migrant",
        "picture": format!("https://cdn.acme.example/avatars/{i}.png"),
        "app_metadata": {"plan": if i.is_multiple_of(3) { "gold" } else { "free" }, "n": i},
        "user_metadata": {"lang": "fr", "seq": i},
        "created_at": "2021-03-04T05:06:07.000Z",
        "updated_at": "2024-01-02T03:04:05.000Z",
        "last_login": "2024-01-02T03:04:05.000Z",
        "logins_count": 7,
    });
    let mut user = common.as_object().cloned().unwrap();
    if i.is_multiple_of(2) {
        let phone = format!("+1415555{:04}", 2000 + i / 2);
        user.insert("user_id".into(), json!(format!("sms|{hex}")));
        user.insert("phone_number".into(), json!(phone));
        user.insert("phone_verified".into(), json!(true));
        user.insert(
            "identities".into(),
            json!([{"user_id": hex, "provider": "sms", "connection": "sms", "isSocial": false}]),
        );
    } else {
        user.insert("user_id".into(), json!(format!("email|{hex}")));
        user.insert("email".into(), json!(format!("migrant{i}@mail.example")));
        user.insert("email_verified".into(), json!(true));
        user.insert(
            "identities".into(),
            json!([{"user_id": hex, "provider": "email", "connection": "email", "isSocial": false}]),
        );
    }
    Value::Object(user)
}

/// The export file of the connection's users (JSON lines).
fn export_file(sms: bool) -> String {
    (0..USERS)
        .filter(|i| i.is_multiple_of(2) == sms)
        .map(|i| exported_user(i).to_string() + "\n")
        .collect()
}

/// Exchanges a code and checks what the id_token and the user record say.
async fn log_in_and_check(app: &TestApp, token: &str, realm: &str, i: usize, code: &str) {
    let fixture = exported_user(i);
    let login = fixture
        .get("phone_number")
        .or_else(|| fixture.get("email"))
        .and_then(Value::as_str)
        .unwrap();
    let (status, tokens) = app
        .post_json(
            "/oauth/token",
            json!({"grant_type": OTP_GRANT, "client_id": NATIVE_APP, "username": login,
                   "otp": code, "realm": realm, "scope": "openid profile"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{i}: {tokens}");
    let claims = app.verified_claims(&tokens, NATIVE_APP).await;
    assert_eq!(claims["sub"], fixture["user_id"], "{i}");
    assert_eq!(claims["name"], fixture["name"], "{i}");
    assert_eq!(claims["picture"], fixture["picture"], "{i}");
    let id = fixture["user_id"].as_str().unwrap().replace('|', "%7C");
    let (status, user) = app.get_as(token, &format!("/api/v2/users/{id}")).await;
    assert_eq!(status, StatusCode::OK, "{i}: {user}");
    assert_eq!(user["app_metadata"], fixture["app_metadata"], "{i}");
    assert_eq!(user["user_metadata"], fixture["user_metadata"], "{i}");
    assert_eq!(user["logins_count"], 1, "{i}: the first login here");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_auth0_users_import_and_each_logs_in_as_before() {
    let Some(mut sink) = SmtpSink::start(Some((SMTP_USER, SMTP_PASS))).await else {
        return;
    };
    // Limits off: a thousand codes go out from one address in a burst.
    let extra = format!(
        "[connections.options.pumping_protection]\nenabled = false\n[rate_limits]\nenabled = false\n{}{}",
        email_config(sink.port, ""),
        operators()
    );
    let app = Arc::new(spawn_app_with(&extra).await);
    let t = Arc::new(app.machine_token(&OPS).await);
    for (connection, sms) in [("sms", true), ("email", false)] {
        let job = import(&app, &t, connection, &export_file(sms)).await;
        assert_eq!(
            job["summary"],
            json!({"failed": 0, "updated": 0, "inserted": USERS / 2, "total": USERS / 2}),
            "{job}"
        );
    }

    // SMS users: start and exchange, PARALLEL at a time.
    let mut logins = JoinSet::new();
    for i in (0..USERS).step_by(2) {
        if logins.len() >= PARALLEL {
            logins.join_next().await.unwrap().unwrap();
        }
        let (app, t) = (app.clone(), t.clone());
        logins.spawn(async move {
            let phone = exported_user(i)["phone_number"]
                .as_str()
                .unwrap()
                .to_string();
            let (status, body) = app.start_sms(&phone).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            let code = app.code_for(&phone);
            log_in_and_check(&app, &t, "sms", i, &code).await;
        });
    }
    while let Some(done) = logins.join_next().await {
        done.unwrap();
    }

    // Email users: a round of starts, their codes read from the sink (in whatever order the
    // messages came), then the round's exchanges.
    let emails: Vec<usize> = (1..USERS).step_by(2).collect();
    for round in emails.chunks(50) {
        let mut starts = JoinSet::new();
        for &i in round {
            let app = app.clone();
            starts.spawn(async move {
                let address = exported_user(i)["email"].as_str().unwrap().to_string();
                let (status, body) = app
                    .post_json(
                        "/passwordless/start",
                        json!({"client_id": NATIVE_APP, "connection": "email",
                               "email": address, "send": "code"}),
                    )
                    .await;
                assert_eq!(status, StatusCode::OK, "{body}");
            });
        }
        while let Some(done) = starts.join_next().await {
            done.unwrap();
        }
        let mut codes = HashMap::new();
        for _ in round {
            let message = sink.next_message().await;
            codes.insert(message.rcpt_tos[0].clone(), message.code());
        }
        let mut exchanges = JoinSet::new();
        for &i in round {
            let address = exported_user(i)["email"].as_str().unwrap().to_string();
            let code = codes
                .remove(&address)
                .unwrap_or_else(|| panic!("no code for {address}"));
            let (app, t) = (app.clone(), t.clone());
            exchanges.spawn(async move { log_in_and_check(&app, &t, "email", i, &code).await });
        }
        while let Some(done) = exchanges.join_next().await {
            done.unwrap();
        }
    }
}
