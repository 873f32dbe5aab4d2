//! Several `latchkey serve` processes on one PostgreSQL database behave as one server: a
//! code sent by one verifies on another, tokens verify on either's JWKS, and a refresh token
//! raced across them is spent once. And a server killed under load (one of two on
//! PostgreSQL, or the one on its SQLite file, restarted) loses nothing it acknowledged.

use std::os::unix::fs::PermissionsExt;

use reqwest::StatusCode;
use serde_json::json;

use crate::support::db::TestDb;
use crate::support::process::{Server, start_in};
use crate::support::{FakeTwilio, OTP_GRANT, read, sms_connection, verify_rs256};

const ISSUER: &str = "https://auth.latchkey.test/";

/// The tests' configuration: `store` (the database lines), the app `app` with rotating
/// refresh tokens, an SMS connection on `twilio`, then `extra`.
fn config_text(store: &str, twilio: &FakeTwilio, extra: &str) -> String {
    format!(
        r#"
issuer = "{ISSUER}"
{store}

[[clients]]
client_id = "app"
name = "App"
[clients.refresh_token]
rotation_type = "rotating"
expiration_type = "expiring"

{sms}
{extra}
"#,
        sms = sms_connection("sms", &twilio.url, "")
    )
}

/// Instances started from one configuration on one PostgreSQL database, each with its own
/// data folder (as on separate machines); only the secret file and the database are shared.
struct Cluster {
    _db: TestDb,
    twilio: FakeTwilio,
    dir: tempfile::TempDir,
    config: String,
    servers: Vec<Server>,
    bases: Vec<String>,
    _data: Vec<tempfile::TempDir>,
}

impl Cluster {
    async fn start(instances: usize, extra: &str) -> Option<Self> {
        let db = TestDb::postgres().await?;
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
        let store = format!(
            "database_url = \"{}\"\nserver_secret_file = \"{}\"",
            db.url,
            secret.display()
        );
        std::fs::write(&config, config_text(&store, &twilio, extra)).unwrap();
        let config = config.to_str().unwrap().to_string();
        let mut cluster = Self {
            _db: db,
            twilio,
            dir,
            config,
            servers: vec![],
            bases: vec![],
            _data: vec![],
        };
        // All processes start at once on the empty database: migrations and the first
        // signing key are raced for real.
        for _ in 0..instances {
            let data = tempfile::tempdir().unwrap();
            cluster
                .servers
                .push(start_in(data.path(), &["--config", &cluster.config]));
            cluster._data.push(data);
        }
        cluster.bases = cluster.servers.iter().map(Server::base_url).collect();
        Some(cluster)
    }

    async fn start_sms(&self, i: usize, number: &str) -> StatusCode {
        reqwest::Client::new()
            .post(format!("{}/passwordless/start", self.bases[i]))
            .json(&json!({"client_id": "app", "connection": "sms", "phone_number": number}))
            .send()
            .await
            .unwrap()
            .status()
    }

    async fn token(&self, i: usize, body: serde_json::Value) -> (StatusCode, serde_json::Value) {
        read(
            reqwest::Client::new()
                .post(format!("{}/oauth/token", self.bases[i]))
                .json(&body)
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    async fn jwks(&self, i: usize) -> serde_json::Value {
        read(
            reqwest::get(format!("{}/.well-known/jwks.json", self.bases[i]))
                .await
                .unwrap(),
        )
        .await
        .1
    }
}

fn otp_body(number: &str, code: &str) -> serde_json::Value {
    json!({"grant_type": OTP_GRANT, "client_id": "app", "username": number, "otp": code,
           "realm": "sms", "scope": "openid offline_access"})
}

fn refresh_body(token: &str) -> serde_json::Value {
    json!({"grant_type": "refresh_token", "client_id": "app", "refresh_token": token})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_postgres_database_act_as_one() {
    let Some(c) = Cluster::start(2, "").await else {
        return;
    };
    let number = "+14155550199";
    assert_eq!(c.start_sms(0, number).await, StatusCode::OK);
    let code = c.twilio.last_code(number).unwrap();
    let (status, tokens) = c.token(1, otp_body(number, &code)).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    // both publish the same keys, so a token from B verifies with A's JWKS
    let jwks_a = c.jwks(0).await;
    assert_eq!(jwks_a, c.jwks(1).await);
    verify_rs256(tokens["id_token"].as_str().unwrap(), &jwks_a, ISSUER, "app").unwrap();

    // the same refresh token sent to both instances ten times each: spent exactly once
    let rt = tokens["refresh_token"].as_str().unwrap().to_string();
    let mut tasks = Vec::new();
    for i in 0..20 {
        let url = format!("{}/oauth/token", c.bases[i % 2]);
        let rt = rt.clone();
        tasks.push(tokio::spawn(async move {
            reqwest::Client::new()
                .post(url)
                .json(&refresh_body(&rt))
                .send()
                .await
                .unwrap()
                .status()
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap().as_u16());
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );

    // a token revoked through one instance is dead on the other
    let number = "+14155550198";
    assert_eq!(c.start_sms(1, number).await, StatusCode::OK);
    let (_, tokens) = c
        .token(0, otp_body(number, &c.twilio.last_code(number).unwrap()))
        .await;
    let rt = tokens["refresh_token"].as_str().unwrap();
    let revoked = reqwest::Client::new()
        .post(format!("{}/oauth/revoke", c.bases[0]))
        .json(&json!({"client_id": "app", "token": rt}))
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), StatusCode::OK);
    assert_eq!(c.token(1, refresh_body(rt)).await.0, StatusCode::FORBIDDEN);

    // a key rotated in the database shows on both instances at once
    let old_kid = jwks_a["keys"][0]["kid"].clone();
    crate::support::process::cli(c.dir.path(), &["keys", "rotate", "--config", &c.config])
        .succeeded();
    for i in 0..2 {
        let jwks = c.jwks(i).await;
        assert_eq!(jwks["keys"].as_array().unwrap().len(), 2);
        assert_ne!(jwks["keys"][0]["kid"], old_kid);
        assert_eq!(jwks["keys"][1]["kid"], old_kid);
    }
    assert!(c.twilio.violations().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limits_count_across_instances() {
    let Some(c) = Cluster::start(
        2,
        "[rate_limits]\nstart_per_ip = { limit = 3, window = 3600 }",
    )
    .await
    else {
        return;
    };
    assert_eq!(c.start_sms(0, "+14155550111").await, StatusCode::OK);
    assert_eq!(c.start_sms(1, "+14155550112").await, StatusCode::OK);
    assert_eq!(c.start_sms(0, "+14155550113").await, StatusCode::OK);
    assert_eq!(
        c.start_sms(1, "+14155550114").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        c.start_sms(0, "+14155550115").await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

/// One login the server answered: the number, its code, the tokens.
type Acknowledged = (String, String, serde_json::Value);

const SOAK_WORKERS: usize = 8;
const SOAK_LOGINS_PER_WORKER: usize = 12;

/// The soak's load: [`SOAK_WORKERS`] workers each logging in fresh numbers (start on one of
/// `bases`, code on the next) until each has [`SOAK_LOGINS_PER_WORKER`] answered logins. A
/// failure is allowed only once `killed` is raised. Every login the server answered.
fn soak(
    bases: &std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    twilio: &FakeTwilio,
    killed: &std::sync::Arc<std::sync::atomic::AtomicBool>,
) -> Vec<tokio::task::JoinHandle<Vec<Acknowledged>>> {
    let mut tasks = Vec::new();
    for w in 0..SOAK_WORKERS {
        let (bases, twilio, killed) = (bases.clone(), twilio.clone(), killed.clone());
        tasks.push(tokio::spawn(async move {
            let http = reqwest::Client::new();
            let mut done = Vec::new(); // (number, code, tokens) for every acknowledged login
            let mut i = 0;
            let mut attempts = 0;
            while done.len() < SOAK_LOGINS_PER_WORKER && attempts < 200 {
                attempts += 1;
                let number = format!("+1415555{:04}", 5000 + w * 100 + i);
                // instance 0 until it dies, then any live one
                let pick = |k: usize| {
                    let b = bases.lock().unwrap();
                    b[(k + w) % b.len()].clone()
                };
                let base = pick(i);
                let started = http
                    .post(format!("{base}/passwordless/start"))
                    .json(&json!({"client_id": "app", "connection": "sms", "phone_number": number}))
                    .send()
                    .await;
                if !matches!(started, Ok(ref r) if r.status() == StatusCode::OK) {
                    assert!(
                        killed.load(std::sync::atomic::Ordering::SeqCst),
                        "failure before the kill: {started:?}"
                    );
                    i += 1;
                    continue;
                }
                let code = twilio.last_code(&number).unwrap();
                let base = pick(i + 1);
                let Ok(r) = http
                    .post(format!("{base}/oauth/token"))
                    .json(&otp_body(&number, &code))
                    .send()
                    .await
                else {
                    assert!(killed.load(std::sync::atomic::Ordering::SeqCst));
                    i += 1;
                    continue;
                };
                if r.status() == StatusCode::OK {
                    let tokens: serde_json::Value = r.json().await.unwrap();
                    done.push((number, code, tokens));
                }
                i += 1;
            }
            done
        }));
    }
    tasks
}

/// Every login in `tasks` that was answered, once they end; at least `at_least`.
async fn acknowledged(
    tasks: Vec<tokio::task::JoinHandle<Vec<Acknowledged>>>,
    at_least: usize,
) -> Vec<Acknowledged> {
    let mut acknowledged = Vec::new();
    for t in tasks {
        acknowledged.extend(t.await.unwrap());
    }
    assert!(
        acknowledged.len() >= at_least,
        "only {} logins went through",
        acknowledged.len()
    );
    acknowledged
}

/// After the kill, on `survivor`: every answered login's code is spent, its refresh token
/// works, and its id_token verifies against the survivor's keys.
async fn nothing_acknowledged_is_lost(survivor: &str, acknowledged: &[Acknowledged]) {
    let http = reqwest::Client::new();
    let jwks = read(
        reqwest::get(format!("{survivor}/.well-known/jwks.json"))
            .await
            .unwrap(),
    )
    .await
    .1;
    for (number, code, tokens) in acknowledged {
        // the code is spent
        let r = http
            .post(format!("{survivor}/oauth/token"))
            .json(&otp_body(number, code))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "a code worked twice");
        // the refresh token it was answered with works on the survivor
        let rt = tokens["refresh_token"].as_str().unwrap();
        let r = http
            .post(format!("{survivor}/oauth/token"))
            .json(&refresh_body(rt))
            .send()
            .await
            .unwrap();
        assert_eq!(
            r.status(),
            StatusCode::OK,
            "refresh token lost for {number}"
        );
        // and the user it names is still there
        let claims =
            verify_rs256(tokens["id_token"].as_str().unwrap(), &jwks, ISSUER, "app").unwrap();
        assert!(claims["sub"].as_str().unwrap().starts_with("sms|"));
    }
}

/// Limits off: the soak sends a burst from one address to one number range.
const SOAK_CONFIG: &str =
    "[connections.options.pumping_protection]\nenabled = false\n[rate_limits]\nenabled = false";

/// A bounded soak: mixed logins and refreshes spread over two instances, one of which is
/// killed with SIGKILL half way. Afterwards nothing acknowledged is lost and no code works
/// twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_instance_loses_nothing_it_acknowledged() {
    let Some(mut c) = Cluster::start(2, SOAK_CONFIG).await else {
        return;
    };
    let bases = std::sync::Arc::new(std::sync::Mutex::new(c.bases.clone()));
    let killed = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let tasks = soak(&bases, &c.twilio, &killed);
    // kill instance 0 once about half the logins are through
    c.twilio
        .wait_for_sent(SOAK_WORKERS * SOAK_LOGINS_PER_WORKER / 2)
        .await;
    let mut victim = c.servers.remove(0);
    // Raised first: requests in flight to the victim fail from the moment it is killed.
    killed.store(true, std::sync::atomic::Ordering::SeqCst);
    victim.child.kill().unwrap(); // SIGKILL
    victim.child.wait().unwrap();
    bases.lock().unwrap().remove(0);
    let acknowledged = acknowledged(tasks, SOAK_WORKERS * SOAK_LOGINS_PER_WORKER / 2).await;
    nothing_acknowledged_is_lost(&c.bases[1], &acknowledged).await;
}

/// The same soak on one server on its SQLite file, whose writes are committed in groups:
/// killed with SIGKILL half way and started again on the same file, it has every login it
/// answered, and no code works twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_sqlite_server_loses_nothing_it_acknowledged() {
    let twilio = FakeTwilio::start().await;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("latchkey.toml");
    let store = format!(
        "database_url = \"sqlite://{}\"",
        dir.path().join("latchkey.sqlite").display()
    );
    std::fs::write(&config, config_text(&store, &twilio, SOAK_CONFIG)).unwrap();
    let config = config.to_str().unwrap();
    let mut victim = start_in(dir.path(), &["--config", config]);
    let bases = std::sync::Arc::new(std::sync::Mutex::new(vec![victim.base_url()]));
    let killed = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let tasks = soak(&bases, &twilio, &killed);
    twilio
        .wait_for_sent(SOAK_WORKERS * SOAK_LOGINS_PER_WORKER / 2)
        .await;
    killed.store(true, std::sync::atomic::Ordering::SeqCst);
    victim.child.kill().unwrap(); // SIGKILL
    victim.child.wait().unwrap();
    // Started again on the same file, it takes the rest of the soak's logins.
    let restarted = start_in(dir.path(), &["--config", config]);
    let survivor = restarted.base_url();
    bases.lock().unwrap()[0] = survivor.clone();
    // Until then the workers' tries fail at once and may use up their attempts: the half
    // sent before the kill, less one login in flight per worker, was answered.
    let at_least = SOAK_WORKERS * SOAK_LOGINS_PER_WORKER / 2 - SOAK_WORKERS;
    let acknowledged = acknowledged(tasks, at_least).await;
    nothing_acknowledged_is_lost(&survivor, &acknowledged).await;
}
