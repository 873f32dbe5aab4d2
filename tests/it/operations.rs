//! The operator's command line through the real binary: every key from the environment and
//! secrets from files (`config check`, and a Twilio token a served login really uses),
//! `migrate status` / `apply` and the refusal of a database newer than the binary, commands
//! that act for the issuer the server stored, the plain-HTTP redirect listener, and the
//! systemd unit checked by `systemd-analyze verify`.

use std::path::Path;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::process::{after, cli, cli_with_env, start_in};
use crate::support::skip_or_fail;
use crate::support::twilio::{ACCOUNT_SID, AUTH_TOKEN, FakeTwilio};

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

/// `config check` resolves the file, the variables and the `*_FILE` secrets as `serve` does,
/// shows every secret only as set, and refuses a bad variable by its name (in JSON when the
/// variables ask for JSON logs, though the configuration did not resolve).
#[test]
fn config_check_takes_every_key_from_the_environment_and_masks_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let smtp_pass = write(d, "smtp-pass", "smtp-secret-from-file\n");
    let db_url = write(
        d,
        "db-url",
        "postgres://latchkey:db-secret-from-file@db.internal/lk\n",
    );
    let twilio = write(d, "twilio", "twilio-secret-from-file");
    let metrics_token = write(d, "metrics-token", "metrics-secret-from-file\n");
    let config = write(
        d,
        "latchkey.toml",
        &format!(
            "[[connections]]\nname = \"sms\"\nstrategy = \"sms\"\n[connections.options]\n\
             twilio_sid = \"{ACCOUNT_SID}\"\ntwilio_token_file = {twilio:?}\nfrom = \"+15005550006\"\n"
        ),
    );
    let ran = cli_with_env(
        d,
        &["config", "check", "--config", &config],
        &[
            ("LATCHKEY_ISSUER", "https://auth.example.test"),
            ("LATCHKEY_SHUTDOWN_DELAY_SECONDS", "7"),
            ("LATCHKEY_RATE_LIMITS_START_PER_IP", "9/60"),
            ("LATCHKEY_ADMIN_EMAILS", "ops@example.test"),
            ("LATCHKEY_DATABASE_URL_FILE", &db_url),
            ("LATCHKEY_EMAIL_PROVIDER_NAME", "smtp"),
            (
                "LATCHKEY_EMAIL_PROVIDER_DEFAULT_FROM_ADDRESS",
                "login@example.test",
            ),
            (
                "LATCHKEY_EMAIL_PROVIDER_CREDENTIALS_SMTP_HOST",
                "smtp.example.test",
            ),
            ("LATCHKEY_EMAIL_PROVIDER_CREDENTIALS_SMTP_USER", "mailer"),
            (
                "LATCHKEY_EMAIL_PROVIDER_CREDENTIALS_SMTP_PASS_FILE",
                &smtp_pass,
            ),
            ("LATCHKEY_METRICS_LISTEN", "127.0.0.1:9464"),
            ("LATCHKEY_METRICS_BEARER_TOKEN_FILE", &metrics_token),
            ("LATCHKEY_TRACING_OTLP_ENDPOINT", "http://127.0.0.1:4318"),
        ],
    )
    .succeeded();
    let shown = ran.stdout;
    for expected in [
        "issuer = \"https://auth.example.test/\"",
        "shutdown_delay_seconds = 7",
        "start_per_ip = 9/60",
        "\"ops@example.test\"",
        "postgres://latchkey:********@db.internal/lk",
        "smtp_host = \"smtp.example.test\"",
        "twilio_token = \"********\"",
        "listen: Some(127.0.0.1:9464)",
        "http://127.0.0.1:4318/v1/traces",
        "# the configuration is valid",
    ] {
        assert!(shown.contains(expected), "{expected:?} in:\n{shown}");
    }
    for secret in [
        "smtp-secret",
        "db-secret",
        "twilio-secret",
        "metrics-secret",
    ] {
        assert!(
            !ran.stderr.contains(secret) && !shown.contains(secret),
            "{secret}: {shown}"
        );
    }
    assert!(
        !d.join("latchkey-data").exists(),
        "config check touches no database"
    );

    let refused = cli_with_env(
        d,
        &["config", "check"],
        &[("LATCHKEY_RATE_LIMITS_TOKEN_PER_IP", "plenty")],
    );
    assert!(!refused.ok);
    assert!(
        refused.stderr.contains("LATCHKEY_RATE_LIMITS_TOKEN_PER_IP"),
        "{}",
        refused.said()
    );
    let refused = cli_with_env(
        d,
        &["config", "check"],
        &[
            ("LATCHKEY_LOG_FORMAT", "json"),
            ("LATCHKEY_SHUTDOWN_DELAY_SECONDS", "soon"),
        ],
    );
    assert!(!refused.ok);
    let line: Value = serde_json::from_str(refused.stderr.trim()).unwrap_or_else(|e| {
        panic!("a JSON line, got {:?}: {e}", refused.stderr);
    });
    assert_eq!(line["level"], "ERROR");
    assert!(
        line["fields"]["error"]
            .as_str()
            .unwrap()
            .contains("LATCHKEY_SHUTDOWN_DELAY_SECONDS"),
        "{line}"
    );
}

/// A Twilio token read from `twilio_token_file` is the one `serve` sends with: the fake
/// Twilio answers 401 to any other, so an accepted text proves it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_served_login_uses_the_twilio_token_from_its_file() {
    let twilio = FakeTwilio::start().await;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let token = write(d, "twilio-token", &format!("{AUTH_TOKEN}\n"));
    let config = write(
        d,
        "latchkey.toml",
        &format!(
            "[[clients]]\nclient_id = \"app\"\nname = \"App\"\n\n[[connections]]\nname = \"sms\"\n\
             strategy = \"sms\"\n[connections.options]\ntwilio_sid = \"{ACCOUNT_SID}\"\n\
             twilio_token_file = {token:?}\nfrom = \"+15005550006\"\ntwilio_api_url = {:?}\n",
            twilio.url
        ),
    );
    let server = start_in(d, &["--config", &config]);
    let base = tokio::task::block_in_place(|| server.base_url());
    let number = crate::support::phone();
    let answer = reqwest::Client::new()
        .post(format!("{base}/passwordless/start"))
        .json(&json!({"client_id": "app", "connection": "sms", "phone_number": number}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        answer.status(),
        StatusCode::OK,
        "{}",
        answer.text().await.unwrap()
    );
    twilio.wait_for_sent(1).await;
    assert_eq!(twilio.sent()[0].to, number);
    assert!(twilio.violations().is_empty(), "{:?}", twilio.violations());
}

/// `migrate status` changes nothing, `migrate apply` creates and migrates, and a database
/// that a newer Latchkey migrated is refused by `migrate` and by `serve`, and left as it was;
/// on SQLite and on PostgreSQL.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrate_reports_applies_and_refuses_a_newer_database_on_sqlite() {
    let db = crate::support::db::TestDb::sqlite();
    let future = "INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, execution_time)
         VALUES (9001, 'from the future', CURRENT_TIMESTAMP, TRUE, x'00', 0)";
    migrate_on(&db.url, "no database yet", future).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrate_reports_applies_and_refuses_a_newer_database_on_postgres() {
    let Some(db) = crate::support::db::TestDb::postgres().await else {
        return;
    };
    let future = "INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, execution_time)
         VALUES (9001, 'from the future', now(), TRUE, decode('00', 'hex'), 0)";
    migrate_on(&db.url, "pending  0001 init", future).await;
}

async fn migrate_on(url: &str, fresh_says: &str, from_the_future: &'static str) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let on_db = |args: &[&str]| cli(d, &[args, &["--database-url", url]].concat());
    let said = on_db(&["migrate", "status"]).succeeded().stdout;
    assert!(said.contains(fresh_says), "{said}");
    assert!(!said.contains("applied"), "status applies nothing: {said}");

    let said = on_db(&["migrate", "apply"]).succeeded().stdout;
    assert!(said.contains("applied  0001 init"), "{said}");
    assert!(said.contains("The schema is up to date."), "{said}");
    assert!(!said.contains("pending"), "{said}");

    // A newer release's migration, as sqlx would have recorded it.
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(url).await.unwrap();
    sqlx::query(from_the_future).execute(&pool).await.unwrap();
    let before: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations ORDER BY version")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(before.last(), Some(&9001));

    for args in [
        &["migrate", "status"][..],
        &["migrate", "apply"],
        &["serve", "--listen", "127.0.0.1:0"],
    ] {
        let ran = on_db(args);
        assert!(!ran.ok, "{args:?}");
        assert!(
            ran.stderr
                .contains("at migration 9001, newer than this Latchkey knows"),
            "{args:?}: {}",
            ran.said()
        );
    }
    let after: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations ORDER BY version")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(after, before, "nothing was applied or removed");
    pool.close().await;
}

/// Commands act for the issuer the server stored at its last start, say so, and note a
/// configured one that differs; a machine client's audience follows it.
#[test]
fn commands_use_the_issuer_the_server_last_ran_with() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let refused = cli(d, &["clients", "create-machine"]);
    assert!(!refused.ok);
    assert!(
        refused.stderr.contains("no issuer known"),
        "{}",
        refused.said()
    );
    assert!(refused.stderr.contains("--issuer"), "{}", refused.said());

    let issuer = "https://auth.example.test/";
    let server = start_in(d, &["--issuer", issuer]);
    server.wait_for("Latchkey listening on ");
    drop(server);

    let said = cli(d, &["clients", "create-machine"]).succeeded().stdout;
    assert!(
        said.contains(&format!("Latchkey server {issuer}")),
        "{said}"
    );
    assert!(
        said.contains(&format!("audience      = {issuer}api/v2/")),
        "{said}"
    );

    let other = "https://other.example.test/";
    let ran = cli(d, &["keys", "rotate", "--issuer", other]).succeeded();
    assert!(
        ran.stderr.contains(&format!(
            "the server last ran with issuer {issuer}; this command uses the configured {other}"
        )),
        "{}",
        ran.said()
    );
    let refused = cli(d, &["admins", "list", "--listen", "127.0.0.1:1"]);
    assert!(
        !refused.ok && refused.stderr.contains("--listen"),
        "only serve and healthcheck listen"
    );
}

/// The plain-HTTP listener answers only with a redirect to the same path and query at the
/// issuer's https origin, whatever `Host` the request names.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_plain_http_listener_only_redirects_to_the_https_issuer() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let made = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    let cert = write(d, "tls.crt", &made.cert.pem());
    let key = write(d, "tls.key", &made.signing_key.serialize_pem());
    let config = write(
        d,
        "latchkey.toml",
        &format!(
            "issuer = \"https://localhost:0/\"\ntls_cert_file = {cert:?}\ntls_key_file = {key:?}\n\
             http_redirect_listen = \"127.0.0.1:0\"\n"
        ),
    );
    let server = start_in(d, &["--config", &config]);
    let banner = tokio::task::block_in_place(|| server.wait_for("Latchkey listening on "));
    let issuer = after(&banner, "(issuer ").trim_end_matches(')').to_string();
    let redirect_line = tokio::task::block_in_place(|| server.wait_for("Redirecting http://"));
    let plain = after(&redirect_line, "Redirecting ")
        .split(' ')
        .next()
        .unwrap()
        .to_string();

    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for (method, path) in [
        (reqwest::Method::GET, "/authorize?client_id=app&state=x%20y"),
        (reqwest::Method::POST, "/oauth/token"),
    ] {
        let answer = http
            .request(method, format!("{plain}{path}"))
            .header("Host", "evil.example")
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::PERMANENT_REDIRECT, "{path}");
        assert_eq!(
            answer.headers()["location"],
            format!("{}{path}", issuer.trim_end_matches('/')).as_str()
        );
    }

    let no_tls = write(d, "plain.toml", "http_redirect_listen = \"127.0.0.1:0\"\n");
    let refused = cli(d, &["config", "check", "--config", &no_tls]);
    assert!(
        !refused.ok
            && refused
                .stderr
                .contains("http_redirect_listen: needs tls_cert_file"),
        "{}",
        refused.said()
    );
}

/// The packaged systemd unit passes `systemd-analyze verify` (with the unit's binary path
/// pointed at this build) and keeps its hardening.
#[test]
fn the_systemd_unit_verifies() {
    let unit_path = concat!(env!("CARGO_MANIFEST_DIR"), "/packaging/latchkey.service");
    let unit = std::fs::read_to_string(unit_path).unwrap();
    for hardening in [
        "DynamicUser=yes",
        "StateDirectory=latchkey",
        "ProtectSystem=strict",
        "NoNewPrivileges=yes",
        "ExecReload=",
    ] {
        assert!(unit.contains(hardening), "{hardening} in the unit");
    }
    if std::process::Command::new("systemd-analyze")
        .arg("--version")
        .output()
        .is_err()
    {
        skip_or_fail("systemd-analyze is not installed (Debian's systemd package)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let here = unit.replace("/usr/local/bin/latchkey", env!("CARGO_BIN_EXE_latchkey"));
    let copy = write(dir.path(), "latchkey.service", &here);
    let out = std::process::Command::new("systemd-analyze")
        .args(["verify", "--man=no", &copy])
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && said.trim().is_empty(),
        "systemd-analyze verify: {said}"
    );
    // systemd's own score of the sandbox: 0 is locked down, 10 is none at all.
    let out = std::process::Command::new("systemd-analyze")
        .args(["security", "--offline=true", "--no-pager", &copy])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    let exposure: f64 = said
        .lines()
        .find_map(|l| {
            l.split("Overall exposure level for latchkey.service: ")
                .nth(1)
        })
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no exposure level in: {said}"));
    assert!(exposure <= 2.0, "exposure {exposure}: {said}");
}
