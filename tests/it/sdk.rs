//! Auth0's own Python SDK (auth0-python) logs in by SMS and by email (code and magic link),
//! refreshes, verifies the id_token against our JWKS and revokes, against a running
//! Latchkey, from another process over HTTP.

use std::process::Command;

use serde_json::{Value, json};

use crate::support::{
    NATIVE_APP, WEB_APP, WEB_SECRET, email, phone, skip_or_fail, spawn_app, spawn_email_app,
};

fn auth0_python_available() -> bool {
    Command::new("python3")
        .args(["-c", "import auth0.authentication"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Whether auth0-python is missing, in which case the test skips (saying why) or fails.
pub(crate) fn skipped_without_auth0_python() -> bool {
    if auth0_python_available() {
        return false;
    }
    skip_or_fail(
        "python3 with auth0-python is not installed (pip install -r tests/sdk/requirements.txt)",
    );
    true
}

async fn run_flow(client_id: &str, secret: &str) {
    if skipped_without_auth0_python() {
        return;
    }
    let app = spawn_app().await;
    let fake = app.twilio.url.clone();
    run_flow_on(&app, &fake, client_id, secret).await;
    assert!(app.twilio.violations().is_empty());
}

/// The unchanged auth0-python flow against `app`, whose texts `fake_url` answers for.
pub(crate) async fn run_flow_on(
    app: &crate::support::TestApp,
    fake_url: &str,
    client_id: &str,
    secret: &str,
) {
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/sdk/auth0_python_flow.py"
    );
    let output = tokio::process::Command::new("python3")
        .arg(script)
        .env("LATCHKEY_DOMAIN", app.base.trim_start_matches("http://"))
        .env("LATCHKEY_ISSUER", &app.issuer)
        .env("LATCHKEY_CLIENT_ID", client_id)
        .env("LATCHKEY_CLIENT_SECRET", secret)
        .env("TWILIO_FAKE_URL", fake_url)
        .env("PHONE_NUMBER", phone())
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "auth0-python flow failed\nstdout: {stdout}\nstderr: {stderr}"
    );
    assert!(stdout.contains("\"ok\": true"), "{stdout}");
}

#[tokio::test]
async fn auth0_python_public_client() {
    run_flow(NATIVE_APP, "").await;
}

#[tokio::test]
async fn auth0_python_confidential_client() {
    run_flow(WEB_APP, WEB_SECRET).await;
}

/// Whether python3 can import `module`.
fn python_has(module: &str) -> bool {
    std::process::Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs `tests/sdk/<script>` with `envs`, answering each `{"need": …}` line it prints with
/// what `answer` returns (one JSON line on its stdin); passes when it prints `{"ok": true}`
/// and exits 0.
async fn converse(
    script: &str,
    envs: &[(&str, String)],
    mut answer: impl AsyncFnMut(&str) -> Value,
) {
    let path = format!("{}/tests/sdk/{script}", env!("CARGO_MANIFEST_DIR"));
    let mut command = tokio::process::Command::new("python3");
    command.arg(&path);
    for (k, v) in envs {
        command.env(k, v);
    }
    let said = crate::support::script::converse(command, async |msg| {
        answer(msg["need"].as_str().unwrap()).await
    })
    .await;
    assert!(
        said.iter().any(|msg| msg["ok"] == true),
        "{script} never printed {{\"ok\": true}}: {said:?}"
    );
}

/// auth0-python's email calls: a code with `passwordless_login(realm="email")`, and a magic
/// link followed over HTTP to the callback, whose code `GetToken.authorization_code` redeems.
#[tokio::test]
async fn auth0_python_email() {
    if skipped_without_auth0_python() {
        return;
    }
    let Some((app, mut sink)) = spawn_email_app("").await else {
        return;
    };
    let envs = [
        (
            "LATCHKEY_DOMAIN",
            app.base.trim_start_matches("http://").to_string(),
        ),
        ("LATCHKEY_ISSUER", app.issuer.clone()),
        ("LATCHKEY_CLIENT_ID", WEB_APP.to_string()),
        ("LATCHKEY_CLIENT_SECRET", WEB_SECRET.to_string()),
        ("CALLBACK", "https://acme.example/callback".to_string()),
        ("EMAIL_FOR_CODE", email()),
        ("EMAIL_FOR_LINK", email()),
    ];
    converse("auth0_python_email_flow.py", &envs, async |_need| {
        let m = sink.next_message().await;
        json!({"text": m.text, "html": m.html})
    })
    .await;
}

/// authlib, an OpenID Connect client that is not Auth0's, completes the code flow with PKCE
/// through the hosted page knowing only the issuer (discovery gives it everything else).
#[tokio::test]
async fn authlib_code_flow_through_discovery() {
    if !python_has("authlib.integrations.requests_client") {
        skip_or_fail(
            "python3 with authlib is not installed (pip install -r tests/sdk/requirements.txt)",
        );
        return;
    }
    let app = spawn_app().await;
    let number = phone();
    let envs = [
        ("ISSUER", app.issuer.clone()),
        ("CLIENT_ID", WEB_APP.to_string()),
        ("CLIENT_SECRET", WEB_SECRET.to_string()),
        ("CALLBACK", "https://acme.example/callback".to_string()),
        ("PHONE", number.clone()),
    ];
    converse(
        "authlib_oidc_flow.py",
        &envs,
        async |_need| json!({"code": app.code_for(&number)}),
    )
    .await;
}

/// What an iOS developer's app does, written with Python's `cryptography`: log in by SMS,
/// register a P-256 device key, log in with a JWT the key signed, verify the id_token.
#[tokio::test]
async fn device_key_with_python_cryptography() {
    if !python_has("cryptography.hazmat.primitives.asymmetric.ec") || !auth0_python_available() {
        skip_or_fail(
            "python3 with cryptography and auth0-python is not installed (pip install -r tests/sdk/requirements.txt)",
        );
        return;
    }
    let app = spawn_app().await;
    let number = phone();
    let envs = [
        ("ISSUER", app.issuer.clone()),
        ("CLIENT_ID", NATIVE_APP.to_string()),
        ("PHONE", number.clone()),
        (
            "DEVICE_NOW",
            latchkey::domain::Clock::now(&app.clock).to_string(),
        ),
    ];
    converse(
        "device_key_flow.py",
        &envs,
        async |_need| json!({"code": app.code_for(&number)}),
    )
    .await;
}

/// auth0-python's Management API client (the generated `Auth0` of 6.x) with a machine
/// client's `client_credentials` token: clients, connections, and users (whole: an
/// imported id, profile and metadata, a metadata merge, by email, their logs).
#[tokio::test]
async fn auth0_python_management_client() {
    if skipped_without_auth0_python() {
        return;
    }
    let app = crate::support::spawn_app_with(&crate::support::management_client(
        "ops-client",
        "ops-secret-0123456789abcdef",
        &[],
    ))
    .await;
    let envs = [
        (
            "LATCHKEY_DOMAIN",
            app.base.trim_start_matches("http://").to_string(),
        ),
        ("LATCHKEY_ISSUER", app.issuer.clone()),
        ("CLIENT_ID", "ops-client".to_string()),
        ("CLIENT_SECRET", "ops-secret-0123456789abcdef".to_string()),
        ("PHONE", phone()),
        ("PHONE2", phone()),
    ];
    converse("auth0_python_management.py", &envs, async |need| {
        panic!("unexpected request {need}")
    })
    .await;
}

/// Where `.ci/run` installs auth0-python's older majors, each in its own directory (`pip
/// install --target`), so several majors sit side by side; 6.x is the one of
/// tests/sdk/requirements.txt, on python3's own path.
fn auth0_python_major_dir(major: &str) -> Option<String> {
    let home = std::env::var("HOME").ok()?;
    let dir = format!("{home}/.cache/latchkey-py/auth0-{major}");
    std::path::Path::new(&dir)
        .join("auth0/management")
        .is_dir()
        .then_some(dir)
}

/// An email connection of the test app with no templates of its own, as one made before
/// the first start wrote the built-in ones out.
const PLAIN_EMAIL_CONNECTION: &str =
    "\n[[connections]]\nname = \"email\"\nstrategy = \"email\"\n[connections.options]\n";

/// Runs tests/sdk/auth0_python_majors.py with auth0-python `major`.x against a fresh app
/// (a machine client with every Management scope, so `read:client_keys` too).
async fn auth0_python_major(major: &str) {
    let pythonpath = if major == "6" {
        if skipped_without_auth0_python() {
            return;
        }
        None
    } else {
        match auth0_python_major_dir(major) {
            Some(dir) => Some(dir),
            None => {
                skip_or_fail(&format!(
                    "auth0-python {major}.x is not installed in ~/.cache/latchkey-py/auth0-{major} (see .ci/run)"
                ));
                return;
            }
        }
    };
    let config =
        crate::support::management_client("ops-client", "ops-secret-0123456789abcdef", &[])
            + PLAIN_EMAIL_CONNECTION;
    let app = crate::support::spawn_app_with(&config).await;
    let mut envs = vec![
        ("AUTH0_MAJOR", major.to_string()),
        (
            "LATCHKEY_DOMAIN",
            app.base.trim_start_matches("http://").to_string(),
        ),
        ("LATCHKEY_ISSUER", app.issuer.clone()),
        ("CLIENT_ID", "ops-client".to_string()),
        ("CLIENT_SECRET", "ops-secret-0123456789abcdef".to_string()),
        ("PHONE", phone()),
    ];
    if let Some(dir) = pythonpath {
        envs.push(("PYTHONPATH", dir));
    }
    converse("auth0_python_majors.py", &envs, async |need| {
        panic!("unexpected request {need}")
    })
    .await;
}

/// auth0-python 4.13.0 (dicts, `all`/`search`), unmodified: users, clients and their
/// secrets, connections, logs, device credentials, the email provider.
#[tokio::test]
async fn auth0_python_4_management() {
    auth0_python_major("4").await;
}

/// auth0-python 5.8.0 (the first generated client, checkpoint paging on connections): the
/// same, with signing keys.
#[tokio::test]
async fn auth0_python_5_management() {
    auth0_python_major("5").await;
}

/// auth0-python 6.8.0: the same scenario as 4.x and 5.x.
#[tokio::test]
async fn auth0_python_6_management() {
    auth0_python_major("6").await;
}

/// Auth0's Node SDK `ManagementClient`, `major` 4 (the `auth0-v4` alias) or 7, unmodified,
/// over `latchkey serve`'s own TLS (it builds `https://<domain>/` URLs only), on a fresh
/// data folder, so the `sms` and `email` connections are the ones the first start makes.
async fn auth0_node_major(major: &str) {
    let package = if major == "4" { "auth0-v4" } else { "auth0" };
    if !crate::support::node::has_package(package) {
        return;
    }
    const OPS_ID: &str = "node-majors-ops";
    const OPS_SECRET: &str = "node-majors-secret-5d1b7a93";
    let server = crate::support::node::TlsServer::start(OPS_ID, OPS_SECRET, "");
    let ok = server.run(
        "management_majors.mjs",
        &[
            ("MAJOR", major),
            ("LATCHKEY_OPS_ID", OPS_ID),
            ("LATCHKEY_OPS_SECRET", OPS_SECRET),
            ("PHONE_NUMBER", &phone()),
        ],
    );
    assert_eq!(ok["user_id"], format!("sms|node{major}"), "{ok}");
}

/// node `auth0` 4.37.1 (`ApiResponse`s, `getAll`, `q` on logs).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auth0_node_4_management() {
    auth0_node_major("4").await;
}

/// node `auth0` 7.1.0 (pagers, checkpoint paging on connections, `search` on logs).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auth0_node_7_management() {
    auth0_node_major("7").await;
}

/// The same SMS login, unchanged, when the `sms` connection sends through Twilio Verify:
/// Twilio's code, checked by Twilio.
#[tokio::test]
async fn auth0_python_over_twilio_verify() {
    use crate::support::twilio_verify::{self, FakeTwilioVerify};
    if skipped_without_auth0_python() {
        return;
    }
    let fake = FakeTwilioVerify::start().await;
    let sms = format!(
        "\n[[connections]]\nname = \"sms\"\nstrategy = \"sms\"\n[connections.options]\n\
         provider = \"twilio_verify\"\ntwilio_sid = \"{}\"\ntwilio_token = \"{}\"\n\
         verify_service_sid = \"{}\"\ntwilio_verify_api_url = \"{}\"\n",
        twilio_verify::ACCOUNT_SID,
        twilio_verify::AUTH_TOKEN,
        twilio_verify::SERVICE_SID,
        fake.url
    );
    let app = crate::support::spawn_app_with_sms(&sms, "").await;
    run_flow_on(&app, &fake.url, NATIVE_APP, "").await;
    assert!(fake.violations().is_empty(), "{:?}", fake.violations());
    assert!(!fake.started().is_empty());
    assert!(fake.checked().iter().any(|c| c.answer == "approved"));
    assert_eq!(app.twilio.requests(), 0);
}
