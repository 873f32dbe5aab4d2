//! Several `latchkey serve` processes on one PostgreSQL database behave as one server: a
//! code sent by one verifies on another, tokens verify on either's JWKS, and a refresh token
//! raced across them is spent once.

use std::os::unix::fs::PermissionsExt;

use reqwest::StatusCode;
use serde_json::json;

use crate::support::db::TestDb;
use crate::support::process::start_in;
use crate::support::{FakeTwilio, OTP_GRANT, read, verify_rs256};

const ISSUER: &str = "https://auth.latchkey.test/";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_postgres_database_act_as_one() {
    let Some(db) = TestDb::postgres().await else {
        return;
    };
    let twilio = FakeTwilio::start().await;
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("shared-secret");
    std::fs::write(
        &secret,
        latchkey::domain::random_hex(&latchkey::domain::OsRandom, 32),
    )
    .unwrap();
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o600)).unwrap();
    let config = dir.path().join("latchkey.toml");
    std::fs::write(
        &config,
        format!(
            r#"
issuer = "{ISSUER}"
database_url = "{db}"
server_secret_file = "{secret}"

[[clients]]
client_id = "app"
name = "App"
[clients.refresh_token]
rotation_type = "rotating"
expiration_type = "expiring"

[[connections]]
name = "sms"
strategy = "sms"
[connections.options]
twilio_sid = "ACdeadbeefdeadbeefdeadbeefdeadbeef"
twilio_token = "twilio-test-auth-token"
from = "+15005550006"
twilio_api_url = "{twilio}"
"#,
            db = db.url,
            secret = secret.display(),
            twilio = twilio.url
        ),
    )
    .unwrap();
    let config = config.to_str().unwrap();
    // Each instance has its own data folder, as on separate machines; only the secret file
    // and the database are shared.
    let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let a = start_in(dir_a.path(), &["--config", config]);
    let base_a = a.base_url();
    let b = start_in(dir_b.path(), &["--config", config]);
    let base_b = b.base_url();
    let http = reqwest::Client::new();

    let number = "+14155550199";
    let (status, _) = read(
        http.post(format!("{base_a}/passwordless/start"))
            .json(&json!({"client_id": "app", "connection": "sms", "phone_number": number}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let code = twilio.last_code(number).unwrap();
    let (status, tokens) = read(
        http.post(format!("{base_b}/oauth/token"))
            .json(&json!({"grant_type": OTP_GRANT, "client_id": "app", "username": number, "otp": code,
                          "realm": "sms", "scope": "openid offline_access"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    // both publish the same keys, so a token from B verifies with A's JWKS
    let (_, jwks_a) = read(
        http.get(format!("{base_a}/.well-known/jwks.json"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let (_, jwks_b) = read(
        http.get(format!("{base_b}/.well-known/jwks.json"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(jwks_a, jwks_b);
    verify_rs256(tokens["id_token"].as_str().unwrap(), &jwks_a, ISSUER, "app").unwrap();

    // the same refresh token sent to both instances ten times each: spent exactly once
    let rt = tokens["refresh_token"].as_str().unwrap().to_string();
    let mut tasks = Vec::new();
    for i in 0..20 {
        let url = format!("{}/oauth/token", if i % 2 == 0 { &base_a } else { &base_b });
        let (http, rt) = (http.clone(), rt.clone());
        tasks.push(tokio::spawn(async move {
            http.post(url)
                .json(&json!({"grant_type": "refresh_token", "client_id": "app", "refresh_token": rt}))
                .send()
                .await
                .unwrap()
                .status()
        }));
    }
    let mut ok = 0;
    for t in tasks {
        if t.await.unwrap() == StatusCode::OK {
            ok += 1;
        }
    }
    assert_eq!(ok, 1);
    assert!(twilio.violations().is_empty());
}
