//! HTTPS in the binary: `latchkey serve` with `tls_cert_file` / `tls_key_file` answers over
//! TLS (HTTP/2 offered), Auth0's Node SDK, which only speaks https, logs in through it, and a
//! renewed certificate is served after SIGHUP without a restart.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use reqwest::StatusCode;
use serde_json::Value;

use crate::support::process::{Server, after, cli, start_in};
use crate::support::skip_or_fail;

/// A self-signed certificate for `localhost`, written as PEM files in `dir`; the certificate's
/// PEM is also what a client trusts.
pub(crate) fn certificate(dir: &Path, name: &str) -> (PathBuf, PathBuf, String) {
    let made = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    let cert = dir.join(format!("{name}.crt"));
    let key = dir.join(format!("{name}.key"));
    std::fs::write(&cert, made.cert.pem()).unwrap();
    std::fs::write(&key, made.signing_key.serialize_pem()).unwrap();
    (cert, key, made.cert.pem())
}

/// A confidential client the configuration declares (the Node SDK's passwordless calls need one).
const BACKEND: &str = "node-backend";
const BACKEND_SECRET: &str = "node-backend-secret-4c1f9e";
/// A machine client granted the Management API, for node's `ManagementClient`.
const OPS_ID: &str = "node-ops";
const OPS_SECRET: &str = "node-ops-secret-8e2a61c0";

/// `latchkey serve` over TLS in `dir`, its issuer `https://localhost:<port>/`; the server and
/// its issuer.
fn serve_tls(dir: &Path, cert: &Path, key: &Path) -> (Server, String) {
    let config = dir.join("latchkey.toml");
    std::fs::write(
        &config,
        format!(
            "issuer = \"https://localhost:0/\"\ntls_cert_file = {:?}\ntls_key_file = {:?}\n\n\
             [[clients]]\nclient_id = \"{BACKEND}\"\nclient_secret = \"{BACKEND_SECRET}\"\nname = \"Node backend\"\n",
            cert.display().to_string(),
            key.display().to_string()
        ),
    )
    .unwrap();
    serving(dir, &config)
}

/// `latchkey serve --config <config>` in `dir`, once it listens over https; the server and the
/// issuer its banner names.
fn serving(dir: &Path, config: &Path) -> (Server, String) {
    let server = start_in(dir, &["--config", config.to_str().unwrap()]);
    let banner = server.wait_for("Latchkey listening on ");
    assert!(banner.contains("listening on https://"), "{banner}");
    let issuer = after(&banner, "(issuer ").trim_end_matches(')').to_string();
    (server, issuer)
}

fn trusting(pem: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(pem.as_bytes()).unwrap())
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_answers_over_tls_with_http2_reloads_a_renewed_certificate_and_stops_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key, first) = certificate(dir.path(), "first");
    let (mut server, issuer) = serve_tls(dir.path(), &cert, &key);
    assert!(issuer.starts_with("https://localhost:"), "{issuer}");

    let answer = trusting(&first)
        .get(format!("{issuer}.well-known/openid-configuration"))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(answer.version(), reqwest::Version::HTTP_2);
    let discovery: Value = answer.json().await.unwrap();
    assert_eq!(discovery["issuer"], issuer.as_str());

    // The container probe checks the certificate against the issuer's name.
    let port = issuer.trim_end_matches('/').rsplit(':').next().unwrap();
    let config = dir.path().join("latchkey.toml");
    let listen = format!("127.0.0.1:{port}");
    let args = [
        "healthcheck",
        "--config",
        config.to_str().unwrap(),
        "--listen",
        &listen,
    ];
    cli(dir.path(), &args).succeeded();

    // A client that trusts only the renewed certificate is refused until the server reloads.
    let (new_cert, new_key, renewed) = certificate(dir.path(), "renewed");
    let probe = || async {
        trusting(&renewed)
            .get(format!("{issuer}healthz"))
            .send()
            .await
    };
    assert!(
        probe().await.is_err(),
        "the renewed certificate was served before renewal"
    );
    std::fs::rename(&new_cert, &cert).unwrap();
    std::fs::rename(&new_key, &key).unwrap();
    let hup = Command::new("kill")
        .args(["-HUP", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(hup.success());
    tokio::task::block_in_place(|| server.wait_for("reloaded the TLS certificate"));
    assert_eq!(probe().await.unwrap().status(), StatusCode::OK);

    // SIGTERM stops the TLS listener as gracefully as the plain one: exit status 0.
    let term = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    let exit = tokio::task::block_in_place(|| server.child.wait().unwrap());
    assert!(exit.success(), "{exit:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auth0_node_sdk_logs_in_by_sms_over_the_servers_own_tls() {
    let modules = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/node/node_modules/auth0");
    let node = Command::new("node").arg("--version").output();
    if !node.is_ok_and(|o| o.status.success()) || !Path::new(modules).exists() {
        skip_or_fail("node or the auth0 package is missing (npm ci --prefix tests/node)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (cert, key, _) = certificate(dir.path(), "server");
    let (server, issuer) = serve_tls(dir.path(), &cert, &key);
    let phone = crate::support::phone();

    let mut sdk = Command::new("node")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/node/sms_login_over_https.mjs"
        ))
        .env(
            "LATCHKEY_DOMAIN",
            issuer.trim_start_matches("https://").trim_end_matches('/'),
        )
        .env("LATCHKEY_CLIENT_ID", BACKEND)
        .env("LATCHKEY_CLIENT_SECRET", BACKEND_SECRET)
        .env("PHONE_NUMBER", &phone)
        .env("NODE_EXTRA_CA_CERTS", &cert)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = sdk.stdin.take().unwrap();
    let mut said = String::new();
    tokio::task::block_in_place(|| {
        for line in BufReader::new(sdk.stdout.take().unwrap()).lines() {
            let line = line.unwrap();
            said.push_str(&line);
            said.push('\n');
            if line.contains("\"need\":\"code\"") {
                let sent = loop {
                    let sent = server.wait_for("DEVELOPMENT DELIVERY");
                    if sent.contains(&phone) {
                        break sent;
                    }
                };
                let body = &sent[sent.find("body=").unwrap()..];
                let code = crate::support::twilio::extract_code(body).unwrap();
                writeln!(stdin, "{{\"code\":\"{code}\"}}").unwrap();
            }
        }
    });
    let done = sdk.wait_with_output().unwrap();
    assert!(
        done.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let ok: Value = serde_json::from_str(said.lines().last().unwrap()).unwrap();
    assert_eq!(ok["ok"], true, "{said}");
    assert_eq!(ok["iss"], issuer.as_str());
    assert_eq!(ok["phone"], phone.as_str());
    assert!(ok["sub"].as_str().unwrap().starts_with("sms|"), "{said}");
}

/// Auth0's Node SDK v7 `ManagementClient`, unmodified, over the server's own TLS (it builds
/// `https://<domain>/` URLs only): users whole, as issue 14 asks (see management_users.mjs).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auth0_node_management_client_manages_whole_users() {
    if !crate::support::node::has_package("auth0") {
        return;
    }
    let server = crate::support::node::TlsServer::start(OPS_ID, OPS_SECRET, "");
    let ok = server.run(
        "management_users.mjs",
        &[
            ("LATCHKEY_OPS_ID", OPS_ID),
            ("LATCHKEY_OPS_SECRET", OPS_SECRET),
            ("PHONE_NUMBER", &crate::support::phone()),
        ],
    );
    assert_eq!(ok["user_id"], "sms|5f0c8f2e9b1d4a0012345678", "{ok}");
}

/// `latchkey dev-cert` makes a CA and a localhost certificate it signs, and a configuration
/// that serves them: a client that trusts only the CA reaches the server over https. It never
/// overwrites a CA that may already be trusted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dev_cert_makes_a_ca_a_trusted_client_accepts() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let tls = dir.path().join("dev-tls");
    let make = || {
        cli(
            dir.path(),
            &["dev-cert", "--port", "0", "--dir", tls.to_str().unwrap()],
        )
    };
    let said = make().succeeded().stdout;
    assert!(said.contains("NODE_EXTRA_CA_CERTS="), "{said}");
    let mode = |name: &str| {
        std::fs::metadata(tls.join(name))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(mode("ca-key.pem"), 0o600);
    assert_eq!(mode("localhost-key.pem"), 0o600);
    assert!(!make().ok, "a second run overwrote the CA");

    let config = tls.join("latchkey.toml");
    let (_server, issuer) = tokio::task::block_in_place(|| serving(dir.path(), &config));
    let ca = std::fs::read_to_string(tls.join("ca.pem")).unwrap();
    let answer = trusting(&ca)
        .get(format!("{issuer}.well-known/openid-configuration"))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
}

/// openid-client (Node), unmodified: discovery over https, then `client_credentials` with
/// `client_secret_basic` for a client whose id and secret hold characters RFC 6749 §2.3.1
/// form-urlencodes inside the Basic header (openid-client sends `-` as `%2D`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openid_client_authenticates_with_client_secret_basic_and_reserved_characters() {
    let modules = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/node/node_modules/openid-client"
    );
    let node = Command::new("node").arg("--version").output();
    if !node.is_ok_and(|o| o.status.success()) || !Path::new(modules).exists() {
        skip_or_fail("node or the openid-client package is missing (npm ci --prefix tests/node)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (cert, key, pem) = certificate(dir.path(), "server");
    let (client_id, secret) = ("svc-reserved_chars.~1", "s3cr:t+with/reserved%chars&=-_");
    let audience = "https://api.example.test/";
    let config = dir.path().join("latchkey.toml");
    std::fs::write(
        &config,
        format!(
            "issuer = \"https://localhost:0/\"\ntls_cert_file = {:?}\ntls_key_file = {:?}\n\n\
             [[apis]]\nidentifier = \"{audience}\"\nname = \"API\"\nscopes = [{{ value = \"read:items\" }}]\n\n\
             [[clients]]\nclient_id = \"{client_id}\"\nclient_secret = \"{secret}\"\nname = \"Service\"\n\
             grant_types = [\"client_credentials\"]\n\n\
             [[client_grants]]\nclient_id = \"{client_id}\"\naudience = \"{audience}\"\nscope = [\"read:items\"]\n",
            cert.display().to_string(),
            key.display().to_string()
        ),
    )
    .unwrap();
    let (_server, issuer) = serving(dir.path(), &config);
    let run = |secret: &str| {
        Command::new("node")
            .arg(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/node/client_secret_basic.mjs"
            ))
            .env("ISSUER", &issuer)
            .env("CLIENT_ID", client_id)
            .env("CLIENT_SECRET", secret)
            .env("AUDIENCE", audience)
            .env("NODE_EXTRA_CA_CERTS", &cert)
            .output()
            .unwrap()
    };
    let done = tokio::task::block_in_place(|| run(secret));
    let said = String::from_utf8_lossy(&done.stdout).to_string();
    assert!(
        done.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let ok: Value = serde_json::from_str(said.lines().last().unwrap()).unwrap();
    assert_eq!(ok["aud"], audience, "{said}");
    assert_eq!(
        ok["token_type"].as_str().map(str::to_lowercase),
        Some("bearer".into())
    );

    // A client that does not form-encode (curl -u, reqwest) gets in with the same secret.
    let raw = trusting(&pem)
        .post(format!("{issuer}oauth/token"))
        .basic_auth(client_id, Some(secret))
        .form(&[("grant_type", "client_credentials"), ("audience", audience)])
        .send()
        .await
        .unwrap();
    assert_eq!(
        raw.status(),
        StatusCode::OK,
        "{}",
        raw.text().await.unwrap()
    );

    // The same secret with one character off is refused: decoding did not loosen the check.
    let done = tokio::task::block_in_place(|| run("s3cr:t+with/reserved%chars&=-."));
    assert!(!done.status.success());
    let said = String::from_utf8_lossy(&done.stdout);
    assert!(said.contains("invalid_client"), "{said}");
}
