//! The `latchkey` binary as a newcomer runs it: no configuration, a fresh folder, the
//! README's walk-through with the development SMS provider, and a clean stop on SIGTERM.

use std::os::unix::fs::PermissionsExt;
use std::process::Command;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::process::{after, cli, start_in};
use crate::support::{OTP_GRANT, read};

#[tokio::test]
async fn a_first_run_with_no_configuration_logs_in_with_curl_style_requests() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = start_in(dir.path(), &[]);
    let listening = server.wait_for("Latchkey listening on ");
    let base = after(&listening, "listening on ").to_string();
    let client_id = after(&server.wait_for("client_id="), "client_id=").to_string();

    let data = dir.path().join("latchkey-data");
    assert_eq!(
        std::fs::metadata(&data).unwrap().permissions().mode() & 0o777,
        0o700
    );
    assert_eq!(
        std::fs::metadata(data.join("server-secret"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o600
    );
    assert!(data.join("latchkey.sqlite").exists());

    let http = reqwest::Client::new();
    let number = "+14155550123";
    let (status, _) = read(
        http.post(format!("{base}/passwordless/start"))
            .json(&json!({"client_id": client_id, "connection": "sms", "phone_number": number}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let line = server.wait_for("DEVELOPMENT DELIVERY");
    assert!(line.contains(number));
    let code = crate::support::twilio::extract_code(&line[line.find("body=").unwrap()..]).unwrap();

    let (status, tokens) = read(
        http.post(format!("{base}/oauth/token"))
            .json(&json!({"grant_type": OTP_GRANT, "client_id": client_id, "username": number,
                          "otp": code, "realm": "sms", "scope": "openid profile phone offline_access"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    let (status, info) = read(
        http.get(format!("{base}/userinfo"))
            .bearer_auth(tokens["access_token"].as_str().unwrap())
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(info["phone_number"], number);

    // SIGTERM: a graceful stop with exit status 0.
    let pid = server.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let status = server.child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    server.wait_for("shutting down");

    // A second start keeps the same application and signing key.
    let server = start_in(dir.path(), &[]);
    let base = after(&server.wait_for("Latchkey listening on "), "listening on ").to_string();
    assert_eq!(
        after(&server.wait_for("client_id="), "client_id="),
        client_id
    );
    let (_, jwks) = read(
        http.get(format!("{base}/.well-known/jwks.json"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let id_token = tokens["id_token"].as_str().unwrap();
    let iss: Value = {
        use base64::Engine;
        let p = id_token.split('.').nth(1).unwrap();
        serde_json::from_slice(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(p)
                .unwrap(),
        )
        .unwrap()
    };
    crate::support::verify_rs256(id_token, &jwks, iss["iss"].as_str().unwrap(), &client_id)
        .unwrap();
}

#[tokio::test]
async fn secrets_are_sealed_at_rest() {
    let app = crate::support::spawn_app().await;
    app.login(&crate::support::phone(), "openid").await;
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(app.data_dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("latchkey.sqlite")
        {
            bytes.extend(std::fs::read(path).unwrap());
        }
    }
    assert!(bytes.len() > 4096, "the database was read");
    let contains = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    assert!(
        !contains(b"twilio-test-auth-token"),
        "the Twilio token is stored in clear"
    );
    assert!(
        !contains(crate::support::WEB_SECRET.as_bytes()),
        "a client secret is stored in clear"
    );
    // PKCS#8 RSA keys start with this DER prefix (SEQUENCE, INTEGER 0, rsaEncryption OID).
    assert!(
        !contains(&[
            0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01
        ]),
        "a private key is stored in clear"
    );
    assert!(contains(b"sealed:v1:"));
}

/// `latchkey clients create-machine` makes the first Management API client: its secret,
/// printed once, gets a client_credentials token the API accepts.
#[tokio::test]
async fn the_cli_creates_a_management_client() {
    let dir = tempfile::tempdir().unwrap();
    let issuer = "http://127.0.0.1:9/";
    let stdout = cli(
        dir.path(),
        &[
            "clients",
            "create-machine",
            "--name",
            "Ops",
            "--issuer",
            issuer,
        ],
    )
    .succeeded()
    .stdout;
    let value = |key: &str| {
        stdout
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_once("= "))
            .map(|(_, v)| v.trim().to_string())
            .unwrap()
    };
    let (client_id, secret) = (value("client_id"), value("client_secret"));

    let server = start_in(dir.path(), &["--issuer", issuer]);
    let base = server.base_url();
    let http = reqwest::Client::new();
    let (status, token) = read(
        http.post(format!("{base}/oauth/token"))
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", client_id.as_str()),
                ("client_secret", secret.as_str()),
                ("audience", "http://127.0.0.1:9/api/v2/"),
            ])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{token}");
    let scope = token["scope"].as_str().unwrap();
    assert!(
        scope.contains("read:users") && scope.contains("create:clients"),
        "{scope}"
    );
    let (status, clients) = read(
        http.get(format!("{base}/api/v2/clients"))
            .bearer_auth(token["access_token"].as_str().unwrap())
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{clients}");
    assert!(
        clients
            .as_array()
            .unwrap()
            .iter()
            .any(|c: &Value| c["client_id"] == client_id.as_str())
    );
}

/// What `latchkey serve` says on its way out, when it refuses to start in `dir`.
fn refusal_to_start(dir: &std::path::Path) -> String {
    let mut server = start_in(dir, &[]);
    let line = loop {
        let line = server.wait_for("");
        assert!(!line.contains("Latchkey listening"), "it started: {line}");
        if line.starts_with("latchkey: ") {
            break line;
        }
    };
    assert!(!server.child.wait().unwrap().success());
    line
}

/// A database restored without its server secret, or beside another one, is refused at start
/// with a message that says which, and no new secret is written: a new one could open none of
/// the sealed data (signing keys, Twilio tokens).
#[tokio::test]
async fn a_database_is_refused_without_the_secret_it_was_sealed_with() {
    use std::os::unix::fs::OpenOptionsExt;
    let dir = tempfile::tempdir().unwrap();
    start_in(dir.path(), &[]).base_url();
    let secret = dir.path().join("latchkey-data/server-secret");
    let original = std::fs::read(&secret).unwrap();

    std::fs::remove_file(&secret).unwrap();
    let said = refusal_to_start(dir.path());
    assert!(said.contains("server-secret is missing"), "{said}");
    assert!(!secret.exists(), "a new secret was written");

    let write = |content: &[u8]| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&secret)
            .unwrap();
        std::io::Write::write_all(&mut f, content).unwrap();
    };
    write(format!("{}\n", "ab".repeat(32)).as_bytes());
    let said = refusal_to_start(dir.path());
    assert!(
        said.contains("is not the one this database's data was sealed with"),
        "{said}"
    );

    write(&original);
    start_in(dir.path(), &[]).base_url();
}

/// Every start, not only the first, warns of an SMS connection that writes its codes to the
/// log; a server that listens beyond this machine with a loopback issuer is warned of too,
/// and one on loopback is not.
#[tokio::test]
async fn every_start_warns_of_development_setups() {
    let dir = tempfile::tempdir().unwrap();
    start_in(dir.path(), &[]).base_url();
    let says = |lines: &[String], needle: &str| lines.iter().any(|l| l.contains(needle));

    let again = start_in(dir.path(), &[]).lines_until_banner();
    assert!(
        says(
            &again,
            "SMS connection \"sms\" uses the development \"log\" provider"
        ),
        "{again:#?}"
    );
    assert!(!says(&again, "listens beyond this machine"), "{again:#?}");

    let public = crate::support::process::start_listening_in(dir.path(), "0.0.0.0:0", &[])
        .lines_until_banner();
    assert!(says(&public, "listens beyond this machine"), "{public:#?}");
    let with_issuer = crate::support::process::start_listening_in(
        dir.path(),
        "0.0.0.0:0",
        &["--issuer", "https://auth.example.com/"],
    )
    .lines_until_banner();
    assert!(
        !says(&with_issuer, "listens beyond this machine"),
        "{with_issuer:#?}"
    );
}

/// `latchkey healthcheck <args>` in `dir`: whether it exited 0, and what it said.
fn healthcheck(dir: &std::path::Path, args: &[&str]) -> (bool, String) {
    let ran = cli(dir, &[&["healthcheck"], args].concat());
    (ran.ok, ran.said())
}

/// Liveness and readiness for probes: both 200 while serving; on SIGTERM readiness turns 503
/// (and `latchkey healthcheck` exits 1) while requests are still served for
/// `shutdown_delay_seconds`, then the server drains and exits 0.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_turns_off_before_the_drain() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("latchkey.toml");
    std::fs::write(&config, "shutdown_delay_seconds = 5\n").unwrap();
    let mut server = start_in(dir.path(), &["--config", config.to_str().unwrap()]);
    let base = tokio::task::block_in_place(|| server.base_url());
    let listen = base.trim_start_matches("http://").to_string();
    let http = reqwest::Client::new();
    let status = |path: &'static str| {
        let (http, base) = (http.clone(), base.clone());
        async move {
            http.get(format!("{base}{path}"))
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(status("/healthz/live").await, StatusCode::OK);
    assert_eq!(status("/healthz/ready").await, StatusCode::OK);
    let (ready, said) = healthcheck(dir.path(), &["--listen", &listen]);
    assert!(ready, "{said}");
    assert!(said.contains("ready: "), "{said}");

    let term = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    tokio::task::block_in_place(|| server.wait_for("not ready any more"));
    assert_eq!(
        status("/healthz/ready").await,
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(status("/healthz/live").await, StatusCode::OK);
    let (ready, said) = healthcheck(dir.path(), &["--listen", &listen]);
    assert!(!ready, "{said}");
    assert!(said.contains("shutting down"), "{said}");
    let exit = tokio::task::block_in_place(|| server.child.wait().unwrap());
    assert!(exit.success(), "{exit:?}");
    let (ready, said) = healthcheck(dir.path(), &["--listen", &listen]);
    assert!(!ready, "{said}");
}

/// A PostgreSQL server that is not there is named at once (host, port, database), with the
/// driver's reason and without the URL's password, instead of "pool timed out" ten seconds on.
#[test]
fn an_unreachable_postgres_is_named_without_its_password() {
    let dir = tempfile::tempdir().unwrap();
    let ran = cli(
        dir.path(),
        &[
            "admins",
            "list",
            "--database-url",
            "postgres://postgres:hunter2-secret@127.0.0.1:1/latchkey",
        ],
    );
    let said = ran.stderr;
    assert!(!ran.ok);
    assert!(
        said.contains("cannot connect to PostgreSQL at 127.0.0.1:1/latchkey"),
        "{said}"
    );
    assert!(!said.contains("hunter2"), "{said}");
    assert!(!said.contains("pool timed out"), "{said}");
}

/// With `log_format = "json"`, a fatal start-up error is a JSON log line too.
#[test]
fn a_fatal_error_follows_the_log_format() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("latchkey.toml");
    std::fs::write(&config, "log_format = \"json\"\n").unwrap();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let listen = taken.local_addr().unwrap().to_string();
    let ran = cli(
        dir.path(),
        &[
            "serve",
            "--config",
            config.to_str().unwrap(),
            "--listen",
            &listen,
        ],
    );
    assert!(!ran.ok);
    let stderr = ran.stderr;
    let last: Value = serde_json::from_str(stderr.lines().last().unwrap()).unwrap();
    assert_eq!(last["level"], "ERROR", "{stderr}");
    assert!(
        last["fields"]["error"]
            .as_str()
            .unwrap()
            .contains("cannot listen on"),
        "{stderr}"
    );
}

/// One access-log line per request: its id (a proxy's, when it sent a sane one, else a new
/// one; echoed as `X-Request-Id`), method, route template, status and duration, and never
/// the query string.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_request_gets_an_access_log_line_with_its_request_id() {
    let dir = tempfile::tempdir().unwrap();
    let server = start_in(dir.path(), &[]);
    let base = tokio::task::block_in_place(|| server.base_url());
    let http = reqwest::Client::new();

    let answer = http
        .get(format!(
            "{base}/authorize?client_id=nobody&state=s3cr3t-state-value"
        ))
        .header("x-request-id", "proxy-id-42")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.headers()["x-request-id"], "proxy-id-42");
    let status = answer.status().as_u16().to_string();
    let line = tokio::task::block_in_place(|| server.wait_for("request_id=proxy-id-42"));
    for part in [
        "method=GET",
        "route=/authorize",
        &format!("status={status}"),
        "duration_ms=",
    ] {
        assert!(line.contains(part), "{part} in {line}");
    }
    assert!(!line.contains("s3cr3t"), "{line}");

    let answer = http
        .get(format!("{base}/nowhere"))
        .header("x-request-id", "not a sane id; drop table")
        .send()
        .await
        .unwrap();
    let id = answer.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(id.len(), 22, "{id}");
    let line = tokio::task::block_in_place(|| server.wait_for(&format!("request_id={id}")));
    assert!(
        line.contains("status=404") && line.contains("route=(no route)"),
        "{line}"
    );
}
